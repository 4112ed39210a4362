using System.Text;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// DUMP: payloads compared byte for byte with what redis-server 7.0.15 returned for the same commands (the hex
/// constants were captured with DUMP from a real server with default configuration).
/// </summary>
public class DumpTests
{
    private static string Bulk(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        return $"${bytes.Length}\r\n{Encoding.Latin1.GetString(bytes)}\r\n";
    }

    private static void AssertDump(CommandHarness h, string key, string redisHex) =>
        Assert.Equal(Bulk(redisHex), h.Run("DUMP", key));

    [Fact]
    public void Dump_MissingKey_ReturnsNullInBothProtocols()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("DUMP", "nokey"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("DUMP", "nokey"));
    }

    [Fact]
    public void Dump_ExpiredKey_ReturnsNull()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "PX", "100");
        h.Clock.Advance(101);
        Assert.Equal("$-1\r\n", h.Run("DUMP", "k"));
    }

    [Fact]
    public void Dump_WrongArity_ReturnsRedisError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'dump' command\r\n", h.Run("DUMP"));
    }

    [Theory]
    [InlineData("hello", "000568656c6c6f0a006372df766534200a")]
    [InlineData("12345", "00c139300a009d94ea2793fc08b9")]
    [InlineData("-2147483648", "00c2000000800a00c74f873e33558187")]
    [InlineData("123456789012", "000c3132333435363738393031320a00911001b1d116e7ac")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "001461616161616161616161616161616161616161610a0083b46b5e1b11acf1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "00c30931016161e024000161610a00bc14780c5892149a")]
    public void Dump_String_MatchesRedis(string value, string redisHex)
    {
        var h = new CommandHarness();
        h.Run("SET", "k", value);
        AssertDump(h, "k", redisHex);
    }

    [Fact]
    public void Dump_RawStringAfterAppend_IsIntEncodedLikeAnyString()
    {
        // APPEND makes a modifiable "raw" string; rdbSaveRawString still int-encodes its canonical integer text.
        var h = new CommandHarness();
        h.Run("SET", "k", "123");
        h.Run("APPEND", "k", "45");
        AssertDump(h, "k", "00c139300a009d94ea2793fc08b9");
    }

    [Fact]
    public void Dump_WithRdbCompressionNo_StoresLongStringsVerbatim()
    {
        var h = new CommandHarness();
        h.Run("CONFIG", "SET", "rdbcompression", "no");
        h.Run("SET", "k", new string('a', 49));
        AssertDump(h, "k", "0031" + string.Concat(Enumerable.Repeat("61", 49)) + "0a00a4ca482283661e98");
    }

    [Fact]
    public void Dump_Intset_MatchesRedis()
    {
        var h = new CommandHarness();
        h.Run("SADD", "s32", "1", "2", "3", "70000");
        h.Run("SADD", "s16", "5", "-5", "300");
        AssertDump(h, "s32", "0b180400000004000000010000000200000003000000701101000a00ef2e6521e385a22a");
        AssertDump(h, "s16", "0b0e0200000003000000fbff05002c010a00e2a7ac2b66b09621");
    }

    [Fact]
    public void Dump_HashtableSet_MatchesRedis()
    {
        var h = new CommandHarness();
        h.Run("SADD", "s", "abc");
        AssertDump(h, "s", "0201036162630a00a3cbec4c8c2f31f0");
    }

    [Fact]
    public void Dump_ListpackHash_MatchesRedis()
    {
        var h = new CommandHarness();
        h.Run("HSET", "h", "f1", "v1", "f2", "123", "f3", "-5000", "f4", "100000");
        AssertDump(h, "h", "10262600000008008266310382763103826632037b0182663303f178ec0382663403f2a0860104ff0a0083901fd918b256aa");
    }

    [Fact]
    public void Dump_HashtableHash_MatchesRedis()
    {
        var h = new CommandHarness();
        h.Run("HSET", "h", "f", new string('a', 65) + "z");
        AssertDump(h, "h", "04010166c3094042016161e0350001617a0a007b36dcd6d19e6bc2");
    }

    [Fact]
    public void Dump_ListpackZset_StoresScoresAsRedisDoes()
    {
        // Integral scores as integers (-0 becomes 0), others as %.17g text; LZF-compressed as a whole.
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "a", "1.5", "b", "-0", "c", "0.1", "d", "1e20", "e", "5000000000", "f");
        AssertDump(h, "z", "11c33f404812480000000c00816302000181640293302e3130e00500173114816102010181620283312e3504816602f400f2052a0120370b098165028531652b323006ff0a00c021e38e9dace347");
        h.Run("CONFIG", "SET", "rdbcompression", "no");
        AssertDump(h, "z", "114048480000000c00816302000181640293302e313030303030303030303030303030303114816102010181620283312e3504816602f400f2052a01000000098165028531652b323006ff0a00a2d804f20d833721");
    }

    [Fact]
    public void Dump_SkiplistZset_WritesGreatestFirst()
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", new string('a', 65) + "z", "2.5", "b", "-1", "c");
        AssertDump(h, "z", "050301620000000000000440c3094042016161e0350001617a000000000000f03f0163000000000000f0bf0a00763b4eb1b00c35a0");
    }

    [Fact]
    public void Dump_SmallList_IsOneListpackNode()
    {
        var h = new CommandHarness();
        h.Run("RPUSH", "l", "a", "b", "c", "1", "2", "3", "-100", "hello");
        AssertDump(h, "l", "12010220200000000800816102816202816302010102010301df9c028568656c6c6f06ff0a0072b24d9fe8fc94da");
    }

    [Fact]
    public void Dump_Payload_EndsWithVersionAndCrc64()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "value");
        byte[] payload = Encoding.Latin1.GetBytes(h.Call("DUMP", "k").Text!);
        Assert.Equal(RdbFormat.Version, payload[^10] | (payload[^9] << 8));
        Assert.Equal(Crc64.Compute(0, payload.AsSpan(0, payload.Length - 8)), BitConverter.ToUInt64(payload, payload.Length - 8));
    }
}
