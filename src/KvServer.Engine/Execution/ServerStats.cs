namespace KvServer.Engine.Execution;

/// <summary>Server-wide counters for INFO stats and errorstats. Executor-only, except the connection counters.</summary>
public sealed class ServerStats
{
    public long TotalCommandsProcessed;
    public long TotalErrorReplies;
    public long UnexpectedErrorReplies;

    // Updated by connections (Interlocked): they are counted outside the executor.
    public long TotalConnectionsReceived;
    public long RejectedConnections;
    public long NetInputBytes;
    public long NetOutputBytes;

    /// <summary>errorstat_&lt;PREFIX&gt;:count=N, at most 128 distinct prefixes as in Redis.</summary>
    public Dictionary<string, long> ErrorCounts { get; } = new(StringComparer.Ordinal);

    private const int MaxErrorPrefixes = 128;

    public void RecordError(ReadOnlySpan<byte> prefix)
    {
        TotalErrorReplies++;
        var lookup = ErrorCounts.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[Math.Min(prefix.Length, 64)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)prefix[i];
        }
        if (lookup.TryGetValue(chars, out long count))
        {
            lookup[chars] = count + 1;
        }
        else if (ErrorCounts.Count < MaxErrorPrefixes)
        {
            ErrorCounts[new string(chars)] = 1;
        }
    }

    public void Reset()
    {
        TotalCommandsProcessed = 0;
        TotalErrorReplies = 0;
        TotalConnectionsReceived = 0;
        RejectedConnections = 0;
        NetInputBytes = 0;
        NetOutputBytes = 0;
        ErrorCounts.Clear();
    }
}
