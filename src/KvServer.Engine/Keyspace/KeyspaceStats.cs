namespace KvServer.Engine.Keyspace;

/// <summary>Keyspace counters reported by INFO stats (executor-only, like everything in the keyspace).</summary>
public sealed class KeyspaceStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;
    public long ExpiredStalePercentSamples;
    public long EvictedKeys;

    /// <summary>Writes since the last save (rdb_changes_since_last_save), Redis's server.dirty.</summary>
    public long Dirty;

    public void Reset()
    {
        Hits = 0;
        Misses = 0;
        ExpiredKeys = 0;
        EvictedKeys = 0;
    }
}
