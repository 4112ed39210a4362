using System.Text;
using BenchmarkDotNet.Attributes;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Benchmarks.Commands;

/// <summary>
/// One request through the dispatcher (lookup, checks, handler, statistics) without sockets: the executor's
/// share of a GET or SET. GET and INCR of existing keys allocate nothing; SET allocates the value it stores.
/// </summary>
[MemoryDiagnoser]
public class ExecutorBenchmarks
{
    private CommandDispatcher _dispatcher = null!;
    private ClientSession _client = null!;
    private readonly RequestBatch _get = new();
    private readonly RequestBatch _set = new();
    private readonly RequestBatch _incr = new();
    private byte[] _getBytes = [];
    private byte[] _setBytes = [];
    private byte[] _incrBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new ServerOptions();
        var server = new ServerState(options, new ConfigRegistry(options));
        _dispatcher = server.Dispatcher;
        _client = new ClientSession(1, server, null);
        _getBytes = Prepare(_get, "*2\r\n$3\r\nGET\r\n$16\r\nkey:000000012345\r\n");
        _setBytes = Prepare(_set, "*3\r\n$3\r\nSET\r\n$16\r\nkey:000000012345\r\n$3\r\nxxx\r\n");
        _incrBytes = Prepare(_incr, "*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n");
        _dispatcher.ExecuteBatch(_client, _set, _setBytes);
        _set.Position = 0;
        _client.Reply.Reset();
    }

    private static byte[] Prepare(RequestBatch batch, string request)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(request);
        RespRequestParser.Parse(bytes, batch, new ParserLimits { MaxBulkLength = 1 << 29 }, out _, out _, out _);
        return bytes;
    }

    [Benchmark]
    public int Get()
    {
        _client.Reply.Reset();
        _get.Position = 0;
        _dispatcher.ExecuteBatch(_client, _get, _getBytes);
        return _client.Reply.Length;
    }

    [Benchmark]
    public int Set()
    {
        _client.Reply.Reset();
        _set.Position = 0;
        _dispatcher.ExecuteBatch(_client, _set, _setBytes);
        return _client.Reply.Length;
    }

    [Benchmark]
    public int Incr()
    {
        _client.Reply.Reset();
        _incr.Position = 0;
        _dispatcher.ExecuteBatch(_client, _incr, _incrBytes);
        return _client.Reply.Length;
    }
}
