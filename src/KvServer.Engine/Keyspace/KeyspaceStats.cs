namespace KvServer.Engine.Keyspace;

/// <summary>Keyspace counters reported by INFO stats (executor-only, like everything in the keyspace).</summary>
public sealed class KeyspaceStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;
    public long EvictedKeys;

    /// <summary>
    /// expired_stale_perc as a fraction (0..1): running estimate of the share of keys with a TTL that are
    /// logically expired but not yet removed, updated by every active expiry cycle (5% weight per cycle).
    /// </summary>
    public double ExpiredStalePercent;

    /// <summary>expired_time_cap_reached_count: active expiry cycles that stopped on their time budget.</summary>
    public long ExpiredTimeCapReachedCount;

    /// <summary>expire_cycle_cpu_milliseconds, kept in microseconds as Redis does.</summary>
    public long ExpireCycleTimeUsedMicroseconds;

    /// <summary>Writes since the last save (rdb_changes_since_last_save), Redis's server.dirty.</summary>
    public long Dirty;

    /// <summary>CONFIG RESETSTAT (resetServerStats): everything but the dirty counter.</summary>
    public void Reset()
    {
        Hits = 0;
        Misses = 0;
        ExpiredKeys = 0;
        EvictedKeys = 0;
        ExpiredStalePercent = 0;
        ExpiredTimeCapReachedCount = 0;
        ExpireCycleTimeUsedMicroseconds = 0;
    }
}
