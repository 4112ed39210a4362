using BenchmarkDotNet.Attributes;
using KvServer.Engine.Protocol;

namespace KvServer.Benchmarks.Protocol;

/// <summary>Reply writing cost for GET/SET/INCR-shaped replies: must allocate nothing.</summary>
[MemoryDiagnoser]
public class RespWriterBenchmarks
{
    private readonly RespWriter _writer = new();
    private readonly byte[] _value = new byte[32];

    [Benchmark]
    public int GetReply()
    {
        _writer.Reset();
        _writer.WriteBulkString(_value);
        return _writer.Length;
    }

    [Benchmark]
    public int SetReply()
    {
        _writer.Reset();
        _writer.WriteOk();
        return _writer.Length;
    }

    [Benchmark]
    public int IncrReply()
    {
        _writer.Reset();
        _writer.WriteInteger(1234567);
        return _writer.Length;
    }

    [Benchmark]
    public int DoubleReply()
    {
        _writer.Reset();
        _writer.WriteDouble(3.14159);
        return _writer.Length;
    }
}
