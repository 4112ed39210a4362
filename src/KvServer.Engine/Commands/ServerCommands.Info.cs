using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// INFO [section ...] (server.c genRedisInfoString): Redis 7.0.15's sections, field names and order.
/// Fields KvServer measures (uptime, clients, memory of the managed heap and the process, commands, hits,
/// expiries, network bytes, errors, per-command statistics, keyspace) carry real figures; fields of
/// subsystems KvServer does not have (replication, persistence, Lua, defragmentation) carry the values an
/// idle Redis without them reports.
/// </summary>
internal static partial class ServerCommands
{
    /// <summary>The sections in output order, and whether "default" (INFO without arguments) includes them.</summary>
    private static readonly (string Name, bool Default)[] s_infoSections =
    [
        ("server", true), ("clients", true), ("memory", true), ("persistence", true), ("stats", true),
        ("replication", true), ("cpu", true), ("module_list", true), ("commandstats", false), ("errorstats", true),
        ("latencystats", false), ("cluster", true), ("keyspace", true),
    ];

    private static string? s_osName;
    private static string? s_buildId;

    // INFO [section [section ...]]: "default", "all" (every section) and "everything" (all plus modules).
    private static void Info(CommandContext ctx, CommandArgs args)
    {
        var requested = new HashSet<string>(StringComparer.Ordinal);
        bool all = false;
        if (args.Count == 1)
        {
            requested.Add("default");
        }
        for (int i = 1; i < args.Count; i++)
        {
            string section = args.GetString(i).ToLowerInvariant();
            if (section is "all" or "everything")
            {
                all = true;
            }
            else
            {
                requested.Add(section);
            }
        }
        string text = GenerateInfo(ctx.Server, requested, all);
        ctx.Reply.WriteVerbatim(Encoding.UTF8.GetBytes(text), "txt"u8);
    }

    /// <summary>The INFO text for the requested sections ("default" stands for the default set).</summary>
    internal static string GenerateInfo(ServerState server, IReadOnlySet<string> requested, bool all)
    {
        var info = new StringBuilder();
        bool defaults = requested.Contains("default");
        int sections = 0;
        foreach ((string name, bool isDefault) in s_infoSections)
        {
            bool wanted = all || requested.Contains(name) || (defaults && isDefault) || (name == "module_list" && requested.Contains("modules"));
            if (!wanted)
            {
                continue;
            }
            if (sections++ > 0)
            {
                info.Append("\r\n");
            }
            AppendSection(info, server, name);
        }
        return info.ToString();
    }

    private static void AppendSection(StringBuilder info, ServerState server, string name)
    {
        switch (name)
        {
            case "server":
                AppendServer(info, server);
                break;
            case "clients":
                AppendClients(info, server);
                break;
            case "memory":
                AppendMemory(info, server);
                break;
            case "persistence":
                AppendPersistence(info, server);
                break;
            case "stats":
                AppendStats(info, server);
                break;
            case "replication":
                AppendReplication(info, server);
                break;
            case "cpu":
                AppendCpu(info);
                break;
            case "module_list":
                info.Append("# Modules\r\n");
                break;
            case "commandstats":
                AppendCommandStats(info, server);
                break;
            case "errorstats":
                AppendErrorStats(info, server);
                break;
            case "latencystats":
                // Per-command latency histograms are not kept (docs/compat.md): the section is empty.
                info.Append("# Latencystats\r\n");
                break;
            case "cluster":
                info.Append("# Cluster\r\ncluster_enabled:0\r\n");
                break;
            default:
                AppendKeyspace(info, server);
                break;
        }
    }

    private static StringBuilder Field(this StringBuilder info, string name, long value) =>
        info.Append(name).Append(':').Append(value.ToString(CultureInfo.InvariantCulture)).Append("\r\n");

    private static StringBuilder Field(this StringBuilder info, string name, string value) =>
        info.Append(name).Append(':').Append(value).Append("\r\n");

    /// <summary>"%.2f".</summary>
    private static string Fixed2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static void AppendServer(StringBuilder info, ServerState server)
    {
        long nowMs = server.Clock.UnixTimeMilliseconds;
        long uptime = Math.Max(0, (nowMs - server.StartTimeMs) / 1000);
        string hz = server.Options.Hz.ToString(CultureInfo.InvariantCulture);
        info.Append("# Server\r\n")
            .Field("redis_version", EngineInfo.RedisVersion)
            .Field("kvserver_version", EngineInfo.KvServerVersion)
            .Field("redis_git_sha1", "00000000")
            .Field("redis_git_dirty", 0)
            .Field("redis_build_id", BuildId())
            .Field("redis_mode", "standalone")
            .Field("os", OsName())
            .Field("arch_bits", IntPtr.Size * 8)
            .Field("monotonic_clock", "POSIX clock_gettime")
            .Field("multiplexing_api", OperatingSystem.IsLinux() ? "epoll" : OperatingSystem.IsWindows() ? "winsock" : "kqueue")
            .Field("atomicvar_api", "c11-builtin")
            .Field("gcc_version", "0.0.0")
            .Field("process_id", Environment.ProcessId)
            .Field("process_supervised", "no")
            .Field("run_id", server.RunId)
            .Field("tcp_port", server.TcpPort != 0 ? server.TcpPort : server.Options.Port)
            .Field("server_time_usec", NowMicroseconds(server.Clock))
            .Field("uptime_in_seconds", uptime)
            .Field("uptime_in_days", uptime / (3600 * 24))
            .Field("hz", hz)
            .Field("configured_hz", hz)
            .Field("lru_clock", nowMs / 1000 & ((1 << 24) - 1))
            .Field("executable", server.ExecutablePath)
            .Field("config_file", server.ConfigFile)
            .Field("io_threads_active", 0);
    }

    /// <summary>uname's system, release and machine ("Linux 6.1.0 x86_64").</summary>
    private static string OsName()
    {
        if (s_osName is not null)
        {
            return s_osName;
        }
        string system = OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsMacOS() ? "Darwin" : OperatingSystem.IsWindows() ? "Windows" : "Unknown";
        string release = Environment.OSVersion.Version.ToString();
        try
        {
            if (File.Exists("/proc/sys/kernel/osrelease"))
            {
                release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            }
        }
        catch (IOException)
        {
        }
        string machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64",
            Architecture.Arm64 => OperatingSystem.IsLinux() ? "aarch64" : "arm64",
            Architecture.X86 => "i686",
            Architecture arch => arch.ToString().ToLowerInvariant(),
        };
        return s_osName = $"{system} {release} {machine}";
    }

    /// <summary>redis_build_id: a hex id of this build of the engine.</summary>
    private static string BuildId()
    {
        if (s_buildId is null)
        {
            byte[] mvid = typeof(ServerCommands).Module.ModuleVersionId.ToByteArray();
            s_buildId = BitConverter.ToUInt64(mvid, 0).ToString("x", CultureInfo.InvariantCulture);
        }
        return s_buildId;
    }

    private static void AppendClients(StringBuilder info, ServerState server)
    {
        long maxInput = 0;
        foreach (ClientSession client in server.Clients.Snapshot())
        {
            maxInput = Math.Max(maxInput, client.QueryBufferLength);
        }
        info.Append("# Clients\r\n")
            .Field("connected_clients", server.Clients.Count)
            .Field("cluster_connections", 0)
            .Field("maxclients", server.Config.GetValue("maxclients"))
            .Field("client_recent_max_input_buffer", maxInput)
            .Field("client_recent_max_output_buffer", 0)
            .Field("blocked_clients", 0)
            .Field("tracking_clients", 0)
            .Field("clients_in_timeout_table", 0);
    }

    /// <summary>bytesToHuman: B, then K/M/G/T/P with two decimals.</summary>
    internal static string BytesToHuman(long bytes)
    {
        ulong n = (ulong)bytes;
        string[] units = ["K", "M", "G", "T", "P"];
        if (n < 1024)
        {
            return n.ToString(CultureInfo.InvariantCulture) + "B";
        }
        double scale = 1024;
        foreach (string unit in units)
        {
            if (n < scale * 1024)
            {
                return Fixed2(n / scale) + unit;
            }
            scale *= 1024;
        }
        return n.ToString(CultureInfo.InvariantCulture) + "B";
    }

    private static void AppendMemory(StringBuilder info, ServerState server)
    {
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        long used = GC.GetTotalMemory(false);
        long rss = ResidentSetSize();
        long peak = Math.Max(server.Stats.UsedMemoryPeak, used);
        server.Stats.UsedMemoryPeak = peak;
        long startup = Math.Min(server.Stats.UsedMemoryStartup, used);
        long overhead = startup;
        long dataset = used - overhead;
        long netUsage = used - startup > 0 ? used - startup : 1;
        // The GC reports its heap only after a first collection; until then the allocated bytes stand in.
        long allocated = Math.Max(1, gc.HeapSizeBytes > 0 ? gc.HeapSizeBytes : used);
        long active = Math.Max(allocated, gc.TotalCommittedBytes);
        long resident = Math.Max(rss, 1);
        long maxMemory = server.Options.MaxMemory;
        info.Append("# Memory\r\n")
            .Field("used_memory", used)
            .Field("used_memory_human", BytesToHuman(used))
            .Field("used_memory_rss", rss)
            .Field("used_memory_rss_human", BytesToHuman(rss))
            .Field("used_memory_peak", peak)
            .Field("used_memory_peak_human", BytesToHuman(peak))
            .Field("used_memory_peak_perc", Fixed2(used * 100.0 / Math.Max(peak, 1)) + "%")
            .Field("used_memory_overhead", overhead)
            .Field("used_memory_startup", startup)
            .Field("used_memory_dataset", dataset)
            .Field("used_memory_dataset_perc", Fixed2(dataset * 100.0 / netUsage) + "%")
            .Field("allocator_allocated", allocated)
            .Field("allocator_active", active)
            .Field("allocator_resident", resident)
            .Field("total_system_memory", TotalSystemMemory(gc))
            .Field("total_system_memory_human", BytesToHuman(TotalSystemMemory(gc)))
            .Field("used_memory_lua", 0)
            .Field("used_memory_vm_eval", 0)
            .Field("used_memory_lua_human", "0B")
            .Field("used_memory_scripts_eval", 0)
            .Field("number_of_cached_scripts", 0)
            .Field("number_of_functions", 0)
            .Field("number_of_libraries", 0)
            .Field("used_memory_vm_functions", 0)
            .Field("used_memory_vm_total", 0)
            .Field("used_memory_vm_total_human", "0B")
            .Field("used_memory_functions", 0)
            .Field("used_memory_scripts", 0)
            .Field("used_memory_scripts_human", "0B")
            .Field("maxmemory", server.Config.GetValue("maxmemory"))
            .Field("maxmemory_human", BytesToHuman(maxMemory))
            .Field("maxmemory_policy", server.Options.MaxMemoryPolicy)
            .Field("allocator_frag_ratio", Fixed2((double)active / allocated))
            .Field("allocator_frag_bytes", active - allocated)
            .Field("allocator_rss_ratio", Fixed2((double)resident / active))
            .Field("allocator_rss_bytes", resident - active)
            .Field("rss_overhead_ratio", Fixed2((double)rss / resident))
            .Field("rss_overhead_bytes", rss - resident)
            .Field("mem_fragmentation_ratio", Fixed2((double)rss / Math.Max(used, 1)))
            .Field("mem_fragmentation_bytes", rss - used)
            .Field("mem_not_counted_for_evict", 0)
            .Field("mem_replication_backlog", 0)
            .Field("mem_total_replication_buffers", 0)
            .Field("mem_clients_slaves", 0)
            .Field("mem_clients_normal", 0)
            .Field("mem_cluster_links", 0)
            .Field("mem_aof_buffer", 0)
            .Field("mem_allocator", "libc")
            .Field("active_defrag_running", 0)
            .Field("lazyfree_pending_objects", 0)
            .Field("lazyfreed_objects", 0);
    }

    /// <summary>VmRSS from /proc/self/status where available, else the working set.</summary>
    private static long ResidentSetSize()
    {
        try
        {
            if (File.Exists("/proc/self/status"))
            {
                foreach (string line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        return KilobytesField(line) * 1024;
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        return Environment.WorkingSet;
    }

    private static long TotalSystemMemory(GCMemoryInfo gc)
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
            {
                foreach (string line in File.ReadLines("/proc/meminfo"))
                {
                    if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    {
                        return KilobytesField(line) * 1024;
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        return gc.TotalAvailableMemoryBytes;
    }

    /// <summary>The number in a "/proc" line such as "VmRSS:    7216 kB".</summary>
    private static long KilobytesField(string line)
    {
        int colon = line.IndexOf(':');
        string[] parts = line[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb : 0;
    }

    private static void AppendPersistence(StringBuilder info, ServerState server)
    {
        info.Append("# Persistence\r\n")
            .Field("loading", 0)
            .Field("async_loading", 0)
            .AppendPersistenceSnapshot(server)
            .Field("rdb_last_load_keys_expired", server.LastRdbLoad?.KeysExpired ?? 0)
            .Field("rdb_last_load_keys_loaded", server.LastRdbLoad?.KeysLoaded ?? 0)
            .AppendPersistenceAof(server);
    }

    private static void AppendStats(StringBuilder info, ServerState server)
    {
        ServerStats stats = server.Stats;
        KeyspaceStats keyspace = server.KeyspaceStats;
        info.Append("# Stats\r\n")
            .Field("total_connections_received", Interlocked.Read(ref stats.TotalConnectionsReceived))
            .Field("total_commands_processed", stats.TotalCommandsProcessed)
            .Field("instantaneous_ops_per_sec", stats.InstantaneousMetric(0))
            .Field("total_net_input_bytes", Interlocked.Read(ref stats.NetInputBytes))
            .Field("total_net_output_bytes", Interlocked.Read(ref stats.NetOutputBytes))
            .Field("total_net_repl_input_bytes", 0)
            .Field("total_net_repl_output_bytes", 0)
            .Field("instantaneous_input_kbps", Fixed2(stats.InstantaneousMetric(1) / 1024.0))
            .Field("instantaneous_output_kbps", Fixed2(stats.InstantaneousMetric(2) / 1024.0))
            .Field("instantaneous_input_repl_kbps", "0.00")
            .Field("instantaneous_output_repl_kbps", "0.00")
            .Field("rejected_connections", Interlocked.Read(ref stats.RejectedConnections))
            .Field("sync_full", 0)
            .Field("sync_partial_ok", 0)
            .Field("sync_partial_err", 0)
            .Field("expired_keys", keyspace.ExpiredKeys)
            .Field("expired_stale_perc", (server.KeyspaceStats.ExpiredStalePercent * 100).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))
            .Field("expired_time_cap_reached_count", server.KeyspaceStats.ExpiredTimeCapReachedCount)
            .Field("expire_cycle_cpu_milliseconds", server.KeyspaceStats.ExpireCycleTimeUsedMicroseconds / 1000)
            .Field("evicted_keys", keyspace.EvictedKeys)
            .Field("evicted_clients", 0)
            .Field("total_eviction_exceeded_time", 0)
            .Field("current_eviction_exceeded_time", 0)
            .Field("keyspace_hits", keyspace.Hits)
            .Field("keyspace_misses", keyspace.Misses)
            .Field("pubsub_channels", 0)
            .Field("pubsub_patterns", 0)
            .Field("pubsubshard_channels", 0)
            .Field("latest_fork_usec", server.Saves.LatestStartMicroseconds)
            .Field("total_forks", server.Saves.SnapshotsStarted)
            .Field("migrate_cached_sockets", 0)
            .Field("slave_expires_tracked_keys", 0)
            .Field("active_defrag_hits", 0)
            .Field("active_defrag_misses", 0)
            .Field("active_defrag_key_hits", 0)
            .Field("active_defrag_key_misses", 0)
            .Field("total_active_defrag_time", 0)
            .Field("current_active_defrag_time", 0)
            .Field("tracking_total_keys", 0)
            .Field("tracking_total_items", 0)
            .Field("tracking_total_prefixes", 0)
            .Field("unexpected_error_replies", stats.UnexpectedErrorReplies)
            .Field("total_error_replies", stats.TotalErrorReplies)
            .Field("dump_payload_sanitizations", 0)
            .Field("total_reads_processed", 0)
            .Field("total_writes_processed", 0)
            .Field("io_threaded_reads_processed", 0)
            .Field("io_threaded_writes_processed", 0)
            .Field("reply_buffer_shrinks", 0)
            .Field("reply_buffer_expands", 0);
    }

    private static void AppendReplication(StringBuilder info, ServerState server)
    {
        info.Append("# Replication\r\n")
            .Field("role", "master")
            .Field("connected_slaves", 0)
            .Field("master_failover_state", "no-failover")
            .Field("master_replid", server.ReplicationId)
            .Field("master_replid2", server.ReplicationId2)
            .Field("master_repl_offset", 0)
            .Field("second_repl_offset", -1)
            .Field("repl_backlog_active", 0)
            .Field("repl_backlog_size", server.Options.ReplBacklogSize)
            .Field("repl_backlog_first_byte_offset", 0)
            .Field("repl_backlog_histlen", 0);
    }

    private static void AppendCpu(StringBuilder info)
    {
        using Process process = Process.GetCurrentProcess();
        string system = Seconds(process.PrivilegedProcessorTime);
        string user = Seconds(process.UserProcessorTime);
        info.Append("# CPU\r\n")
            .Field("used_cpu_sys", system)
            .Field("used_cpu_user", user)
            .Field("used_cpu_sys_children", "0.000000")
            .Field("used_cpu_user_children", "0.000000")
            .Field("used_cpu_sys_main_thread", system)
            .Field("used_cpu_user_main_thread", user);
    }

    /// <summary>"%ld.%06ld" seconds.</summary>
    private static string Seconds(TimeSpan time)
    {
        long micros = time.Ticks / 10;
        return (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (micros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static void AppendCommandStats(StringBuilder info, ServerState server)
    {
        info.Append("# Commandstats\r\n");
        foreach (CommandSpec spec in server.Commands.All)
        {
            if (spec.Parent is not null || spec.Name.Contains('|'))
            {
                continue;
            }
            AppendCommandStat(info, spec);
            if (spec.SubcommandList is not null)
            {
                foreach (CommandSpec sub in spec.SubcommandList)
                {
                    AppendCommandStat(info, sub);
                }
            }
        }
    }

    private static void AppendCommandStat(StringBuilder info, CommandSpec spec)
    {
        if (spec.Calls == 0 && spec.FailedCalls == 0 && spec.RejectedCalls == 0)
        {
            return;
        }
        double perCall = spec.Calls == 0 ? 0 : (double)spec.Microseconds / spec.Calls;
        info.Append("cmdstat_").Append(spec.Name)
            .Append(":calls=").Append(spec.Calls.ToString(CultureInfo.InvariantCulture))
            .Append(",usec=").Append(spec.Microseconds.ToString(CultureInfo.InvariantCulture))
            .Append(",usec_per_call=").Append(Fixed2(perCall))
            .Append(",rejected_calls=").Append(spec.RejectedCalls.ToString(CultureInfo.InvariantCulture))
            .Append(",failed_calls=").Append(spec.FailedCalls.ToString(CultureInfo.InvariantCulture))
            .Append("\r\n");
    }

    private static void AppendErrorStats(StringBuilder info, ServerState server)
    {
        info.Append("# Errorstats\r\n");
        var prefixes = new List<string>(server.Stats.ErrorCounts.Keys);
        prefixes.Sort(StringComparer.Ordinal);
        foreach (string prefix in prefixes)
        {
            info.Append("errorstat_").Append(prefix).Append(":count=")
                .Append(server.Stats.ErrorCounts[prefix].ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
    }

    private static void AppendKeyspace(StringBuilder info, ServerState server)
    {
        info.Append("# Keyspace\r\n");
        foreach (Database db in server.Databases)
        {
            if (db.Count == 0)
            {
                continue;
            }
            info.Append("db").Append(db.Index.ToString(CultureInfo.InvariantCulture))
                .Append(":keys=").Append(db.Count.ToString(CultureInfo.InvariantCulture))
                .Append(",expires=").Append(db.ExpiresCount.ToString(CultureInfo.InvariantCulture))
                .Append(",avg_ttl=").Append(db.AverageTtl.ToString(CultureInfo.InvariantCulture))
                .Append("\r\n");
        }
    }
}
