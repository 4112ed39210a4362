using System.Text;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Configuration;

/// <summary>A configuration that cannot be loaded; the message is Redis's fatal config error text.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Reads redis.conf syntax (config.c loadServerConfigFromString): one directive per line with its arguments,
/// quoted strings with escapes, '#' comments, <c>include</c>. Command-line options (<c>--port 6380</c>)
/// become lines appended after the file, as redis-server does. Any bad line stops the load with Redis's
/// message naming the line; nothing is applied unless every line is valid.
/// </summary>
public static class ConfigFileParser
{
    private const string Version = "7.0.15";

    /// <summary>Loads <paramref name="path"/> (may be null) followed by the command-line directives.</summary>
    public static void Load(ConfigRegistry registry, string? path, IReadOnlyList<string> commandLine)
    {
        var text = new StringBuilder();
        if (path is not null)
        {
            AppendFile(text, path, 0);
        }
        text.Append(CommandLineToConfig(commandLine));
        Apply(registry, text.ToString());
    }

    private static void AppendFile(StringBuilder text, string path, int depth)
    {
        string content;
        try
        {
            content = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Fatal error, can't open config file '{path}': {ex.Message}");
        }
        foreach (string raw in content.Split('\n'))
        {
            string line = raw.Trim(' ', '\t', '\r');
            // include is expanded in place (Redis nests includes the same way).
            if (line.StartsWith("include ", StringComparison.OrdinalIgnoreCase) && depth < 16)
            {
                AppendFile(text, line[8..].Trim().Trim('"'), depth + 1);
                continue;
            }
            text.Append(raw).Append('\n');
        }
    }

    /// <summary>"--port 6380 --save '' --bind a b" becomes "port 6380\nsave ''\nbind a b\n".</summary>
    public static string CommandLineToConfig(IReadOnlyList<string> args)
    {
        var text = new StringBuilder();
        bool first = true;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                if (!first)
                {
                    text.Append('\n');
                }
                text.Append(arg[2..]);
                first = false;
            }
            else
            {
                text.Append(' ').Append(Quote(arg));
            }
        }
        if (!first)
        {
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string arg)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in arg)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>Validates every line, then applies them all (so a bad line applies nothing).</summary>
    public static void Apply(ConfigRegistry registry, string config)
    {
        string[] lines = config.Split('\n');
        var assignments = new List<(ConfigEntry Entry, string Value)>();
        var seenMulti = new HashSet<ConfigEntry>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            List<string>? words = Split(line);
            if (words is null)
            {
                throw Fatal(i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (words.Count == 0)
            {
                continue;
            }
            ConfigEntry? entry = registry.Find(words[0]);
            if (entry is null || (words.Count != 2 && !entry.Has(ConfigFlags.MultiArg) && !(entry.Kind == ConfigKind.Enum && entry.MultipleEnumValues)))
            {
                throw Fatal(i + 1, line, "Bad directive or wrong number of arguments");
            }
            string value = string.Join(' ', words.GetRange(1, words.Count - 1));
            if (entry.Has(ConfigFlags.MultiArg))
            {
                // Repeated "save" lines accumulate; the first one replaces the default.
                int previous = assignments.FindLastIndex(a => ReferenceEquals(a.Entry, entry));
                if (previous >= 0 && seenMulti.Contains(entry) && entry.Name == "save" && value.Length > 0)
                {
                    string joined = assignments[previous].Value.Length == 0 ? value : assignments[previous].Value + " " + value;
                    assignments[previous] = (entry, joined);
                    continue;
                }
                seenMulti.Add(entry);
            }
            string? error = ConfigRegistry.Validate(entry, value, out string normalized);
            if (error is not null)
            {
                throw Fatal(i + 1, line, error);
            }
            assignments.Add((entry, normalized));
        }
        foreach ((ConfigEntry entry, string value) in assignments)
        {
            entry.Value = value;
            string? error = entry.Apply?.Invoke(value);
            if (error is not null)
            {
                throw new ConfigException(FatalText(0, entry.Name + " " + value, error));
            }
        }
    }

    private static List<string>? Split(string line)
    {
        var batch = new RequestBatch();
        int start = batch.BeginCommand();
        if (!RespRequestParser.SplitInlineArguments(Encoding.UTF8.GetBytes(line), batch))
        {
            return null;
        }
        var words = new List<string>();
        if (batch.BeginCommand() == start)
        {
            return words;
        }
        batch.EndCommand(start);
        CommandArgs args = batch.GetCommand(0, default);
        for (int i = 0; i < args.Count; i++)
        {
            words.Add(args.GetString(i));
        }
        return words;
    }

    private static ConfigException Fatal(int lineNumber, string line, string reason) => new(FatalText(lineNumber, line, reason));

    private static string FatalText(int lineNumber, string line, string reason) =>
        $"\n*** FATAL CONFIG FILE ERROR (Redis {Version}) ***\nReading the configuration file, at line {lineNumber}\n>>> '{line}'\n{reason}";
}
