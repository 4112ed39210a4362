using KvServer.Engine.Execution;
namespace KvServer.Engine.Configuration;

/// <summary>
/// The parameter table: Redis 7.0.15's config.c static_configs, in its order, with the same types, bounds,
/// defaults, aliases and flags; followed by KvServer's own hidden directives. Only some parameters change
/// KvServer's behaviour (those with an apply hook); the rest are accepted and reported.
/// </summary>
public sealed partial class ConfigRegistry
{
    private const long IntMin = int.MinValue;
    private const long IntMax = int.MaxValue;
    private const long UIntMax = uint.MaxValue;
    private const long LongMax = long.MaxValue;
    /// <summary>ULLONG_MAX as an unsigned parameter's bound.</summary>
    private const long ULongMax = -1;
    private const ConfigFlags Immutable = ConfigFlags.Immutable;
    private const ConfigFlags Hidden = ConfigFlags.Hidden;
    private const ConfigFlags Sensitive = ConfigFlags.Sensitive;
    private const ConfigFlags MultiArg = ConfigFlags.MultiArg;

    private static readonly ConfigEnumValue[] s_protectedAction = Words("no", "yes", "local");

    private void RegisterAll()
    {
        RegisterBools();
        RegisterStrings();
        RegisterEnums();
        RegisterNumbers();
        RegisterTls();
        RegisterSpecials();
        // KvServer: how batches reach the executor (docs/ARCHITECTURE.md).
        Enum("kvserver-executor", Words("inline", "thread"), "inline", v => Options.ExecutorMode = v, Immutable | Hidden);
        // KvServer: the client event loop's polling window, or -1 for .NET's socket engine (docs/ARCHITECTURE.md).
        Integer("kvserver-event-loop-poll-us", -1, 1_000_000, 100, v => Options.EventLoopPollMicroseconds = (int)v, Immutable | Hidden);
    }

    private void RegisterBools()
    {
        ServerOptions o = Options;
        Bool("rdbchecksum", true, v => o.RdbChecksum = v, Immutable);
        Bool("daemonize", false, v => o.Daemonize = v, Immutable);
        Bool("io-threads-do-reads", false, null, Immutable);
        Bool("always-show-logo", false, null, Immutable);
        Bool("protected-mode", true, v => o.ProtectedMode = v);
        Bool("rdbcompression", true, v => o.RdbCompression = v);
        Bool("rdb-del-sync-files", false);
        Bool("activerehashing", true, v => o.ActiveRehashing = v);
        Bool("stop-writes-on-bgsave-error", true, v => o.StopWritesOnBgsaveError = v);
        Bool("set-proc-title", true, null, Immutable);
        Bool("dynamic-hz", true, v => o.DynamicHz = v);
        Bool("lazyfree-lazy-eviction", false, v => o.LazyFreeLazyEviction = v);
        Bool("lazyfree-lazy-expire", false, v => o.LazyFreeLazyExpire = v);
        Bool("lazyfree-lazy-server-del", false, v => o.LazyFreeLazyServerDel = v);
        Bool("lazyfree-lazy-user-del", false, v => o.LazyFreeLazyUserDel = v);
        Bool("lazyfree-lazy-user-flush", false, v => o.LazyFreeLazyUserFlush = v);
        Bool("repl-disable-tcp-nodelay", false);
        Bool("repl-diskless-sync", true);
        Bool("aof-rewrite-incremental-fsync", true, v => o.AofRewriteIncrementalFsync = v);
        Bool("no-appendfsync-on-rewrite", false);
        Bool("cluster-require-full-coverage", true);
        Bool("rdb-save-incremental-fsync", true, v => o.RdbSaveIncrementalFsync = v);
        Bool("aof-load-truncated", true);
        Bool("aof-use-rdb-preamble", true);
        Bool("aof-timestamp-enabled", false, v => o.AofTimestampEnabled = v);
        Bool("cluster-replica-no-failover", false, alias: "cluster-slave-no-failover");
        Bool("replica-lazy-flush", false, alias: "slave-lazy-flush");
        Bool("replica-serve-stale-data", true, v => o.ReplicaServeStaleData = v, alias: "slave-serve-stale-data");
        Bool("replica-read-only", true, v => o.ReplicaReadOnly = v, alias: "slave-read-only");
        Bool("replica-ignore-maxmemory", true, alias: "slave-ignore-maxmemory");
        Bool("jemalloc-bg-thread", true);
        Bool("activedefrag", false);
        Bool("syslog-enabled", false, null, Immutable);
        Bool("cluster-enabled", false, null, Immutable);
        Bool("appendonly", false, v => o.AppendOnly = v, ConfigFlags.DenyLoading);
        Bool("cluster-allow-reads-when-down", false);
        Bool("cluster-allow-pubsubshard-when-down", true);
        Bool("crash-log-enabled", true);
        Bool("crash-memcheck-enabled", true);
        Bool("use-exit-on-panic", false, null, Hidden);
        Bool("disable-thp", true, null, Immutable);
        Bool("cluster-allow-replica-migration", true);
        Bool("replica-announced", true);
        Bool("latency-tracking", true, v => o.LatencyTracking = v);
        Bool("aof-disable-auto-gc", false);
        Bool("replica-ignore-disk-write-errors", false);
    }

    private void RegisterStrings()
    {
        ServerOptions o = Options;
        Text("aclfile", "", v => o.AclFile = v, Immutable);
        Text("unixsocket", "", v => o.UnixSocket = NullIfEmpty(v), Immutable, emptyIsNull: true);
        Text("pidfile", "", v => o.PidFile = NullIfEmpty(v), Immutable, emptyIsNull: true);
        Text("replica-announce-ip", "", null, alias: "slave-announce-ip", emptyIsNull: true);
        Text("masteruser", "", v => o.MasterUser = NullIfEmpty(v), Sensitive, emptyIsNull: true);
        Text("cluster-announce-ip", "", null, emptyIsNull: true);
        Text("cluster-config-file", "nodes.conf", null, Immutable);
        Text("cluster-announce-hostname", "", null, emptyIsNull: true, check: CheckHostname);
        Text("syslog-ident", "redis", null, Immutable);
        Text("dbfilename", "dump.rdb", v => o.DbFilename = v, ConfigFlags.Protected, check: CheckDbFilename);
        Text("appendfilename", "appendonly.aof", v => o.AppendFilename = v, Immutable, check: CheckAppendFilename);
        Text("appenddirname", "appendonlydir", v => o.AppendDirName = v, Immutable, check: CheckAppendDirname);
        Text("server_cpulist", "", null, Immutable, emptyIsNull: true);
        Text("bio_cpulist", "", null, Immutable, emptyIsNull: true);
        Text("aof_rewrite_cpulist", "", null, Immutable, emptyIsNull: true);
        Text("bgsave_cpulist", "", null, Immutable, emptyIsNull: true);
        Text("ignore-warnings", "");
        Text("proc-title-template", "{title} {listen-addr} {server-mode}", null, check: CheckProcTitleTemplate);
        Text("bind-source-addr", "", null, emptyIsNull: true);
        Text("logfile", "", v => o.LogFile = v, Immutable);
        Text("masterauth", "", v => o.MasterAuth = NullIfEmpty(v), Sensitive, emptyIsNull: true);
        Text("requirepass", "", v => o.RequirePass = NullIfEmpty(v), Sensitive, emptyIsNull: true);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private void RegisterEnums()
    {
        ServerOptions o = Options;
        Enum("supervised", Words("upstart", "systemd", "auto", "no"), "no", null, Immutable);
        Enum("syslog-facility", Words("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"), "local0", null, Immutable);
        Enum("repl-diskless-load", Words("disabled", "on-empty-db", "swapdb"), "disabled", null, ConfigFlags.DenyLoading);
        Enum("loglevel", Words("debug", "verbose", "notice", "warning"), "notice", v => o.LogLevel = v);
        Enum("maxmemory-policy", Words("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu",
            "allkeys-random", "noeviction"), "noeviction", v => o.MaxMemoryPolicy = v);
        Enum("appendfsync", Words("everysec", "always", "no"), "everysec", v => o.AppendFsync = v);
        // "yes" and "relative" are one value; CONFIG GET answers with the first word, "yes".
        Enum("oom-score-adj", [new("no", 0), new("yes", 1), new("relative", 1), new("absolute", 2)], "no");
        Enum("acl-pubsub-default", [new("allchannels", 1), new("resetchannels", 0)], "resetchannels", v => o.AclPubsubDefault = v);
        Enum("sanitize-dump-payload", Words("no", "yes", "clients"), "no", v => o.SanitizeDumpPayload = v);
        Enum("enable-protected-configs", s_protectedAction, "no", v => o.EnableProtectedConfigs = v, Immutable);
        Enum("enable-debug-command", s_protectedAction, "no", v => o.EnableDebugCommand = v, Immutable);
        Enum("enable-module-command", s_protectedAction, "no", v => o.EnableModuleCommand = v, Immutable);
        Enum("cluster-preferred-endpoint-type", Words("ip", "hostname", "unknown-endpoint"), "ip");
        Enum("propagation-error-behavior", Words("ignore", "panic", "panic-on-replicas"), "ignore");
        ConfigEnumValue[] shutdownFlags = [new("default", 0), new("save", 1), new("nosave", 2), new("now", 4), new("force", 8)];
        Enum("shutdown-on-sigint", shutdownFlags, "default", v => o.ShutdownOnSigint = v, MultiArg, check: CheckShutdownFlags);
        Enum("shutdown-on-sigterm", shutdownFlags, "default", v => o.ShutdownOnSigterm = v, MultiArg, check: CheckShutdownFlags);
    }

    private void RegisterNumbers()
    {
        ServerOptions o = Options;
        const NumericFormat Memory = NumericFormat.Memory;

        // int
        Integer("databases", 1, IntMax, 16, v => o.Databases = (int)v, Immutable);
        Integer("port", 0, 65535, 6379, v => o.Port = (int)v, rebindError: "Unable to listen on this port. Check server logs.");
        Integer("io-threads", 1, 128, 1, null, Immutable);
        Integer("auto-aof-rewrite-percentage", 0, IntMax, 100);
        Integer("cluster-replica-validity-factor", 0, IntMax, 10, alias: "cluster-slave-validity-factor");
        Integer("list-max-listpack-size", IntMin, IntMax, -2, v => o.ListMaxListpackSize = (int)v, alias: "list-max-ziplist-size");
        Integer("tcp-keepalive", 0, IntMax, 300, v => o.TcpKeepAlive = (int)v);
        Integer("cluster-migration-barrier", 0, IntMax, 1);
        Integer("active-defrag-cycle-min", 1, 99, 1);
        Integer("active-defrag-cycle-max", 1, 99, 25);
        Integer("active-defrag-threshold-lower", 0, 1000, 10);
        Integer("active-defrag-threshold-upper", 0, 1000, 100);
        Integer("lfu-log-factor", 0, IntMax, 10, v => o.LfuLogFactor = (int)v);
        Integer("lfu-decay-time", 0, IntMax, 1, v => o.LfuDecayTime = (int)v);
        Integer("replica-priority", 0, IntMax, 100, alias: "slave-priority");
        Integer("repl-diskless-sync-delay", 0, IntMax, 5);
        Integer("maxmemory-samples", 1, IntMax, 5, v => o.MaxMemorySamples = (int)v);
        Integer("maxmemory-eviction-tenacity", 0, 100, 10, v => o.MaxMemoryEvictionTenacity = (int)v);
        Integer("timeout", 0, IntMax, 0, v => o.Timeout = (int)v);
        Integer("replica-announce-port", 0, 65535, 0, alias: "slave-announce-port");
        Integer("tcp-backlog", 0, IntMax, 511, v => o.TcpBacklog = (int)v, Immutable);
        Integer("cluster-port", 0, 65535, 0, null, Immutable);
        Integer("cluster-announce-bus-port", 0, 65535, 0);
        Integer("cluster-announce-port", 0, 65535, 0);
        Integer("cluster-announce-tls-port", 0, 65535, 0);
        Integer("repl-timeout", 1, IntMax, 60);
        Integer("repl-ping-replica-period", 1, IntMax, 10, alias: "repl-ping-slave-period");
        Integer("list-compress-depth", 0, IntMax, 0, v => o.ListCompressDepth = (int)v);
        Integer("rdb-key-save-delay", IntMin, IntMax, 0, v => o.RdbKeySaveDelay = (int)v, Hidden);
        Integer("key-load-delay", IntMin, IntMax, 0, null, Hidden);
        Integer("active-expire-effort", 1, 10, 1, v => o.ActiveExpireEffort = (int)v);
        // updateHZ: out-of-range values are accepted but capped to CONFIG_MIN_HZ..CONFIG_MAX_HZ.
        Integer("hz", 0, IntMax, 10, v => o.Hz = (int)v, adjust: v => Math.Clamp(v, 1, 500));
        Integer("min-replicas-to-write", 0, IntMax, 0, alias: "min-slaves-to-write");
        Integer("min-replicas-max-lag", 0, IntMax, 10, alias: "min-slaves-max-lag");
        Integer("watchdog-period", 0, IntMax, 0, null, Hidden);
        Integer("shutdown-timeout", 0, IntMax, 10, v => o.ShutdownTimeout = (int)v);
        Integer("repl-diskless-sync-max-replicas", 0, IntMax, 0);

        // unsigned int
        Unsigned("maxclients", 1, UIntMax, 10000, v => o.MaxClients = (int)Math.Min(v, int.MaxValue));
        Unsigned("socket-mark-id", 0, UIntMax, 0, null, Immutable);
        Unsigned("unixsocketperm", 0, Convert.ToInt64("777", 8), 0, v => o.UnixSocketPerm = (int)v, Immutable, format: NumericFormat.Octal);

        // unsigned long (bounds checked as signed, as numericBoundaryCheck does)
        Integer("active-defrag-max-scan-fields", 1, LongMax, 1000);
        Integer("slowlog-max-len", 0, LongMax, 128, v => o.SlowlogMaxLen = v);
        Integer("acllog-max-len", 0, LongMax, 128, v => o.AclLogMaxLen = v);

        // long long
        Integer("busy-reply-threshold", 0, LongMax, 5000, v => o.BusyReplyThreshold = v, alias: "lua-time-limit");
        Integer("cluster-node-timeout", 0, LongMax, 15000);
        Integer("slowlog-log-slower-than", -1, LongMax, 10000, v => o.SlowlogLogSlowerThan = v);
        Integer("latency-monitor-threshold", 0, LongMax, 0, v => o.LatencyMonitorThreshold = v);
        Integer("proto-max-bulk-len", 1024 * 1024, LongMax, 512L * 1024 * 1024, v => o.ProtoMaxBulkLength = v, format: Memory);
        Integer("stream-node-max-entries", 0, LongMax, 100, v => o.StreamNodeMaxEntries = v);
        Integer("repl-backlog-size", 1, LongMax, 1024 * 1024, v => o.ReplBacklogSize = v, format: Memory);

        // unsigned long long
        Unsigned("maxmemory", 0, ULongMax, 0, v => o.MaxMemory = v, format: Memory);
        Unsigned("cluster-link-sendbuf-limit", 0, ULongMax, 0, format: Memory);

        // size_t
        Unsigned("hash-max-listpack-entries", 0, LongMax, 512, v => o.HashMaxListpackEntries = v, alias: "hash-max-ziplist-entries");
        Unsigned("set-max-intset-entries", 0, LongMax, 512, v => o.SetMaxIntsetEntries = v);
        Unsigned("zset-max-listpack-entries", 0, LongMax, 128, v => o.ZsetMaxListpackEntries = v, alias: "zset-max-ziplist-entries");
        Unsigned("active-defrag-ignore-bytes", 1, LongMax, 100L << 20, format: Memory);
        Unsigned("hash-max-listpack-value", 0, LongMax, 64, v => o.HashMaxListpackValue = v, alias: "hash-max-ziplist-value", format: Memory);
        Unsigned("stream-node-max-bytes", 0, LongMax, 4096, v => o.StreamNodeMaxBytes = v, format: Memory);
        Unsigned("zset-max-listpack-value", 0, LongMax, 64, v => o.ZsetMaxListpackValue = v, alias: "zset-max-ziplist-value", format: Memory);
        Unsigned("hll-sparse-max-bytes", 0, LongMax, 3000, v => o.HllSparseMaxBytes = v, format: Memory);
        Unsigned("tracking-table-max-keys", 0, LongMax, 1000000, v => o.TrackingTableMaxKeys = v);
        Unsigned("client-query-buffer-limit", 1024 * 1024, LongMax, 1024L * 1024 * 1024, v => o.ClientQueryBufferLimit = v, format: Memory);

        // ssize_t
        Integer("maxmemory-clients", -100, LongMax, 0, v => o.MaxMemoryClients = v, format: Memory | NumericFormat.Percent);

        // time_t, off_t
        Integer("repl-backlog-ttl", 0, LongMax, 60 * 60);
        Integer("auto-aof-rewrite-min-size", 0, LongMax, 64L * 1024 * 1024, format: Memory);
        Integer("loading-process-events-interval-bytes", 1024, IntMax, 1024 * 1024 * 2, null, Hidden);
    }

    /// <summary>The TLS parameters of a Redis built with TLS: accepted and shown; KvServer has no TLS listener.</summary>
    private void RegisterTls()
    {
        Integer("tls-port", 0, 65535, 0);
        Integer("tls-session-cache-size", 0, IntMax, 20 * 1024);
        Integer("tls-session-cache-timeout", 0, IntMax, 300);
        Bool("tls-cluster", false);
        Bool("tls-replication", false);
        Enum("tls-auth-clients", Words("no", "yes", "optional"), "yes");
        Bool("tls-prefer-server-ciphers", false);
        Bool("tls-session-caching", true);
        Text("tls-cert-file", "", null, emptyIsNull: true);
        Text("tls-key-file", "", null, emptyIsNull: true);
        Text("tls-key-file-pass", "", null, Sensitive, emptyIsNull: true);
        Text("tls-client-cert-file", "", null, emptyIsNull: true);
        Text("tls-client-key-file", "", null, emptyIsNull: true);
        Text("tls-client-key-file-pass", "", null, Sensitive, emptyIsNull: true);
        Text("tls-dh-params-file", "", null, emptyIsNull: true);
        Text("tls-ca-cert-file", "", null, emptyIsNull: true);
        Text("tls-ca-cert-dir", "", null, emptyIsNull: true);
        Text("tls-protocols", "", null, emptyIsNull: true);
        Text("tls-ciphers", "", null, emptyIsNull: true);
        Text("tls-ciphersuites", "", null, emptyIsNull: true);
    }

    private void RegisterSpecials()
    {
        ServerOptions o = Options;
        Special("dir", Path.GetFullPath(Directory.GetCurrentDirectory()), ParseDir, RewriteDir,
            v => { o.Dir = v; return null; }, ConfigFlags.Protected | ConfigFlags.DenyLoading);
        Special("save", "3600 1 300 100 60 10000", ParseSave, RewriteSave, ApplySave, MultiArg);
        Special("client-output-buffer-limit", DefaultClientOutputBufferLimit, ParseClientOutputBufferLimit, RewriteClientOutputBufferLimit,
            v => { o.ClientOutputBufferLimits = ClientOutputBufferLimits(v); return null; }, MultiArg);
        Special("oom-score-adj-values", DefaultOomScoreAdjValues, ParseOomScoreAdjValues, RewriteOomScoreAdjValues, null, MultiArg);
        Special("notify-keyspace-events", "", ParseNotifyKeyspaceEvents, RewriteNotifyKeyspaceEvents,
            v => { KeyspaceEventsText.TryParse(v, out NotifyFlags flags); o.NotifyKeyspaceEvents = (int)flags; return null; });
        Special("bind", DefaultBind, ParseBind, RewriteBind,
            v => { o.Bind = v.Split(' ', StringSplitOptions.RemoveEmptyEntries); return Rebind("Failed to bind to specified addresses."); }, MultiArg);
        Special("replicaof", "", ParseReplicaOf, RewriteReplicaOf, ApplyReplicaOf, Immutable | MultiArg, alias: "slaveof");
        Special("latency-tracking-info-percentiles", "50 99 99.9", ParsePercentiles, RewritePercentiles, ApplyPercentiles, MultiArg);
    }
}
