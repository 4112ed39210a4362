using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>RESTORE: payloads captured from redis-server 7.0.15 (DUMP), option and payload errors, TTLs.</summary>
public class RestoreCommandTests
{
    private const long Now = 1_700_000_000_000;

    // DUMP output of redis-server 7.0.15 after:
    //   RPUSH l a 1 -5 hello 300000 / HSET h f1 v1 f2 22 / SADD si 1 2 -70000 / SADD ss a b
    //   ZADD z 1 a 2.5 b -inf c / SET s 12345 / SET big abab...ab (80 bytes, LZF)
    private const string ListPayload = "1201021b1b00000005008161020101dffb028568656c6c6f06f2e0930404ff0a006f7408ff01b9301c";
    private const string HashPayload = "10151500000004008266310382763103826632031601ff0a00794ee62e9c48a90c";
    private const string IntsetPayload = "0b14040000000300000090eefeff01000000020000000a005d9df7da2f43d06b";
    private const string SetPayload = "0202016101620a00fe642125eb033d0d";
    private const string ZsetPayload = "111d1d0000000600816302842d696e6605816102010181620283322e3504ff0a003992339be11f323d";
    private const string IntPayload = "00c139300a009d94ea2793fc08b9";
    private const string LzfPayload = "00c30a405002616261e042010161620a00949d5f0eb1dea445";

    private static CommandHarness Harness(string config = "")
    {
        var h = new CommandHarness(c => ConfigFileParser.Apply(c, config));
        h.Clock.UnixTimeMilliseconds = Now;
        return h;
    }

    private static string Restore(CommandHarness h, string key, string ttl, string payloadHex, params string[] options) =>
        h.RunBytes(h.Client, [.. new[] { "RESTORE", key, ttl }.Select(Encoding.Latin1.GetBytes), Convert.FromHexString(payloadHex),
            .. options.Select(Encoding.Latin1.GetBytes)]);

    private static string Bulk(string text) => $"${text.Length}\r\n{text}\r\n";

    [Fact]
    public void Restore_RedisPayloadsOfEveryType_RecreateTheValues()
    {
        var h = Harness();
        Assert.Equal("+OK\r\n", Restore(h, "l", "0", ListPayload));
        Assert.Equal("*5\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\n-5\r\n$5\r\nhello\r\n$6\r\n300000\r\n", h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal("+OK\r\n", Restore(h, "h", "0", HashPayload));
        Assert.Equal("*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\n22\r\n", h.Run("HGETALL", "h"));
        Assert.Equal(Bulk("listpack"), h.Run("OBJECT", "ENCODING", "h"));
        Assert.Equal("+OK\r\n", Restore(h, "si", "0", IntsetPayload));
        Assert.Equal("*3\r\n$6\r\n-70000\r\n$1\r\n1\r\n$1\r\n2\r\n", h.Run("SMEMBERS", "si"));
        Assert.Equal(Bulk("intset"), h.Run("OBJECT", "ENCODING", "si"));
        Assert.Equal("+OK\r\n", Restore(h, "ss", "0", SetPayload));
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "ss", "b"));
        Assert.Equal(Bulk("hashtable"), h.Run("OBJECT", "ENCODING", "ss"));
        Assert.Equal("+OK\r\n", Restore(h, "z", "0", ZsetPayload));
        Assert.Equal("*6\r\n$1\r\nc\r\n$4\r\n-inf\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n", h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal("+OK\r\n", Restore(h, "s", "0", IntPayload));
        Assert.Equal(Bulk("int"), h.Run("OBJECT", "ENCODING", "s"));
        Assert.Equal(Bulk("12345"), h.Run("GET", "s"));
        Assert.Equal("+OK\r\n", Restore(h, "big", "0", LzfPayload));
        Assert.Equal(Bulk(string.Concat(Enumerable.Repeat("ab", 40))), h.Run("GET", "big"));
    }

    [Fact]
    public void Restore_ExistingKey_ReturnsBusyKeyUnlessReplace()
    {
        var h = Harness();
        h.Run("SET", "s", "old");
        Assert.Equal("-BUSYKEY Target key name already exists.\r\n", Restore(h, "s", "0", IntPayload));
        Assert.Equal("+OK\r\n", Restore(h, "s", "0", IntPayload, "REPLACE"));
        Assert.Equal(Bulk("12345"), h.Run("GET", "s"));
    }

    [Fact]
    public void Restore_CheckOrder_OptionsThenKeyThenTtlThenPayload()
    {
        var h = Harness();
        h.Run("SET", "s", "old");
        Assert.Equal("-ERR syntax error\r\n", Restore(h, "s", "bad", "00", "NOSUCH"));
        Assert.Equal("-BUSYKEY Target key name already exists.\r\n", Restore(h, "s", "bad", "00"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", Restore(h, "new", "bad", "00"));
        Assert.Equal("-ERR Invalid TTL value, must be >= 0\r\n", Restore(h, "new", "-1", "00"));
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", Restore(h, "new", "0", "00"));
    }

    [Theory]
    [InlineData("IDLETIME", "-1", "-ERR Invalid IDLETIME value, must be >= 0\r\n")]
    [InlineData("IDLETIME", "x", "-ERR value is not an integer or out of range\r\n")]
    [InlineData("FREQ", "256", "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n")]
    [InlineData("FREQ", "-1", "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n")]
    public void Restore_BadIdleTimeOrFreq_ReturnsRedisError(string option, string value, string error)
    {
        var h = Harness();
        Assert.Equal(error, Restore(h, "k", "0", IntPayload, option, value));
    }

    [Theory]
    [InlineData("IDLETIME", "1", "FREQ", "1")]
    [InlineData("FREQ", "1", "IDLETIME", "1")]
    public void Restore_IdleTimeWithFreq_IsASyntaxError(string first, string firstValue, string second, string secondValue)
    {
        var h = Harness();
        Assert.Equal("-ERR syntax error\r\n", Restore(h, "k", "0", IntPayload, first, firstValue, second, secondValue));
    }

    [Fact]
    public void Restore_WrongChecksumOrNewerVersion_ReturnsPayloadError()
    {
        var h = Harness();
        string badCrc = IntPayload[..^2] + "00";
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", Restore(h, "k", "0", badCrc));
        byte[] newer = new KvServer.Tests.Persistence.RdbBuilder().Raw(0).String("1").DumpPayload(version: 11);
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", Restore(h, "k", "0", Convert.ToHexString(newer)));
    }

    [Fact]
    public void Restore_MalformedValueWithValidFooter_ReturnsBadDataFormat()
    {
        var h = Harness();
        byte[] payload = new KvServer.Tests.Persistence.RdbBuilder().Raw(16).Raw(3, 1, 2, 3).DumpPayload();
        Assert.Equal("-ERR Bad data format\r\n", Restore(h, "k", "0", Convert.ToHexString(payload)));
        byte[] stream = new KvServer.Tests.Persistence.RdbBuilder().Raw(19).Raw(0).DumpPayload();
        Assert.Equal("-ERR Bad data format\r\n", Restore(h, "k", "0", Convert.ToHexString(stream)));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "k"));
    }

    [Fact]
    public void Restore_RelativeAndAbsoluteTtl_SetTheExpiry()
    {
        var h = Harness();
        Restore(h, "rel", "5000", IntPayload);
        Assert.Equal($":{Now + 5000}\r\n", h.Run("PEXPIRETIME", "rel"));
        Restore(h, "abs", (Now + 9000).ToString(System.Globalization.CultureInfo.InvariantCulture), IntPayload, "ABSTTL");
        Assert.Equal($":{Now + 9000}\r\n", h.Run("PEXPIRETIME", "abs"));
        Restore(h, "none", "0", IntPayload);
        Assert.Equal(":-1\r\n", h.Run("PEXPIRETIME", "none"));
    }

    [Fact]
    public void Restore_AbsTtlInThePast_CreatesNothingAndDeletesTheReplacedKey()
    {
        var h = Harness();
        Assert.Equal("+OK\r\n", Restore(h, "k", "1000", IntPayload, "ABSTTL"));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "k"));
        h.Run("SET", "old", "v");
        long dirty = h.Server.KeyspaceStats.Dirty;
        Assert.Equal("+OK\r\n", Restore(h, "old", "1000", IntPayload, "ABSTTL", "REPLACE"));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "old"));
        Assert.Equal(dirty + 1, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void Restore_IdleTime_SetsTheLruClock()
    {
        var h = Harness();
        Restore(h, "k", "0", IntPayload, "IDLETIME", "1000");
        Assert.Equal(":1000\r\n", h.Run("OBJECT", "IDLETIME", "k"));
    }

    [Fact]
    public void Restore_Freq_SetsTheLfuCounterUnderLfu()
    {
        var h = Harness("maxmemory-policy allkeys-lfu");
        Restore(h, "k", "0", IntPayload, "FREQ", "100");
        Assert.Equal(":100\r\n", h.Run("OBJECT", "FREQ", "k"));
    }

    [Fact]
    public void Restore_CountsAsAChangeAndFiresTheRestoreEvent()
    {
        var h = Harness("notify-keyspace-events KEg");
        var subscriber = h.NewClient();
        h.RunAs(subscriber, "PSUBSCRIBE", "__keyevent@0__:*");
        long dirty = h.Server.KeyspaceStats.Dirty;
        Restore(h, "k", "0", IntPayload);
        Assert.Equal(dirty + 1, h.Server.KeyspaceStats.Dirty);
        string pushed = h.RunAs(subscriber, "PING");
        Assert.Contains("__keyevent@0__:restore", pushed);
    }

    [Fact]
    public void Restore_OfAWatchedKey_AbortsTheWatchersTransaction()
    {
        var h = Harness();
        var watcher = h.NewClient();
        h.RunAs(watcher, "WATCH", "k");
        h.RunAs(watcher, "MULTI");
        h.RunAs(watcher, "PING");
        Restore(h, "k", "0", IntPayload);
        Assert.Equal("*-1\r\n", h.RunAs(watcher, "EXEC"));
    }
}
