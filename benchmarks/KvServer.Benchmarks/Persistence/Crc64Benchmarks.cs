using BenchmarkDotNet.Attributes;
using KvServer.Engine.Persistence;

namespace KvServer.Benchmarks.Persistence;

/// <summary>
/// The RDB checksum over a file-sized buffer (a million-element list saves as 4.8 MB): the carry-less
/// multiplication path every save and load takes, against the slice-by-8 tables it replaced.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class Crc64Benchmarks
{
    private readonly byte[] _data = new byte[4_965_878];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(_data);

    [Benchmark(Baseline = true)]
    public ulong Tables() => Crc64.ComputeWithTables(0, _data);

    [Benchmark]
    public ulong Folded() => Crc64.Compute(0, _data);
}
