using KvServer.Engine.Execution;
using System.Globalization;
using System.Text;

namespace KvServer.Engine.Configuration;

/// <summary>
/// The parameters config.c parses with their own functions (createSpecialConfig): save, dir, bind,
/// client-output-buffer-limit, oom-score-adj-values, notify-keyspace-events, replicaof and
/// latency-tracking-info-percentiles; each with its parser (error texts as Redis words them), the
/// function that applies it to <see cref="ServerOptions"/>, and its CONFIG REWRITE form.
/// </summary>
public sealed partial class ConfigRegistry
{
    private const int BindAddressMax = 16;   // CONFIG_BINDADDR_MAX
    private const string DefaultBind = "* -::*";
    private const string DefaultClientOutputBufferLimit = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    private const string DefaultOomScoreAdjValues = "0 200 800";
    private static readonly string[] s_clientClasses = ["normal", "slave", "pubsub"];

    /// <summary>Lets the ACL store describe its users for CONFIG REWRITE (ACLDescribeUser lines, "user ..." each).</summary>
    public Func<IEnumerable<string>>? DescribeUsers { get; set; }

    /// <summary>
    /// C's strtoll(text, 10): leading blanks, an optional sign, digits; saturates on overflow. Returns the
    /// value and whether the whole string was consumed (Redis checks the end pointer).
    /// </summary>
    private static bool StrToLong(string text, out long value)
    {
        value = 0;
        int i = 0;
        while (i < text.Length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
        {
            i++;
        }
        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }
        int start = i;
        decimal magnitude = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (magnitude <= (decimal)long.MaxValue + 1)
            {
                magnitude = magnitude * 10 + (text[i] - '0');
            }
        }
        if (i == start)
        {
            // No digits: the end pointer stays at the start of the string.
            return text.Length == 0;
        }
        decimal signed = negative ? -magnitude : magnitude;
        value = signed > long.MaxValue ? long.MaxValue : signed < long.MinValue ? long.MinValue : (long)signed;
        return i == text.Length;
    }

    // save [<seconds> <changes> ...] | save "" (setConfigSaveOption)
    private static string? ParseSave(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        bool reset = args.Length == 1 && args[0].Length == 0;
        if (reset)
        {
            args = [];
        }
        if (args.Length % 2 != 0)
        {
            return "Invalid save parameters";
        }
        var text = new StringBuilder();
        for (int j = 0; j < args.Length; j++)
        {
            if (!StrToLong(args[j], out long number) || (j % 2 == 0 && number < 1) || (j % 2 == 1 && number < 0))
            {
                return "Invalid save parameters";
            }
            text.Append(j == 0 ? "" : " ").Append((j % 2 == 0 ? number : (int)number).ToString(CultureInfo.InvariantCulture));
        }
        // In a config file the first "save" line replaces the defaults and later ones add points.
        value = repeatInFile && !reset && current.Length > 0
            ? (text.Length == 0 ? current : current + " " + text)
            : text.ToString();
        return null;
    }

    private string? ApplySave(string value)
    {
        string[] words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var points = new (long Seconds, int Changes)[words.Length / 2];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = (long.Parse(words[2 * i], CultureInfo.InvariantCulture), int.Parse(words[2 * i + 1], CultureInfo.InvariantCulture));
        }
        Options.SavePoints = points;
        return null;
    }

    private static void RewriteSave(ConfigEntry entry, ConfigRewriter rewriter)
    {
        string[] words = entry.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            rewriter.RewriteLine(entry.Name, "save \"\"", force: true);
        }
        for (int i = 0; i + 1 < words.Length; i += 2)
        {
            rewriter.RewriteLine(entry.Name, $"save {words[i]} {words[i + 1]}", force: true);
        }
        rewriter.MarkProcessed(entry.Name);
    }

    // dir <path> (setConfigDirOption): Redis chdir()s; KvServer resolves the path against the current
    // directory setting and keeps it absolute without changing the process's working directory, so several
    // servers can live in one process. Persistence files are opened relative to it.
    private static string? ParseDir(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length != 1)
        {
            return "wrong number of arguments";
        }
        string path = args[0];
        if (path.Length == 0)
        {
            return "No such file or directory";
        }
        string full;
        try
        {
            full = Path.GetFullPath(path, current.Length > 0 ? current : Directory.GetCurrentDirectory());
        }
        catch (ArgumentException)
        {
            return "No such file or directory";
        }
        if (Directory.Exists(full))
        {
            value = full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
            return null;
        }
        // chdir reports ENOTDIR when the path, or a directory on the way to it, is a file.
        for (string? probe = full; !string.IsNullOrEmpty(probe); probe = Path.GetDirectoryName(probe))
        {
            if (File.Exists(probe))
            {
                return "Not a directory";
            }
        }
        return "No such file or directory";
    }

    private static void RewriteDir(ConfigEntry entry, ConfigRewriter rewriter) =>
        rewriter.RewriteLine(entry.Name, entry.Name + " " + ConfigRewriter.Repr(entry.Value), force: true);

    // bind <addr> [<addr> ...] | bind "" (setConfigBindOption)
    private static string? ParseBind(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length > BindAddressMax)
        {
            return "Too many bind addresses specified.";
        }
        value = args.Length == 1 && args[0].Length == 0 ? "" : string.Join(' ', args);
        return null;
    }

    private static void RewriteBind(ConfigEntry entry, ConfigRewriter rewriter)
    {
        if (entry.Value == DefaultBind)
        {
            rewriter.MarkProcessed(entry.Name);
            return;
        }
        rewriter.RewriteLine(entry.Name, entry.Name + " " + (entry.Value.Length == 0 ? "\"\"" : entry.Value), force: true);
    }

    // client-output-buffer-limit <class> <hard> <soft> <seconds> [...] (updateClientOutputBufferLimit)
    private static string? ParseClientOutputBufferLimit(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length % 4 != 0)
        {
            return "Wrong number of arguments in buffer limit configuration.";
        }
        ClientOutputBufferLimit[] limits = ClientOutputBufferLimits(current);
        for (int j = 0; j < args.Length; j += 4)
        {
            int type = ClientClass(args[j]);
            if (type < 0)
            {
                return "Invalid client class specified in buffer limit configuration.";
            }
            bool secondsOk = StrToLong(args[j + 3], out long seconds);
            int softSeconds = (int)seconds;
            if (!TryParseMemory(args[j + 1], out ulong hard) || !TryParseMemory(args[j + 2], out ulong soft) || softSeconds < 0 || !secondsOk)
            {
                return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            }
            limits[type] = new ClientOutputBufferLimit((long)hard, (long)soft, softSeconds);
        }
        value = FormatClientOutputBufferLimits(limits);
        return null;
    }

    /// <summary>getClientTypeByName for the classes that have limits (master has none): 0 normal, 1 replica, 2 pubsub.</summary>
    private static int ClientClass(string name)
    {
        if (name.Equals("normal", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        if (name.Equals("slave", StringComparison.OrdinalIgnoreCase) || name.Equals("replica", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }
        return name.Equals("pubsub", StringComparison.OrdinalIgnoreCase) ? 2 : -1;
    }

    private static ClientOutputBufferLimit[] ClientOutputBufferLimits(string value)
    {
        string[] words = value.Split(' ');
        var limits = new ClientOutputBufferLimit[3];
        for (int i = 0; i < 3; i++)
        {
            limits[i] = new ClientOutputBufferLimit(
                (long)ulong.Parse(words[4 * i + 1], CultureInfo.InvariantCulture),
                (long)ulong.Parse(words[4 * i + 2], CultureInfo.InvariantCulture),
                long.Parse(words[4 * i + 3], CultureInfo.InvariantCulture));
        }
        return limits;
    }

    private static string FormatClientOutputBufferLimits(ClientOutputBufferLimit[] limits)
    {
        var text = new StringBuilder();
        for (int i = 0; i < limits.Length; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(s_clientClasses[i]).Append(' ')
                .Append(((ulong)limits[i].HardBytes).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(((ulong)limits[i].SoftBytes).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(limits[i].SoftSeconds.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static void RewriteClientOutputBufferLimit(ConfigEntry entry, ConfigRewriter rewriter)
    {
        ClientOutputBufferLimit[] limits = ClientOutputBufferLimits(entry.Value);
        ClientOutputBufferLimit[] defaults = ClientOutputBufferLimits(DefaultClientOutputBufferLimit);
        string[] names = ["normal", "replica", "pubsub"];
        for (int i = 0; i < limits.Length; i++)
        {
            string line = $"{entry.Name} {names[i]} {ConfigRewriter.FormatMemory(limits[i].HardBytes)} " +
                $"{ConfigRewriter.FormatMemory(limits[i].SoftBytes)} {limits[i].SoftSeconds.ToString(CultureInfo.InvariantCulture)}";
            rewriter.RewriteLine(entry.Name, line, limits[i] != defaults[i]);
        }
    }

    // oom-score-adj-values <master> <replica> <bgchild> (setConfigOOMScoreAdjValuesOption)
    private static string? ParseOomScoreAdjValues(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length != 3)
        {
            return "wrong number of arguments";
        }
        var text = new StringBuilder();
        foreach (string arg in args)
        {
            if (!StrToLong(arg, out long number) || number < -2000 || number > 2000)
            {
                return "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
            }
            text.Append(text.Length == 0 ? "" : " ").Append(number.ToString(CultureInfo.InvariantCulture));
        }
        value = text.ToString();
        return null;
    }

    private static void RewriteOomScoreAdjValues(ConfigEntry entry, ConfigRewriter rewriter) =>
        rewriter.RewriteLine(entry.Name, entry.Name + " " + entry.Value, entry.Value != DefaultOomScoreAdjValues);

    // notify-keyspace-events <classes> (setConfigNotifyKeyspaceEventsOption)
    private static string? ParseNotifyKeyspaceEvents(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length != 1)
        {
            return "wrong number of arguments";
        }
        if (!KeyspaceEventsText.TryParse(args[0], out NotifyFlags flags))
        {
            return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        }
        value = KeyspaceEventsText.ToText(flags);
        return null;
    }

    private static void RewriteNotifyKeyspaceEvents(ConfigEntry entry, ConfigRewriter rewriter) =>
        rewriter.RewriteLine(entry.Name, entry.Name + " " + ConfigRewriter.Repr(entry.Value), entry.Value.Length > 0);

    // replicaof <host> <port> | replicaof no one (setConfigReplicaOfOption)
    private static string? ParseReplicaOf(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length != 2)
        {
            return "wrong number of arguments";
        }
        if (args[0].Equals("no", StringComparison.OrdinalIgnoreCase) && args[1].Equals("one", StringComparison.OrdinalIgnoreCase))
        {
            value = "";
            return null;
        }
        if (!StrToLong(args[1], out long port) || port < 0 || port > 65535)
        {
            value = "";
            return "Invalid master port";
        }
        value = args[0] + " " + port.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    private string? ApplyReplicaOf(string value)
    {
        int space = value.LastIndexOf(' ');
        Options.MasterHost = space < 0 ? null : value[..space];
        Options.MasterPort = space < 0 ? 0 : int.Parse(value.AsSpan(space + 1), CultureInfo.InvariantCulture);
        return null;
    }

    private static void RewriteReplicaOf(ConfigEntry entry, ConfigRewriter rewriter)
    {
        if (entry.Value.Length == 0)
        {
            rewriter.MarkProcessed(entry.Name);
            return;
        }
        rewriter.RewriteLine(entry.Name, entry.Name + " " + entry.Value, force: true);
    }

    // latency-tracking-info-percentiles <p> [<p> ...] | "" (setConfigLatencyTrackingInfoPercentilesOutputOption)
    private static string? ParsePercentiles(string[] args, string current, bool repeatInFile, out string value)
    {
        value = current;
        if (args.Length == 1 && args[0].Length == 0)
        {
            value = "";
            return null;
        }
        var text = new StringBuilder();
        foreach (string arg in args)
        {
            if (!TryParseRedisDouble(arg, out double percentile))
            {
                return "Invalid latency-tracking-info-percentiles parameters";
            }
            if (percentile > 100.0 || percentile < 0.0)
            {
                return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            }
            text.Append(text.Length == 0 ? "" : " ").Append(FormatPercentile(percentile));
        }
        value = text.ToString();
        return null;
    }

    /// <summary>Redis's string2d: strtod over the whole string, no leading space, no NaN.</summary>
    private static bool TryParseRedisDouble(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);
    }

    /// <summary>"%f" with trailing zeros (and a trailing point) removed, as trimDoubleString does.</summary>
    private static string FormatPercentile(double value)
    {
        string text = value.ToString("F6", CultureInfo.InvariantCulture);
        if (text.Contains('.'))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }
        return text;
    }

    private string? ApplyPercentiles(string value)
    {
        string[] words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var percentiles = new double[words.Length];
        for (int i = 0; i < words.Length; i++)
        {
            percentiles[i] = double.Parse(words[i], CultureInfo.InvariantCulture);
        }
        Options.LatencyTrackingInfoPercentiles = percentiles;
        return null;
    }

    private static void RewritePercentiles(ConfigEntry entry, ConfigRewriter rewriter) =>
        rewriter.RewriteLine(entry.Name, entry.Name + " " + (entry.Value.Length == 0 ? "\"\"" : entry.Value), force: true);

    /// <summary>isValidShutdownOnSigFlags.</summary>
    private static string? CheckShutdownFlags(string words)
    {
        bool save = false;
        bool noSave = false;
        foreach (string word in words.Split(' '))
        {
            save |= word == "save";
            noSave |= word == "nosave";
        }
        return save && noSave ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null;
    }

    /// <summary>isValidDBfilename / isValidAOFfilename / isValidAOFdirname: a base name, not a path.</summary>
    private static bool IsBaseName(string path) => path.IndexOf('/') < 0 && path.IndexOf('\\') < 0;

    private static string? CheckDbFilename(string value) =>
        IsBaseName(value) ? null : "dbfilename can't be a path, just a filename";

    private static string? CheckAppendFilename(string value) =>
        value.Length == 0 ? "appendfilename can't be empty" : IsBaseName(value) ? null : "appendfilename can't be a path, just a filename";

    private static string? CheckAppendDirname(string value) =>
        value.Length == 0 ? "appenddirname can't be empty" : IsBaseName(value) ? null : "appenddirname can't be a path, just a dirname";

    /// <summary>isValidAnnouncedHostname.</summary>
    private static string? CheckHostname(string value)
    {
        if (value.Length >= 256)
        {
            return "Hostnames must be less than 256 characters";
        }
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.')
            {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    /// <summary>
    /// isValidProcTitleTemplate: every {variable} must be known, braces balanced ("{{" and "}}" are literal),
    /// and the expansion (with an empty title) must not be empty.
    /// </summary>
    private static string? CheckProcTitleTemplate(string value)
    {
        const string Error = "template format is invalid or contains unknown variables";
        var expanded = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '{' && i + 1 < value.Length && value[i + 1] == '{')
            {
                expanded.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < value.Length && value[i + 1] == '}')
            {
                expanded.Append('}');
                i++;
            }
            else if (c == '{')
            {
                int end = value.IndexOf('}', i + 1);
                if (end < 0)
                {
                    return Error;
                }
                string variable = value[(i + 1)..end];
                if (variable is not ("title" or "listen-addr" or "server-mode" or "port" or "tls-port" or "unixsocket" or "config-file"))
                {
                    return Error;
                }
                expanded.Append(variable == "title" ? "" : "x");
                i = end;
            }
            else if (c == '}')
            {
                return Error;
            }
            else
            {
                expanded.Append(c);
            }
        }
        return expanded.ToString().Trim(' ').Length == 0 ? Error : null;
    }
}
