using KvServer.Tests.Infrastructure;
using static KvServer.Tests.Commands.StringCommandsTests;

namespace KvServer.Tests.Commands;

/// <summary>
/// Bitmap family: every reply below is the exact output of Redis 7.0.15 for the same commands (RESP2 unless
/// the test switches to RESP3). Strings are Latin-1, so "\u00ff" is the byte 0xFF.
/// </summary>
public class BitmapCommandsTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string BadOffset = "-ERR bit offset is not an integer or out of range\r\n";
    private const string BadBit = "-ERR bit is not an integer or out of range\r\n";
    private const string BadType = "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n";

    private static long Dirty(CommandHarness h) => h.Server.KeyspaceStats.Dirty;

    // ---- SETBIT / GETBIT ----

    [Fact]
    public void Setbit_MissingKey_CreatesZeroPaddedRaw()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("SETBIT", "k", "15", "1"));
        Assert.Equal("$2\r\n\0\u0001\r\n", h.Run("GET", "k"));
        Assert.Equal("raw", EncodingOf(h, "k"));
        Assert.Equal(":1\r\n", h.Run("SETBIT", "k", "15", "0"));
        Assert.Equal("$2\r\n\0\0\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Setbit_ClearOnMissingKey_StillCreatesKey()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("SETBIT", "k", "0", "0"));
        Assert.Equal("$1\r\n\0\r\n", h.Run("GET", "k"));
        Assert.Equal(1, Dirty(h));
    }

    [Fact]
    public void Setbit_SameBit_IsNotAChange()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "foobar");
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run("SETBIT", "s", "1", "1"));
        Assert.Equal(before, Dirty(h));
        Assert.Equal(":0\r\n", h.Run("SETBIT", "s", "0", "1"));
        Assert.Equal(before + 1, Dirty(h));
        Assert.Equal("$6\r\n\u00e6oobar\r\n", h.Run("GET", "s"));
    }

    [Fact]
    public void Setbit_IntValue_BecomesRawEvenWithoutChange()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "1", "EX", "100");
        long expire = Db(h).GetExpire(Key("n"));
        Assert.Equal(":0\r\n", h.Run("SETBIT", "n", "6", "0"));
        Assert.Equal("raw", EncodingOf(h, "n"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "n"));
        Assert.Equal(expire, Db(h).GetExpire(Key("n")));
    }

    [Fact]
    public void Setbit_Errors_InRedisOrder()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(BadOffset, h.Run("SETBIT", "l", "-1", "x"));
        Assert.Equal(BadOffset, h.Run("SETBIT", "l", "x", "1"));
        Assert.Equal(BadOffset, h.Run("SETBIT", "l", "4294967296", "1"));
        Assert.Equal(BadBit, h.Run("SETBIT", "l", "0", "x"));
        Assert.Equal(BadBit, h.Run("SETBIT", "l", "0", "2"));
        Assert.Equal(BadBit, h.Run("SETBIT", "l", "0", "-1"));
        Assert.Equal(WrongType, h.Run("SETBIT", "l", "0", "1"));
    }

    [Fact]
    public void Setbit_OffsetLimit_FollowsProtoMaxBulkLen()
    {
        var h = new CommandHarness();
        h.Options.ProtoMaxBulkLength = 1024 * 1024;
        Assert.Equal(BadOffset, h.Run("SETBIT", "k", "8388608", "1"));
        Assert.Equal(":0\r\n", h.Run("SETBIT", "k", "8388607", "1"));
        Assert.Equal(":1048576\r\n", h.Run("STRLEN", "k"));
    }

    [Fact]
    public void Getbit_ReadsBitsOfEveryEncoding()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "foobar");
        h.Run("SET", "n", "12345");
        Assert.Equal(":1\r\n", h.Run("GETBIT", "s", "1"));
        Assert.Equal(":0\r\n", h.Run("GETBIT", "s", "0"));
        Assert.Equal(":0\r\n", h.Run("GETBIT", "s", "100"));
        Assert.Equal(":0\r\n", h.Run("GETBIT", "missing", "1"));
        Assert.Equal(":1\r\n", h.Run("GETBIT", "n", "2"));
        Assert.Equal(":1\r\n", h.Run("GETBIT", "n", "3"));
        Assert.Equal(":0\r\n", h.Run("GETBIT", "n", "4"));
    }

    [Fact]
    public void Getbit_Errors()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(BadOffset, h.Run("GETBIT", "l", "x"));
        Assert.Equal(BadOffset, h.Run("GETBIT", "s", "4294967296"));
        Assert.Equal(WrongType, h.Run("GETBIT", "l", "0"));
    }

    // ---- BITCOUNT ----

    [Theory]
    [InlineData(new string[0], 26)]
    [InlineData(new[] { "0", "1", "bit" }, 1)]
    [InlineData(new[] { "0", "1", "BYTE" }, 10)]
    [InlineData(new[] { "1", "-1", "bit" }, 26)]
    [InlineData(new[] { "5", "30", "bit" }, 17)]
    [InlineData(new[] { "0", "-1", "bit" }, 26)]
    [InlineData(new[] { "-2", "-1", "bit" }, 1)]
    [InlineData(new[] { "-1", "-2" }, 0)]
    [InlineData(new[] { "-2", "-1" }, 7)]
    [InlineData(new[] { "-100", "100" }, 26)]
    [InlineData(new[] { "100", "200" }, 0)]
    public void Bitcount_Ranges_MatchRedis(string[] range, long expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "foobar");
        var args = new List<string> { "BITCOUNT", "s" };
        args.AddRange(range);
        Assert.Equal($":{expected}\r\n", h.Run(args.ToArray()));
    }

    [Fact]
    public void Bitcount_IntAndEmptyValues()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "12345");
        h.Run("SET", "e", "");
        Assert.Equal(":17\r\n", h.Run("BITCOUNT", "n"));
        Assert.Equal(":7\r\n", h.Run("BITCOUNT", "n", "1", "2"));
        Assert.Equal(":0\r\n", h.Run("BITCOUNT", "e"));
        Assert.Equal(":0\r\n", h.Run("BITCOUNT", "e", "0", "-1", "bit"));
    }

    [Fact]
    public void Bitcount_MissingKey_IsZeroWhateverTheArguments()
    {
        // Redis 7.0 looks the key up before parsing the range.
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("BITCOUNT", "missing", "0"));
        Assert.Equal(":0\r\n", h.Run("BITCOUNT", "missing", "x", "1"));
    }

    [Fact]
    public void Bitcount_Errors()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "foobar");
        PutList(h, "l");
        Assert.Equal(Syntax, h.Run("BITCOUNT", "s", "0"));
        Assert.Equal(Syntax, h.Run("BITCOUNT", "s", "0", "1", "2"));
        Assert.Equal(Syntax, h.Run("BITCOUNT", "s", "0", "1", "bit", "x"));
        Assert.Equal(NotInteger, h.Run("BITCOUNT", "s", "x", "1"));
        Assert.Equal(WrongType, h.Run("BITCOUNT", "l", "x"));
    }

    // ---- BITPOS ----

    [Theory]
    [InlineData("foobar", new[] { "1" }, 1)]
    [InlineData("foobar", new[] { "0" }, 0)]
    [InlineData("", new[] { "0" }, -1)]
    [InlineData("", new[] { "1" }, -1)]
    [InlineData("", new[] { "0", "0" }, -1)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "0" }, 24)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "0", "0" }, 24)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "0", "1" }, 24)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "0", "0", "-1" }, -1)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "0", "0", "-1", "bit" }, -1)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "0", "3", "20", "bit" }, -1)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "1", "3", "20", "bit" }, 3)]
    [InlineData("\u00ff\u00ff\u00ff", new[] { "1", "-1", "-1", "byte" }, 16)]
    [InlineData("\0\0\0", new[] { "1" }, -1)]
    [InlineData("\0\0\0", new[] { "0" }, 0)]
    [InlineData("\0\0\0", new[] { "1", "0", "-1", "bit" }, -1)]
    [InlineData("\0\0\0", new[] { "0", "7", "7", "bit" }, 7)]
    [InlineData("\0\0\0", new[] { "1", "7", "7", "bit" }, -1)]
    [InlineData("\0\0\0", new[] { "0", "2" }, 16)]
    [InlineData("\0\0\0", new[] { "0", "100" }, -1)]
    [InlineData("\0\u00ff\u00f0", new[] { "1", "0" }, 8)]
    [InlineData("\0\u00ff\u00f0", new[] { "1", "2", "-1", "byte" }, 16)]
    [InlineData("\0\u00ff\u00f0", new[] { "1", "7", "15", "bit" }, 8)]
    [InlineData("\0\u00ff\u00f0", new[] { "0", "1", "1" }, -1)]
    [InlineData("\0\u00ff\u00f0", new[] { "0", "1", "-1" }, 20)]
    [InlineData("\0\u00ff\u00f0", new[] { "0", "8", "19", "bit" }, -1)]
    [InlineData("\0\u00ff\u00f0", new[] { "0", "8", "20", "bit" }, 20)]
    public void Bitpos_EdgeSemantics_MatchRedis(string value, string[] arguments, long expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "k", value);
        var args = new List<string> { "BITPOS", "k" };
        args.AddRange(arguments);
        Assert.Equal($":{expected}\r\n", h.Run(args.ToArray()));
    }

    [Fact]
    public void Bitpos_MissingKey_IsEndlessZeros()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("BITPOS", "missing", "0"));
        Assert.Equal(":-1\r\n", h.Run("BITPOS", "missing", "1"));
        Assert.Equal(":-1\r\n", h.Run("BITPOS", "missing", "1", "x"));
    }

    [Fact]
    public void Bitpos_Errors_InRedisOrder()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "foobar");
        PutList(h, "l");
        Assert.Equal("-ERR The bit argument must be 1 or 0.\r\n", h.Run("BITPOS", "missing", "2"));
        Assert.Equal("-ERR The bit argument must be 1 or 0.\r\n", h.Run("BITPOS", "l", "2"));
        Assert.Equal(NotInteger, h.Run("BITPOS", "l", "x"));
        Assert.Equal(WrongType, h.Run("BITPOS", "l", "1"));
        Assert.Equal(NotInteger, h.Run("BITPOS", "s", "1", "x"));
        Assert.Equal(Syntax, h.Run("BITPOS", "s", "0", "0", "1", "foo"));
        Assert.Equal(NotInteger, h.Run("BITPOS", "s", "0", "0", "x", "bit"));
        Assert.Equal(Syntax, h.Run("BITPOS", "s", "0", "1", "2", "3", "4"));
    }

    // ---- BITOP ----

    [Fact]
    public void Bitop_Operations_ZeroPadShortSources()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "abc");
        h.Run("SET", "b", "\u000f\u00f0");
        Assert.Equal(":3\r\n", h.Run("BITOP", "AND", "dest", "a", "b"));
        Assert.Equal("$3\r\n\u0001`\0\r\n", h.Run("GET", "dest"));
        Assert.Equal("raw", EncodingOf(h, "dest"));
        Assert.Equal(":3\r\n", h.Run("BITOP", "or", "dest", "a", "b"));
        Assert.Equal("$3\r\no\u00f2c\r\n", h.Run("GET", "dest"));
        Assert.Equal(":3\r\n", h.Run("BITOP", "Xor", "dest", "a", "b", "missing"));
        Assert.Equal("$3\r\nn\u0092c\r\n", h.Run("GET", "dest"));
        Assert.Equal(":3\r\n", h.Run("BITOP", "NOT", "dest", "a"));
        Assert.Equal("$3\r\n\u009e\u009d\u009c\r\n", h.Run("GET", "dest"));
        Assert.Equal(":3\r\n", h.Run("BITOP", "AND", "dest", "a", "missing"));
        Assert.Equal("$3\r\n\0\0\0\r\n", h.Run("GET", "dest"));
    }

    [Fact]
    public void Bitop_LongSources_UseWholeWords()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "0123456789abcdefghij");
        h.Run("SET", "b", "                  ");
        Assert.Equal(":20\r\n", h.Run("BITOP", "XOR", "dest", "a", "b"));
        Assert.Equal("$20\r\n\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019ABCDEFGHij\r\n", h.Run("GET", "dest"));
    }

    [Fact]
    public void Bitop_IntSource_UsesDecimalText()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "12");
        Assert.Equal(":2\r\n", h.Run("BITOP", "OR", "dest", "n"));
        Assert.Equal("$2\r\n12\r\n", h.Run("GET", "dest"));
        Assert.Equal("raw", EncodingOf(h, "dest"));
    }

    [Fact]
    public void Bitop_EmptyResult_DeletesDestination()
    {
        var h = new CommandHarness();
        h.Run("SET", "dest", "x");
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("BITOP", "AND", "dest", "missing", "missing2"));
        Assert.Equal(0, Db(h).Count);
        Assert.Equal(before + 1, Dirty(h));
        Assert.Equal(":0\r\n", h.Run("BITOP", "NOT", "dest", "missing"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Bitop_Destination_LosesTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "dest", "1", "EX", "100");
        h.Run("SET", "a", "x");
        h.Run("BITOP", "OR", "dest", "a");
        Assert.Equal(-1, Db(h).GetExpire(Key("dest")));
    }

    [Fact]
    public void Bitop_Errors()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "x");
        PutList(h, "l");
        Assert.Equal(Syntax, h.Run("BITOP", "foo", "dest", "a"));
        Assert.Equal("-ERR BITOP NOT must be called with a single source key.\r\n", h.Run("BITOP", "NOT", "dest", "a", "b"));
        Assert.Equal(WrongType, h.Run("BITOP", "AND", "dest", "a", "l"));
        Assert.Equal(WrongType, h.Run("BITOP", "AND", "dest", "l", "a"));
        Assert.Equal("-ERR wrong number of arguments for 'bitop' command\r\n", h.Run("BITOP", "AND", "dest"));
        Assert.Equal(2, Db(h).Count);
    }

    // ---- BITFIELD / BITFIELD_RO ----

    [Fact]
    public void Bitfield_NoOperations_ReturnsEmptyArray()
    {
        var h = new CommandHarness();
        Assert.Equal("*0\r\n", h.Run("BITFIELD", "k"));
        Assert.Equal("*1\r\n:0\r\n", h.Run("BITFIELD", "k", "GET", "u8", "0"));
        Assert.Equal(0, Db(h).Count);
    }

    [Fact]
    public void Bitfield_SetIncrbyGet_WithOverflowModes()
    {
        var h = new CommandHarness();
        Assert.Equal("*2\r\n:0\r\n:255\r\n", h.Run("BITFIELD", "bf", "SET", "u8", "0", "255", "GET", "u8", "0"));
        Assert.Equal("raw", EncodingOf(h, "bf"));
        Assert.Equal("*3\r\n:9\r\n:255\r\n$-1\r\n",
            h.Run("BITFIELD", "bf", "INCRBY", "u8", "0", "10", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"));
        Assert.Equal("*5\r\n:0\r\n:-128\r\n:128\r\n:-36028797018963968\r\n:9205357638345293824\r\n",
            h.Run("BITFIELD", "bf", "SET", "i8", "#1", "-128", "GET", "i8", "#1", "GET", "u8", "8", "GET", "i64", "0", "GET", "u63", "0"));
        Assert.Equal(":2\r\n", h.Run("STRLEN", "bf"));
    }

    [Fact]
    public void Bitfield_Fail_RepliesNullAndWritesNothing()
    {
        var h = new CommandHarness();
        h.Run("BITFIELD", "bf", "SET", "u8", "0", "255", "SET", "i8", "8", "-128");
        Assert.Equal("*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n:255\r\n",
            h.Run("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-1000", "INCRBY", "i8", "0", "1000", "SET", "i8", "0", "200", "SET", "u8", "0", "-1", "GET", "u8", "0"));
        h.UseResp3();
        Assert.Equal("*2\r\n_\r\n:0\r\n", h.Run("BITFIELD", "x", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9", "GET", "u2", "0"));
    }

    [Fact]
    public void Bitfield_Wrap_MatchesRedis()
    {
        var h = new CommandHarness();
        h.Run("BITFIELD", "bf", "SET", "u8", "0", "60");
        Assert.Equal("*6\r\n:60\r\n:-56\r\n:200\r\n:255\r\n:4\r\n:60\r\n",
            h.Run("BITFIELD", "bf", "OVERFLOW", "WRAP", "SET", "i8", "0", "200", "GET", "i8", "0", "SET", "u8", "0", "-1", "GET", "u8", "0", "INCRBY", "u8", "0", "5", "INCRBY", "i8", "0", "-200"));
    }

    [Fact]
    public void Bitfield_Sat_MatchesRedis()
    {
        var h = new CommandHarness();
        h.Run("BITFIELD", "bf", "SET", "u8", "0", "60");
        Assert.Equal("*8\r\n:60\r\n:127\r\n:127\r\n:255\r\n:255\r\n:-128\r\n:-9223372036854775808\r\n:-9223372036854775808\r\n",
            h.Run("BITFIELD", "bf", "OVERFLOW", "sat", "SET", "i8", "0", "200", "GET", "i8", "0", "SET", "u8", "0", "-1", "GET", "u8", "0",
                "INCRBY", "u8", "0", "5", "INCRBY", "i8", "0", "-300", "INCRBY", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1"));
    }

    [Fact]
    public void Bitfield_64BitFields_MatchRedis()
    {
        var h = new CommandHarness();
        h.Run("BITFIELD", "bf", "SET", "i64", "0", "-9223372036854775808");
        Assert.Equal("*5\r\n:-1\r\n:9223372036854775806\r\n:4611686018427387903\r\n:9223372036854775807\r\n:9223372036854775802\r\n",
            h.Run("BITFIELD", "bf", "OVERFLOW", "WRAP", "INCRBY", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "9223372036854775807",
                "SET", "u63", "0", "-1", "GET", "u63", "0", "INCRBY", "u63", "0", "-5"));
        Assert.Equal("*4\r\n$-1\r\n:-12\r\n$-1\r\n:2\r\n",
            h.Run("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u63", "0", "9223372036854775807", "SET", "i64", "0", "1",
                "INCRBY", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1"));
    }

    [Fact]
    public void Bitfield_WriteThatFails_StillCreatesKey()
    {
        var h = new CommandHarness();
        Assert.Equal("*1\r\n$-1\r\n", h.Run("BITFIELD", "nk", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "500"));
        Assert.Equal("$1\r\n\0\r\n", h.Run("GET", "nk"));
        // Redis 7.0.15 counts only writes that happened: the refused INCRBY leaves dirty unchanged.
        Assert.Equal(0, Dirty(h));
    }

    [Fact]
    public void Bitfield_HashOffset_IsMultipliedByWidth()
    {
        var h = new CommandHarness();
        Assert.Equal("*1\r\n:0\r\n", h.Run("BITFIELD", "bf", "SET", "u8", "#3", "1"));
        Assert.Equal(":4\r\n", h.Run("STRLEN", "bf"));
        Assert.Equal("$4\r\n\0\0\0\u0001\r\n", h.Run("GET", "bf"));
    }

    [Fact]
    public void Bitfield_GetPastEnd_ReadsZeros()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "1");
        Assert.Equal("*3\r\n:1\r\n:49\r\n:0\r\n", h.Run("BITFIELD", "n", "GET", "u4", "4", "GET", "u8", "0", "GET", "u8", "4294967288"));
        Assert.Equal("int", EncodingOf(h, "n"));
    }

    [Theory]
    [InlineData("u64")]
    [InlineData("i65")]
    [InlineData("I8")]
    [InlineData("u0")]
    [InlineData("u08")]
    [InlineData("x8")]
    public void Bitfield_BadType_ReturnsTypeError(string type)
    {
        var h = new CommandHarness();
        Assert.Equal(BadType, h.Run("BITFIELD", "bf", "GET", type, "0"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("#-1")]
    [InlineData("4294967296")]
    [InlineData("#536870912")]
    [InlineData("x")]
    [InlineData("#")]
    public void Bitfield_BadOffset_ReturnsOffsetError(string offset)
    {
        var h = new CommandHarness();
        Assert.Equal(BadOffset, h.Run("BITFIELD", "bf", "GET", "u8", offset));
    }

    [Fact]
    public void Bitfield_LargestOffsets_AreAccepted()
    {
        var h = new CommandHarness();
        Assert.Equal("*2\r\n:0\r\n:0\r\n", h.Run("BITFIELD", "bf", "GET", "u8", "4294967288", "GET", "u8", "#536870911"));
    }

    [Fact]
    public void Bitfield_ParseErrors_MatchRedis()
    {
        var h = new CommandHarness();
        Assert.Equal(Syntax, h.Run("BITFIELD", "bf", "GET", "u8"));
        Assert.Equal(Syntax, h.Run("BITFIELD", "bf", "foo"));
        Assert.Equal(Syntax, h.Run("BITFIELD", "bf", "OVERFLOW"));
        Assert.Equal(Syntax, h.Run("BITFIELD", "bf", "GET", "u8", "0", "SET", "u8", "0"));
        Assert.Equal("-ERR Invalid OVERFLOW type specified\r\n", h.Run("BITFIELD", "bf", "OVERFLOW", "foo", "GET", "u8", "0"));
        Assert.Equal("-ERR Invalid OVERFLOW type specified\r\n", h.Run("BITFIELD", "bf", "SET", "u8", "0", "1", "OVERFLOW", "foo"));
        Assert.Equal(NotInteger, h.Run("BITFIELD", "bf", "SET", "u8", "0", "x"));
        Assert.Equal(0, Db(h).Count);
    }

    [Fact]
    public void Bitfield_OnList_ReturnsWrongType()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("BITFIELD", "l", "GET", "u8", "0"));
        Assert.Equal(WrongType, h.Run("BITFIELD", "l", "SET", "u8", "0", "1"));
        Assert.Equal(WrongType, h.Run("BITFIELD_RO", "l", "GET", "u8", "0"));
    }

    [Fact]
    public void BitfieldRo_GetOnly()
    {
        var h = new CommandHarness();
        h.Run("BITFIELD", "bf", "SET", "u8", "0", "255", "SET", "u8", "8", "128");
        Assert.Equal("*2\r\n:255\r\n:-8\r\n", h.Run("BITFIELD_RO", "bf", "GET", "u8", "0", "GET", "i8", "4"));
        Assert.Equal("*0\r\n", h.Run("BITFIELD_RO", "bf", "OVERFLOW", "FAIL"));
        Assert.Equal("*1\r\n:0\r\n", h.Run("BITFIELD_RO", "missing", "GET", "u8", "0"));
        Assert.Equal("-ERR BITFIELD_RO only supports the GET subcommand\r\n", h.Run("BITFIELD_RO", "bf", "SET", "u8", "0", "1"));
        Assert.Equal(BadOffset, h.Run("BITFIELD_RO", "bf", "GET", "u8", "x"));
    }

    [Fact]
    public void Bitfield_CountsOneChangePerWrite()
    {
        var h = new CommandHarness();
        h.Run("BITFIELD", "bf", "SET", "u8", "0", "1", "INCRBY", "u8", "0", "1", "GET", "u8", "0");
        Assert.Equal(2, Dirty(h));
        h.Run("BITFIELD", "bf", "GET", "u8", "0");
        Assert.Equal(2, Dirty(h));
    }
}
