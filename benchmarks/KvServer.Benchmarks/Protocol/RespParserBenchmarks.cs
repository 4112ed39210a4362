using System.Text;
using BenchmarkDotNet.Attributes;
using KvServer.Engine.Protocol;

namespace KvServer.Benchmarks.Protocol;

/// <summary>Parsing cost of the requests redis-benchmark sends: must allocate nothing per command.</summary>
[MemoryDiagnoser]
public class RespParserBenchmarks
{
    private readonly RequestBatch _batch = new();
    private byte[] _get = [];
    private byte[] _set = [];
    private byte[] _pipeline = [];
    private byte[] _inline = [];
    private ParserLimits _limits;

    [GlobalSetup]
    public void Setup()
    {
        _get = Encoding.ASCII.GetBytes("*2\r\n$3\r\nGET\r\n$16\r\nkey:000000012345\r\n");
        _set = Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000012345\r\n$3\r\nxxx\r\n");
        var pipeline = new StringBuilder();
        for (int i = 0; i < 16; i++)
        {
            pipeline.Append("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000012345\r\n$3\r\nxxx\r\n");
        }
        _pipeline = Encoding.ASCII.GetBytes(pipeline.ToString());
        _inline = Encoding.ASCII.GetBytes("PING\r\n");
        _limits = new ParserLimits { MaxBulkLength = 512L * 1024 * 1024 };
    }

    private int Parse(byte[] input)
    {
        _batch.Clear();
        RespRequestParser.Parse(input, _batch, _limits, out int consumed, out _, out _);
        return consumed;
    }

    [Benchmark]
    public int Get() => Parse(_get);

    [Benchmark]
    public int Set() => Parse(_set);

    [Benchmark(OperationsPerInvoke = 16)]
    public int SetPipeline16() => Parse(_pipeline);

    [Benchmark]
    public int InlinePing() => Parse(_inline);
}
