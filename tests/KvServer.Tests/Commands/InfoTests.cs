using System.Text.RegularExpressions;
using KvServer.Engine;
using KvServer.Engine.Execution;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class InfoTests
{
    /// <summary>
    /// The field names of every section of redis-server 7.0.15's INFO EVERYTHING, in order (plus KvServer's
    /// kvserver_version after redis_version). Sections whose lines depend on the data are listed empty.
    /// </summary>
    private static readonly Dictionary<string, string[]> s_redisFields = new()
    {
        ["Server"] = ["redis_version", "kvserver_version", "redis_git_sha1", "redis_git_dirty", "redis_build_id", "redis_mode", "os", "arch_bits", "monotonic_clock", "multiplexing_api", "atomicvar_api", "gcc_version", "process_id", "process_supervised", "run_id", "tcp_port", "server_time_usec", "uptime_in_seconds", "uptime_in_days", "hz", "configured_hz", "lru_clock", "executable", "config_file", "io_threads_active"],
        ["Clients"] = ["connected_clients", "cluster_connections", "maxclients", "client_recent_max_input_buffer", "client_recent_max_output_buffer", "blocked_clients", "tracking_clients", "clients_in_timeout_table"],
        ["Memory"] = ["used_memory", "used_memory_human", "used_memory_rss", "used_memory_rss_human", "used_memory_peak", "used_memory_peak_human", "used_memory_peak_perc", "used_memory_overhead", "used_memory_startup", "used_memory_dataset", "used_memory_dataset_perc", "allocator_allocated", "allocator_active", "allocator_resident", "total_system_memory", "total_system_memory_human", "used_memory_lua", "used_memory_vm_eval", "used_memory_lua_human", "used_memory_scripts_eval", "number_of_cached_scripts", "number_of_functions", "number_of_libraries", "used_memory_vm_functions", "used_memory_vm_total", "used_memory_vm_total_human", "used_memory_functions", "used_memory_scripts", "used_memory_scripts_human", "maxmemory", "maxmemory_human", "maxmemory_policy", "allocator_frag_ratio", "allocator_frag_bytes", "allocator_rss_ratio", "allocator_rss_bytes", "rss_overhead_ratio", "rss_overhead_bytes", "mem_fragmentation_ratio", "mem_fragmentation_bytes", "mem_not_counted_for_evict", "mem_replication_backlog", "mem_total_replication_buffers", "mem_clients_slaves", "mem_clients_normal", "mem_cluster_links", "mem_aof_buffer", "mem_allocator", "active_defrag_running", "lazyfree_pending_objects", "lazyfreed_objects"],
        ["Persistence"] = ["loading", "async_loading", "current_cow_peak", "current_cow_size", "current_cow_size_age", "current_fork_perc", "current_save_keys_processed", "current_save_keys_total", "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time", "rdb_last_bgsave_status", "rdb_last_bgsave_time_sec", "rdb_current_bgsave_time_sec", "rdb_saves", "rdb_last_cow_size", "rdb_last_load_keys_expired", "rdb_last_load_keys_loaded", "aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status", "aof_rewrites", "aof_rewrites_consecutive_failures", "aof_last_write_status", "aof_last_cow_size", "module_fork_in_progress", "module_fork_last_cow_size"],
        ["Stats"] = ["total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec", "total_net_input_bytes", "total_net_output_bytes", "total_net_repl_input_bytes", "total_net_repl_output_bytes", "instantaneous_input_kbps", "instantaneous_output_kbps", "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps", "rejected_connections", "sync_full", "sync_partial_ok", "sync_partial_err", "expired_keys", "expired_stale_perc", "expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys", "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time", "keyspace_hits", "keyspace_misses", "pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "latest_fork_usec", "total_forks", "migrate_cached_sockets", "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies", "total_error_replies", "dump_payload_sanitizations", "total_reads_processed", "total_writes_processed", "io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks", "reply_buffer_expands"],
        ["Replication"] = ["role", "connected_slaves", "master_failover_state", "master_replid", "master_replid2", "master_repl_offset", "second_repl_offset", "repl_backlog_active", "repl_backlog_size", "repl_backlog_first_byte_offset", "repl_backlog_histlen"],
        ["CPU"] = ["used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children", "used_cpu_sys_main_thread", "used_cpu_user_main_thread"],
        ["Modules"] = [],
        ["Commandstats"] = [],
        ["Errorstats"] = [],
        ["Latencystats"] = [],
        ["Cluster"] = ["cluster_enabled"],
        ["Keyspace"] = [],
    };

    private static readonly string[] s_defaultSections =
        ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace"];

    private static readonly string[] s_allSections =
        ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace"];

    private static string Info(CommandHarness h, params string[] sections) => h.Call(["INFO", .. sections]).Text!;

    private static List<string> Headers(string info) =>
        info.Split("\r\n").Where(l => l.StartsWith("# ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();

    /// <summary>The value of one field ("name:value" line).</summary>
    private static string Field(string info, string name)
    {
        foreach (string line in info.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..];
            }
        }
        throw new KeyNotFoundException(name);
    }

    /// <summary>Field names of each section, in order.</summary>
    private static Dictionary<string, List<string>> Sections(string info)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (string line in info.Split("\r\n"))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                current = [];
                sections.Add(line[2..], current);
            }
            else if (line.Length > 0)
            {
                current!.Add(line[..line.IndexOf(':')]);
            }
        }
        return sections;
    }

    [Fact]
    public void Info_NoArguments_DefaultSectionsInRedisOrder()
    {
        Assert.Equal(s_defaultSections, Headers(Info(new CommandHarness())));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("DEFAULT")]
    public void Info_Default_SameSectionsAsNoArguments(string argument)
    {
        Assert.Equal(s_defaultSections, Headers(Info(new CommandHarness(), argument)));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("everything")]
    [InlineData("ALL")]
    public void Info_AllOrEverything_EverySection(string argument)
    {
        Assert.Equal(s_allSections, Headers(Info(new CommandHarness(), argument)));
    }

    [Fact]
    public void Info_Everything_FieldNamesMatchRedis()
    {
        Dictionary<string, List<string>> sections = Sections(Info(new CommandHarness(), "everything"));
        foreach ((string section, string[] fields) in s_redisFields)
        {
            if (section is "Commandstats" or "Errorstats" or "Latencystats" or "Keyspace")
            {
                continue;
            }
            Assert.Equal(fields, sections[section]);
        }
    }

    [Fact]
    public void Info_TwoSections_ExactBytes()
    {
        var h = new CommandHarness();
        Assert.Equal("$44\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n\r\n", h.Run("INFO", "keyspace", "CLUSTER"));
        Assert.Equal("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n", h.Run("info", "Cluster"));
    }

    [Fact]
    public void Info_UnknownSection_EmptyBulk()
    {
        Assert.Equal("$0\r\n\r\n", new CommandHarness().Run("INFO", "nosuch"));
    }

    [Fact]
    public void Info_Resp3_VerbatimText()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n", h.Run("INFO", "cluster"));
    }

    [Fact]
    public void Info_ModulesSection_HasHeaderOnly()
    {
        var h = new CommandHarness();
        Assert.Equal("# Modules\r\n", Info(h, "modules"));
        Assert.Equal("# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n", Info(h, "cluster", "modules"));
    }

    [Fact]
    public void Info_Default_ExcludesCommandstats()
    {
        var h = new CommandHarness();
        Assert.Equal(["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Commandstats", "Errorstats", "Cluster", "Keyspace"],
            Headers(Info(h, "default", "commandstats")));
    }

    [Fact]
    public void InfoServer_ReportsVersionsPortAndProcess()
    {
        var h = new CommandHarness();
        h.Server.TcpPort = 6390;
        h.Server.ConfigFile = "/etc/kvserver.conf";
        string info = Info(h, "server");
        Assert.Equal("7.0.15", Field(info, "redis_version"));
        Assert.Equal(EngineInfo.KvServerVersion, Field(info, "kvserver_version"));
        Assert.Equal("standalone", Field(info, "redis_mode"));
        Assert.Equal("6390", Field(info, "tcp_port"));
        Assert.Equal("/etc/kvserver.conf", Field(info, "config_file"));
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(info, "process_id"));
        Assert.Equal(h.Server.RunId, Field(info, "run_id"));
        Assert.Matches("^[0-9a-f]{40}$", Field(info, "run_id"));
        Assert.Equal("1700000000000000", Field(info, "server_time_usec"));
        Assert.Equal("10", Field(info, "hz"));
        Assert.Equal(((1_700_000_000L) & 0xFFFFFF).ToString(System.Globalization.CultureInfo.InvariantCulture), Field(info, "lru_clock"));
    }

    [Fact]
    public void InfoServer_Uptime_FollowsClock()
    {
        var h = new CommandHarness();
        h.Clock.Advance(2 * 86400_000L + 5000);
        string info = Info(h, "server");
        Assert.Equal("172805", Field(info, "uptime_in_seconds"));
        Assert.Equal("2", Field(info, "uptime_in_days"));
    }

    [Fact]
    public void InfoClients_CountsConnectedClients()
    {
        var h = new CommandHarness();
        h.NewClient();
        string info = Info(h, "clients");
        Assert.Equal("2", Field(info, "connected_clients"));
        Assert.Equal("10000", Field(info, "maxclients"));
    }

    [Fact]
    public void InfoMemory_ReportsManagedHeapAndMaxmemory()
    {
        var h = new CommandHarness();
        h.Run("CONFIG", "SET", "maxmemory", "1536kb");
        string info = Info(h, "memory");
        Assert.True(long.Parse(Field(info, "used_memory"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(long.Parse(Field(info, "used_memory_rss"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("1572864", Field(info, "maxmemory"));
        Assert.Equal("1.50M", Field(info, "maxmemory_human"));
        Assert.Equal("noeviction", Field(info, "maxmemory_policy"));
        Assert.Equal("libc", Field(info, "mem_allocator"));
        Assert.Matches(@"^\d+\.\d\d%$", Field(info, "used_memory_peak_perc"));
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1023L, "1023B")]
    [InlineData(1024L, "1.00K")]
    [InlineData(965752L, "943.12K")]
    [InlineData(7225344L, "6.89M")]
    [InlineData(25276502016L, "23.54G")]
    [InlineData(1L << 40, "1.00T")]
    public void BytesToHuman_FormatsLikeRedis(long bytes, string expected)
    {
        var h = new CommandHarness();
        h.Run("CONFIG", "SET", "maxmemory", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, Field(Info(h, "memory"), "maxmemory_human"));
    }

    [Fact]
    public void InfoPersistence_ChangesSinceLastSave_CountsWrites()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "2");
        string info = Info(h, "persistence");
        Assert.Equal("2", Field(info, "rdb_changes_since_last_save"));
        Assert.Equal("1700000000", Field(info, "rdb_last_save_time"));
        Assert.Equal("0", Field(info, "aof_enabled"));
        Assert.Equal("ok", Field(info, "rdb_last_bgsave_status"));
    }

    [Fact]
    public void InfoStats_CountsCommandsHitsAndErrors()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("GET", "a");
        h.Run("GET", "nosuch");
        h.Run("NOSUCHCOMMAND");
        string info = Info(h, "stats");
        Assert.Equal("3", Field(info, "total_commands_processed"));
        Assert.Equal("1", Field(info, "keyspace_hits"));
        Assert.Equal("1", Field(info, "keyspace_misses"));
        Assert.Equal("1", Field(info, "total_error_replies"));
        Assert.Equal("0", Field(info, "expired_keys"));
    }

    [Fact]
    public void InfoStats_ExpiredKeys_CountsLazyExpiry()
    {
        var h = new CommandHarness();
        h.Server.Databases[0].Set("k"u8, new byte[] { 1 });
        h.Server.Databases[0].SetExpire("k"u8, h.Clock.UnixTimeMilliseconds + 10);
        h.Clock.Advance(20);
        h.Run("GET", "k");
        Assert.Equal("1", Field(Info(h, "stats"), "expired_keys"));
    }

    [Fact]
    public void InfoStats_InstantaneousOps_SampledByCron()
    {
        var h = new CommandHarness();
        ServerCron.RunOnce(h.Server);
        for (int i = 0; i < 100; i++)
        {
            h.Run("GET", "a");
        }
        h.Clock.Advance(100);
        ServerCron.RunOnce(h.Server);
        // One sample of 1000 ops/sec among 16 slots.
        Assert.Equal("62", Field(Info(h, "stats"), "instantaneous_ops_per_sec"));
    }

    [Fact]
    public void InfoStats_NetworkBytes_ReportConnectionCounters()
    {
        var h = new CommandHarness();
        h.Server.Stats.NetInputBytes = 77;
        h.Server.Stats.NetOutputBytes = 6663;
        h.Server.Stats.TotalConnectionsReceived = 3;
        h.Server.Stats.RejectedConnections = 1;
        string info = Info(h, "stats");
        Assert.Equal("77", Field(info, "total_net_input_bytes"));
        Assert.Equal("6663", Field(info, "total_net_output_bytes"));
        Assert.Equal("3", Field(info, "total_connections_received"));
        Assert.Equal("1", Field(info, "rejected_connections"));
    }

    [Fact]
    public void InfoReplication_ReportsMasterWithReplicationIds()
    {
        var h = new CommandHarness();
        string info = Info(h, "replication");
        Assert.Equal("master", Field(info, "role"));
        Assert.Equal(h.Server.ReplicationId, Field(info, "master_replid"));
        Assert.Equal(new string('0', 40), Field(info, "master_replid2"));
        Assert.Equal("-1", Field(info, "second_repl_offset"));
        Assert.Equal("1048576", Field(info, "repl_backlog_size"));
    }

    [Fact]
    public void InfoCpu_FormatsSecondsWithMicroseconds()
    {
        string info = Info(new CommandHarness(), "cpu");
        Assert.Matches(@"^\d+\.\d{6}$", Field(info, "used_cpu_user"));
        Assert.Equal("0.000000", Field(info, "used_cpu_sys_children"));
    }

    [Fact]
    public void InfoErrorstats_CountsByPrefixSorted()
    {
        var h = new CommandHarness();
        h.Run("NOSUCH");
        h.Run("SET", "s", "v");
        h.Server.Stats.RecordError("WRONGTYPE"u8);
        h.Server.Stats.RecordError("BUSYKEY"u8);
        h.Server.Stats.RecordError("ERR"u8);
        Assert.Equal("# Errorstats\r\nerrorstat_BUSYKEY:count=1\r\nerrorstat_ERR:count=2\r\nerrorstat_WRONGTYPE:count=1\r\n", Info(h, "errorstats"));
    }

    [Fact]
    public void InfoCommandstats_ReportsCallsFailuresAndRejections()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("GET", "a");
        h.Run("GET", "a");
        h.Run("GET");
        h.Run("CONFIG", "GET", "hz");
        string info = Info(h, "commandstats");
        var lines = info.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("# Commandstats", lines[0]);
        Assert.Matches(@"^cmdstat_get:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0$", lines.Single(l => l.StartsWith("cmdstat_get:", StringComparison.Ordinal)));
        Assert.Matches(@"^cmdstat_set:calls=1,", lines.Single(l => l.StartsWith("cmdstat_set:", StringComparison.Ordinal)));
        Assert.Matches(@"^cmdstat_config\|get:calls=1,", lines.Single(l => l.StartsWith("cmdstat_config|get:", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("cmdstat_ping:", StringComparison.Ordinal));
    }

    [Fact]
    public void InfoCommandstats_FailedCall_Counted()
    {
        var h = new CommandHarness();
        h.Run("CONFIG", "SET", "hz", "abc");
        Assert.Matches("cmdstat_config\\|set:calls=1,usec=\\d+,usec_per_call=[0-9.]+,rejected_calls=0,failed_calls=1", Info(h, "commandstats"));
    }

    [Fact]
    public void InfoKeyspace_ListsNonEmptyDatabases()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "2");
        h.Server.Databases[0].SetExpire("b"u8, h.Clock.UnixTimeMilliseconds + 100_000);
        h.Server.Databases[3].Set("x"u8, new byte[] { 1 });
        Assert.Equal("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n", Info(h, "keyspace"));
    }

    [Fact]
    public void ConfigResetstat_ZeroesInfoCounters()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("GET", "a");
        h.Run("GET", "b");
        h.Run("NOSUCH");
        h.Server.Stats.NetInputBytes = 100;
        Assert.Equal("+OK\r\n", h.Run("CONFIG", "RESETSTAT"));
        string info = Info(h, "everything");
        Assert.Equal("1", Field(info, "total_commands_processed"));
        Assert.Equal("0", Field(info, "keyspace_hits"));
        Assert.Equal("0", Field(info, "keyspace_misses"));
        Assert.Equal("0", Field(info, "total_error_replies"));
        Assert.Equal("0", Field(info, "total_net_input_bytes"));
        Assert.Equal("1", Field(info, "rdb_changes_since_last_save"));
        Assert.DoesNotContain("errorstat_", info);
        Assert.DoesNotContain("cmdstat_get", info);
        Assert.Contains("cmdstat_config|resetstat:calls=1,", info);
    }
}
