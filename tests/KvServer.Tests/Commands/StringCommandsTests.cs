using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// String family: every reply below is the exact output of Redis 7.0.15 for the same commands (RESP2 unless
/// the test switches to RESP3).
/// </summary>
public class StringCommandsTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string NotFloat = "-ERR value is not a valid float\r\n";
    private const string Syntax = "-ERR syntax error\r\n";

    /// <summary>A collection value standing in for a list, to provoke WRONGTYPE.</summary>
    internal sealed class FakeList : IKvCollection
    {
        public KvType Type => KvType.List;

        public string Encoding => "quicklist";

        public long Count => 1;

        public IKvCollection Clone() => this;
    }

    internal static Database Db(CommandHarness h) => h.Server.Databases[0];

    internal static byte[] Key(string key) => Encoding.Latin1.GetBytes(key);

    internal static void PutList(CommandHarness h, string key) => Db(h).Set(Key(key), new FakeList());

    internal static string EncodingOf(CommandHarness h, string key) =>
        ValueTypes.Encoding(Db(h).Peek(Key(key), h.Clock.UnixTimeMilliseconds)!);

    private static long ExpireOf(CommandHarness h, string key) => Db(h).GetExpire(Key(key));

    private static long Dirty(CommandHarness h) => h.Server.KeyspaceStats.Dirty;

    // ---- GET / SET ----

    [Fact]
    public void Get_MissingKey_ReturnsNullBulk()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Get_OnList_ReturnsWrongType()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("GET", "l"));
    }

    [Fact]
    public void Set_ThenGet_ReturnsValue()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "hello"));
        Assert.Equal("$5\r\nhello\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Set_BinaryValue_RoundTrips()
    {
        var h = new CommandHarness();
        byte[] value = [0, 1, 255, 13, 10];
        h.RunBytes(h.Client, Key("SET"), Key("k"), value);
        Assert.Equal("$5\r\n\0\u0001\u00ff\r\n\r\n", h.Run("GET", "k"));
    }

    [Theory]
    [InlineData("123", "int")]
    [InlineData("-123", "int")]
    [InlineData("9223372036854775807", "int")]
    [InlineData("9223372036854775808", "embstr")]
    [InlineData("0123", "embstr")]
    [InlineData("1.5", "embstr")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "embstr")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "raw")]
    public void Set_Value_HasRedisEncoding(string value, string encoding)
    {
        var h = new CommandHarness();
        h.Run("SET", "k", value);
        Assert.Equal(encoding, EncodingOf(h, "k"));
        Assert.Equal($"${value.Length}\r\n{value}\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Set_Overwrite_DropsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "EX", "100");
        h.Run("SET", "k", "w");
        Assert.Equal(-1, ExpireOf(h, "k"));
    }

    [Fact]
    public void Set_Ex_SetsAbsoluteExpiry()
    {
        var h = new CommandHarness();
        long now = h.Clock.UnixTimeMilliseconds;
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "v", "EX", "100"));
        Assert.Equal(now + 100_000, ExpireOf(h, "k"));
        h.Run("SET", "k", "v", "PX", "1500");
        Assert.Equal(now + 1500, ExpireOf(h, "k"));
        h.Run("SET", "k", "v", "EXAT", "2000000000");
        Assert.Equal(2_000_000_000_000, ExpireOf(h, "k"));
        h.Run("SET", "k", "v", "pxat", "2000000000123");
        Assert.Equal(2_000_000_000_123, ExpireOf(h, "k"));
    }

    [Fact]
    public void Set_ExpiresAfterTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "PX", "100");
        h.Clock.Advance(100);
        Assert.Equal("$1\r\nv\r\n", h.Run("GET", "k"));
        // keyIsExpired: a key expires once now is strictly past its time.
        h.Clock.Advance(1);
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Set_RepeatedExpire_LastWins()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "v", "EX", "10", "EX", "20"));
        Assert.Equal(h.Clock.UnixTimeMilliseconds + 20_000, ExpireOf(h, "k"));
    }

    [Fact]
    public void Set_PxatInThePast_StoresAndExpiresOnAccess()
    {
        // Redis 7.0 stores the key with its past expiry; it is reclaimed (and counted) lazily.
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "v", "PXAT", "1"));
        Assert.Equal(1, Db(h).Count);
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Set_KeepTtl_KeepsExpiry()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "EX", "100");
        long expire = ExpireOf(h, "k");
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "w", "KEEPTTL", "KEEPTTL"));
        Assert.Equal(expire, ExpireOf(h, "k"));
        Assert.Equal("$1\r\nw\r\n", h.Run("GET", "k"));
    }

    [Theory]
    [InlineData("EX", "0")]
    [InlineData("EX", "-1")]
    [InlineData("PX", "0")]
    [InlineData("EXAT", "0")]
    [InlineData("PXAT", "-5")]
    [InlineData("EX", "9223372036854776")]
    [InlineData("PX", "9223372036854775807")]
    [InlineData("EXAT", "9223372036854776")]
    public void Set_InvalidExpire_ReturnsInvalidExpireTime(string unit, string value)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR invalid expire time in 'set' command\r\n", h.Run("SET", "k", "v", unit, value));
        Assert.Equal(0, Db(h).Count);
    }

    [Theory]
    [InlineData("EXAT", "9223372036854775")]
    [InlineData("PXAT", "9223372036854775807")]
    public void Set_LargestAbsoluteExpire_IsAccepted(string unit, string value)
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "v", unit, value));
    }

    [Fact]
    public void Set_NonIntegerExpire_ReturnsNotInteger()
    {
        var h = new CommandHarness();
        Assert.Equal(NotInteger, h.Run("SET", "k", "v", "EX", "abc"));
        Assert.Equal(NotInteger, h.Run("SET", "k", "v", "PX", "1.5"));
    }

    [Theory]
    [InlineData("EX")]
    [InlineData("PX")]
    [InlineData("NX", "XX")]
    [InlineData("XX", "NX")]
    [InlineData("EX", "1", "PX", "1")]
    [InlineData("PXAT", "1", "EXAT", "1")]
    [InlineData("EX", "1", "KEEPTTL")]
    [InlineData("KEEPTTL", "EX", "1")]
    [InlineData("PERSIST")]
    [InlineData("FOO")]
    [InlineData("GET", "EX")]
    public void Set_BadOptions_ReturnsSyntaxError(params string[] options)
    {
        var h = new CommandHarness();
        var args = new List<string> { "SET", "k", "v" };
        args.AddRange(options);
        Assert.Equal(Syntax, h.Run(args.ToArray()));
        Assert.Equal(0, Db(h).Count);
    }

    [Fact]
    public void Set_SyntaxErrorBeforeExpireValue()
    {
        // Options are all parsed before the expire value is validated.
        var h = new CommandHarness();
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "EX", "abc", "FOO"));
    }

    [Fact]
    public void Set_Nx_OnlyWhenMissing()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "1", "NX", "NX"));
        Assert.Equal("$-1\r\n", h.Run("SET", "k", "2", "NX"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "k"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("SET", "k", "2", "nx"));
    }

    [Fact]
    public void Set_Xx_OnlyWhenPresent()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("SET", "k", "1", "XX"));
        Assert.Equal(0, Db(h).Count);
        h.Run("SET", "k", "1");
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "2", "XX", "XX"));
        Assert.Equal("$1\r\n2\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Set_Get_ReturnsOldValue()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("SET", "k", "1", "GET"));
        Assert.Equal("$1\r\n1\r\n", h.Run("SET", "k", "2", "GET", "GET"));
        Assert.Equal("$1\r\n2\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Set_GetWithNx_RepliesOldValueAndDoesNotWrite()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "1");
        Assert.Equal("$1\r\n1\r\n", h.Run("SET", "k", "2", "GET", "NX"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "k"));
        Assert.Equal("$-1\r\n", h.Run("SET", "new", "1", "GET", "NX"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "new"));
    }

    [Fact]
    public void Set_GetWithXxOnMissingKey_RepliesNullAndDoesNotWrite()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("SET", "k", "1", "GET", "XX"));
        Assert.Equal(0, Db(h).Count);
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("SET", "k", "1", "XX", "GET"));
    }

    [Fact]
    public void Set_GetOnList_ReturnsWrongTypeAndDoesNotWrite()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("SET", "l", "v", "GET"));
        Assert.Equal(WrongType, h.Run("GET", "l"));
        Assert.Equal("+OK\r\n", h.Run("SET", "l", "v"));
        Assert.Equal("$1\r\nv\r\n", h.Run("GET", "l"));
    }

    [Fact]
    public void Set_InvalidExpireCheckedBeforeGet()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal("-ERR invalid expire time in 'set' command\r\n", h.Run("SET", "l", "v", "GET", "EX", "0"));
    }

    [Fact]
    public void Set_CountsOneChange()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal(1, Dirty(h));
        h.Run("SET", "k", "v", "NX");
        Assert.Equal(1, Dirty(h));
    }

    // ---- SETNX / SETEX / PSETEX ----

    [Fact]
    public void Setnx_RepliesOneThenZero()
    {
        var h = new CommandHarness();
        Assert.Equal(":1\r\n", h.Run("SETNX", "k", "1"));
        Assert.Equal(":0\r\n", h.Run("SETNX", "k", "2"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Setex_SetsValueAndTtl()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("SETEX", "k", "100", "v"));
        Assert.Equal(h.Clock.UnixTimeMilliseconds + 100_000, ExpireOf(h, "k"));
        Assert.Equal("+OK\r\n", h.Run("PSETEX", "k", "1500", "w"));
        Assert.Equal(h.Clock.UnixTimeMilliseconds + 1500, ExpireOf(h, "k"));
        Assert.Equal("$1\r\nw\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Setex_InvalidTime_NamesTheCommand()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR invalid expire time in 'setex' command\r\n", h.Run("SETEX", "k", "0", "v"));
        Assert.Equal("-ERR invalid expire time in 'setex' command\r\n", h.Run("SETEX", "k", "9223372036854776", "v"));
        Assert.Equal("-ERR invalid expire time in 'psetex' command\r\n", h.Run("PSETEX", "k", "-5", "v"));
        Assert.Equal("-ERR invalid expire time in 'psetex' command\r\n", h.Run("PSETEX", "k", "9223372036854775807", "v"));
        Assert.Equal(NotInteger, h.Run("SETEX", "k", "x", "v"));
        Assert.Equal(0, Db(h).Count);
    }

    [Fact]
    public void Setex_OnList_Overwrites()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal("+OK\r\n", h.Run("SETEX", "l", "10", "v"));
        Assert.Equal("$1\r\nv\r\n", h.Run("GET", "l"));
    }

    // ---- GETEX ----

    [Fact]
    public void Getex_NoOptions_ReturnsValueKeepsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "EX", "100");
        long expire = ExpireOf(h, "k");
        Assert.Equal("$1\r\nv\r\n", h.Run("GETEX", "k"));
        Assert.Equal(expire, ExpireOf(h, "k"));
    }

    [Fact]
    public void Getex_Persist_RemovesTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "EX", "100");
        long before = Dirty(h);
        Assert.Equal("$1\r\nv\r\n", h.Run("GETEX", "k", "PERSIST"));
        Assert.Equal(-1, ExpireOf(h, "k"));
        Assert.Equal(before + 1, Dirty(h));
        h.Run("GETEX", "k", "PERSIST");
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Getex_Expire_SetsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        long now = h.Clock.UnixTimeMilliseconds;
        Assert.Equal("$1\r\nv\r\n", h.Run("GETEX", "k", "EX", "100"));
        Assert.Equal(now + 100_000, ExpireOf(h, "k"));
        h.Run("GETEX", "k", "PX", "5000");
        Assert.Equal(now + 5000, ExpireOf(h, "k"));
        h.Run("GETEX", "k", "EXAT", "99999999999");
        Assert.Equal(99_999_999_999_000, ExpireOf(h, "k"));
        h.Run("GETEX", "k", "PXAT", "99999999999999");
        Assert.Equal(99_999_999_999_999, ExpireOf(h, "k"));
    }

    [Fact]
    public void Getex_PastAbsoluteTime_DeletesKey()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal("$1\r\nv\r\n", h.Run("GETEX", "k", "EXAT", "1"));
        Assert.Equal(0, Db(h).Count);
        Assert.Equal(0, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Getex_MissingKey_ReturnsNullEvenWithBadExpireValue()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("GETEX", "k", "EX", "abc"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("GETEX", "k"));
    }

    [Theory]
    [InlineData("PERSIST", "EX", "10")]
    [InlineData("EX", "10", "PERSIST")]
    [InlineData("EX")]
    [InlineData("NX")]
    [InlineData("KEEPTTL")]
    [InlineData("GET")]
    [InlineData("FOO")]
    public void Getex_BadOptions_ReturnsSyntaxError(params string[] options)
    {
        var h = new CommandHarness();
        var args = new List<string> { "GETEX", "missing" };
        args.AddRange(options);
        Assert.Equal(Syntax, h.Run(args.ToArray()));
    }

    [Fact]
    public void Getex_InvalidExpire_ReturnsErrorForExistingKey()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal("-ERR invalid expire time in 'getex' command\r\n", h.Run("GETEX", "k", "EX", "0"));
        Assert.Equal("-ERR invalid expire time in 'getex' command\r\n", h.Run("GETEX", "k", "EX", "-5"));
        Assert.Equal(NotInteger, h.Run("GETEX", "k", "EX", "abc"));
        Assert.Equal(-1, ExpireOf(h, "k"));
    }

    [Fact]
    public void Getex_OnList_ReturnsWrongTypeBeforeExpireValue()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("GETEX", "l", "EX", "abc"));
    }

    // ---- GETDEL / GETSET ----

    [Fact]
    public void Getdel_ReturnsAndDeletes()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "5");
        Assert.Equal("$1\r\n5\r\n", h.Run("GETDEL", "k"));
        Assert.Equal("$-1\r\n", h.Run("GETDEL", "k"));
        Assert.Equal(0, Db(h).Count);
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("GETDEL", "k"));
    }

    [Fact]
    public void Getdel_OnList_ReturnsWrongTypeAndKeepsKey()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("GETDEL", "l"));
        Assert.Equal(1, Db(h).Count);
    }

    [Fact]
    public void Getset_ReturnsOldAndStoresNew()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("GETSET", "k", "v"));
        Assert.Equal("$1\r\nv\r\n", h.Run("GETSET", "k", "12"));
        Assert.Equal("int", EncodingOf(h, "k"));
    }

    [Fact]
    public void Getset_DropsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "1", "EX", "100");
        Assert.Equal("$1\r\n1\r\n", h.Run("GETSET", "k", "2"));
        Assert.Equal(-1, ExpireOf(h, "k"));
    }

    [Fact]
    public void Getset_OnList_ReturnsWrongTypeAndDoesNotWrite()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("GETSET", "l", "x"));
        Assert.Equal(WrongType, h.Run("GET", "l"));
    }

    // ---- MGET / MSET / MSETNX ----

    [Fact]
    public void Mget_MixedKeys_NullForMissingAndWrongType()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "hello");
        h.Run("SET", "n", "-123");
        PutList(h, "l");
        Assert.Equal("*4\r\n$5\r\nhello\r\n$-1\r\n$-1\r\n$4\r\n-123\r\n", h.Run("MGET", "s", "missing", "l", "n"));
        h.UseResp3();
        Assert.Equal("*2\r\n_\r\n$5\r\nhello\r\n", h.Run("MGET", "l", "s"));
    }

    [Fact]
    public void Mset_SetsAllAndDropsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "x", "EX", "100");
        Assert.Equal("+OK\r\n", h.Run("MSET", "a", "1", "b", "2"));
        Assert.Equal("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", h.Run("MGET", "a", "b"));
        Assert.Equal(-1, ExpireOf(h, "a"));
        Assert.Equal(3, Dirty(h));
    }

    [Fact]
    public void Mset_OddArguments_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'mset' command\r\n", h.Run("MSET", "a", "1", "b"));
        Assert.Equal("-ERR wrong number of arguments for 'msetnx' command\r\n", h.Run("MSETNX", "a", "1", "b"));
        Assert.Equal(0, Db(h).Count);
    }

    [Fact]
    public void Msetnx_AnyKeyExists_SetsNothing()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        Assert.Equal(":0\r\n", h.Run("MSETNX", "c", "1", "a", "2"));
        Assert.Equal("$-1\r\n", h.Run("GET", "c"));
        Assert.Equal(":1\r\n", h.Run("MSETNX", "c", "1", "d", "2"));
        Assert.Equal("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", h.Run("MGET", "c", "d"));
    }

    [Fact]
    public void Msetnx_SameKeyTwice_LastValueWins()
    {
        var h = new CommandHarness();
        Assert.Equal(":1\r\n", h.Run("MSETNX", "e", "1", "e", "2"));
        Assert.Equal("$1\r\n2\r\n", h.Run("GET", "e"));
    }

    // ---- INCR / DECR / INCRBY / DECRBY ----

    [Fact]
    public void Incr_MissingKey_StartsAtZero()
    {
        var h = new CommandHarness();
        Assert.Equal(":1\r\n", h.Run("INCR", "c"));
        Assert.Equal(":2\r\n", h.Run("INCR", "c"));
        Assert.Equal(":1\r\n", h.Run("DECR", "c"));
        Assert.Equal(":11\r\n", h.Run("INCRBY", "c", "10"));
        Assert.Equal(":6\r\n", h.Run("DECRBY", "c", "5"));
        Assert.Equal(":-4\r\n", h.Run("DECRBY", "c", "10"));
        Assert.Equal("int", EncodingOf(h, "c"));
    }

    [Fact]
    public void Incr_IntValue_UpdatedInPlace()
    {
        var h = new CommandHarness();
        h.Run("SET", "c", "41");
        object before = Db(h).Peek(Key("c"), h.Clock.UnixTimeMilliseconds)!;
        Assert.Equal(":42\r\n", h.Run("INCR", "c"));
        Assert.Same(before, Db(h).Peek(Key("c"), h.Clock.UnixTimeMilliseconds));
        Assert.Equal("$2\r\n42\r\n", h.Run("GET", "c"));
    }

    [Fact]
    public void Incr_OnRawNumber_BecomesInt()
    {
        var h = new CommandHarness();
        h.Run("SET", "c", "12");
        h.Run("APPEND", "c", "3");
        Assert.Equal("raw", EncodingOf(h, "c"));
        Assert.Equal(":124\r\n", h.Run("INCR", "c"));
        Assert.Equal("int", EncodingOf(h, "c"));
    }

    [Fact]
    public void Incr_KeepsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "c", "5", "EX", "100");
        long expire = ExpireOf(h, "c");
        h.Run("INCR", "c");
        h.Run("APPEND", "c", "0");
        h.Run("INCR", "c");
        Assert.Equal(expire, ExpireOf(h, "c"));
        Assert.Equal("$2\r\n61\r\n", h.Run("GET", "c"));
    }

    [Theory]
    [InlineData(" 1")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("123456789012345678901")]
    [InlineData("01")]
    public void Incr_NonIntegerValue_ReturnsNotInteger(string value)
    {
        var h = new CommandHarness();
        h.Run("SET", "c", value);
        Assert.Equal(NotInteger, h.Run("INCR", "c"));
        Assert.Equal(NotInteger, h.Run("DECRBY", "c", "1"));
    }

    [Fact]
    public void Incr_Overflow_ReturnsError()
    {
        var h = new CommandHarness();
        h.Run("SET", "m", "9223372036854775807");
        Assert.Equal("-ERR increment or decrement would overflow\r\n", h.Run("INCR", "m"));
        h.Run("SET", "m", "-9223372036854775808");
        Assert.Equal("-ERR increment or decrement would overflow\r\n", h.Run("DECR", "m"));
        Assert.Equal("-ERR increment or decrement would overflow\r\n", h.Run("INCRBY", "m", "-1"));
        h.Run("SET", "m", "1");
        Assert.Equal("-ERR increment or decrement would overflow\r\n", h.Run("INCRBY", "m", "9223372036854775807"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "m"));
    }

    [Fact]
    public void Decrby_MinValue_ReturnsDecrementOverflow()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR decrement would overflow\r\n", h.Run("DECRBY", "c", "-9223372036854775808"));
        Assert.Equal(":-9223372036854775807\r\n", h.Run("DECRBY", "c", "9223372036854775807"));
    }

    [Fact]
    public void Incrby_NonIntegerIncrement_ReturnsNotInteger()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(NotInteger, h.Run("INCRBY", "l", "x"));
        Assert.Equal(NotInteger, h.Run("DECRBY", "c", "1.0"));
        Assert.Equal(WrongType, h.Run("INCRBY", "l", "1"));
        Assert.Equal(WrongType, h.Run("INCR", "l"));
        Assert.Equal(WrongType, h.Run("DECR", "l"));
    }

    // ---- INCRBYFLOAT ----

    [Theory]
    [InlineData("10.50", "0.1", "10.6")]
    [InlineData("5.0e3", "2.0e2", "5200")]
    [InlineData("1000", "0.1", "1000.09999999999999998")]
    [InlineData("3", "1.1", "4.1")]
    [InlineData("123456789.123", "0.001", "123456789.12399999999615829")]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("1.5e-10", "0", "0.00000000015")]
    [InlineData("1e-20", "0", "0")]
    [InlineData("-1e-20", "0", "0")]
    [InlineData("-0.0", "0", "0")]
    [InlineData("0", "0x10", "16")]
    [InlineData("0", "0x1.8p1", "3")]
    [InlineData("0", "-0", "0")]
    [InlineData("0", "+5", "5")]
    [InlineData("0", ".5", "0.5")]
    [InlineData("0", "5.", "5")]
    [InlineData("0", "0.000003814697265625", "0.00000381469726562")]
    [InlineData("9223372036854775807", "1", "9223372036854775808")]
    [InlineData("-12345678901234567890.123456789", "0.3333333333333333333333333", "-12345678901234567890")]
    public void Incrbyfloat_LongDoubleArithmetic_MatchesRedis(string start, string increment, string expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "f", start);
        Assert.Equal($"${expected.Length}\r\n{expected}\r\n", h.Run("INCRBYFLOAT", "f", increment));
        Assert.Equal($"${expected.Length}\r\n{expected}\r\n", h.Run("GET", "f"));
    }

    [Fact]
    public void Incrbyfloat_HugeValue_PrintsEveryDigit()
    {
        var h = new CommandHarness();
        const string expected = "100000000000000000000899732407955919387052394427329074793826008232126564659618093575584915208375049719035037250861427483";
        string reply = h.Run("INCRBYFLOAT", "f", "1e300");
        Assert.StartsWith("$301\r\n" + expected, reply);
        Assert.Equal("raw", EncodingOf(h, "f"));
    }

    [Fact]
    public void Incrbyfloat_Result_IsEmbstrNotInt()
    {
        var h = new CommandHarness();
        Assert.Equal("$1\r\n1\r\n", h.Run("INCRBYFLOAT", "f", "1"));
        Assert.Equal("embstr", EncodingOf(h, "f"));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("0x")]
    [InlineData("1 ")]
    [InlineData(" 1")]
    [InlineData("1e5000")]
    [InlineData("1e-5000")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("")]
    [InlineData("abc")]
    public void Incrbyfloat_BadIncrement_ReturnsNotFloat(string increment)
    {
        var h = new CommandHarness();
        Assert.Equal(NotFloat, h.Run("INCRBYFLOAT", "f", increment));
        Assert.Equal(0, Db(h).Count);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("+Infinity")]
    public void Incrbyfloat_Infinity_ReturnsNanOrInfinity(string increment)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR increment would produce NaN or Infinity\r\n", h.Run("INCRBYFLOAT", "f", increment));
    }

    [Fact]
    public void Incrbyfloat_OverflowToInfinity_ReturnsNanOrInfinity()
    {
        var h = new CommandHarness();
        Assert.StartsWith("$4933\r\n1000000000000000000006018949387963891323837774254533114773785041352533019486608722407533327779433142773666525563666277682061860906440460336623416164931097542108653623739947237824273607755646282077337746770628281083461244709457643633409272844851420914666765408339856497738306756454137037618440476182982865954054046320908299555942321302503320602080070208203623921079151881460203745014774931620490030394998719312614654064081373493248877120892455186383753439197870978041502797716880193955403107721911638646256939484197293128160329482360996995779489224859264034146949087194820794222433687849284561987230134006305414553626323614864479565079390052761980633463640128979696615362545507608303960553830866145592644372289102918602696741767741297153998359263135897985849697638678310586803720024647593066044070323761747439375151949994191528876172274034561238465689530914002496208547488452249219821049217690359246594326188537200846025476936856707726986425804304053688317572380292690880454677852210458790733177421098965346383845533016192965653377533421097553773202105452559589360227732550843545717469715211293029277100649951579279463212875228768700827274629951331584994203243708412190948315614798641721054158397351395747758548328754270534225721361640356227816080094892433366902417454242382629232277544026609640255325557814321580325340352330660617642326696140257239552549121071985189443846777623334881929189773707008403466595204838733621633273383631944856989484138444978386656058755310848833689791896484998847550364264104800800578245511762594691161545730891319744107953897993101008217601269310629890308357893793344340072837782716410520818640099771094401772024731084835860689936533035726854175396195351768096519310944631445923638053214575993378468775292865871435742249777979822775014324475845899615096380079899099538453121043851821349178371736640702645304284254885437611441690360616466368202194307769462209963387690446576691969551571041941288302648912827345194286271122230347823246073498285153708579500062656222714954113329293953346495615947784091175883554988117167387650681525781361864450364992605079129770604793291076559668041153558254765774288831330658676910296506538343982699076824147706077401185501337053676875440863113630172067902223837838525802181406003942606507609826320015193807633035586661539150425605940691768637845815434184585255915074081317250319572700370579877977177644345205933505850374212779064837146242765034714569464306865784829936445754893825213995710137567750342556762329137973387913047300554841737506800154984198686923965286147079273203561004647365286049876790788288301130050437207489067798842078443360167772245834103629301041345252122743437501935254370757049878526838283810705343010153283985958550741661374001212323172562230037290597675029278865489570268803618001520280748588481858632332145422181524500970533738858652881625738158955840469334830106366243262210429210258173978186522208306814207038831590332622155464159216193005478809313772661406449321989529908990407599717265354887081027622412165764793106246309910984757869627982700885055259900973567128498437782671492610351088858271463387495833021819318548705558606395846070390500323204636339383655528123657438115225035433947543876805317781492691295772410403746456774175666884503175504415270824258750305653788473882671038340481278188648013647450190431469737277008003041204693859153544058059108384516541261521127088116402349679151317227395183628490922161336429757386698401928682323657056924758648793848799822907606679071280964393541325129231682456669123450140879120137931548652537601508656209183486928384515842973760163601756230697826779237275078471824258664382133759876151537532598429521999758431018087001817485300919479583171049967781322202936864648780744025361452947117776701129210049872555316467204668470989130203733391349501708713181244068921199587314823974568234174792429139799088587794666528769986602820375968045445209219875596678877912103336949894142378173648692130854177898020194629670311101994938157038765957014792056173739623614871557317714453597336202068774935086409386414223375141765601758268418764114651053088281009248246110195084364468926837572992870110411414878770616397817334529367403238061699632089293543118185299881280463481800696201966723511922556078483839325067415562633057448408746541808590342228476964416681055875561781810005936328191844815915658719683522845979901018335050006246392027657149580332319739660376707180429166280658258434773362764563277134220525779869893832824866422909928484939374964071386248088592408142723646533801882861736205992781965360090000802821408763787641023437653119263757280212773694655213507075717622521160227187157631635583682130089364682543007292042009976150135189415923413244100006421082817394988300265734422677548100741829682842668334472314928702968616204691717366798642916146473018363370523427203416579250811577900985980957404830019403600361860520985937973506956557739754741783354728589350876379371163141086538418113791886622720\r\n",
            h.Run("INCRBYFLOAT", "f", "1.0e4932"));
        Assert.Equal("-ERR increment would produce NaN or Infinity\r\n", h.Run("INCRBYFLOAT", "f", "1.0e4932"));
    }

    [Fact]
    public void Incrbyfloat_Subnormal_IsAccepted()
    {
        var h = new CommandHarness();
        Assert.Equal("$1\r\n0\r\n", h.Run("INCRBYFLOAT", "f", "1e-4940"));
        Assert.Equal("$1\r\n0\r\n", h.Run("INCRBYFLOAT", "g", "3e-4951"));
        Assert.Equal(NotFloat, h.Run("INCRBYFLOAT", "g", "1e-4952"));
    }

    [Fact]
    public void Incrbyfloat_NonFloatValueOrList_ReturnsError()
    {
        var h = new CommandHarness();
        h.Run("SET", "bad", "abc");
        Assert.Equal(NotFloat, h.Run("INCRBYFLOAT", "bad", "1"));
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("INCRBYFLOAT", "l", "x"));
    }

    [Fact]
    public void Incrbyfloat_KeepsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "f", "1", "EX", "100");
        long expire = ExpireOf(h, "f");
        Assert.Equal("$3\r\n2.5\r\n", h.Run("INCRBYFLOAT", "f", "1.5"));
        Assert.Equal(expire, ExpireOf(h, "f"));
        Assert.Equal(NotInteger, h.Run("INCR", "f"));
        Assert.Equal("$1\r\n3\r\n", h.Run("INCRBYFLOAT", "f", "0.5"));
        Assert.Equal(":4\r\n", h.Run("INCR", "f"));
    }

    // ---- APPEND / STRLEN ----

    [Fact]
    public void Append_NewKey_StoredLikeSet()
    {
        var h = new CommandHarness();
        Assert.Equal(":3\r\n", h.Run("APPEND", "n", "123"));
        Assert.Equal("int", EncodingOf(h, "n"));
        Assert.Equal(":3\r\n", h.Run("APPEND", "s", "abc"));
        Assert.Equal("embstr", EncodingOf(h, "s"));
    }

    [Fact]
    public void Append_Existing_BecomesRaw()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "123");
        Assert.Equal(":4\r\n", h.Run("APPEND", "n", "4"));
        Assert.Equal("raw", EncodingOf(h, "n"));
        Assert.Equal("$4\r\n1234\r\n", h.Run("GET", "n"));
        Assert.Equal(":9\r\n", h.Run("APPEND", "n", "56789"));
        Assert.Equal("$9\r\n123456789\r\n", h.Run("GET", "n"));
    }

    [Fact]
    public void Append_EmptyToExisting_StillBecomesRaw()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "12");
        Assert.Equal(":2\r\n", h.Run("APPEND", "s", ""));
        Assert.Equal("raw", EncodingOf(h, "s"));
        Assert.Equal(":0\r\n", h.Run("APPEND", "e", ""));
        Assert.Equal("embstr", EncodingOf(h, "e"));
    }

    [Fact]
    public void Append_KeepsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "a", "EX", "100");
        long expire = ExpireOf(h, "s");
        h.Run("APPEND", "s", "b");
        Assert.Equal(expire, ExpireOf(h, "s"));
    }

    [Fact]
    public void Append_BeyondProtoMaxBulkLen_ReturnsError()
    {
        var h = new CommandHarness();
        h.Options.ProtoMaxBulkLength = 1024 * 1024;
        h.Run("SET", "s", new string('a', 1024 * 1024 - 1));
        Assert.Equal("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n", h.Run("APPEND", "s", "de"));
        Assert.Equal(":1048576\r\n", h.Run("APPEND", "s", "d"));
    }

    [Fact]
    public void Append_OnList_ReturnsWrongType()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(WrongType, h.Run("APPEND", "l", "x"));
    }

    [Fact]
    public void Strlen_AllEncodings()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "hello");
        h.Run("SET", "n", "-123");
        h.Run("SET", "e", "");
        PutList(h, "l");
        Assert.Equal(":5\r\n", h.Run("STRLEN", "s"));
        Assert.Equal(":4\r\n", h.Run("STRLEN", "n"));
        Assert.Equal(":0\r\n", h.Run("STRLEN", "e"));
        Assert.Equal(":0\r\n", h.Run("STRLEN", "missing"));
        Assert.Equal(WrongType, h.Run("STRLEN", "l"));
        h.Run("APPEND", "s", "!");
        Assert.Equal(":6\r\n", h.Run("STRLEN", "s"));
    }

    // ---- GETRANGE / SUBSTR ----

    [Theory]
    [InlineData("0", "-100", "h")]
    [InlineData("-1", "-5", "")]
    [InlineData("-100", "-99", "h")]
    [InlineData("5", "10", "")]
    [InlineData("4", "10", "o")]
    [InlineData("2", "1", "")]
    [InlineData("-3", "-1", "llo")]
    [InlineData("0", "-1", "hello")]
    [InlineData("1", "1", "e")]
    [InlineData("0", "9223372036854775807", "hello")]
    [InlineData("-9223372036854775808", "9223372036854775807", "hello")]
    public void Getrange_Indexes_MatchRedis(string start, string end, string expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "hello");
        Assert.Equal($"${expected.Length}\r\n{expected}\r\n", h.Run("GETRANGE", "s", start, end));
        Assert.Equal($"${expected.Length}\r\n{expected}\r\n", h.Run("SUBSTR", "s", start, end));
    }

    [Fact]
    public void Getrange_IntEncoded_UsesDecimalText()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "-123");
        Assert.Equal("$2\r\n-1\r\n", h.Run("GETRANGE", "n", "0", "1"));
        Assert.Equal("$2\r\n23\r\n", h.Run("GETRANGE", "n", "-2", "-1"));
    }

    [Fact]
    public void Getrange_MissingOrEmpty_ReturnsEmptyBulkInBothProtocols()
    {
        var h = new CommandHarness();
        h.Run("SET", "e", "");
        Assert.Equal("$0\r\n\r\n", h.Run("GETRANGE", "missing", "0", "1"));
        Assert.Equal("$0\r\n\r\n", h.Run("GETRANGE", "e", "0", "-1"));
        h.UseResp3();
        Assert.Equal("$0\r\n\r\n", h.Run("GETRANGE", "missing", "0", "1"));
    }

    [Fact]
    public void Getrange_Errors()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(NotInteger, h.Run("GETRANGE", "missing", "x", "1"));
        Assert.Equal(NotInteger, h.Run("GETRANGE", "l", "1", "x"));
        Assert.Equal(WrongType, h.Run("GETRANGE", "l", "0", "1"));
    }

    // ---- SETRANGE ----

    [Fact]
    public void Setrange_Existing_OverwritesAndPads()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "hello");
        Assert.Equal(":5\r\n", h.Run("SETRANGE", "s", "1", "XY"));
        Assert.Equal("$5\r\nhXYlo\r\n", h.Run("GET", "s"));
        Assert.Equal("raw", EncodingOf(h, "s"));
        Assert.Equal(":11\r\n", h.Run("SETRANGE", "s", "10", "Z"));
        Assert.Equal("$11\r\nhXYlo\0\0\0\0\0Z\r\n", h.Run("GET", "s"));
    }

    [Fact]
    public void Setrange_MissingKey_CreatesZeroPaddedRaw()
    {
        var h = new CommandHarness();
        Assert.Equal(":6\r\n", h.Run("SETRANGE", "s", "3", "abc"));
        Assert.Equal("$6\r\n\0\0\0abc\r\n", h.Run("GET", "s"));
        Assert.Equal("raw", EncodingOf(h, "s"));
    }

    [Fact]
    public void Setrange_EmptyValue_ChangesNothing()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("SETRANGE", "r", "0", ""));
        Assert.Equal(0, Db(h).Count);
        h.Run("SET", "n", "12");
        Assert.Equal(":2\r\n", h.Run("SETRANGE", "n", "100", ""));
        Assert.Equal("int", EncodingOf(h, "n"));
        Assert.Equal(1, Dirty(h));
    }

    [Fact]
    public void Setrange_IntValue_BecomesRawKeepsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "n", "12", "EX", "100");
        long expire = ExpireOf(h, "n");
        Assert.Equal(":2\r\n", h.Run("SETRANGE", "n", "0", "9"));
        Assert.Equal("raw", EncodingOf(h, "n"));
        Assert.Equal(expire, ExpireOf(h, "n"));
        Assert.Equal(":93\r\n", h.Run("INCRBY", "n", "1"));
    }

    [Fact]
    public void Setrange_Errors_InRedisOrder()
    {
        var h = new CommandHarness();
        PutList(h, "l");
        Assert.Equal(NotInteger, h.Run("SETRANGE", "l", "x", "x"));
        Assert.Equal("-ERR offset is out of range\r\n", h.Run("SETRANGE", "l", "-1", "x"));
        Assert.Equal(WrongType, h.Run("SETRANGE", "l", "0", ""));
        Assert.Equal(WrongType, h.Run("SETRANGE", "l", "0", "x"));
    }

    [Fact]
    public void Setrange_BeyondProtoMaxBulkLen_ReturnsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n", h.Run("SETRANGE", "s", "536870912", "x"));
        Assert.Equal("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n", h.Run("SETRANGE", "s", "9223372036854775807", "x"));
        Assert.Equal(":0\r\n", h.Run("SETRANGE", "s", "536870912", ""));
        h.Options.ProtoMaxBulkLength = 1024 * 1024;
        Assert.Equal(":1048576\r\n", h.Run("SETRANGE", "s", "1048575", "x"));
        Assert.Equal("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n", h.Run("SETRANGE", "s", "1048575", "xy"));
    }

    // ---- LCS ----

    private static CommandHarness LcsHarness()
    {
        var h = new CommandHarness();
        h.Run("MSET", "key1", "ohmytext", "key2", "mynewtext");
        return h;
    }

    [Fact]
    public void Lcs_ReturnsSubsequenceAndLength()
    {
        CommandHarness h = LcsHarness();
        Assert.Equal("$6\r\nmytext\r\n", h.Run("LCS", "key1", "key2"));
        Assert.Equal(":6\r\n", h.Run("LCS", "key1", "key2", "LEN"));
    }

    [Fact]
    public void Lcs_Idx_Resp2FlatArray()
    {
        CommandHarness h = LcsHarness();
        Assert.Equal("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n",
            h.Run("LCS", "key1", "key2", "IDX"));
    }

    [Fact]
    public void Lcs_Idx_Resp3Map()
    {
        CommandHarness h = LcsHarness();
        h.UseResp3();
        Assert.Equal("%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
            h.Run("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
    }

    [Fact]
    public void Lcs_NegativeMinMatchLen_MeansZero()
    {
        CommandHarness h = LcsHarness();
        Assert.Equal("*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n",
            h.Run("LCS", "key1", "key2", "idx", "withmatchlen", "minmatchlen", "-5"));
    }

    [Fact]
    public void Lcs_MissingKeys_AreEmptyStrings()
    {
        CommandHarness h = LcsHarness();
        Assert.Equal("$0\r\n\r\n", h.Run("LCS", "nokey", "nokey2"));
        Assert.Equal(":0\r\n", h.Run("LCS", "nokey", "nokey2", "LEN"));
        Assert.Equal("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", h.Run("LCS", "key1", "nokey", "IDX"));
    }

    [Fact]
    public void Lcs_IntEncodedValues_UseDecimalText()
    {
        var h = new CommandHarness();
        h.Run("SET", "n1", "12345");
        h.Run("SET", "n2", "2345");
        Assert.Equal("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:1\r\n:4\r\n*2\r\n:0\r\n:3\r\n:4\r\n$3\r\nlen\r\n:4\r\n",
            h.Run("LCS", "n1", "n2", "IDX", "WITHMATCHLEN"));
    }

    [Fact]
    public void Lcs_Errors_InRedisOrder()
    {
        CommandHarness h = LcsHarness();
        PutList(h, "l");
        Assert.Equal("-ERR The specified keys must contain string values\r\n", h.Run("LCS", "l", "key1"));
        Assert.Equal("-ERR The specified keys must contain string values\r\n", h.Run("LCS", "key1", "l", "FOO"));
        Assert.Equal("-ERR If you want both the length and indexes, please just use IDX.\r\n", h.Run("LCS", "key1", "key2", "LEN", "IDX"));
        Assert.Equal(Syntax, h.Run("LCS", "key1", "key2", "MINMATCHLEN"));
        Assert.Equal(NotInteger, h.Run("LCS", "key1", "key2", "MINMATCHLEN", "x"));
        Assert.Equal(Syntax, h.Run("LCS", "key1", "key2", "FOO"));
    }

    [Fact]
    public void Lcs_TableOverProtoMaxBulkLen_ReturnsError()
    {
        var h = new CommandHarness();
        h.Options.ProtoMaxBulkLength = 1024 * 1024;
        h.Run("SET", "a", new string('a', 600));
        h.Run("SET", "b", new string('b', 600));
        Assert.Equal("-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n", h.Run("LCS", "a", "b"));
        h.Run("SET", "b", new string('a', 400));
        Assert.Equal(":400\r\n", h.Run("LCS", "a", "b", "LEN"));
    }
}
