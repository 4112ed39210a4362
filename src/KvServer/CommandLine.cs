namespace KvServer;

/// <summary>
/// redis-server's command line: <c>KvServer [/path/to/redis.conf] [--directive value ...]</c>. With no
/// config file, the redis.conf found beside the working directory (the repository root) is used, so
/// <c>dotnet run --project src/KvServer</c> starts on the project's default configuration.
/// </summary>
public sealed class CommandLine
{
    public string? ConfigFile { get; private init; }

    public IReadOnlyList<string> Directives { get; private init; } = [];

    public bool ShowVersion { get; private init; }

    public static CommandLine Parse(string[] args)
    {
        if (args.Length > 0 && (args[0] is "-v" or "--version"))
        {
            return new CommandLine { ShowVersion = true };
        }
        string? configFile = null;
        int start = 0;
        if (args.Length > 0 && (!args[0].StartsWith("--", StringComparison.Ordinal) || args[0] == "-"))
        {
            configFile = args[0];
            start = 1;
        }
        else if (File.Exists("redis.conf"))
        {
            configFile = Path.GetFullPath("redis.conf");
        }
        return new CommandLine { ConfigFile = configFile, Directives = args[start..] };
    }
}
