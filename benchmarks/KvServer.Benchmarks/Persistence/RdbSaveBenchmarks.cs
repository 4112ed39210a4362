using System.Text;
using BenchmarkDotNet.Attributes;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence;
using KvServer.Engine.Protocol;

namespace KvServer.Benchmarks.Persistence;

/// <summary>
/// A whole-server RDB save (what SAVE does) over the datasets benchmarks/scripts/rdb-save.sh builds in a real
/// redis-server: one million small keys (DEBUG POPULATE 1000000), or one collection of a million elements
/// (built by the same EVAL scripts). <see cref="Write"/> encodes and checksums into a null stream (the CPU
/// cost), <see cref="Save"/> is RdbSaver.Save: temp file, fsync, rename.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RdbSaveBenchmarks
{
    /// <summary>Dataset name → the commands that build it (the same as the Redis script's).</summary>
    private static readonly Dictionary<string, string[][]> s_datasets = new()
    {
        ["keys-1M"] = [["DEBUG", "POPULATE", "1000000"]],
        ["list-1M"] = [["EVAL", "for i=1,1000000 do redis.call('RPUSH', KEYS[1], 'element:' .. i) end", "1", "biglist"]],
        ["hash-1M"] = [["EVAL", "for i=1,1000000 do redis.call('HSET', KEYS[1], 'field:' .. i, 'value:' .. i) end", "1", "bighash"]],
        ["zset-1M"] = [["EVAL", "for i=1,1000000 do redis.call('ZADD', KEYS[1], i * 1.5, 'member:' .. i) end", "1", "bigzset"]],
    };

    private ServerState _server = null!;
    private string _directory = "";

    [Params("keys-1M", "list-1M", "hash-1M", "zset-1M")]
    public string Dataset { get; set; } = "keys-1M";

    [GlobalSetup]
    public void Setup()
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        options.EnableDebugCommand = "yes";
        _server = new ServerState(options, config);
        var client = new ClientSession(1, _server, null);
        foreach (string[] command in s_datasets[Dataset])
        {
            Run(client, command);
        }
        _directory = Directory.CreateTempSubdirectory("kvserver-rdb-bench-").FullName;
    }

    private void Run(ClientSession client, string[] args)
    {
        var request = new StringBuilder($"*{args.Length}\r\n");
        foreach (string arg in args)
        {
            request.Append($"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }
        byte[] bytes = Encoding.UTF8.GetBytes(request.ToString());
        var batch = new RequestBatch();
        RespRequestParser.Parse(bytes, batch, new ParserLimits { MaxBulkLength = 1 << 29 }, out _, out _, out _);
        _server.Dispatcher.ExecuteBatch(client, batch, bytes);
        string reply = Encoding.UTF8.GetString(client.Reply.WrittenSpan);
        client.Reply.Reset();
        if (reply.StartsWith('-'))
        {
            throw new InvalidOperationException($"{args[0]} failed: {reply}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        string path = Path.Combine(_directory, "dump.rdb");
        if (File.Exists(path))
        {
            // Shown in the run's log, to set beside the size of Redis's file for the same data.
            Console.WriteLine($"// {Dataset}: RDB file of {new FileInfo(path).Length} bytes");
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public void Write() => RdbSaver.Write(_server, Stream.Null);

    [Benchmark]
    public void Save() => RdbSaver.Save(_server, Path.Combine(_directory, "dump.rdb"));
}
