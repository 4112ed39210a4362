using KvServer.Engine.Configuration;

namespace KvServer.Tests.Configuration;

public class ConfigRegistryTests
{
    /// <summary>
    /// CONFIG GET * of a redis-server 7.0.15 started without a config file (dir left out: it is the working
    /// directory). 191 names plus dir: every parameter and alias a pattern can see.
    /// </summary>
    private static readonly Dictionary<string, string> s_redisDefaults = new()
    {
        ["acl-pubsub-default"] = "resetchannels",
        ["aclfile"] = "",
        ["acllog-max-len"] = "128",
        ["active-defrag-cycle-max"] = "25",
        ["active-defrag-cycle-min"] = "1",
        ["active-defrag-ignore-bytes"] = "104857600",
        ["active-defrag-max-scan-fields"] = "1000",
        ["active-defrag-threshold-lower"] = "10",
        ["active-defrag-threshold-upper"] = "100",
        ["active-expire-effort"] = "1",
        ["activedefrag"] = "no",
        ["activerehashing"] = "yes",
        ["always-show-logo"] = "no",
        ["aof-disable-auto-gc"] = "no",
        ["aof-load-truncated"] = "yes",
        ["aof-rewrite-incremental-fsync"] = "yes",
        ["aof-timestamp-enabled"] = "no",
        ["aof-use-rdb-preamble"] = "yes",
        ["aof_rewrite_cpulist"] = "",
        ["appenddirname"] = "appendonlydir",
        ["appendfilename"] = "appendonly.aof",
        ["appendfsync"] = "everysec",
        ["appendonly"] = "no",
        ["auto-aof-rewrite-min-size"] = "67108864",
        ["auto-aof-rewrite-percentage"] = "100",
        ["bgsave_cpulist"] = "",
        ["bind"] = "* -::*",
        ["bind-source-addr"] = "",
        ["bio_cpulist"] = "",
        ["busy-reply-threshold"] = "5000",
        ["client-output-buffer-limit"] = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
        ["client-query-buffer-limit"] = "1073741824",
        ["cluster-allow-pubsubshard-when-down"] = "yes",
        ["cluster-allow-reads-when-down"] = "no",
        ["cluster-allow-replica-migration"] = "yes",
        ["cluster-announce-bus-port"] = "0",
        ["cluster-announce-hostname"] = "",
        ["cluster-announce-ip"] = "",
        ["cluster-announce-port"] = "0",
        ["cluster-announce-tls-port"] = "0",
        ["cluster-config-file"] = "nodes.conf",
        ["cluster-enabled"] = "no",
        ["cluster-link-sendbuf-limit"] = "0",
        ["cluster-migration-barrier"] = "1",
        ["cluster-node-timeout"] = "15000",
        ["cluster-port"] = "0",
        ["cluster-preferred-endpoint-type"] = "ip",
        ["cluster-replica-no-failover"] = "no",
        ["cluster-replica-validity-factor"] = "10",
        ["cluster-require-full-coverage"] = "yes",
        ["cluster-slave-no-failover"] = "no",
        ["cluster-slave-validity-factor"] = "10",
        ["crash-log-enabled"] = "yes",
        ["crash-memcheck-enabled"] = "yes",
        ["daemonize"] = "no",
        ["databases"] = "16",
        ["dbfilename"] = "dump.rdb",
        ["disable-thp"] = "yes",
        ["dynamic-hz"] = "yes",
        ["enable-debug-command"] = "no",
        ["enable-module-command"] = "no",
        ["enable-protected-configs"] = "no",
        ["hash-max-listpack-entries"] = "512",
        ["hash-max-listpack-value"] = "64",
        ["hash-max-ziplist-entries"] = "512",
        ["hash-max-ziplist-value"] = "64",
        ["hll-sparse-max-bytes"] = "3000",
        ["hz"] = "10",
        ["ignore-warnings"] = "",
        ["io-threads"] = "1",
        ["io-threads-do-reads"] = "no",
        ["jemalloc-bg-thread"] = "yes",
        ["latency-monitor-threshold"] = "0",
        ["latency-tracking"] = "yes",
        ["latency-tracking-info-percentiles"] = "50 99 99.9",
        ["lazyfree-lazy-eviction"] = "no",
        ["lazyfree-lazy-expire"] = "no",
        ["lazyfree-lazy-server-del"] = "no",
        ["lazyfree-lazy-user-del"] = "no",
        ["lazyfree-lazy-user-flush"] = "no",
        ["lfu-decay-time"] = "1",
        ["lfu-log-factor"] = "10",
        ["list-compress-depth"] = "0",
        ["list-max-listpack-size"] = "-2",
        ["list-max-ziplist-size"] = "-2",
        ["logfile"] = "",
        ["loglevel"] = "notice",
        ["lua-time-limit"] = "5000",
        ["masterauth"] = "",
        ["masteruser"] = "",
        ["maxclients"] = "10000",
        ["maxmemory"] = "0",
        ["maxmemory-clients"] = "0",
        ["maxmemory-eviction-tenacity"] = "10",
        ["maxmemory-policy"] = "noeviction",
        ["maxmemory-samples"] = "5",
        ["min-replicas-max-lag"] = "10",
        ["min-replicas-to-write"] = "0",
        ["min-slaves-max-lag"] = "10",
        ["min-slaves-to-write"] = "0",
        ["no-appendfsync-on-rewrite"] = "no",
        ["notify-keyspace-events"] = "",
        ["oom-score-adj"] = "no",
        ["oom-score-adj-values"] = "0 200 800",
        ["pidfile"] = "",
        ["port"] = "6379",
        ["proc-title-template"] = "{title} {listen-addr} {server-mode}",
        ["propagation-error-behavior"] = "ignore",
        ["protected-mode"] = "yes",
        ["proto-max-bulk-len"] = "536870912",
        ["rdb-del-sync-files"] = "no",
        ["rdb-save-incremental-fsync"] = "yes",
        ["rdbchecksum"] = "yes",
        ["rdbcompression"] = "yes",
        ["repl-backlog-size"] = "1048576",
        ["repl-backlog-ttl"] = "3600",
        ["repl-disable-tcp-nodelay"] = "no",
        ["repl-diskless-load"] = "disabled",
        ["repl-diskless-sync"] = "yes",
        ["repl-diskless-sync-delay"] = "5",
        ["repl-diskless-sync-max-replicas"] = "0",
        ["repl-ping-replica-period"] = "10",
        ["repl-ping-slave-period"] = "10",
        ["repl-timeout"] = "60",
        ["replica-announce-ip"] = "",
        ["replica-announce-port"] = "0",
        ["replica-announced"] = "yes",
        ["replica-ignore-disk-write-errors"] = "no",
        ["replica-ignore-maxmemory"] = "yes",
        ["replica-lazy-flush"] = "no",
        ["replica-priority"] = "100",
        ["replica-read-only"] = "yes",
        ["replica-serve-stale-data"] = "yes",
        ["replicaof"] = "",
        ["requirepass"] = "",
        ["sanitize-dump-payload"] = "no",
        ["save"] = "3600 1 300 100 60 10000",
        ["server_cpulist"] = "",
        ["set-max-intset-entries"] = "512",
        ["set-proc-title"] = "yes",
        ["shutdown-on-sigint"] = "default",
        ["shutdown-on-sigterm"] = "default",
        ["shutdown-timeout"] = "10",
        ["slave-announce-ip"] = "",
        ["slave-announce-port"] = "0",
        ["slave-ignore-maxmemory"] = "yes",
        ["slave-lazy-flush"] = "no",
        ["slave-priority"] = "100",
        ["slave-read-only"] = "yes",
        ["slave-serve-stale-data"] = "yes",
        ["slaveof"] = "",
        ["slowlog-log-slower-than"] = "10000",
        ["slowlog-max-len"] = "128",
        ["socket-mark-id"] = "0",
        ["stop-writes-on-bgsave-error"] = "yes",
        ["stream-node-max-bytes"] = "4096",
        ["stream-node-max-entries"] = "100",
        ["supervised"] = "no",
        ["syslog-enabled"] = "no",
        ["syslog-facility"] = "local0",
        ["syslog-ident"] = "redis",
        ["tcp-backlog"] = "511",
        ["tcp-keepalive"] = "300",
        ["timeout"] = "0",
        ["tls-auth-clients"] = "yes",
        ["tls-ca-cert-dir"] = "",
        ["tls-ca-cert-file"] = "",
        ["tls-cert-file"] = "",
        ["tls-ciphers"] = "",
        ["tls-ciphersuites"] = "",
        ["tls-client-cert-file"] = "",
        ["tls-client-key-file"] = "",
        ["tls-client-key-file-pass"] = "",
        ["tls-cluster"] = "no",
        ["tls-dh-params-file"] = "",
        ["tls-key-file"] = "",
        ["tls-key-file-pass"] = "",
        ["tls-port"] = "0",
        ["tls-prefer-server-ciphers"] = "no",
        ["tls-protocols"] = "",
        ["tls-replication"] = "no",
        ["tls-session-cache-size"] = "20480",
        ["tls-session-cache-timeout"] = "300",
        ["tls-session-caching"] = "yes",
        ["tracking-table-max-keys"] = "1000000",
        ["unixsocket"] = "",
        ["unixsocketperm"] = "0",
        ["zset-max-listpack-entries"] = "128",
        ["zset-max-listpack-value"] = "64",
        ["zset-max-ziplist-entries"] = "128",
        ["zset-max-ziplist-value"] = "64",
    };

    private static ConfigRegistry NewRegistry() => new(new ServerOptions());

    private static string? Set(ConfigRegistry registry, string name, string value) =>
        registry.Set([(name, value)], fromCommand: true, protectedAllowed: true);

    [Fact]
    public void GetAll_Defaults_MatchRedis()
    {
        ConfigRegistry registry = NewRegistry();
        var all = new Dictionary<string, string>();
        foreach (KeyValuePair<string, string> pair in registry.Get(["*"]))
        {
            all.Add(pair.Key, pair.Value);
        }
        foreach (string name in s_redisDefaults.Keys)
        {
            Assert.True(all.ContainsKey(name), $"missing {name}");
        }
        foreach (string name in all.Keys)
        {
            Assert.True(name == "dir" || s_redisDefaults.ContainsKey(name), $"extra {name}");
        }
        Assert.Equal(192, all.Count);
        Assert.Equal(Directory.GetCurrentDirectory(), all["dir"]);
        all.Remove("dir");
        foreach ((string name, string value) in s_redisDefaults)
        {
            Assert.True(all.TryGetValue(name, out string? ours), $"missing {name}");
            Assert.True(value == ours, $"{name}: expected '{value}', got '{ours}'");
        }
    }

    /// <summary>The parameters real Redis refuses to CONFIG SET even to their current value.</summary>
    private static readonly HashSet<string> s_immutable =
    [
        "aclfile", "always-show-logo", "aof_rewrite_cpulist", "appenddirname", "appendfilename", "bgsave_cpulist", "bio_cpulist",
        "cluster-config-file", "cluster-enabled", "cluster-port", "daemonize", "databases", "disable-thp", "enable-debug-command",
        "enable-module-command", "enable-protected-configs", "io-threads", "io-threads-do-reads", "logfile", "pidfile", "rdbchecksum",
        "replicaof", "server_cpulist", "set-proc-title", "slaveof", "socket-mark-id", "supervised", "syslog-enabled", "syslog-facility",
        "syslog-ident", "tcp-backlog", "unixsocket", "unixsocketperm",
    ];

    [Fact]
    public void SetEveryParameterToItsValue_MatchesRedisFlags()
    {
        ConfigRegistry registry = NewRegistry();
        foreach (KeyValuePair<string, string> pair in registry.Get(["*"]))
        {
            string? error = registry.Set([(pair.Key, pair.Value)], fromCommand: true, protectedAllowed: false);
            string? expected = s_immutable.Contains(pair.Key)
                ? $"ERR CONFIG SET failed (possibly related to argument '{pair.Key}') - can't set immutable config"
                : pair.Key is "dir" or "dbfilename"
                    ? $"ERR CONFIG SET failed (possibly related to argument '{pair.Key}') - can't set protected config"
                    : null;
            Assert.True(expected == error, $"{pair.Key}: {error}");
            Assert.Equal(pair.Value, registry.GetValue(pair.Key));
        }
    }

    [Fact]
    public void Get_HiddenParameter_OnlyByExactName()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Empty(registry.Get(["kvserver-*"]));
        Assert.Equal([new("kvserver-executor", "inline")], registry.Get(["kvserver-executor"]));
        Assert.Equal([new("kvserver-event-loop-poll-us", "100")], registry.Get(["kvserver-event-loop-poll-us"]));
        Assert.Equal([new("use-exit-on-panic", "no")], registry.Get(["use-exit-on-panic"]));
    }

    [Fact]
    public void Get_ExactName_AnsweredAsWrittenOnce()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal([new("PORT", "6379")], registry.Get(["PORT", "port", "p*t"]));
    }

    [Fact]
    public void Get_Pattern_MatchesAliasesCaseInsensitively()
    {
        ConfigRegistry registry = NewRegistry();
        List<KeyValuePair<string, string>> pairs = registry.Get(["HASH-max-ziplist-*"]);
        Assert.Equal(2, pairs.Count);
        Assert.Contains(new("hash-max-ziplist-entries", "512"), pairs);
        Assert.Contains(new("hash-max-ziplist-value", "64"), pairs);
    }

    [Fact]
    public void Get_UnknownName_ReturnsNothing()
    {
        Assert.Empty(NewRegistry().Get(["nosuch"]));
    }

    [Theory]
    [InlineData("timeout", "01", "argument couldn't be parsed into an integer")]
    [InlineData("timeout", "+1", "argument couldn't be parsed into an integer")]
    [InlineData("timeout", "-0", "argument couldn't be parsed into an integer")]
    [InlineData("timeout", " 1", "argument couldn't be parsed into an integer")]
    [InlineData("timeout", "1k", "argument couldn't be parsed into an integer")]
    [InlineData("timeout", "9223372036854775808", "argument couldn't be parsed into an integer")]
    [InlineData("timeout", "-1", "argument must be between 0 and 2147483647 inclusive")]
    [InlineData("port", "70000", "argument must be between 0 and 65535 inclusive")]
    [InlineData("maxclients", "0", "argument must be between 1 and 4294967295 inclusive")]
    [InlineData("hash-max-listpack-entries", "-1", "argument must be between 0 and 9223372036854775807 inclusive")]
    [InlineData("maxmemory", "+1", "argument must be a memory value")]
    [InlineData("maxmemory", "-0", "argument must be a memory value")]
    [InlineData("maxmemory", "1.5gb", "argument must be a memory value")]
    [InlineData("maxmemory", "0x10", "argument must be a memory value")]
    [InlineData("maxmemory", "1 ", "argument must be a memory value")]
    [InlineData("proto-max-bulk-len", "1k", "argument must be between 1048576 and 9223372036854775807 inclusive")]
    [InlineData("proto-max-bulk-len", "9223372036854775808", "argument must be between 1048576 and 9223372036854775807 inclusive")]
    [InlineData("maxmemory-clients", "-5", "argument must be a memory or percent value")]
    [InlineData("maxmemory-clients", "200%", "percentage argument must be less or equal to 100")]
    [InlineData("protected-mode", "maybe", "argument must be 'yes' or 'no'")]
    [InlineData("loglevel", "foo", "argument(s) must be one of the following: debug, verbose, notice, warning")]
    [InlineData("loglevel", "notice warning", "argument(s) must be one of the following: debug, verbose, notice, warning")]
    [InlineData("loglevel", "", "argument(s) must be one of the following: debug, verbose, notice, warning")]
    [InlineData("shutdown-on-sigint", "save nosave", "shutdown options SAVE and NOSAVE can't be used simultaneously")]
    [InlineData("shutdown-on-sigint", "", "argument(s) must be one of the following: default, save, nosave, now, force")]
    [InlineData("shutdown-on-sigint", "now  save", "argument(s) must be one of the following: default, save, nosave, now, force")]
    [InlineData("dbfilename", "a/b.rdb", "dbfilename can't be a path, just a filename")]
    [InlineData("cluster-announce-hostname", "a_b", "Hostnames may only contain alphanumeric characters, hyphens or dots")]
    [InlineData("proc-title-template", "{nosuch}", "template format is invalid or contains unknown variables")]
    [InlineData("proc-title-template", "{title}", "template format is invalid or contains unknown variables")]
    [InlineData("save", "100", "Invalid save parameters")]
    [InlineData("save", "0 1", "Invalid save parameters")]
    [InlineData("save", "1 -1", "Invalid save parameters")]
    [InlineData("save", "1 a", "Invalid save parameters")]
    [InlineData("save", " 100 1", "Invalid save parameters")]
    [InlineData("save", "100  1", "Invalid save parameters")]
    [InlineData("client-output-buffer-limit", "master 1 1 1", "Invalid client class specified in buffer limit configuration.")]
    [InlineData("client-output-buffer-limit", "replica 1 1 -1", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("client-output-buffer-limit", "slave 1x 1 1", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("client-output-buffer-limit", "normal 1 1", "Wrong number of arguments in buffer limit configuration.")]
    [InlineData("oom-score-adj-values", "1 2", "wrong number of arguments")]
    [InlineData("oom-score-adj-values", "1 2 3000", "Invalid oom-score-adj-values, elements must be between -2000 and 2000.")]
    [InlineData("notify-keyspace-events", "Q", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")]
    [InlineData("latency-tracking-info-percentiles", "50 99.5 abc", "Invalid latency-tracking-info-percentiles parameters")]
    [InlineData("latency-tracking-info-percentiles", "50 101", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")]
    [InlineData("latency-tracking-info-percentiles", "50.0 99.50 0.001 ", "Invalid latency-tracking-info-percentiles parameters")]
    public void Set_InvalidValue_ReturnsRedisReason(string name, string value, string reason)
    {
        ConfigRegistry registry = NewRegistry();
        string before = registry.GetValue(name);
        Assert.Equal($"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}", Set(registry, name, value));
        Assert.Equal(before, registry.GetValue(name));
    }

    [Theory]
    [InlineData("maxmemory", "", "0")]
    [InlineData("maxmemory", "kb", "0")]
    [InlineData("maxmemory", "01", "1")]
    [InlineData("maxmemory", "1KB", "1024")]
    [InlineData("maxmemory", "1k", "1000")]
    [InlineData("maxmemory", "1Gb", "1073741824")]
    [InlineData("maxmemory", "2m", "2000000")]
    [InlineData("maxmemory", "99999999999999999999", "18446744073709551615")]
    [InlineData("maxmemory-clients", "10%", "10%")]
    [InlineData("maxmemory-clients", "1kb", "1024")]
    [InlineData("hz", "1000", "500")]
    [InlineData("hz", "0", "1")]
    [InlineData("protected-mode", "NO", "no")]
    [InlineData("loglevel", "WARNING", "warning")]
    [InlineData("oom-score-adj", "relative", "yes")]
    [InlineData("shutdown-on-sigint", "now save", "save now")]
    [InlineData("shutdown-on-sigint", "default now", "now")]
    [InlineData("shutdown-on-sigterm", "nosave force", "nosave force")]
    [InlineData("save", "100 1 30 2", "100 1 30 2")]
    [InlineData("save", "", "")]
    [InlineData("save", "+100 007", "100 7")]
    [InlineData("oom-score-adj-values", "10 -20 30", "10 -20 30")]
    [InlineData("latency-tracking-info-percentiles", "50.0 99.50 0.001", "50 99.5 0.001")]
    [InlineData("latency-tracking-info-percentiles", "", "")]
    [InlineData("bind", "127.0.0.1 -::1", "127.0.0.1 -::1")]
    [InlineData("bind", "", "")]
    [InlineData("requirepass", "secret", "secret")]
    [InlineData("list-max-ziplist-size", "-1", "-1")]
    [InlineData("slowlog-log-slower-than", "-1", "-1")]
    public void Set_ValidValue_StoresCanonicalForm(string name, string value, string expected)
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Null(Set(registry, name, value));
        Assert.Equal(expected, registry.GetValue(name));
    }

    [Theory]
    [InlineData("KEA", "AKE")]
    [InlineData("Kx", "xK")]
    [InlineData("Ex", "xE")]
    [InlineData("gE", "gE")]
    [InlineData("A", "A")]
    [InlineData("g$lshzxetd", "A")]
    [InlineData("g$lshzxet", "g$lshzxet")]
    [InlineData("Ksm", "sKm")]
    [InlineData("Kn", "nK")]
    [InlineData("KEAn", "AKE")]
    [InlineData("KA$", "AK")]
    [InlineData("Am", "Am")]
    [InlineData("", "")]
    public void Set_NotifyKeyspaceEvents_NormalizedAsRedis(string classes, string expected)
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Null(Set(registry, "notify-keyspace-events", classes));
        Assert.Equal(expected, registry.GetValue("notify-keyspace-events"));
    }

    [Fact]
    public void Set_NotifyKeyspaceEvents_UpdatesOptionFlags()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Null(Set(registry, "notify-keyspace-events", "Ex"));
        Assert.Equal((int)(KvServer.Engine.Execution.NotifyFlags.Keyevent | KvServer.Engine.Execution.NotifyFlags.Expired), options.NotifyKeyspaceEvents);
    }

    [Fact]
    public void Set_ClientOutputBufferLimit_ChangesOnlyGivenClasses()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Null(Set(registry, "client-output-buffer-limit", "normal 1kb 2mb 3 pubsub 1 2 3"));
        Assert.Equal("normal 1024 2097152 3 slave 268435456 67108864 60 pubsub 1 2 3", registry.GetValue("client-output-buffer-limit"));
        Assert.Equal(new ClientOutputBufferLimit(1024, 2097152, 3), options.ClientOutputBufferLimits[0]);
        Assert.Null(Set(registry, "client-output-buffer-limit", ""));
        Assert.Equal("normal 1024 2097152 3 slave 268435456 67108864 60 pubsub 1 2 3", registry.GetValue("client-output-buffer-limit"));
    }

    [Fact]
    public void Set_Save_UpdatesSavePoints()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Equal([(3600L, 1), (300L, 100), (60L, 10000)], options.SavePoints);
        Assert.Null(Set(registry, "save", "100 1 30 2"));
        Assert.Equal([(100L, 1), (30L, 2)], options.SavePoints);
        Assert.Null(Set(registry, "save", ""));
        Assert.Empty(options.SavePoints);
    }

    [Fact]
    public void Set_ReplicaOf_IsImmutable()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config", Set(registry, "slaveof", "a 1"));
    }

    [Fact]
    public void Set_UnknownThenImmutable_ReportsUnknown()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR Unknown option or number of arguments for CONFIG SET - 'foo'", registry.Set([("foo", "1"), ("daemonize", "yes")]));
    }

    [Fact]
    public void Set_ImmutableThenUnknown_ReportsImmutable()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            registry.Set([("daemonize", "yes"), ("foo", "1")]));
    }

    [Fact]
    public void Set_BadValueThenUnknown_ReportsUnknown()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR Unknown option or number of arguments for CONFIG SET - 'foo'", registry.Set([("port", "abc"), ("foo", "1")]));
    }

    [Fact]
    public void Set_Duplicate_NamesTheSecondAsWritten()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter",
            registry.Set([("port", "1"), ("maxmemory", "1"), ("PORT", "2")]));
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - duplicate parameter",
            registry.Set([("hash-max-listpack-entries", "1"), ("hash-max-ziplist-entries", "2")]));
    }

    [Fact]
    public void Set_ImmutableError_NamesTheParameterAsWritten()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'DATABASES') - can't set immutable config", Set(registry, "DATABASES", "2"));
    }

    [Fact]
    public void Set_ValueError_NamesTheParameterInLowerCaseOrAlias()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", Set(registry, "PORT", "abc"));
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer",
            Set(registry, "Hash-Max-Ziplist-Entries", "abc"));
    }

    [Fact]
    public void Set_Protected_RefusedFromCommandUnlessAllowed()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
            registry.Set([("dir", "/nonexist")], fromCommand: true, protectedAllowed: false));
        Assert.Null(registry.Set([("dbfilename", "x.rdb")], fromCommand: true, protectedAllowed: true));
        Assert.Equal("x.rdb", registry.GetValue("dbfilename"));
    }

    [Fact]
    public void Set_SeveralPairsWithOneBadValue_ChangesNothing()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive",
            registry.Set([("maxmemory", "10mb"), ("timeout", "-1")]));
        Assert.Equal("0", registry.GetValue("maxmemory"));
        Assert.Equal(0, options.MaxMemory);
    }

    [Fact]
    public void Set_SeveralPairs_AppliesAll()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Null(registry.Set([("maxmemory", "10mb"), ("maxmemory-policy", "allkeys-lru"), ("hz", "20")]));
        Assert.Equal(10L * 1024 * 1024, options.MaxMemory);
        Assert.Equal("allkeys-lru", options.MaxMemoryPolicy);
        Assert.Equal(20, options.Hz);
    }

    [Fact]
    public void Set_Dir_ResolvesExistingDirectoryWithoutChangingProcessDirectory()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        string cwd = Directory.GetCurrentDirectory();
        string temp = Path.GetTempPath().TrimEnd('/');
        Assert.Null(registry.Set([("dir", temp + "/.")], fromCommand: false));
        Assert.Equal(temp, registry.GetValue("dir"));
        Assert.Equal(temp, options.Dir);
        Assert.Equal(cwd, Directory.GetCurrentDirectory());
    }

    [Fact]
    public void Set_DirMissing_ReturnsErrnoText()
    {
        ConfigRegistry registry = NewRegistry();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory",
            registry.Set([("dir", "/nonexistent-kvserver-dir")], fromCommand: false));
        string file = Path.GetTempFileName();
        try
        {
            Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'dir') - Not a directory",
                registry.Set([("dir", file)], fromCommand: false));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Set_Requirepass_EmptyClearsPassword()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Null(Set(registry, "requirepass", "pw"));
        Assert.Equal("pw", options.RequirePass);
        Assert.Null(Set(registry, "requirepass", ""));
        Assert.Null(options.RequirePass);
    }

    [Theory]
    [InlineData("100", 100UL)]
    [InlineData("1b", 1UL)]
    [InlineData("1K", 1000UL)]
    [InlineData("1mb", 1048576UL)]
    [InlineData("18446744073709551616", ulong.MaxValue)]
    public void TryParseMemory_AcceptsRedisUnits(string text, ulong expected)
    {
        Assert.True(ConfigRegistry.TryParseMemory(text, out ulong bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1x")]
    [InlineData("1 kb")]
    [InlineData("20000000000gb")]
    public void TryParseMemory_RejectsOthers(string text)
    {
        Assert.False(ConfigRegistry.TryParseMemory(text, out ulong _));
    }
}
