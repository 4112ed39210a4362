using System.Globalization;
using KvServer.Tests.Infrastructure;
using static KvServer.Tests.Commands.SortedSetTestSupport;

namespace KvServer.Tests.Commands;

/// <summary>ZRANGE and its variants, ZRANGESTORE, ZCOUNT, ZLEXCOUNT, ZREMRANGEBY*.</summary>
public class SortedSetCommandsRangeTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private static CommandHarness Scores(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g");
        return h;
    }

    private static CommandHarness Lex(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "aa", "0", "bb");
        return h;
    }

    // ---------------------------------------------------------------- by rank

    [Theory]
    [InlineData("listpack", "0", "-1", new[] { "a", "b", "c", "d", "e", "f", "g" })]
    [InlineData("skiplist", "0", "-1", new[] { "a", "b", "c", "d", "e", "f", "g" })]
    [InlineData("listpack", "2", "4", new[] { "c", "d", "e" })]
    [InlineData("skiplist", "2", "4", new[] { "c", "d", "e" })]
    [InlineData("listpack", "-3", "-1", new[] { "e", "f", "g" })]
    [InlineData("skiplist", "-100", "1", new[] { "a", "b" })]
    [InlineData("listpack", "5", "100", new[] { "f", "g" })]
    [InlineData("skiplist", "5", "2", new string[0])]
    [InlineData("listpack", "7", "9", new string[0])]
    [InlineData("skiplist", "0", "-8", new string[0])]
    public void Zrange_ByRank_SanitizesIndexes(string encoding, string start, string stop, string[] expected)
    {
        CommandHarness h = Scores(encoding);
        Assert.Equal(Array(expected), h.Run("ZRANGE", "z", start, stop));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrange_RevAndZrevrange_WalkFromTheTop(string encoding)
    {
        CommandHarness h = Scores(encoding);
        Assert.Equal(Array("f", "6", "e", "5", "d", "4"), h.Run("ZRANGE", "z", "1", "3", "REV", "WITHSCORES"));
        Assert.Equal(Array("g", "f"), h.Run("ZREVRANGE", "z", "0", "1"));
        Assert.Equal(Array("b", "2", "a", "1"), h.Run("ZREVRANGE", "z", "-2", "-1", "WITHSCORES"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrange_WithScoresResp3_ReturnsMemberScorePairs(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2.5", "b");
        h.UseResp3();
        Assert.Equal("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal("*2\r\n$1\r\na\r\n$1\r\nb\r\n", h.Run("ZRANGE", "z", "0", "-1"));
        Assert.Equal("*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", h.Run("ZRANGEBYSCORE", "z", "(1", "+inf", "WITHSCORES"));
        Assert.Equal("*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", h.Run("ZREVRANGE", "z", "0", "0", "WITHSCORES"));
        Assert.Equal("*0\r\n", h.Run("ZRANGE", "nokey", "0", "-1", "WITHSCORES"));
    }

    // ---------------------------------------------------------------- by score

    [Theory]
    [InlineData("listpack", new[] { "2", "5" }, new[] { "b", "c", "d", "e" })]
    [InlineData("skiplist", new[] { "2", "5" }, new[] { "b", "c", "d", "e" })]
    [InlineData("listpack", new[] { "(2", "5" }, new[] { "c", "d", "e" })]
    [InlineData("skiplist", new[] { "2", "(5" }, new[] { "b", "c", "d" })]
    [InlineData("listpack", new[] { "(2", "(5" }, new[] { "c", "d" })]
    [InlineData("skiplist", new[] { "-inf", "+inf", "LIMIT", "2", "3" }, new[] { "c", "d", "e" })]
    [InlineData("listpack", new[] { "-inf", "+inf", "LIMIT", "2", "-1" }, new[] { "c", "d", "e", "f", "g" })]
    [InlineData("skiplist", new[] { "-inf", "+inf", "LIMIT", "-1", "2" }, new string[0])]
    [InlineData("listpack", new[] { "-inf", "+inf", "LIMIT", "7", "2" }, new string[0])]
    [InlineData("skiplist", new[] { "-inf", "+inf", "LIMIT", "6", "2" }, new[] { "g" })]
    [InlineData("listpack", new[] { "-inf", "+inf", "LIMIT", "0", "0" }, new string[0])]
    [InlineData("skiplist", new[] { "5", "2" }, new string[0])]
    [InlineData("listpack", new[] { "(3", "(3" }, new string[0])]
    [InlineData("skiplist", new[] { "3", "3" }, new[] { "c" })]
    [InlineData("listpack", new[] { "", "1" }, new[] { "a" })]
    [InlineData("skiplist", new[] { "(", "1.5" }, new[] { "a" })]
    [InlineData("listpack", new[] { " 6", "1e400" }, new[] { "f", "g" })]
    [InlineData("skiplist", new[] { "0x6", "+inf" }, new[] { "f", "g" })]
    public void Zrangebyscore_Ranges_MatchRedis(string encoding, string[] rest, string[] expected)
    {
        CommandHarness h = Scores(encoding);
        var args = new List<string> { "ZRANGEBYSCORE", "z" };
        args.AddRange(rest);
        Assert.Equal(Array(expected), h.Run([.. args]));
        args[0] = "ZRANGE";
        args.Insert(4, "BYSCORE");
        Assert.Equal(Array(expected), h.Run([.. args]));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrevrangebyscore_MaxFirst_WithLimit(string encoding)
    {
        CommandHarness h = Scores(encoding);
        Assert.Equal(Array("e", "d", "c", "b"), h.Run("ZREVRANGEBYSCORE", "z", "5", "2"));
        Assert.Equal(Array("d", "4", "c", "3"), h.Run("ZREVRANGEBYSCORE", "z", "5", "2", "WITHSCORES", "LIMIT", "1", "2"));
        Assert.Equal(Array("d", "c"), h.Run("ZRANGE", "z", "(5", "(2", "BYSCORE", "REV"));
        Assert.Equal("*0\r\n", h.Run("ZREVRANGEBYSCORE", "z", "2", "5"));
        Assert.Equal(Array("g", "f"), h.Run("ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "2"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrangebyscore_EqualScores_OrderedByMember(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "c", "1", "a", "1", "b", "0", "z", "2", "0");
        Assert.Equal(Array("a", "b", "c"), h.Run("ZRANGEBYSCORE", "z", "1", "1"));
        Assert.Equal(Array("c", "b", "a"), h.Run("ZREVRANGEBYSCORE", "z", "1", "1"));
    }

    // ---------------------------------------------------------------- by lex

    [Theory]
    [InlineData("listpack", "-", "+", new[] { "a", "aa", "b", "bb", "c", "d", "e" })]
    [InlineData("skiplist", "-", "+", new[] { "a", "aa", "b", "bb", "c", "d", "e" })]
    [InlineData("listpack", "[b", "+", new[] { "b", "bb", "c", "d", "e" })]
    [InlineData("skiplist", "(b", "+", new[] { "bb", "c", "d", "e" })]
    [InlineData("listpack", "[b", "(d", new[] { "b", "bb", "c" })]
    [InlineData("skiplist", "-", "[aa", new[] { "a", "aa" })]
    [InlineData("listpack", "+", "-", new string[0])]
    [InlineData("skiplist", "-", "-", new string[0])]
    [InlineData("listpack", "+", "+", new string[0])]
    [InlineData("skiplist", "[", "(b", new[] { "a", "aa" })]
    [InlineData("listpack", "(e", "+", new string[0])]
    public void Zrangebylex_Ranges_MatchRedis(string encoding, string min, string max, string[] expected)
    {
        CommandHarness h = Lex(encoding);
        Assert.Equal(Array(expected), h.Run("ZRANGEBYLEX", "l", min, max));
        Assert.Equal(Array(expected), h.Run("ZRANGE", "l", min, max, "BYLEX"));
        var reversed = new List<string>(expected);
        reversed.Reverse();
        Assert.Equal(Array([.. reversed]), h.Run("ZREVRANGEBYLEX", "l", max, min));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrangebylex_Limit_SkipsAndCaps(string encoding)
    {
        CommandHarness h = Lex(encoding);
        Assert.Equal(Array("aa", "b"), h.Run("ZRANGEBYLEX", "l", "-", "+", "LIMIT", "1", "2"));
        Assert.Equal(Array("d", "c"), h.Run("ZREVRANGEBYLEX", "l", "+", "-", "LIMIT", "1", "2"));
        Assert.Equal("*0\r\n", h.Run("ZRANGEBYLEX", "l", "-", "+", "LIMIT", "-1", "3"));
        Assert.Equal("*0\r\n", h.Run("ZRANGEBYLEX", "l", "-", "+", "LIMIT", "20", "3"));
    }

    [Fact]
    public void Zlexcount_ListpackWithMixedScores_UsesRedisEndpointChecks()
    {
        // Lex ranges assume equal scores; with mixed scores Redis's listpack first checks the last element
        // against min and the first against max (zzlIsInLexRange), then walks while below max.
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "b", "2", "d", "3", "a");
        Assert.Equal(":0\r\n", h.Run("ZLEXCOUNT", "z", "[b", "+"));
        Assert.Equal("*0\r\n", h.Run("ZRANGEBYLEX", "z", "[b", "+"));
        Assert.Equal(":0\r\n", h.Run("ZREMRANGEBYLEX", "z", "[b", "+"));
        Assert.Equal(":3\r\n", h.Run("ZLEXCOUNT", "z", "-", "[d"));
        Assert.Equal(Array("b", "d", "a"), h.Run("ZRANGEBYLEX", "z", "-", "[d"));
    }

    [Theory]
    [InlineData("a", "+")]
    [InlineData("", "+")]
    [InlineData("-x", "+")]
    [InlineData("[a", "+x")]
    public void Zrangebylex_BadItem_ReturnsRangeItemError(string min, string max)
    {
        var h = new CommandHarness();
        const string Error = "-ERR min or max not valid string range item\r\n";
        Assert.Equal(Error, h.Run("ZRANGEBYLEX", "l", min, max));
        Assert.Equal(Error, h.Run("ZLEXCOUNT", "l", min, max));
        Assert.Equal(Error, h.Run("ZREMRANGEBYLEX", "l", min, max));
    }

    // ---------------------------------------------------------------- option parsing

    [Theory]
    [InlineData(new[] { "ZRANGE", "z", "0", "-1", "LIMIT", "0", "5" }, "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "0", "-1", "BYLEX", "WITHSCORES" }, "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n")]
    [InlineData(new[] { "ZRANGEBYLEX", "z", "-", "+", "WITHSCORES" }, "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "0", "-1", "BYSCORE", "BYSCORE" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "0", "-1", "REV", "REV" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZREVRANGE", "z", "0", "-1", "REV" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZRANGEBYSCORE", "z", "0", "1", "BYSCORE" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "0", "-1", "LIMIT", "1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "a", "b", "LIMIT", "x", "1" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "a", "b" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "1", "b", "BYSCORE" }, "-ERR min or max is not a float\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "nan", "1", "BYSCORE" }, "-ERR min or max is not a float\r\n")]
    [InlineData(new[] { "ZRANGE", "z", "1 ", "2", "BYSCORE" }, "-ERR min or max is not a float\r\n")]
    [InlineData(new[] { "ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES" }, "-ERR syntax error\r\n")]
    public void Zrange_BadOptions_ReturnRedisErrors(string[] command, string expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "z", "not a zset");
        Assert.Equal(expected, h.Run(command));
    }

    [Fact]
    public void Zrange_LimitWithMinusOneCount_IsNoLimitEvenByRank()
    {
        CommandHarness h = Scores("listpack");
        Assert.Equal(Array("a", "b"), h.Run("ZRANGE", "z", "0", "1", "LIMIT", "0", "-1"));
    }

    [Fact]
    public void Zrange_WrongTypeAndMissing_AfterArgumentChecks()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        Assert.Equal(WrongType, h.Run("ZRANGE", "s", "0", "-1"));
        Assert.Equal(WrongType, h.Run("ZRANGEBYSCORE", "s", "0", "1"));
        Assert.Equal(WrongType, h.Run("ZREVRANGEBYLEX", "s", "+", "-"));
        Assert.Equal("*0\r\n", h.Run("ZRANGE", "nokey", "0", "-1"));
        Assert.Equal("*0\r\n", h.Run("ZRANGEBYLEX", "nokey", "-", "+"));
    }

    // ---------------------------------------------------------------- ZRANGESTORE

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrangestore_AllRangeKinds_StoreScores(string encoding)
    {
        CommandHarness h = Scores(encoding);
        Assert.Equal(":3\r\n", h.Run("ZRANGESTORE", "d", "z", "1", "3"));
        Assert.Equal(Array("b", "2", "c", "3", "d", "4"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(":3\r\n", h.Run("ZRANGESTORE", "d", "z", "3", "1", "BYSCORE", "REV"));
        Assert.Equal(Array("a", "1", "b", "2", "c", "3"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(":2\r\n", h.Run("ZRANGESTORE", "d", "z", "(1", "5", "BYSCORE", "LIMIT", "1", "2"));
        Assert.Equal(Array("c", "3", "d", "4"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(":2\r\n", h.Run("ZRANGESTORE", "d", "z", "[b", "(d", "BYLEX"));
        Assert.Equal(Array("b", "c"), h.Run("ZRANGE", "d", "0", "-1"));
    }

    [Fact]
    public void Zrangestore_EmptyResult_DeletesDestination()
    {
        CommandHarness h = Scores("listpack");
        h.Run("SET", "d", "string");
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("ZRANGESTORE", "d", "z", "5", "1"));
        Assert.False(Exists(h, "d"));
        Assert.Equal(before + 1, Dirty(h));
        Assert.Equal(":0\r\n", h.Run("ZRANGESTORE", "d", "nokey", "0", "-1"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Zrangestore_OverwritesAnyTypeAndSourceItself()
    {
        CommandHarness h = Scores("listpack");
        h.Run("SET", "d", "string");
        Assert.Equal(":7\r\n", h.Run("ZRANGESTORE", "d", "z", "0", "-1"));
        Assert.Equal(":7\r\n", h.Run("ZCARD", "d"));
        Assert.Equal(":2\r\n", h.Run("ZRANGESTORE", "z", "z", "0", "1"));
        Assert.Equal(Array("a", "b"), h.Run("ZRANGE", "z", "0", "-1"));
        h.Run("SET", "s", "v");
        Assert.Equal(WrongType, h.Run("ZRANGESTORE", "d", "s", "0", "-1"));
        Assert.Equal(":7\r\n", h.Run("ZCARD", "d"));
    }

    [Fact]
    public void Zrangestore_Result_GetsListpackWhenItFits()
    {
        var h = new CommandHarness(cfg => KvServer.Engine.Configuration.ConfigFileParser.Apply(cfg, "zset-max-listpack-entries 4\nzset-max-listpack-value 8"));
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        Assert.Equal("skiplist", EncodingOf(h, "z"));
        h.Run("ZRANGESTORE", "small", "z", "0", "3");
        Assert.Equal("listpack", EncodingOf(h, "small"));
        h.Run("ZRANGESTORE", "big", "z", "0", "-1");
        Assert.Equal("skiplist", EncodingOf(h, "big"));
        h.Run("ZADD", "long", "1", "abcdefghijk");
        h.Run("ZRANGESTORE", "long2", "long", "0", "-1");
        Assert.Equal("skiplist", EncodingOf(h, "long2"));
    }

    // ---------------------------------------------------------------- ZCOUNT / ZLEXCOUNT

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zcount_Ranges_CountInclusiveAndExclusive(string encoding)
    {
        CommandHarness h = Scores(encoding);
        Assert.Equal(":4\r\n", h.Run("ZCOUNT", "z", "2", "5"));
        Assert.Equal(":2\r\n", h.Run("ZCOUNT", "z", "(2", "(5"));
        Assert.Equal(":7\r\n", h.Run("ZCOUNT", "z", "-inf", "+inf"));
        Assert.Equal(":0\r\n", h.Run("ZCOUNT", "z", "5", "2"));
        Assert.Equal(":1\r\n", h.Run("ZCOUNT", "z", "3", "3"));
        Assert.Equal(":0\r\n", h.Run("ZCOUNT", "z", "(3", "3"));
        Assert.Equal(":0\r\n", h.Run("ZCOUNT", "nokey", "0", "1"));
        Assert.Equal("-ERR min or max is not a float\r\n", h.Run("ZCOUNT", "z", "abc", "1"));
    }

    [Fact]
    public void Zcount_LargeSkiplist_UsesRanks()
    {
        CommandHarness h = Harness("skiplist");
        for (int i = 0; i < 1000; i++)
        {
            h.Run("ZADD", "z", i.ToString(CultureInfo.InvariantCulture), "m" + i);
        }
        Assert.Equal(":101\r\n", h.Run("ZCOUNT", "z", "100", "200"));
        Assert.Equal(":99\r\n", h.Run("ZCOUNT", "z", "(100", "(200"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zlexcount_Ranges_Count(string encoding)
    {
        CommandHarness h = Lex(encoding);
        Assert.Equal(":7\r\n", h.Run("ZLEXCOUNT", "l", "-", "+"));
        Assert.Equal(":3\r\n", h.Run("ZLEXCOUNT", "l", "[b", "(d"));
        Assert.Equal(":0\r\n", h.Run("ZLEXCOUNT", "l", "(d", "[b"));
        Assert.Equal(":0\r\n", h.Run("ZLEXCOUNT", "nokey", "-", "+"));
    }

    // ---------------------------------------------------------------- ZREMRANGEBY*

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zremrangebyrank_Ranges_RemoveAndDeleteEmptiedKey(string encoding)
    {
        CommandHarness h = Scores(encoding);
        long before = Dirty(h);
        Assert.Equal(":2\r\n", h.Run("ZREMRANGEBYRANK", "z", "0", "1"));
        Assert.Equal(before + 2, Dirty(h));
        Assert.Equal(":2\r\n", h.Run("ZREMRANGEBYRANK", "z", "-2", "-1"));
        Assert.Equal(Array("c", "d", "e"), h.Run("ZRANGE", "z", "0", "-1"));
        Assert.Equal(":0\r\n", h.Run("ZREMRANGEBYRANK", "z", "5", "10"));
        Assert.Equal(":0\r\n", h.Run("ZREMRANGEBYRANK", "z", "2", "1"));
        Assert.Equal(before + 4, Dirty(h));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("ZREMRANGEBYRANK", "z", "a", "1"));
        Assert.Equal(":3\r\n", h.Run("ZREMRANGEBYRANK", "z", "0", "-1"));
        Assert.False(Exists(h, "z"));
        Assert.Equal(":0\r\n", h.Run("ZREMRANGEBYRANK", "z", "0", "-1"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zremrangebyscore_Ranges_Remove(string encoding)
    {
        CommandHarness h = Scores(encoding);
        Assert.Equal(":1\r\n", h.Run("ZREMRANGEBYSCORE", "z", "(3", "4"));
        Assert.Equal(":3\r\n", h.Run("ZREMRANGEBYSCORE", "z", "5", "+inf"));
        Assert.Equal(Array("a", "1", "b", "2", "c", "3"), h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal(":0\r\n", h.Run("ZREMRANGEBYSCORE", "z", "10", "20"));
        Assert.Equal("-ERR min or max is not a float\r\n", h.Run("ZREMRANGEBYSCORE", "z", "x", "1"));
        Assert.Equal(":3\r\n", h.Run("ZREMRANGEBYSCORE", "z", "-inf", "+inf"));
        Assert.False(Exists(h, "z"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zremrangebylex_Ranges_Remove(string encoding)
    {
        CommandHarness h = Lex(encoding);
        Assert.Equal(":3\r\n", h.Run("ZREMRANGEBYLEX", "l", "[b", "[c"));
        Assert.Equal(Array("a", "aa", "d", "e"), h.Run("ZRANGE", "l", "0", "-1"));
        Assert.Equal(":0\r\n", h.Run("ZREMRANGEBYLEX", "l", "(e", "+"));
        Assert.Equal(":4\r\n", h.Run("ZREMRANGEBYLEX", "l", "-", "+"));
        Assert.False(Exists(h, "l"));
    }

    [Fact]
    public void Zremrange_WrongType_AfterRangeParsing()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("ZREMRANGEBYRANK", "s", "x", "1"));
        Assert.Equal(WrongType, h.Run("ZREMRANGEBYRANK", "s", "0", "1"));
        Assert.Equal("-ERR min or max is not a float\r\n", h.Run("ZREMRANGEBYSCORE", "s", "x", "1"));
        Assert.Equal(WrongType, h.Run("ZREMRANGEBYSCORE", "s", "0", "1"));
        Assert.Equal(WrongType, h.Run("ZREMRANGEBYLEX", "s", "-", "+"));
        Assert.Equal(WrongType, h.Run("ZCOUNT", "s", "0", "1"));
        Assert.Equal(WrongType, h.Run("ZLEXCOUNT", "s", "-", "+"));
    }

    [Fact]
    public void RangeRemoval_LargeSkiplist_KeepsStructureValid()
    {
        CommandHarness h = Harness("skiplist");
        for (int i = 0; i < 600; i++)
        {
            h.Run("ZADD", "z", (i % 50).ToString(CultureInfo.InvariantCulture), "m" + i.ToString("D3", CultureInfo.InvariantCulture));
        }
        Assert.Equal(":60\r\n", h.Run("ZREMRANGEBYSCORE", "z", "10", "(15"));
        Assert.Equal(":100\r\n", h.Run("ZREMRANGEBYRANK", "z", "100", "199"));
        Assert.Equal("skiplist", EncodingOf(h, "z"));
        Assert.Equal(":440\r\n", h.Run("ZCARD", "z"));
        Assert.Equal(":0\r\n", h.Run("ZRANK", "z", "m000"));
    }
}
