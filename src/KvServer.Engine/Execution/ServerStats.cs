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

    /// <summary>used_memory_peak: the largest managed heap size INFO has seen (reset by CONFIG RESETSTAT).</summary>
    public long UsedMemoryPeak;

    /// <summary>used_memory_startup: the managed heap size when the server was created.</summary>
    public long UsedMemoryStartup = GC.GetTotalMemory(false);

    // Instantaneous metrics (server.c trackInstantaneousMetric): 16 samples taken at most every 100 ms.
    private const int MetricSamples = 16;
    private readonly long[,] _metricSamples = new long[3, MetricSamples];
    private readonly long[] _metricLastCount = new long[3];
    private long _metricLastTimeMs;
    private int _metricIndex;

    /// <summary>Records one sample of commands/sec and network bytes/sec; called by the cron (every 100 ms at most).</summary>
    public void SampleMetrics(long nowMs)
    {
        long elapsed = nowMs - _metricLastTimeMs;
        if (_metricLastTimeMs != 0 && elapsed < 100)
        {
            return;
        }
        ReadOnlySpan<long> counts = [TotalCommandsProcessed, Interlocked.Read(ref NetInputBytes), Interlocked.Read(ref NetOutputBytes)];
        for (int metric = 0; metric < 3; metric++)
        {
            long delta = counts[metric] - _metricLastCount[metric];
            _metricSamples[metric, _metricIndex] = _metricLastTimeMs == 0 || elapsed <= 0 ? 0 : delta * 1000 / elapsed;
            _metricLastCount[metric] = counts[metric];
        }
        _metricIndex = (_metricIndex + 1) % MetricSamples;
        _metricLastTimeMs = nowMs;
    }

    /// <summary>getInstantaneousMetric: the mean of the samples (0 commands, 1 input bytes, 2 output bytes per second).</summary>
    public long InstantaneousMetric(int metric)
    {
        long sum = 0;
        for (int i = 0; i < MetricSamples; i++)
        {
            sum += _metricSamples[metric, i];
        }
        return sum / MetricSamples;
    }

    public void Reset()
    {
        UnexpectedErrorReplies = 0;
        UsedMemoryPeak = 0;
        Array.Clear(_metricSamples);
        Array.Clear(_metricLastCount);
        _metricLastTimeMs = 0;
        _metricIndex = 0;
        TotalCommandsProcessed = 0;
        TotalErrorReplies = 0;
        TotalConnectionsReceived = 0;
        RejectedConnections = 0;
        NetInputBytes = 0;
        NetOutputBytes = 0;
        ErrorCounts.Clear();
    }
}
