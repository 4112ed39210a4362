using System.Globalization;
using System.Text;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST and lazy expiry.</summary>
public class ExpireCommandsTests
{
    private static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Dirty(CommandHarness h) => h.Server.KeyspaceStats.Dirty;

    private static CommandHarness WithKey(string key = "k")
    {
        var h = new CommandHarness();
        h.Run("SET", key, "v");
        return h;
    }

    // ---- setting a TTL ----

    [Fact]
    public void Expire_ExistingKey_SetsTtlInSeconds()
    {
        CommandHarness h = WithKey();
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "100"));
        Assert.Equal(":100\r\n", h.Run("TTL", "k"));
        Assert.Equal(":100000\r\n", h.Run("PTTL", "k"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Pexpire_ExistingKey_SetsTtlInMilliseconds()
    {
        CommandHarness h = WithKey();
        Assert.Equal(":1\r\n", h.Run("PEXPIRE", "k", "1234"));
        Assert.Equal(":1234\r\n", h.Run("PTTL", "k"));
        Assert.Equal(":1\r\n", h.Run("TTL", "k"));
        Assert.Equal(":" + Ms(h.Clock.UnixTimeMilliseconds + 1234) + "\r\n", h.Run("PEXPIRETIME", "k"));
    }

    [Fact]
    public void Expireat_ExistingKey_SetsAbsoluteSeconds()
    {
        CommandHarness h = WithKey();
        long at = h.Clock.UnixTimeMilliseconds / 1000 + 50;
        Assert.Equal(":1\r\n", h.Run("EXPIREAT", "k", Ms(at)));
        Assert.Equal(":" + Ms(at) + "\r\n", h.Run("EXPIRETIME", "k"));
        Assert.Equal(":" + Ms(at * 1000) + "\r\n", h.Run("PEXPIRETIME", "k"));
    }

    [Fact]
    public void Pexpireat_ExistingKey_SetsAbsoluteMilliseconds()
    {
        CommandHarness h = WithKey();
        long at = h.Clock.UnixTimeMilliseconds + 777;
        Assert.Equal(":1\r\n", h.Run("PEXPIREAT", "k", Ms(at)));
        Assert.Equal(":" + Ms(at) + "\r\n", h.Run("PEXPIRETIME", "k"));
        Assert.Equal(":777\r\n", h.Run("PTTL", "k"));
    }

    [Theory]
    [InlineData("EXPIRE")]
    [InlineData("PEXPIRE")]
    [InlineData("EXPIREAT")]
    [InlineData("PEXPIREAT")]
    public void ExpireFamily_MissingKey_ReturnsZero(string command)
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run(command, "nokey", "100"));
        Assert.Equal(0, Dirty(h));
    }

    [Fact]
    public void Expire_ExpiredKey_ReturnsZero()
    {
        CommandHarness h = WithKey();
        h.Run("PEXPIRE", "k", "10");
        h.Clock.Advance(11);
        Assert.Equal(":0\r\n", h.Run("EXPIRE", "k", "100"));
    }

    [Theory]
    [InlineData("EXPIRE", "-10")]
    [InlineData("EXPIRE", "0")]
    [InlineData("PEXPIRE", "0")]
    [InlineData("PEXPIRE", "-1")]
    [InlineData("EXPIREAT", "0")]
    [InlineData("PEXPIREAT", "1")]
    [InlineData("EXPIRE", "-9223372036854775")]
    [InlineData("PEXPIREAT", "-9223372036854775808")]
    public void ExpireFamily_TimeNotInFuture_DeletesKeyAndReturnsOne(string command, string time)
    {
        CommandHarness h = WithKey();
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run(command, "k", time));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "k"));
        Assert.Equal(before + 1, Dirty(h));
        // A deletion as DEL would do it: not an expired key.
        Assert.Equal(0, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Pexpireat_ExactlyNow_Deletes_OneMillisecondLater_Sets()
    {
        CommandHarness h = WithKey();
        long now = h.Clock.UnixTimeMilliseconds;
        Assert.Equal(":1\r\n", h.Run("PEXPIREAT", "k", Ms(now + 1)));
        Assert.Equal(":1\r\n", h.Run("PTTL", "k"));
        Assert.Equal(":1\r\n", h.Run("PEXPIREAT", "k", Ms(now)));
        Assert.Equal(":-2\r\n", h.Run("PTTL", "k"));
    }

    [Fact]
    public void Expire_OverwritesPreviousTtl()
    {
        CommandHarness h = WithKey();
        h.Run("EXPIRE", "k", "100");
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "5"));
        Assert.Equal(":5\r\n", h.Run("TTL", "k"));
    }

    // ---- NX | XX | GT | LT ----

    [Theory]
    [InlineData(null, "NX", ":1\r\n", 50)]
    [InlineData("100", "NX", ":0\r\n", 100)]
    [InlineData(null, "XX", ":0\r\n", -1)]
    [InlineData("100", "XX", ":1\r\n", 50)]
    [InlineData(null, "GT", ":0\r\n", -1)]
    [InlineData("10", "GT", ":1\r\n", 50)]
    [InlineData("100", "GT", ":0\r\n", 100)]
    [InlineData("50", "GT", ":0\r\n", 50)]
    [InlineData(null, "LT", ":1\r\n", 50)]
    [InlineData("100", "LT", ":1\r\n", 50)]
    [InlineData("10", "LT", ":0\r\n", 10)]
    [InlineData("50", "LT", ":0\r\n", 50)]
    [InlineData("100", "xx", ":1\r\n", 50)]
    [InlineData("10", "gt", ":1\r\n", 50)]
    [InlineData("10", "XX", ":1\r\n", 50)]
    public void Expire_Condition_AppliedAsRedis(string? existingTtl, string option, string reply, long ttlAfter)
    {
        CommandHarness h = WithKey();
        if (existingTtl is not null)
        {
            h.Run("EXPIRE", "k", existingTtl);
        }
        Assert.Equal(reply, h.Run("EXPIRE", "k", "50", option));
        Assert.Equal(":" + Ms(ttlAfter) + "\r\n", h.Run("TTL", "k"));
    }

    [Fact]
    public void Expire_CombinedXxGt_NeedsBoth()
    {
        CommandHarness h = WithKey();
        Assert.Equal(":0\r\n", h.Run("EXPIRE", "k", "50", "XX", "GT"));
        h.Run("EXPIRE", "k", "10");
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "50", "XX", "GT"));
        Assert.Equal(":0\r\n", h.Run("EXPIRE", "k", "40", "XX", "GT"));
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "40", "xx", "lt"));
    }

    [Fact]
    public void Expire_RepeatedOption_IsAccepted()
    {
        CommandHarness h = WithKey();
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "50", "LT", "LT"));
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "100", "gt", "GT"));
        Assert.Equal(":100\r\n", h.Run("TTL", "k"));
    }

    [Fact]
    public void Expire_FailedCondition_IsNotDirty()
    {
        CommandHarness h = WithKey();
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("EXPIRE", "k", "50", "XX"));
        Assert.Equal(before, Dirty(h));
    }

    [Fact]
    public void Expire_GtWithPastTime_OnVolatileKeyFails_LtDeletes()
    {
        CommandHarness h = WithKey();
        h.Run("EXPIRE", "k", "100");
        Assert.Equal(":0\r\n", h.Run("EXPIRE", "k", "-5", "GT"));
        Assert.Equal(":1\r\n", h.Run("EXISTS", "k"));
        Assert.Equal(":1\r\n", h.Run("EXPIRE", "k", "-5", "LT"));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "k"));
    }

    // ---- errors, in Redis's order ----

    [Theory]
    [InlineData(new[] { "100", "foo" }, "-ERR Unsupported option foo\r\n")]
    [InlineData(new[] { "abc", "foo" }, "-ERR Unsupported option foo\r\n")]
    [InlineData(new[] { "100", "NX", "bar" }, "-ERR Unsupported option bar\r\n")]
    [InlineData(new[] { "abc", "NX", "XX" }, "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "100", "nx", "xx" }, "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "100", "NX", "GT" }, "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "100", "LT", "NX" }, "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "100", "GT", "LT", "NX" }, "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "100", "GT", "LT" }, "-ERR GT and LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "100", "XX", "GT", "LT" }, "-ERR GT and LT options at the same time are not compatible\r\n")]
    [InlineData(new[] { "abc" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "1.5" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { " 1" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "9223372036854775808" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "9223372036854775807" }, "-ERR invalid expire time in 'expire' command\r\n")]
    [InlineData(new[] { "9223372036854776" }, "-ERR invalid expire time in 'expire' command\r\n")]
    [InlineData(new[] { "9223372036854775" }, "-ERR invalid expire time in 'expire' command\r\n")]
    [InlineData(new[] { "-9223372036854776" }, "-ERR invalid expire time in 'expire' command\r\n")]
    [InlineData(new[] { "9223372036854" }, ":1\r\n")]
    public void Expire_Arguments_ValidatedInRedisOrder(string[] rest, string expected)
    {
        // The key does not exist: option and number errors still come first.
        var h = new CommandHarness();
        var args = new List<string> { "EXPIRE", "nokey" };
        args.AddRange(rest);
        string reply = h.Run([.. args]);
        if (expected == ":1\r\n")
        {
            Assert.Equal(":0\r\n", reply);
            h.Run("SET", "nokey", "v");
            reply = h.Run([.. args]);
        }
        Assert.Equal(expected, reply);
    }

    [Theory]
    [InlineData("PEXPIRE", "9223372036854775807", "-ERR invalid expire time in 'pexpire' command\r\n")]
    [InlineData("EXPIREAT", "9223372036854776", "-ERR invalid expire time in 'expireat' command\r\n")]
    [InlineData("EXPIREAT", "9223372036854775", ":1\r\n")]
    [InlineData("EXPIREAT", "-9223372036854776", "-ERR invalid expire time in 'expireat' command\r\n")]
    [InlineData("PEXPIREAT", "9223372036854775807", ":1\r\n")]
    [InlineData("pexpire", "9223372036854775807", "-ERR invalid expire time in 'pexpire' command\r\n")]
    public void ExpireFamily_Overflow_NamesTheCommand(string command, string time, string expected)
    {
        CommandHarness h = WithKey();
        Assert.Equal(expected, h.Run(command, "k", time));
    }

    [Fact]
    public void ExpireFamily_WrongArity_IsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'expire' command\r\n", h.Run("EXPIRE", "k"));
        Assert.Equal("-ERR wrong number of arguments for 'pexpireat' command\r\n", h.Run("PEXPIREAT", "k"));
        Assert.Equal("-ERR wrong number of arguments for 'ttl' command\r\n", h.Run("TTL", "k", "x"));
        Assert.Equal("-ERR wrong number of arguments for 'persist' command\r\n", h.Run("PERSIST"));
    }

    // ---- reading a TTL ----

    [Theory]
    [InlineData("TTL")]
    [InlineData("PTTL")]
    [InlineData("EXPIRETIME")]
    [InlineData("PEXPIRETIME")]
    public void TtlFamily_MissingKey_MinusTwo_NoTtl_MinusOne(string command)
    {
        var h = new CommandHarness();
        Assert.Equal(":-2\r\n", h.Run(command, "k"));
        h.Run("SET", "k", "v");
        Assert.Equal(":-1\r\n", h.Run(command, "k"));
    }

    [Theory]
    [InlineData(1499, ":1\r\n")]
    [InlineData(1500, ":2\r\n")]
    [InlineData(499, ":0\r\n")]
    [InlineData(500, ":1\r\n")]
    [InlineData(1, ":0\r\n")]
    public void Ttl_RoundsToNearestSecond(long milliseconds, string expected)
    {
        CommandHarness h = WithKey();
        h.Run("PEXPIRE", "k", Ms(milliseconds));
        Assert.Equal(expected, h.Run("TTL", "k"));
    }

    [Fact]
    public void Ttl_CountsDownWithTheClock_AndKeyLivesThroughItsLastMillisecond()
    {
        CommandHarness h = WithKey();
        h.Run("PEXPIRE", "k", "3000");
        h.Clock.Advance(1_200);
        Assert.Equal(":1800\r\n", h.Run("PTTL", "k"));
        Assert.Equal(":2\r\n", h.Run("TTL", "k"));
        h.Clock.Advance(1_800);
        Assert.Equal(":0\r\n", h.Run("PTTL", "k"));
        Assert.Equal(":0\r\n", h.Run("TTL", "k"));
        Assert.Equal("$1\r\nv\r\n", h.Run("GET", "k"));
        h.Clock.Advance(1);
        Assert.Equal(":-2\r\n", h.Run("PTTL", "k"));
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Expiretime_RoundsSecondsAndNeverOverflows()
    {
        CommandHarness h = WithKey();
        h.Run("PEXPIREAT", "k", "9223372036854775807");
        Assert.Equal(":9223372036854776\r\n", h.Run("EXPIRETIME", "k"));
        Assert.Equal(":9223372036854775807\r\n", h.Run("PEXPIRETIME", "k"));
        Assert.Equal(":" + Ms(long.MaxValue - h.Clock.UnixTimeMilliseconds) + "\r\n", h.Run("PTTL", "k"));
        h.Run("PEXPIREAT", "k", "9223372036854775000");
        Assert.Equal(":9223372036854775\r\n", h.Run("EXPIRETIME", "k"));
    }

    [Fact]
    public void Expiretime_IsAbsoluteAndDoesNotMoveWithTheClock()
    {
        CommandHarness h = WithKey();
        long at = h.Clock.UnixTimeMilliseconds + 10_400;
        h.Run("PEXPIREAT", "k", Ms(at));
        h.Clock.Advance(5_000);
        Assert.Equal(":" + Ms(at) + "\r\n", h.Run("PEXPIRETIME", "k"));
        Assert.Equal(":" + Ms((at + 500) / 1000) + "\r\n", h.Run("EXPIRETIME", "k"));
    }

    [Fact]
    public void TtlFamily_CountsHitsAndMisses_WithoutTouching()
    {
        CommandHarness h = WithKey();
        h.Clock.Advance(4_000);
        h.Run("TTL", "k");
        h.Run("PTTL", "k");
        h.Run("EXPIRETIME", "nokey");
        h.Run("PEXPIRETIME", "nokey");
        Assert.Equal(2, h.Server.KeyspaceStats.Hits);
        Assert.Equal(2, h.Server.KeyspaceStats.Misses);
        Assert.Equal(":4\r\n", h.Run("OBJECT", "IDLETIME", "k"));
    }

    [Fact]
    public void ExpireFamily_DoNotCountKeyspaceStatistics()
    {
        CommandHarness h = WithKey();
        h.Run("EXPIRE", "k", "100");
        h.Run("EXPIRE", "nokey", "100");
        h.Run("PERSIST", "k");
        h.Run("PERSIST", "nokey");
        Assert.Equal(0, h.Server.KeyspaceStats.Hits);
        Assert.Equal(0, h.Server.KeyspaceStats.Misses);
    }

    // ---- PERSIST ----

    [Fact]
    public void Persist_VolatileKey_RemovesTtl()
    {
        CommandHarness h = WithKey();
        h.Run("EXPIRE", "k", "100");
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run("PERSIST", "k"));
        Assert.Equal(":-1\r\n", h.Run("TTL", "k"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Persist_KeyWithoutTtlOrMissing_ReturnsZero()
    {
        CommandHarness h = WithKey();
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("PERSIST", "k"));
        Assert.Equal(":0\r\n", h.Run("PERSIST", "nokey"));
        Assert.Equal(before, Dirty(h));
    }

    [Fact]
    public void Persist_ExpiredKey_ReturnsZeroAndRemovesIt()
    {
        CommandHarness h = WithKey();
        h.Run("PEXPIRE", "k", "5");
        h.Clock.Advance(6);
        Assert.Equal(":0\r\n", h.Run("PERSIST", "k"));
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredKeys);
    }

    // ---- lazy expiry ----

    [Fact]
    public void LazyExpiry_ReadOfExpiredKey_RaisesKeyExpired()
    {
        CommandHarness h = WithKey();
        var expired = new List<string>();
        h.Server.Databases[0].KeyExpired = (_, key) => expired.Add(Encoding.ASCII.GetString(key));
        h.Run("PEXPIRE", "k", "100");
        h.Clock.Advance(101);
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
        Assert.Equal(["k"], expired);
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Set_OnVolatileKey_ClearsTheTtl()
    {
        CommandHarness h = WithKey();
        h.Run("EXPIRE", "k", "100");
        h.Run("SET", "k", "w");
        Assert.Equal(":-1\r\n", h.Run("TTL", "k"));
        Assert.Equal(0, h.Server.Databases[0].ExpiresCount);
    }

    [Fact]
    public void Expire_AnotherDatabase_IsIndependent()
    {
        CommandHarness h = WithKey();
        Database db1 = h.Server.Databases[1];
        h.Client.Database = db1;
        Assert.Equal(":0\r\n", h.Run("EXPIRE", "k", "100"));
        h.Run("SET", "k", "v1");
        h.Run("EXPIRE", "k", "100");
        h.Client.Database = h.Server.Databases[0];
        Assert.Equal(":-1\r\n", h.Run("TTL", "k"));
    }
}
