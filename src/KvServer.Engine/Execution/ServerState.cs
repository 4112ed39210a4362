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
        KeyspaceClock = new KeyspaceClock(Clock);
        Databases = new Database[options.Databases];
        for (int i = 0; i < Databases.Length; i++)
        {
            Databases[i] = new Database(i, KeyspaceStats, options, KeyspaceClock) { KeyExpired = OnKeyExpired, KeyAdded = OnKeyAdded, KeyMissed = OnKeyMissed };
        }
        StartTimeMs = Clock.UnixTimeMilliseconds;
        RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        ReplicationId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
    }

    public ServerOptions Options { get; }

    // dbAdd: a new key may serve blocked clients, and raises the "new" keyspace event (before the event of
    // the command that created it, as in Redis).
    private void OnKeyAdded(Database db, byte[] key)
    {
        if (Blocking.HasWaiters)
        {
            Blocking.SignalKeyAsReady(db, key);
        }
        if (Options.NotifyKeyspaceEvents != 0)
        {
            KeyspaceEvents.Notify(this, NotifyFlags.New, "new"u8, key, db.Index);
        }
    }

    // lookupKeyRead on a missing key raises "keymiss".
    private void OnKeyMissed(Database db, ReadOnlySpan<byte> key)
    {
        if (Options.NotifyKeyspaceEvents != 0)
        {
            KeyspaceEvents.Notify(this, NotifyFlags.KeyMiss, "keymiss"u8, key, db.Index);
        }
    }

    // An expired key counts as modified for WATCH and raises the "expired" keyspace event.
    private void OnKeyExpired(Database db, byte[] key)
    {
        Watches.Touch(db, key);
        if (Propagation.Enabled)
        {
            Propagation.PropagateDeletion(db.Index, key, Options.LazyFreeLazyExpire);
        }
        if (Options.NotifyKeyspaceEvents != 0)
        {
            KeyspaceEvents.Notify(this, NotifyFlags.Expired, "expired"u8, key, db.Index);
        }
    }

    public ConfigRegistry Config { get; }

    public IClock Clock { get; }

    /// <summary>The current command's time as the databases see it (see <see cref="Keyspace.KeyspaceClock"/>).</summary>
    public KeyspaceClock KeyspaceClock { get; }

    public CommandTable Commands { get; }

    public Database[] Databases { get; }

    public KeyspaceStats KeyspaceStats { get; } = new();

    /// <summary>The active expiry cycle's state carried from one cron pass to the next.</summary>
    public ActiveExpireCycle ActiveExpire { get; } = new();

    public ServerStats Stats { get; } = new();

    public ClientRegistry Clients { get; } = new();

    /// <summary>The dispatcher (EXEC and scripts run commands through it).</summary>
    public CommandDispatcher Dispatcher => _dispatcher ??= new CommandDispatcher(this);

    private CommandDispatcher? _dispatcher;

    /// <summary>Pub/sub channels and patterns.</summary>
    public PubSub.PubSubHub PubSub => _pubSub ??= new PubSub.PubSubHub(this);

    private PubSub.PubSubHub? _pubSub;

    /// <summary>The Lua scripting engine (created on first use: most servers never run a script).</summary>
    public Scripting.LuaRunner Lua => _lua ??= new Scripting.LuaRunner(this);

    private Scripting.LuaRunner? _lua;

    /// <summary>Whether the scripting engine exists yet (INFO reads it without creating it).</summary>
    public bool HasLua => _lua is not null;

    /// <summary>Redis functions: the loaded libraries and their Lua engine (created on first use).</summary>
    public Scripting.FunctionStore Functions => _functions ??= new Scripting.FunctionStore(this);

    private Scripting.FunctionStore? _functions;

    /// <summary>Whether any FUNCTION command ran yet (the busy path and INFO read it without creating it).</summary>
    public bool HasFunctions => _functions is not null;

    /// <summary>Where write commands' effects are recorded for the append-only file (see <see cref="Execution.Propagation"/>).</summary>
    public Propagation Propagation { get; } = new();

    /// <summary>The append-only file; null until the engine sets persistence up.</summary>
    public Persistence.Aof.AppendOnlyFile? Aof { get; set; }

    /// <summary>RDB saving: SAVE, BGSAVE and its point-in-time snapshot, the save points, INFO persistence.</summary>
    public Persistence.Snapshots.BackgroundSaver Saves => _saves ??= new Persistence.Snapshots.BackgroundSaver(this);

    private Persistence.Snapshots.BackgroundSaver? _saves;

    /// <summary>Keys watched by clients for MULTI/EXEC.</summary>
    public WatchManager Watches { get; } = new();

    /// <summary>Clients waiting in blocking commands, by key.</summary>
    public BlockingManager Blocking { get; } = new();

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

    /// <summary>
    /// The last successful RDB load (stat_rdb_last_load_keys_loaded / _expired: INFO persistence), or null.
    /// </summary>
    public Persistence.RdbLoadResult? LastRdbLoad { get; set; }

    /// <summary>Monotonic timestamp for latency and uptime measurements.</summary>
    public static long Timestamp => Stopwatch.GetTimestamp();
}
