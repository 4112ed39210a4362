using System.Diagnostics;
using KvServer.Engine.Configuration;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Execution;

/// <summary>
/// The whole server as the executor sees it: configuration, databases, clients, command table, statistics
/// and clock. Created once; everything in it except the client registry's lock-protected parts is touched
/// only by the executor.
/// </summary>
public sealed class ServerState
{
    public ServerState(ServerOptions options, ConfigRegistry config, IClock? clock = null, CommandTable? commands = null)
    {
        Options = options;
        Config = config;
        Clock = clock ?? SystemClock.Instance;
        Commands = commands ?? KvServer.Engine.Commands.CommandRegistry.Create();
        Databases = new Database[options.Databases];
        for (int i = 0; i < Databases.Length; i++)
        {
            Databases[i] = new Database(i, KeyspaceStats) { Clock = Clock };
        }
        StartTimeMs = Clock.UnixTimeMilliseconds;
        RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        ReplicationId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
    }

    public ServerOptions Options { get; }

    public ConfigRegistry Config { get; }

    public IClock Clock { get; }

    public CommandTable Commands { get; }

    public Database[] Databases { get; }

    public KeyspaceStats KeyspaceStats { get; } = new();

    public ServerStats Stats { get; } = new();

    public ClientRegistry Clients { get; } = new();

    public Random Random { get; } = new();

    public long StartTimeMs { get; }

    public string RunId { get; }

    /// <summary>master_replid: the replication history id (DEBUG CHANGE-REPL-ID draws a new one).</summary>
    public string ReplicationId { get; set; }

    /// <summary>master_replid2: the previous replication id, all zeros when there is none.</summary>
    public string ReplicationId2 { get; set; } = new('0', 40);

    /// <summary>The path of the config file the server started with (INFO config_file), or "".</summary>
    public string ConfigFile { get; set; } = "";

    public string ExecutablePath { get; set; } = Environment.ProcessPath ?? "";

    /// <summary>Pause state for CLIENT PAUSE: until when, and whether only writes are paused.</summary>
    public long PauseUntilMs { get; set; }

    public bool PauseWritesOnly { get; set; }

    /// <summary>Asks the host to stop (SHUTDOWN). The argument says whether to save first (null = default).</summary>
    public Action<bool?>? ShutdownRequested { get; set; }

    /// <summary>Extra lines for INFO sections that live outside the engine (the host's listener, for example).</summary>
    public int TcpPort { get; set; }

    /// <summary>Monotonic timestamp for latency and uptime measurements.</summary>
    public static long Timestamp => Stopwatch.GetTimestamp();
}
