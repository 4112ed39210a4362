namespace KvServer.Engine.Configuration;

/// <summary>
/// The typed configuration the engine reads on its paths (port, limits, auth, ...). Values arrive through
/// <see cref="ConfigRegistry"/>, which validates them and keeps the text form for CONFIG GET; this class only
/// holds what code needs to read quickly.
/// </summary>
public sealed class ServerOptions
{
    public int Port { get; set; } = 6379;

    public string[] Bind { get; set; } = ["*", "-::*"];

    public int Databases { get; set; } = 16;

    /// <summary>requirepass: the default user's password, or null for none.</summary>
    public string? RequirePass { get; set; }

    public bool RequiresAuthentication => RequirePass is not null;

    public int MaxClients { get; set; } = 10000;

    /// <summary>Close a client idle for this many seconds (0 = never).</summary>
    public int Timeout { get; set; }

    public int TcpKeepAlive { get; set; } = 300;

    public int Hz { get; set; } = 10;

    public string LogLevel { get; set; } = "notice";

    public string LogFile { get; set; } = "";

    public long ProtoMaxBulkLength { get; set; } = 512L * 1024 * 1024;

    /// <summary>enable-debug-command: "no", "yes" or "local".</summary>
    public string EnableDebugCommand { get; set; } = "no";

    public string EnableProtectedConfigs { get; set; } = "no";

    public string Dir { get; set; } = ".";

    public long MaxMemory { get; set; }

    public string MaxMemoryPolicy
    {
        get => _maxMemoryPolicy;
        set
        {
            _maxMemoryPolicy = value;
            UsesLfu = value.EndsWith("-lfu", StringComparison.Ordinal);
        }
    }

    private string _maxMemoryPolicy = "noeviction";

    /// <summary>
    /// MAXMEMORY_FLAG_LFU: the policy is volatile-lfu or allkeys-lfu, so key accesses update a logarithmic
    /// frequency counter instead of the LRU clock. Cached because every key lookup reads it.
    /// </summary>
    public bool UsesLfu { get; private set; }

    /// <summary>lfu-log-factor: how slowly the LFU counter grows (Redis default 10).</summary>
    public int LfuLogFactor { get; set; } = 10;

    /// <summary>lfu-decay-time: minutes for the LFU counter to decay by one (0 = never; Redis default 1).</summary>
    public int LfuDecayTime { get; set; } = 1;

    public int ActiveExpireEffort { get; set; } = 1;

    /// <summary>notify-keyspace-events as <see cref="Execution.NotifyFlags"/> bits (0 = off, the default).</summary>
    public int NotifyKeyspaceEvents { get; set; }

    /// <summary>busy-reply-threshold (alias lua-time-limit): after this many ms a running script makes others get BUSY.</summary>
    public long BusyReplyThresholdMs { get; set; } = 5000;

    // client-output-buffer-limit pubsub: hard bytes, soft bytes, soft seconds (Redis default 32mb 8mb 60).
    public long PubSubOutputHardLimit { get; set; } = 32L * 1024 * 1024;

    public long PubSubOutputSoftLimit { get; set; } = 8L * 1024 * 1024;

    public long PubSubOutputSoftSeconds { get; set; } = 60;

    // Compact-encoding thresholds (Redis 7.0 names; the *-ziplist-* names are aliases).
    public int ListMaxListpackSize { get; set; } = -2;

    public int ListCompressDepth { get; set; }

    public long HashMaxListpackEntries { get; set; } = 128;

    public long HashMaxListpackValue { get; set; } = 64;

    public long SetMaxIntsetEntries { get; set; } = 512;

    public long ZsetMaxListpackEntries { get; set; } = 128;

    public long ZsetMaxListpackValue { get; set; } = 64;

    /// <summary>
    /// How batches reach the executor: "inline" (serialized on the connection's own thread) or "thread" (a
    /// dedicated executor thread fed by a queue). A KvServer directive; see docs/ARCHITECTURE.md.
    /// </summary>
    public string ExecutorMode { get; set; } = "inline";
}
