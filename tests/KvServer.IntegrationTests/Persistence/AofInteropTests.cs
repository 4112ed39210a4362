using KvServer.Engine;
using KvServer.Engine.Configuration;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// KvServer's append-only files as Redis 7.0 sees them: after writes of every type, a BGREWRITEAOF and more
/// writes, redis-check-aof accepts the directory and a real redis-server started on a copy of it holds the
/// same keyspace as KvServer (dump-keyspace.py listings compared), with and without the RDB preamble.
/// </summary>
public sealed class AofInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-aofinterop-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [RdbToolsTheory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task RewrittenAof_PassesRedisCheckAofAndLoadsInRedisWithTheSameKeyspace(string preamble)
    {
        string kvListing;
        await using (KvServerEngine engine = StartEngine(preamble))
        {
            using var client = new RespClient(engine.Port);
            Populate(client, "before:");
            Assert.Equal("Background append only file rewriting started", client.Call("BGREWRITEAOF").Text);
            // Writes while the rewrite walks the snapshot go to the new incr file.
            Populate(client, "after:");
            AofRewriteWait.UntilDone(client, 1);
            client.Call("MULTI");
            client.Call("INCR", "after:counter");
            client.Call("LPOP", "after:list");
            client.Call("EXEC");
            client.Call("DEL", "before:string");
            kvListing = PersistenceTools.DumpKeyspace(engine.Port);
        }
        string aofDirectory = Path.Combine(_directory, "appendonlydir");
        Assert.Equal(2, Directory.GetFiles(aofDirectory).Length - 1);
        (int exitCode, string output) = PersistenceTools.Run("redis-check-aof", Path.Combine(aofDirectory, "appendonly.aof.manifest"));
        Assert.True(exitCode == 0, output);

        string redisDirectory = Directory.CreateTempSubdirectory("kvserver-aofinterop-redis-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(redisDirectory, "appendonlydir"));
            foreach (string file in Directory.GetFiles(aofDirectory))
            {
                File.Copy(file, Path.Combine(redisDirectory, "appendonlydir", Path.GetFileName(file)));
            }
            using RedisServer redis = RedisServer.Start(["--appendonly", "yes", "--dir", redisDirectory]);
            Assert.Equal(kvListing, PersistenceTools.DumpKeyspace(redis.Port));
        }
        finally
        {
            Directory.Delete(redisDirectory, recursive: true);
        }
    }

    private static void Populate(RespClient client, string prefix)
    {
        client.Call("SELECT", "0");
        client.Call("SET", prefix + "string", "value");
        client.Call("SET", prefix + "int", "12345");
        client.Call("SET", prefix + "binary", "a\0b\r\n\xff");
        client.Call("SET", prefix + "ttl", "v", "EX", "100000");
        client.Call("SET", prefix + "counter", "10");
        client.Call("INCRBYFLOAT", prefix + "float", "1.25");
        client.Call("RPUSH", prefix + "list", "a", "b", "c", "1", "2");
        for (int i = 0; i < 300; i++)
        {
            client.Call("RPUSH", prefix + "biglist", "element-" + i);
            client.Call("HSET", prefix + "bighash", "field-" + i, "value-" + i);
            client.Call("SADD", prefix + "bigset", "member-" + i);
            client.Call("SADD", prefix + "intset", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            client.Call("ZADD", prefix + "bigzset", (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture), "m" + i);
        }
        client.Call("HSET", prefix + "hash", "a", "1", "b", "2");
        client.Call("SADD", prefix + "set", "x", "y");
        client.Call("ZADD", prefix + "zset", "1", "one", "-inf", "ninf", "0.1", "tenth");
        client.Call("PEXPIRE", prefix + "hash", "500000");
        client.Call("SELECT", "3");
        client.Call("SET", prefix + "db3", "three");
        client.Call("SELECT", "0");
    }

    private KvServerEngine StartEngine(string preamble)
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        ConfigFileParser.Apply(config, $"bind 127.0.0.1\nport 0\nsave \"\"\nappendonly yes\naof-use-rdb-preamble {preamble}\ndir {_directory}\n");
        var engine = new KvServerEngine(options, config);
        engine.Start();
        return engine;
    }
}

/// <summary>A [Theory] that runs only when redis-server, redis-check-rdb, python3 and the fixtures are available.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RdbToolsTheoryAttribute : TheoryAttribute
{
    private string? _explicitSkip;

    public override string? Skip
    {
        get => _explicitSkip ?? PersistenceTools.SkipReason();
        set => _explicitSkip = value;
    }
}
