using System.Text;
using BenchmarkDotNet.Attributes;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Aof;
using KvServer.Engine.Protocol;

namespace KvServer.Benchmarks.Persistence;

/// <summary>
/// The executor's and the connection's share of one SET with the append-only file on: dispatch, propagation
/// into the AOF buffer, then the write to the file that precedes the reply (appendfsync everysec, so no
/// fsync on this path). Compare with <c>ExecutorBenchmarks.Set</c> (AOF off); propagation allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class AofBenchmarks
{
    private CommandDispatcher _dispatcher = null!;
    private ClientSession _client = null!;
    private AppendOnlyFile _aof = null!;
    private string _directory = "";
    private readonly RequestBatch _set = new();
    private byte[] _setBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("kvserver-aofbench-").FullName;
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        ConfigFileParser.Apply(config, $"appendonly yes\nappendfsync everysec\ndir {_directory}\n");
        var server = new ServerState(options, config);
        _aof = new AppendOnlyFile(server, null);
        server.Aof = _aof;
        _aof.OpenOnServerStart();
        _dispatcher = server.Dispatcher;
        _client = new ClientSession(1, server, null);
        _setBytes = Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000012345\r\n$3\r\nxxx\r\n");
        RespRequestParser.Parse(_setBytes, _set, new ParserLimits { MaxBulkLength = 1 << 29 }, out _, out _, out _);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aof.Stop();
        _aof.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>SET through the dispatcher with propagation, then the AOF write its reply waits for.</summary>
    [Benchmark]
    public int SetWithAof()
    {
        _client.Reply.Reset();
        _set.Position = 0;
        _dispatcher.ExecuteBatch(_client, _set, _setBytes);
        _aof.BeforeReplyAsync(_client.AofDurableOffset).GetAwaiter().GetResult();
        return _client.Reply.Length;
    }
}
