using KvServer.Engine.Configuration;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>
/// What KvServer saves, KvServer loads back the same: every type in both encodings, expiry times, several
/// databases, binary keys, functions and the access history of an LFU policy.
/// </summary>
public class RdbRoundTripTests
{
    private const long Now = 1_700_000_000_000;

    private static CommandHarness Harness(string config = "")
    {
        var h = new CommandHarness(c => ConfigFileParser.Apply(c, config));
        h.Clock.UnixTimeMilliseconds = Now;
        return h;
    }

    private static readonly string[][] s_reads =
    [
        ["GET", "s:int"], ["GET", "s:text"], ["GET", "s:long"], ["OBJECT", "ENCODING", "s:long"],
        ["LRANGE", "l:small", "0", "-1"], ["LLEN", "l:big"], ["LINDEX", "l:big", "1234"], ["LINDEX", "l:big", "-1"],
        ["HGETALL", "h:small"], ["OBJECT", "ENCODING", "h:small"], ["HLEN", "h:big"], ["HGET", "h:big", "field:77"],
        ["OBJECT", "ENCODING", "h:big"],
        ["SMEMBERS", "set:ints"], ["OBJECT", "ENCODING", "set:ints"], ["SCARD", "set:big"], ["SISMEMBER", "set:big", "m:599"],
        ["OBJECT", "ENCODING", "set:big"],
        ["ZRANGE", "z:small", "0", "-1", "WITHSCORES"], ["OBJECT", "ENCODING", "z:small"],
        ["ZRANGE", "z:big", "0", "4", "WITHSCORES"], ["ZCARD", "z:big"], ["OBJECT", "ENCODING", "z:big"],
        ["PEXPIRETIME", "ttl"], ["GET", "\u0000bin\u00ff"], ["SELECT", "5"], ["GET", "db5"], ["SELECT", "0"],
        ["FCALL", "rt_one", "0"], ["DBSIZE"],
    ];

    [Fact]
    public void SaveThenLoad_EveryTypeAndEncoding_ReadsBackTheSame()
    {
        var source = Harness();
        source.Run("SET", "s:int", "-42");
        source.Run("SET", "s:text", "hello");
        source.Run("SET", "s:long", new string('x', 5000));
        source.Run("RPUSH", "l:small", "a", "1", "b");
        for (int i = 0; i < 3000; i++)
        {
            source.Run("RPUSH", "l:big", i % 2 == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"element {i}");
        }
        source.Run("HSET", "h:small", "f", "v", "n", "7");
        for (int i = 0; i < 600; i++)
        {
            source.Run("HSET", "h:big", $"field:{i}", $"value {i}");
        }
        source.Run("SADD", "set:ints", "3", "-1", "70000");
        for (int i = 0; i < 600; i++)
        {
            source.Run("SADD", "set:big", $"m:{i}");
        }
        source.Run("ZADD", "z:small", "1.5", "a", "-inf", "b", "2", "c");
        for (int i = 0; i < 300; i++)
        {
            source.Run("ZADD", "z:big", (i * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"member{i}");
        }
        source.Run("SET", "ttl", "v", "PXAT", (Now + 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        source.Run("SET", "\u0000bin\u00ff", "binary key");
        source.Run("SELECT", "5");
        source.Run("SET", "db5", "five");
        source.Run("SELECT", "0");
        source.Run("FUNCTION", "LOAD", "#!lua name=rt\nredis.register_function('rt_one', function() return 1 end)");

        var file = new MemoryStream();
        RdbSaver.Write(source.Server, file);
        file.Position = 0;
        var target = Harness();
        RdbLoadResult result = RdbLoader.Load(target.Server, file);

        Assert.Equal(file.Length, result.BytesRead);
        Assert.Equal(14, result.KeysLoaded);
        foreach (string[] read in s_reads)
        {
            Assert.Equal(source.Run(read), target.Run(read));
        }
    }

    [Fact]
    public void SaveThenLoad_UnderLfu_KeepsTheAccessCounter()
    {
        var source = Harness("maxmemory-policy allkeys-lfu");
        source.Run("SET", "k", "v");
        source.Server.Databases[0].SetAccessHistory("k"u8, -1, 77, Now);
        var file = new MemoryStream();
        RdbSaver.Write(source.Server, file);
        file.Position = 0;
        var target = Harness("maxmemory-policy allkeys-lfu");
        RdbLoader.Load(target.Server, file);
        Assert.Equal(":77\r\n", target.Run("OBJECT", "FREQ", "k"));
    }
}
