namespace KvServer.Engine.Persistence;

/// <summary>What a successful RDB load did: the counts Redis logs, and where the RDB data ended.</summary>
public sealed class RdbLoadResult
{
    /// <summary>The file's RDB version (the digits after "REDIS").</summary>
    public int Version { get; init; }

    /// <summary>Keys added to the databases.</summary>
    public long KeysLoaded { get; init; }

    /// <summary>Keys skipped because their expiry had passed (never with <see cref="RdbLoadFlags.AofPreamble"/>).</summary>
    public long KeysExpired { get; init; }

    /// <summary>Keys skipped because their collection was stored empty (Redis's "empty keys skipped").</summary>
    public long EmptyKeysSkipped { get; init; }

    /// <summary>Function libraries loaded (FUNCTION2 records).</summary>
    public int FunctionsLoaded { get; init; }

    /// <summary>
    /// Bytes of the RDB data, from the "REDIS" magic through the checksum: in an AOF with an RDB preamble, the
    /// offset (from where reading started) at which the AOF commands begin.
    /// </summary>
    public long BytesRead { get; init; }

    /// <summary>The AUX fields of the file (redis-ver, ctime, used-mem, aof-base, ...), values as text.</summary>
    public IReadOnlyDictionary<string, string> AuxFields { get; init; } = new Dictionary<string, string>();
}
