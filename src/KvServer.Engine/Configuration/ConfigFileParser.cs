using System.Text;
using System.Text.Json;
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
/// quoted strings with escapes, '#' comments, <c>include</c>, <c>rename-command</c>, <c>user</c>,
/// <c>loadmodule</c>. Command-line options (<c>--port 6380</c>) become lines appended after the file, as
/// redis-server does. Any bad line stops the load with Redis's message naming the line; nothing is applied
/// unless every line is valid.
/// </summary>
public static class ConfigFileParser
{
    private const int MaxIncludeDepth = 16;
    private static HashSet<string>? s_commandNames;

    /// <summary>Loads <paramref name="path"/> (may be null, or "-" for standard input) followed by the command-line directives.</summary>
    public static void Load(ConfigRegistry registry, string? path, IReadOnlyList<string> commandLine)
    {
        string text = path is null ? "" : ReadFile(path);
        // loadServerConfig appends a newline and the options built from the command line.
        text += "\n" + CommandLineToConfig(commandLine);
        Apply(registry, text);
    }

    private static string ReadFile(string path)
    {
        try
        {
            return path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Fatal error, can't open config file '{path}': {ErrorText(ex)}");
        }
    }

    /// <summary>strerror for the file errors .NET reports.</summary>
    private static string ErrorText(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => ex.Message,
    };

    /// <summary>
    /// redis-server's main: "--port 6380 --save '' --bind a b" becomes "port \"6380\" \nsave \"\" \nbind \"a\" \"b\" ".
    /// Values are quoted (sdscatrepr); a word holding a name and a value ("--port 6380" as one argument) is taken
    /// as is; a bare --save (last, or followed by another option) means save "".
    /// </summary>
    public static string CommandLineToConfig(IReadOnlyList<string> args)
    {
        var options = new StringBuilder();
        bool handledLastArgument = true;
        for (int j = 0; j < args.Count; j++)
        {
            string arg = args[j];
            if (handledLastArgument && arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (options.Length > 0)
                {
                    options.Append('\n');
                }
                options.Append(arg, 2, arg.Length - 2).Append(' ');
                List<string>? words = SplitArgs(arg);
                if (words is not null && words.Count == 1)
                {
                    handledLastArgument = false;
                    bool nextIsOption = j != args.Count - 1 && args[j + 1].StartsWith("--", StringComparison.Ordinal);
                    if (arg.Equals("--save", StringComparison.OrdinalIgnoreCase) && (nextIsOption || j == args.Count - 1))
                    {
                        options.Append("\"\"");
                        handledLastArgument = nextIsOption;
                    }
                    else if (arg.Equals("--sentinel", StringComparison.OrdinalIgnoreCase) && nextIsOption)
                    {
                        handledLastArgument = true;
                    }
                }
                else
                {
                    handledLastArgument = true;
                }
            }
            else
            {
                options.Append(ConfigRewriter.Repr(arg)).Append(' ');
                handledLastArgument = true;
            }
        }
        return options.ToString();
    }

    /// <summary>Validates every line (following includes), then applies them all, so a bad line applies nothing.</summary>
    public static void Apply(ConfigRegistry registry, string config)
    {
        var load = new LoadState();
        ApplyText(registry, config, load, 0);
        foreach ((ConfigEntry entry, string value) in load.Pending)
        {
            entry.Value = value;
            string? error = entry.Apply?.Invoke(value);
            if (error is not null)
            {
                throw new ConfigException(Fatal(entry.Name + " " + value, 0, error));
            }
        }
        registry.UserDirectives.AddRange(load.Users);
        registry.RenamedCommands.AddRange(load.Renames);
        registry.ModuleDirectives.AddRange(load.Modules);
        CheckAfterLoad(registry);
    }

    /// <summary>The values collected while loading, in the order directives were first seen.</summary>
    private sealed class LoadState
    {
        public List<(ConfigEntry Entry, string Value)> Pending { get; } = [];

        public List<string[]> Users { get; } = [];

        public List<(string, string)> Renames { get; } = [];

        public List<string[]> Modules { get; } = [];

        public int IndexOf(ConfigEntry entry) => Pending.FindIndex(p => ReferenceEquals(p.Entry, entry));
    }

    private static void ApplyText(ConfigRegistry registry, string config, LoadState load, int depth)
    {
        string[] lines = config.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            List<string>? words = SplitArgs(line);
            if (words is null)
            {
                throw new ConfigException(Fatal(line, i + 1, "Unbalanced quotes in configuration line"));
            }
            if (words.Count == 0)
            {
                continue;
            }
            string? error = ApplyLine(registry, words, load, depth);
            if (error is not null)
            {
                throw new ConfigException(Fatal(line, i + 1, error));
            }
        }
    }

    /// <summary>One directive: a parameter, a deprecated one (ignored), or a file-only directive.</summary>
    private static string? ApplyLine(ConfigRegistry registry, List<string> words, LoadState load, int depth)
    {
        string name = words[0].ToLowerInvariant();
        int argc = words.Count;
        ConfigEntry? entry = registry.Find(name);
        if (entry is not null)
        {
            if (!entry.Has(ConfigFlags.MultiArg) && argc != 2)
            {
                return "wrong number of arguments";
            }
            // As Redis does, a multi-word parameter given as one non-empty argument is split into words, so
            // the command line's --save "60 1" means save 60 1 (while --save "" still means no save points).
            if (entry.Has(ConfigFlags.MultiArg) && argc == 2 && words[1].Length > 0)
            {
                List<string>? split = SplitArgs(words[1]);
                if (split is null)
                {
                    return "Unbalanced quotes in configuration line";
                }
                return SetFromFile(entry, [.. split], load);
            }
            return SetFromFile(entry, words.GetRange(1, argc - 1).ToArray(), load);
        }
        if (name is "list-max-ziplist-entries" or "list-max-ziplist-value" or "lua-replicate-commands" && argc == 2)
        {
            return null;
        }
        if (name == "include" && argc == 2)
        {
            if (depth >= MaxIncludeDepth)
            {
                return "Bad directive or wrong number of arguments";
            }
            ApplyText(registry, ReadFile(words[1]), load, depth + 1);
            return null;
        }
        if (name == "rename-command" && argc == 3)
        {
            if (!CommandExists(words[1]))
            {
                return "No such command in rename-command";
            }
            load.Renames.Add((words[1], words[2]));
            return null;
        }
        if (name == "user" && argc >= 2)
        {
            load.Users.Add(words.GetRange(1, argc - 1).ToArray());
            return null;
        }
        if (name == "loadmodule" && argc >= 2)
        {
            load.Modules.Add(words.GetRange(1, argc - 1).ToArray());
            return null;
        }
        if (name.Contains('.'))
        {
            // A module's parameter: queued by Redis until the module loads; KvServer has no modules.
            return argc < 2 ? "Module config specified without value" : null;
        }
        if (name == "sentinel")
        {
            return argc == 1 ? null : "sentinel directive while not in sentinel mode";
        }
        return "Bad directive or wrong number of arguments";
    }

    private static string? SetFromFile(ConfigEntry entry, string[] args, LoadState load)
    {
        int index = load.IndexOf(entry);
        string current = index >= 0 ? load.Pending[index].Value : entry.Value;
        string? error = ConfigRegistry.Validate(entry, args, current, repeatInFile: index >= 0, out string value);
        if (error is not null)
        {
            return error;
        }
        if (index >= 0)
        {
            load.Pending[index] = (entry, value);
        }
        else
        {
            load.Pending.Add((entry, value));
        }
        return null;
    }

    /// <summary>The checks loadServerConfigFromString makes once every line is read.</summary>
    private static void CheckAfterLoad(ConfigRegistry registry)
    {
        ServerOptions options = registry.Options;
        if (options.LogFile.Length > 0)
        {
            try
            {
                using var stream = new FileStream(options.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException(Fatal(null, 0, "Can't open the log file: " + ErrorText(ex)));
            }
        }
        if (registry.GetValue("cluster-enabled") == "yes" && options.MasterHost is not null)
        {
            throw new ConfigException(Fatal(null, 0, "replicaof directive not allowed in cluster mode"));
        }
    }

    /// <summary>rename-command accepts only commands Redis knows (every declared command).</summary>
    private static bool CommandExists(string name)
    {
        if (s_commandNames is null)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using Stream? stream = typeof(ConfigFileParser).Assembly.GetManifestResourceStream("KvServer.Engine.commands.json");
            if (stream is not null)
            {
                using JsonDocument document = JsonDocument.Parse(stream);
                foreach (JsonElement command in document.RootElement.GetProperty("commands").EnumerateArray())
                {
                    string commandName = command.GetProperty("name").GetString()!;
                    if (!commandName.Contains('|'))
                    {
                        names.Add(commandName);
                    }
                }
            }
            s_commandNames = names;
        }
        return s_commandNames.Contains(name);
    }

    /// <summary>sdssplitargs over one line: null when quotes are unbalanced.</summary>
    public static List<string>? SplitArgs(string line)
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

    /// <summary>The message redis-server prints before exiting; the line part is left out for whole-file checks.</summary>
    private static string Fatal(string? line, int lineNumber, string reason)
    {
        var text = new StringBuilder();
        text.Append("\n*** FATAL CONFIG FILE ERROR (Redis ").Append(EngineInfo.RedisVersion).Append(") ***\n");
        if (line is not null)
        {
            text.Append("Reading the configuration file, at line ").Append(lineNumber).Append('\n');
            text.Append(">>> '").Append(line).Append("'\n");
        }
        return text.Append(reason).ToString();
    }
}
