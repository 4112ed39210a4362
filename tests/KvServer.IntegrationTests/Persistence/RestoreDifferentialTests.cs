using System.Text;
using KvServer.IntegrationTests.Differential;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// RESTORE against a real redis-server 7.0: values of every type and encoding Redis 7.0 DUMPs (including
/// LZF-compressed quicklist nodes) are restored into KvServer and read back identically, and RESTORE's errors
/// come in Redis's order with Redis's texts.
/// </summary>
public sealed class RestoreDifferentialTests : IClassFixture<ServerFixture>, IClassFixture<RedisServerFixture>
{
    private readonly ServerFixture _kvServer;
    private readonly RedisServerFixture _redis;

    public RestoreDifferentialTests(ServerFixture kvServer, RedisServerFixture redis)
    {
        _kvServer = kvServer;
        _redis = redis;
    }

    private static byte[][] Command(params object[] args) =>
        [.. args.Select(a => a as byte[] ?? Encoding.Latin1.GetBytes(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)!))];

    /// <summary>Fills Redis with one key per type and encoding; returns the key names.</summary>
    private static List<string> Populate(RespClient redis)
    {
        redis.Call("FLUSHALL");
        redis.Call("CONFIG", "SET", "list-compress-depth", "1");
        var keys = new List<string>();
        void Run(string key, params object[] command)
        {
            RespReply reply = redis.Call(Command(command));
            Assert.False(reply.IsError, $"{string.Join(' ', command)}: {reply}");
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }
        Run("s:int", "SET", "s:int", "-9223372036854775808");
        Run("s:small", "SET", "s:small", "7");
        Run("s:embstr", "SET", "s:embstr", "hello");
        Run("s:raw", "SET", "s:raw", new string('r', 100));
        Run("s:lzf", "SET", "s:lzf", string.Concat(Enumerable.Repeat("abc", 500)));
        Run("s:binary", "SET", "s:binary", new byte[] { 0, 1, 2, 0xff, 13, 10 });
        Run("s:empty", "SET", "s:empty", "");
        Run("l:small", "RPUSH", "l:small", "a", "1", "-5000", "70000", "-9223372036854775808", "x y");
        for (int i = 0; i < 3000; i += 100)
        {
            Run("l:long", ["RPUSH", "l:long", .. Enumerable.Range(i, 100).Select(n => n % 3 == 0 ? (object)n : $"element-{n}")]);
        }
        Run("l:big", "RPUSH", "l:big", new string('b', 5000), "small", new string('c', 70000));
        Run("h:listpack", "HSET", "h:listpack", "f1", "v1", "n", "12", "neg", "-3");
        Run("h:longvalue", "HSET", "h:longvalue", "f", new string('v', 100));
        for (int i = 0; i < 600; i += 100)
        {
            Run("h:many", ["HSET", "h:many", .. Enumerable.Range(i, 100).SelectMany(n => new object[] { $"field{n}", n })]);
        }
        Run("set:intset", "SADD", "set:intset", "1", "-2", "300", "-70000", "5000000000");
        Run("set:strings", "SADD", "set:strings", "a", "b", "c");
        Run("set:bigints", ["SADD", "set:bigints", .. Enumerable.Range(0, 600).Select(n => (object)n)]);
        Run("z:listpack", "ZADD", "z:listpack", "1", "a", "2.5", "b", "-inf", "c", "inf", "d", "0.1", "e");
        Run("z:skiplist", ["ZADD", "z:skiplist", .. Enumerable.Range(0, 300).SelectMany(n => new object[] { n * 0.25, $"member{n}" })]);
        Run("z:longmember", "ZADD", "z:longmember", "1", new string('m', 100));
        return keys;
    }

    /// <summary>A key's value read back with commands, in a form that is the same on both servers.</summary>
    private static string Describe(RespClient client, string key)
    {
        string type = client.Call("TYPE", key).Text;
        RespReply value = type switch
        {
            "string" => client.Call("GET", key),
            "list" => client.Call("LRANGE", key, "0", "-1"),
            "hash" => client.Call("HGETALL", key),
            "set" => client.Call("SMEMBERS", key),
            "zset" => client.Call("ZRANGE", key, "0", "-1", "WITHSCORES"),
            _ => throw new InvalidOperationException($"unexpected type {type} for {key}"),
        };
        string text = type switch
        {
            "hash" => string.Join(",", value.Items.Chunk(2).Select(p => p[0].Text + "=" + p[1].Text).Order(StringComparer.Ordinal)),
            "set" => string.Join(",", value.Items.Select(m => m.Text).Order(StringComparer.Ordinal)),
            _ => value.ToString(),
        };
        string encoding = client.Call("OBJECT", "ENCODING", key).Text;
        return $"{type} {encoding} {client.Call("PEXPIRETIME", key).Integer} {text}";
    }

    [RequiresFact("restore", "object|encoding", "pexpiretime", Tool = Executables.RedisServer)]
    public void Restore_RedisDumpOfEveryEncoding_ReadsBackIdentically()
    {
        using var redis = new RespClient(_redis.Port);
        using var kv = new RespClient(_kvServer.Port);
        List<string> keys = Populate(redis);
        long expireAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 3_600_000;
        foreach (string key in keys)
        {
            RespReply dump = redis.Call("DUMP", key);
            Assert.Equal('$', dump.Type);
            string target = "restored:" + key;
            RespReply restored = kv.Call(Command("RESTORE", target, expireAt, dump.Payload, "ABSTTL", "REPLACE"));
            Assert.True(restored.Text == "OK", $"RESTORE of {key} ({RespReply.Escape(dump.Payload, 60)}): {restored}");
            Assert.False(redis.Call(Command("RESTORE", target, expireAt, dump.Payload, "ABSTTL", "REPLACE")).IsError);
            Assert.Equal(Describe(redis, target), Describe(kv, target));
        }
    }

    private static string Escaped(byte[] bytes)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            text.Append(CultureInfo(b));
        }
        return text.Append('"').ToString();

        static string CultureInfo(byte b) => $"\\x{b:x2}";
    }

    [RequiresFact("restore", Tool = Executables.RedisServer)]
    public void Restore_ErrorsAndTheirOrder_MatchRedis()
    {
        using var redis = new RespClient(_redis.Port);
        redis.Call("SET", "restore:source", "12345");
        byte[] payload = redis.Call("DUMP", "restore:source").Payload;
        byte[] badCrc = (byte[])payload.Clone();
        badCrc[^1] ^= 0xFF;
        byte[] newer = (byte[])payload.Clone();
        newer[^10] = 11;
        string p = Escaped(payload);
        DifferentialAssert.SameReplies(_kvServer.Port, _redis.Port, $"""
            DEL restore:busy restore:new restore:gone
            SET restore:busy old
            RESTORE restore:busy 0 {p}
            RESTORE restore:busy bad {p}
            RESTORE restore:busy bad {p} NOSUCH
            RESTORE restore:new bad {p}
            RESTORE restore:new -1 {p}
            RESTORE restore:new 0 "garbage"
            RESTORE restore:new 0 ""
            RESTORE restore:new 0 {Escaped(badCrc)}
            RESTORE restore:new 0 {Escaped(newer)}
            RESTORE restore:new 0 {p} IDLETIME -1
            RESTORE restore:new 0 {p} IDLETIME x
            RESTORE restore:new 0 {p} IDLETIME
            RESTORE restore:new 0 {p} FREQ 256
            RESTORE restore:new 0 {p} FREQ -1
            RESTORE restore:new 0 {p} FREQ 5 IDLETIME 5
            RESTORE restore:new 0 {p} IDLETIME 5 FREQ 5
            RESTORE restore:new 0 {p} REPLACE ABSTTL REPLACE
            RESTORE restore:busy 0 {p} REPLACE
            GET restore:busy
            RESTORE restore:gone 1000 {p} ABSTTL
            EXISTS restore:gone
            RESTORE restore:busy 1000 {p} ABSTTL REPLACE
            EXISTS restore:busy
            RESTORE restore:new 0 {p} REPLACE IDLETIME 100
            OBJECT IDLETIME restore:new
            """);
    }

    [RequiresFact("restore", "blpop")]
    public void Restore_ListKey_WakesAClientBlockedOnIt()
    {
        // DUMP of RPUSH l a 1 -5 hello 300000 on redis-server 7.0.15.
        byte[] payload = Convert.FromHexString("1201021b1b00000005008161020101dffb028568656c6c6f06f2e0930404ff0a006f7408ff01b9301c");
        using var blocked = new RespClient(_kvServer.Port);
        using var writer = new RespClient(_kvServer.Port);
        writer.Call("DEL", "restore:blocked");
        blocked.Send(Command("BLPOP", "restore:blocked", "10"));
        // The BLPOP is queued once the server answers a later command from the same executor.
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (writer.Call("CLIENT", "LIST", "TYPE", "normal").Text.Contains("cmd=blpop", StringComparison.Ordinal) is false)
        {
            Assert.True(DateTime.UtcNow < deadline, "BLPOP did not block");
            Thread.Sleep(10);
        }
        Assert.Equal("OK", writer.Call(Command("RESTORE", "restore:blocked", 0, payload)).Text);
        RespReply popped = blocked.Read();
        Assert.Equal(["restore:blocked", "a"], popped.Items.Select(i => i.Text));
    }
}
