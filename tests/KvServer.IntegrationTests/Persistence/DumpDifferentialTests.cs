using System.Text;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// DUMP payloads from KvServer and from a real redis-server for values built by the same commands: byte-identical
/// for every encoding whose layout does not depend on hash-table order (strings, int strings, intsets,
/// listpack hashes and sorted sets, lists), with rdbcompression on and off.
/// </summary>
public sealed class DumpDifferentialTests : IClassFixture<ServerFixture>, IClassFixture<RedisServerFixture>
{
    private readonly ServerFixture _kvserver;
    private readonly RedisServerFixture _redis;

    public DumpDifferentialTests(ServerFixture kvserver, RedisServerFixture redis)
    {
        _kvserver = kvserver;
        _redis = redis;
    }

    private static string Repeat(char c, int count) => new(c, count);

    /// <summary>Key → the commands that build it.</summary>
    private static List<(string Key, string[][] Commands)> Values()
    {
        var random = new Random(42);
        var values = new List<(string, string[][])>
        {
            ("str:short", [["SET", "str:short", "hello"]]),
            ("str:empty", [["SET", "str:empty", ""]]),
            ("str:binary", [["SET", "str:binary", "\0\r\n\xff\x80 end"]]),
            ("str:21", [["SET", "str:21", Repeat('a', 21)]]),
            ("str:compressible", [["SET", "str:compressible", string.Concat(Enumerable.Repeat("abcdefgh-", 300))]]),
            ("str:leading-zero", [["SET", "str:leading-zero", "007"]]),
            ("str:appended", [["SET", "str:appended", "12"], ["APPEND", "str:appended", "34"]]),
            ("str:setrange", [["SETRANGE", "str:setrange", "30", "xyz"]]),
        };
        foreach (string number in new[] { "0", "-1", "127", "-128", "128", "32767", "-32768", "32768", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808" })
        {
            values.Add(("int:" + number, [["SET", "int:" + number, number]]));
        }
        values.Add(("int:incr", [["SET", "int:incr", "2147483647"], ["INCR", "int:incr"]]));
        values.Add(("intset:16", [["SADD", "intset:16", "1", "2", "-3", "32767"]]));
        values.Add(("intset:32", [["SADD", "intset:32", "1", "70000", "-70000"]]));
        values.Add(("intset:64", [["SADD", "intset:64", "1", "-9223372036854775808", "9223372036854775807"]]));
        values.Add(("intset:wide-after-remove", [["SADD", "intset:wide-after-remove", "1", "2", "5000000000"], ["SREM", "intset:wide-after-remove", "5000000000"]]));
        values.Add(("intset:500", [["SADD", "intset:500", .. Enumerable.Range(0, 500).Select(i => (i * 37 - 9000).ToString(System.Globalization.CultureInfo.InvariantCulture))]]));
        values.Add(("hash:small", [["HSET", "hash:small", "f1", "v1", "f2", "123", "f3", "-5000", "n", "100000", "neg", "-9223372036854775808"]]));
        values.Add(("hash:updated", [["HSET", "hash:updated", "a", "1", "b", "2", "c", "3"], ["HSET", "hash:updated", "b", "a-longer-value"], ["HDEL", "hash:updated", "a"]]));
        values.Add(("hash:64", [["HSET", "hash:64", "f", Repeat('v', 64), Repeat('k', 64), "x"]]));
        values.Add(("hash:512", [["HSET", "hash:512", .. Enumerable.Range(0, 512).SelectMany(i => new[] { "field" + i, Repeat('v', i % 60) })]]));
        values.Add(("zset:scores", [["ZADD", "zset:scores", "1", "a", "1.5", "b", "-0", "c", "0.1", "d", "1e20", "e", "5000000000", "f", "inf", "g", "-inf", "h", "1e-300", "i", "-1.5e300", "j", "4611686018427387904", "k", "4611686018427387905", "l", "2", "123"]]));
        values.Add(("zset:incr", [["ZADD", "zset:incr", "1", "m"], ["ZINCRBY", "zset:incr", "0.5", "m"], ["ZADD", "zset:incr", "3", "n"]]));
        values.Add(("zset:128", [["ZADD", "zset:128", .. Enumerable.Range(0, 128).SelectMany(i => new[] { (random.NextDouble() * 1000 - 500).ToString("R", System.Globalization.CultureInfo.InvariantCulture), "member" + i })]]));
        values.Add(("list:small", [["RPUSH", "list:small", "a", "b", "c", "1", "2", "3", "-100", "hello", ""]]));
        values.Add(("list:lpush", [["LPUSH", "list:lpush", "x", "y", "z"], ["RPUSH", "list:lpush", "10"]]));
        values.Add(("list:nodes", [["RPUSH", "list:nodes", .. Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? (i * 7919L - 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : Repeat((char)('a' + (i % 26)), i % 70))]]));
        // Lists with no integer-like element: KvServer writes its nodes as they are, so the pushes must have
        // cut them where Redis cut its own, from either end.
        string[] strings = [.. Enumerable.Range(0, 3000).Select(i => "element:" + Repeat((char)('a' + (i % 26)), i % 90))];
        values.Add(("list:strings", [["RPUSH", "list:strings", .. strings]]));
        values.Add(("list:strings-lpush", [["LPUSH", "list:strings-lpush", .. strings]]));
        values.Add(("list:strings-both", [["LPUSH", "list:strings-both", .. strings[..1000]], ["RPUSH", "list:strings-both", .. strings[1000..2000]], ["LPUSH", "list:strings-both", .. strings[2000..]]]));
        values.Add(("list:strings-popped", [["RPUSH", "list:strings-popped", .. strings], ["LPOP", "list:strings-popped", "700"], ["RPOP", "list:strings-popped", "300"]]));
        // Over 128 nodes: with compression on, the nodes are compressed on two threads, in batches.
        values.Add(("list:strings-big", [.. Enumerable.Range(0, 100).Select(c => (string[])["RPUSH", "list:strings-big", .. Enumerable.Range(c * 1000, 1000).Select(i => $"element:{i}")])]));
        foreach (int length in new[] { 63, 64, 4095, 4096, 8180, 16377, 16378, 20000 })
        {
            string key = "list:element" + length;
            values.Add((key, [["RPUSH", key, "head", Repeat('e', length), "tail", "1"]]));
        }
        return values;
    }

    [RequiresFact("dump", Tool = Executables.RedisServer)]
    public void Dump_SameValues_GiveByteIdenticalPayloads()
    {
        using var kv = new RespClient(_kvserver.Port);
        using var redis = new RespClient(_redis.Port);
        var mismatches = new List<string>();
        foreach (string compression in new[] { "yes", "no" })
        {
            kv.Call("FLUSHALL");
            redis.Call("FLUSHALL");
            kv.Call("CONFIG", "SET", "rdbcompression", compression);
            redis.Call("CONFIG", "SET", "rdbcompression", compression);
            foreach ((string key, string[][] commands) in Values())
            {
                foreach (string[] command in commands)
                {
                    RespReply expected = redis.Call(command);
                    RespReply actual = kv.Call(command);
                    Assert.Equal(expected.ToString(), actual.ToString());
                }
                byte[] redisPayload = redis.Call("DUMP", key).Payload;
                byte[] kvPayload = kv.Call("DUMP", key).Payload;
                if (!redisPayload.AsSpan().SequenceEqual(kvPayload))
                {
                    mismatches.Add($"rdbcompression {compression}, {key}:\n  redis    {Convert.ToHexStringLower(redisPayload)}\n  kvserver {Convert.ToHexStringLower(kvPayload)}");
                }
            }
        }
        kv.Call("CONFIG", "SET", "rdbcompression", "yes");
        redis.Call("CONFIG", "SET", "rdbcompression", "yes");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [RequiresFact("dump", Tool = Executables.RedisServer)]
    public void Dump_ListsUnderOtherListMaxListpackSizes_CutTheSameNodes()
    {
        using var kv = new RespClient(_kvserver.Port);
        using var redis = new RespClient(_redis.Port);
        var mismatches = new List<string>();
        try
        {
            foreach (string fill in new[] { "-1", "-3", "-5", "1", "5", "100", "1000" })
            {
                string key = "dump:fill" + fill;
                string[][] commands =
                [
                    ["CONFIG", "SET", "rdbcompression", "yes"],
                    ["CONFIG", "SET", "list-max-listpack-size", fill],
                    ["DEL", key],
                    ["RPUSH", key, .. Enumerable.Range(0, 2500).Select(i => i % 4 == 0 ? (i * 104729L).ToString(System.Globalization.CultureInfo.InvariantCulture) : "element:" + Repeat('x', i % 90))],
                    ["DEL", key + ":strings"],
                    ["LPUSH", key + ":strings", .. Enumerable.Range(0, 2500).Select(i => "element:" + Repeat('y', i % 90))],
                ];
                foreach (string[] command in commands)
                {
                    Assert.Equal(redis.Call(command).ToString(), kv.Call(command).ToString());
                }
                foreach (string name in new[] { key, key + ":strings" })
                {
                    byte[] redisPayload = redis.Call("DUMP", name).Payload;
                    byte[] kvPayload = kv.Call("DUMP", name).Payload;
                    if (!redisPayload.AsSpan().SequenceEqual(kvPayload))
                    {
                        mismatches.Add($"list-max-listpack-size {fill}, {name}: payloads of {redisPayload.Length} (redis) and {kvPayload.Length} (kvserver) bytes differ");
                    }
                }
            }
        }
        finally
        {
            kv.Call("CONFIG", "SET", "list-max-listpack-size", "-2");
            redis.Call("CONFIG", "SET", "list-max-listpack-size", "-2");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [RequiresFact("dump", Tool = Executables.RedisServer)]
    public void Dump_MissingKey_IsNullOnBoth()
    {
        using var kv = new RespClient(_kvserver.Port);
        using var redis = new RespClient(_redis.Port);
        Assert.Equal(redis.Call("DUMP", "dump:no-such-key").ToString(), kv.Call("DUMP", "dump:no-such-key").ToString());
        Assert.Equal(Encoding.ASCII.GetBytes("$-1\r\n"), kv.Call("DUMP", "dump:no-such-key").Raw);
    }
}
