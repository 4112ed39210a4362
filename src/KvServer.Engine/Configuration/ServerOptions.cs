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

    // Compact-encoding thresholds (Redis 7.0 names; the *-ziplist-* names are aliases).
    public int ListMaxListpackSize { get; set; } = -2;

    public int ListCompressDepth { get; set; }

    public long HashMaxListpackEntries { get; set; } = 512;

    public long HashMaxListpackValue { get; set; } = 64;

    public long SetMaxIntsetEntries { get; set; } = 512;

    public long ZsetMaxListpackEntries { get; set; } = 128;

    public long ZsetMaxListpackValue { get; set; } = 64;

    /// <summary>
    /// How batches reach the executor: "inline" (serialized on the connection's own thread) or "thread" (a
    /// dedicated executor thread fed by a queue). A KvServer directive; see docs/ARCHITECTURE.md.
    /// </summary>
    public string ExecutorMode { get; set; } = "inline";

    /// <summary>
    /// How long the client event loop keeps polling after activity before it sleeps, in microseconds; -1 =
    /// no KvServer event loop (.NET's socket engine serves the connections). A KvServer directive; see
    /// docs/ARCHITECTURE.md.
    /// </summary>
    public int EventLoopPollMicroseconds { get; set; } = 100;

    /// <summary>
    /// DEBUG SET-ACTIVE-EXPIRE: when false, the cron's active expiry cycle does not run (keys still expire
    /// lazily when touched). Not a config parameter, as in Redis (server.active_expire_enabled).
    /// </summary>
    public bool ActiveExpireEnabled { get; set; } = true;

    /// <summary>DEBUG QUICKLIST-PACKED-THRESHOLD: elements at least this large get a "plain" quicklist node.</summary>
    public long QuicklistPackedThreshold { get; set; } = 1L << 30;

    /// <summary>save: the automatic snapshot points (seconds, changes); empty when saving is disabled.</summary>
    public (long Seconds, int Changes)[] SavePoints { get; set; } = [(3600, 1), (300, 100), (60, 10000)];

    public bool AppendOnly { get; set; }

    /// <summary>rdb-save-incremental-fsync: fsync an RDB being saved every 4 MB.</summary>
    public bool RdbSaveIncrementalFsync { get; set; } = true;

    /// <summary>aof-rewrite-incremental-fsync: fsync an AOF base being rewritten every 4 MB.</summary>
    public bool AofRewriteIncrementalFsync { get; set; } = true;

    /// <summary>aof-timestamp-enabled: "#TS:seconds" annotations in the append-only file.</summary>
    public bool AofTimestampEnabled { get; set; }

    /// <summary>appendfsync: "everysec", "always" or "no".</summary>
    public string AppendFsync { get; set; } = "everysec";

    public string DbFilename { get; set; } = "dump.rdb";

    public string AppendFilename { get; set; } = "appendonly.aof";

    public string AppendDirName { get; set; } = "appendonlydir";

    public bool RdbCompression { get; set; } = true;

    public bool RdbChecksum { get; set; } = true;

    public bool StopWritesOnBgsaveError { get; set; } = true;

    /// <summary>
    /// rdb-key-save-delay (hidden, for tests): microseconds a background save waits after each key. Redis's
    /// child sleeps; KvServer's walk then writes one key per slice and waits between slices, off the executor.
    /// </summary>
    public int RdbKeySaveDelay { get; set; }

    /// <summary>client-output-buffer-limit per class: normal, replica, pubsub (hard bytes, soft bytes, soft seconds).</summary>
    public ClientOutputBufferLimit[] ClientOutputBufferLimits { get; set; } =
        [new(0, 0, 0), new(256L * 1024 * 1024, 64L * 1024 * 1024, 60), new(32L * 1024 * 1024, 8L * 1024 * 1024, 60)];

    public long ClientQueryBufferLimit { get; set; } = 1024L * 1024 * 1024;

    /// <summary>maxmemory-clients: bytes, or a negative number -N meaning N percent of maxmemory.</summary>
    public long MaxMemoryClients { get; set; }

    public int MaxMemorySamples { get; set; } = 5;

    public int MaxMemoryEvictionTenacity { get; set; } = 10;

    public bool LazyFreeLazyEviction { get; set; }

    public bool LazyFreeLazyExpire { get; set; }

    public bool LazyFreeLazyServerDel { get; set; }

    public bool LazyFreeLazyUserDel { get; set; }

    public bool LazyFreeLazyUserFlush { get; set; }

    public bool ActiveRehashing { get; set; } = true;

    /// <summary>slowlog-log-slower-than in microseconds (-1 disables the slow log, 0 logs everything).</summary>
    public long SlowlogLogSlowerThan { get; set; } = 10000;

    public long SlowlogMaxLen { get; set; } = 128;

    public long LatencyMonitorThreshold { get; set; }

    public bool LatencyTracking { get; set; } = true;

    public double[] LatencyTrackingInfoPercentiles { get; set; } = [50, 99, 99.9];

    /// <summary>busy-reply-threshold (alias lua-time-limit): after this many ms a running script makes others get BUSY.</summary>
    public long BusyReplyThreshold { get; set; } = 5000;

    /// <summary>client-output-buffer-limit for the pubsub class (index 2 of the normal/replica/pubsub limits).</summary>
    public ClientOutputBufferLimit PubSubOutputLimit => ClientOutputBufferLimits[2];

    public long StreamNodeMaxBytes { get; set; } = 4096;

    public long StreamNodeMaxEntries { get; set; } = 100;

    public long HllSparseMaxBytes { get; set; } = 3000;

    public long TrackingTableMaxKeys { get; set; } = 1000000;

    /// <summary>acl-pubsub-default: "resetchannels" or "allchannels".</summary>
    public string AclPubsubDefault { get; set; } = "resetchannels";

    public string AclFile { get; set; } = "";

    public long AclLogMaxLen { get; set; } = 128;

    public string? MasterAuth { get; set; }

    public string? MasterUser { get; set; }

    /// <summary>replicaof: the master's host, or null for a master.</summary>
    public string? MasterHost { get; set; }

    public int MasterPort { get; set; }

    public bool ReplicaReadOnly { get; set; } = true;

    public bool ReplicaServeStaleData { get; set; } = true;

    public long ReplBacklogSize { get; set; } = 1024 * 1024;

    public bool ProtectedMode { get; set; } = true;

    /// <summary>sanitize-dump-payload: "no", "yes" or "clients".</summary>
    public string SanitizeDumpPayload { get; set; } = "no";

    public int ShutdownTimeout { get; set; } = 10;

    /// <summary>shutdown-on-sigint / shutdown-on-sigterm: "default" or words among save, nosave, now, force.</summary>
    public string ShutdownOnSigint { get; set; } = "default";

    public string ShutdownOnSigterm { get; set; } = "default";

    public string EnableModuleCommand { get; set; } = "no";

    public string? PidFile { get; set; }

    public string? UnixSocket { get; set; }

    public int UnixSocketPerm { get; set; }

    public int TcpBacklog { get; set; } = 511;

    public bool Daemonize { get; set; }

    public bool DynamicHz { get; set; } = true;
}
