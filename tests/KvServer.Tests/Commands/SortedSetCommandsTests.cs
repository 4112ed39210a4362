using System.Globalization;
using System.Text;
using KvServer.Tests.Infrastructure;
using static KvServer.Tests.Commands.SortedSetTestSupport;

namespace KvServer.Tests.Commands;

/// <summary>ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZPOP*, ZMPOP, ZRANDMEMBER, ZSCAN.</summary>
public class SortedSetCommandsTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    // ---------------------------------------------------------------- ZADD

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_NewMembers_ReturnsAddedCount(string encoding)
    {
        CommandHarness h = Harness(encoding);
        Assert.Equal(":3\r\n", h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        Assert.Equal(":0\r\n", h.Run("ZADD", "z", "1", "a", "5", "b"));
        Assert.Equal(Array("a", "1", "c", "3", "b", "5"), h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal(encoding, EncodingOf(h, "z"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_SameMemberTwiceInOneCall_LastScoreWins(string encoding)
    {
        CommandHarness h = Harness(encoding);
        Assert.Equal(":1\r\n", h.Run("ZADD", "z", "1", "a", "2", "a"));
        Assert.Equal("$1\r\n2\r\n", h.Run("ZSCORE", "z", "a"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_WithCh_CountsAddedAndUpdated(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b");
        Assert.Equal(":2\r\n", h.Run("ZADD", "z", "CH", "1", "a", "3", "b", "4", "c"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_WithNxXx_FilterNewAndExisting(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a");
        Assert.Equal(":1\r\n", h.Run("ZADD", "z", "NX", "10", "a", "2", "b"));
        Assert.Equal(":0\r\n", h.Run("ZADD", "z", "XX", "11", "a", "3", "c"));
        Assert.Equal(Array("b", "2", "a", "11"), h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal("$-1\r\n", h.Run("ZSCORE", "z", "c"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_WithGtLt_OnlyMovesInThatDirection(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "10", "a");
        Assert.Equal(":0\r\n", h.Run("ZADD", "z", "GT", "CH", "5", "a"));
        Assert.Equal(":1\r\n", h.Run("ZADD", "z", "GT", "CH", "20", "a"));
        Assert.Equal(":0\r\n", h.Run("ZADD", "z", "LT", "CH", "30", "a"));
        Assert.Equal(":2\r\n", h.Run("ZADD", "z", "LT", "CH", "15", "a", "99", "new"));
        Assert.Equal(":1\r\n", h.Run("ZADD", "z", "XX", "GT", "CH", "16", "a", "1", "absent"));
        Assert.Equal("$2\r\n16\r\n", h.Run("ZSCORE", "z", "a"));
    }

    [Theory]
    [InlineData(new[] { "NX", "XX" }, "-ERR XX and NX options at the same time are not compatible\r\n")]
    [InlineData(new[] { "NX", "GT" }, "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n")]
    [InlineData(new[] { "LT", "NX" }, "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n")]
    [InlineData(new[] { "GT", "LT" }, "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n")]
    public void Zadd_WithIncompatibleOptions_ReturnsRedisError(string[] options, string expected)
    {
        var h = new CommandHarness();
        var args = new List<string> { "ZADD", "z" };
        args.AddRange(options);
        args.AddRange(["1", "a"]);
        Assert.Equal(expected, h.Run([.. args]));
        Assert.False(Exists(h, "z"));
    }

    [Fact]
    public void Zadd_ErrorOrder_PairsBeforeConflictsBeforeScores()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZADD", "z", "NX", "XX", "1"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZADD", "z", "1", "a", "2"));
        Assert.Equal("-ERR XX and NX options at the same time are not compatible\r\n", h.Run("ZADD", "z", "NX", "XX", "abc", "a"));
        Assert.Equal("-ERR INCR option supports a single increment-element pair\r\n", h.Run("ZADD", "z", "INCR", "1", "a", "2", "b"));
        Assert.Equal("-ERR value is not a valid float\r\n", h.Run("ZADD", "z", "1", "a", "abc", "b"));
        Assert.False(Exists(h, "z"));
        h.Run("SET", "s", "v");
        Assert.Equal("-ERR value is not a valid float\r\n", h.Run("ZADD", "s", "x", "a"));
        Assert.Equal(WrongType, h.Run("ZADD", "s", "1", "a"));
    }

    [Theory]
    [InlineData("0x10", "16")]
    [InlineData("1e-320", "9.9998886718268301e-321")]
    [InlineData("0.1", "0.10000000000000001")]
    [InlineData("-inf", "-inf")]
    [InlineData("+inf", "inf")]
    [InlineData("1e300", "1.0000000000000001e+300")]
    public void Zadd_ScoreText_StoredAsRedisParsesIt(string score, string reply)
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", score, "m");
        Assert.Equal($"${reply.Length}\r\n{reply}\r\n", h.Run("ZSCORE", "z", "m"));
    }

    [Theory]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("")]
    [InlineData("nan")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    public void Zadd_InvalidScore_ReturnsNotFloat(string score)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR value is not a valid float\r\n", h.Run("ZADD", "z", score, "m"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_Incr_RepliesNewScoreOrNil(string encoding)
    {
        CommandHarness h = Harness(encoding);
        Assert.Equal("$3\r\n2.5\r\n", h.Run("ZADD", "z", "INCR", "2.5", "a"));
        Assert.Equal("$1\r\n5\r\n", h.Run("ZADD", "z", "INCR", "2.5", "a"));
        Assert.Equal("$-1\r\n", h.Run("ZADD", "z", "INCR", "NX", "1", "a"));
        Assert.Equal("$-1\r\n", h.Run("ZADD", "z", "INCR", "XX", "1", "nosuch"));
        Assert.Equal("$-1\r\n", h.Run("ZADD", "z", "INCR", "GT", "-1", "a"));
        Assert.Equal("$1\r\n4\r\n", h.Run("ZADD", "z", "INCR", "LT", "-1", "a"));
        h.UseResp3();
        Assert.Equal(",5\r\n", h.Run("ZADD", "z", "INCR", "1", "a"));
        Assert.Equal("_\r\n", h.Run("ZADD", "z", "INCR", "NX", "1", "a"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zincrby_InfMinusInf_ReturnsNaNErrorAndKeepsScore(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "inf", "a");
        Assert.Equal("-ERR resulting score is not a number (NaN)\r\n", h.Run("ZINCRBY", "z", "-inf", "a"));
        Assert.Equal("-ERR resulting score is not a number (NaN)\r\n", h.Run("ZADD", "z", "INCR", "-inf", "a"));
        Assert.Equal("$3\r\ninf\r\n", h.Run("ZSCORE", "z", "a"));
    }

    [Fact]
    public void Zincrby_Basic_CreatesAndIncrements()
    {
        var h = new CommandHarness();
        Assert.Equal("$1\r\n3\r\n", h.Run("ZINCRBY", "z", "3", "m"));
        Assert.Equal("$3\r\n4.5\r\n", h.Run("ZINCRBY", "z", "1.5", "m"));
        Assert.Equal("-ERR value is not a valid float\r\n", h.Run("ZINCRBY", "z", "abc", "m"));
        // The increment goes through ZADD's option parser, as in Redis.
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZINCRBY", "z", "nx", "m"));
        h.UseResp3();
        Assert.Equal(",5.5\r\n", h.Run("ZINCRBY", "z", "1", "m"));
    }

    [Fact]
    public void Zadd_XxOnMissingKey_CreatesNothing()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("ZADD", "z", "XX", "1", "a"));
        Assert.Equal("$-1\r\n", h.Run("ZADD", "z", "XX", "INCR", "1", "a"));
        Assert.False(Exists(h, "z"));
    }

    [Fact]
    public void Zadd_Dirty_CountsAddedPlusUpdated()
    {
        var h = new CommandHarness();
        long before = Dirty(h);
        h.Run("ZADD", "z", "1", "a", "2", "b");
        Assert.Equal(before + 2, Dirty(h));
        h.Run("ZADD", "z", "1", "a", "3", "b");
        Assert.Equal(before + 3, Dirty(h));
        h.Run("ZADD", "z", "NX", "9", "a");
        Assert.Equal(before + 3, Dirty(h));
    }

    [Fact]
    public void Zadd_CrossingEntryLimit_ConvertsToSkiplistAndNeverBack()
    {
        var h = new CommandHarness(cfg => KvServer.Engine.Configuration.ConfigFileParser.Apply(cfg, "zset-max-listpack-entries 3"));
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.Equal("listpack", EncodingOf(h, "z"));
        h.Run("ZADD", "z", "4", "d");
        Assert.Equal("skiplist", EncodingOf(h, "z"));
        h.Run("ZREM", "z", "a", "b");
        Assert.Equal("skiplist", EncodingOf(h, "z"));
        Assert.Equal(Array("c", "d"), h.Run("ZRANGE", "z", "0", "-1"));
    }

    [Fact]
    public void Zadd_MemberOverValueLimit_ConvertsToSkiplist()
    {
        var h = new CommandHarness(cfg => KvServer.Engine.Configuration.ConfigFileParser.Apply(cfg, "zset-max-listpack-value 4"));
        h.Run("ZADD", "z", "1", "abcd");
        Assert.Equal("listpack", EncodingOf(h, "z"));
        h.Run("ZADD", "z", "2", "abcde");
        Assert.Equal("skiplist", EncodingOf(h, "z"));
        h.Run("ZADD", "n", "2", "toolong");
        Assert.Equal("skiplist", EncodingOf(h, "n"));
    }

    [Fact]
    public void Zadd_ManyMembers_DefaultLimitGivesSkiplistPast128()
    {
        var h = new CommandHarness();
        var args = new List<string> { "ZADD", "z" };
        for (int i = 0; i < 128; i++)
        {
            args.Add(i.ToString(CultureInfo.InvariantCulture));
            args.Add("m" + i);
        }
        Assert.Equal(":128\r\n", h.Run([.. args]));
        Assert.Equal("listpack", EncodingOf(h, "z"));
        h.Run("ZADD", "z", "1000", "one-more");
        Assert.Equal("skiplist", EncodingOf(h, "z"));
        Assert.Equal(":128\r\n", h.Run("ZRANK", "z", "one-more"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zadd_BinaryMembers_AreKeptExactly(string encoding)
    {
        CommandHarness h = Harness(encoding);
        byte[] member = [0, 255, 13, 10, 0];
        h.RunBytes(h.Client, "ZADD"u8.ToArray(), "z"u8.ToArray(), "1"u8.ToArray(), member);
        h.RunBytes(h.Client, "ZADD"u8.ToArray(), "z"u8.ToArray(), "1"u8.ToArray(), [0, 255]);
        string reply = h.RunBytes(h.Client, "ZRANGE"u8.ToArray(), "z"u8.ToArray(), "0"u8.ToArray(), "-1"u8.ToArray());
        Assert.Equal("*2\r\n$2\r\n\0\u00ff\r\n$5\r\n\0\u00ff\r\n\0\r\n", reply);
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zscore_NegativeZero_ListpackStoresZero(string encoding)
    {
        CommandHarness h = Harness(encoding);
        // Redis's listpack stores integral scores as integers, so -0 becomes 0; a skiplist keeps the double.
        Assert.Equal("$2\r\n-0\r\n", h.Run("ZADD", "z", "INCR", "-0", "m"));
        string expected = encoding == "listpack" ? "$1\r\n0\r\n" : "$2\r\n-0\r\n";
        Assert.Equal(expected, h.Run("ZSCORE", "z", "m"));
    }

    // ---------------------------------------------------------------- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrem_LastMember_DeletesKey(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b");
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run("ZREM", "z", "a", "nosuch"));
        Assert.Equal(before + 1, Dirty(h));
        Assert.Equal(":0\r\n", h.Run("ZREM", "z", "nosuch"));
        Assert.Equal(":1\r\n", h.Run("ZREM", "z", "b", "a"));
        Assert.False(Exists(h, "z"));
        Assert.Equal(":0\r\n", h.Run("ZREM", "z", "b"));
        h.Run("SET", "s", "v");
        Assert.Equal(WrongType, h.Run("ZREM", "s", "a"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void ZcardZscoreZrank_ExistingAndMissing(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b", "3.5", "c");
        Assert.Equal(":3\r\n", h.Run("ZCARD", "z"));
        Assert.Equal(":0\r\n", h.Run("ZCARD", "nokey"));
        Assert.Equal("$3\r\n3.5\r\n", h.Run("ZSCORE", "z", "c"));
        Assert.Equal("$-1\r\n", h.Run("ZSCORE", "z", "x"));
        Assert.Equal("$-1\r\n", h.Run("ZSCORE", "nokey", "x"));
        Assert.Equal(":0\r\n", h.Run("ZRANK", "z", "a"));
        Assert.Equal(":2\r\n", h.Run("ZREVRANK", "z", "a"));
        Assert.Equal(":2\r\n", h.Run("ZRANK", "z", "c"));
        Assert.Equal("$-1\r\n", h.Run("ZRANK", "z", "x"));
        Assert.Equal("$-1\r\n", h.Run("ZREVRANK", "nokey", "x"));
        Assert.Equal("*3\r\n$1\r\n1\r\n$-1\r\n$3\r\n3.5\r\n", h.Run("ZMSCORE", "z", "a", "x", "c"));
        Assert.Equal("*2\r\n$-1\r\n$-1\r\n", h.Run("ZMSCORE", "nokey", "a", "b"));
    }

    [Fact]
    public void ZscoreZmscoreZrank_Resp3_UseDoubleAndNull()
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1.5", "a");
        h.UseResp3();
        Assert.Equal(",1.5\r\n", h.Run("ZSCORE", "z", "a"));
        Assert.Equal("_\r\n", h.Run("ZSCORE", "z", "x"));
        Assert.Equal("_\r\n", h.Run("ZSCORE", "nokey", "x"));
        Assert.Equal("*2\r\n,1.5\r\n_\r\n", h.Run("ZMSCORE", "z", "a", "x"));
        Assert.Equal("_\r\n", h.Run("ZRANK", "z", "x"));
        Assert.Equal("_\r\n", h.Run("ZREVRANK", "nokey", "x"));
        h.Run("ZADD", "z", "inf", "i");
        Assert.Equal(",inf\r\n", h.Run("ZSCORE", "z", "i"));
    }

    [Fact]
    public void ReadCommands_OnString_ReturnWrongType()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        foreach (string[] command in new[]
        {
            new[] { "ZCARD", "s" }, ["ZSCORE", "s", "a"], ["ZMSCORE", "s", "a"], ["ZRANK", "s", "a"],
            ["ZREVRANK", "s", "a"], ["ZINCRBY", "s", "1", "a"], ["ZPOPMIN", "s"], ["ZPOPMAX", "s", "0"],
            ["ZRANDMEMBER", "s"], ["ZRANDMEMBER", "s", "1"], ["ZSCAN", "s", "0"], ["ZMPOP", "1", "s", "MIN"],
        })
        {
            Assert.Equal(WrongType, h.Run(command));
        }
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrank_LargeSet_MatchesInsertionOrder(string encoding)
    {
        CommandHarness h = Harness(encoding, "zset-max-listpack-entries 1000");
        for (int i = 0; i < 300; i++)
        {
            h.Run("ZADD", "z", (i * 7 % 300).ToString(CultureInfo.InvariantCulture), "m" + i);
        }
        for (int i = 0; i < 300; i += 17)
        {
            long score = i * 7 % 300;
            Assert.Equal($":{score}\r\n", h.Run("ZRANK", "z", "m" + i));
            Assert.Equal($":{299 - score}\r\n", h.Run("ZREVRANK", "z", "m" + i));
        }
    }

    // ---------------------------------------------------------------- ZPOPMIN / ZPOPMAX

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zpop_Resp2_FlatPairsAndDeletesEmptiedKey(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        Assert.Equal(Array("a", "1"), h.Run("ZPOPMIN", "z"));
        Assert.Equal(Array("d", "4"), h.Run("ZPOPMAX", "z"));
        Assert.Equal(Array("b", "2"), h.Run("ZPOPMIN", "z", "1"));
        Assert.Equal("*0\r\n", h.Run("ZPOPMIN", "z", "0"));
        long before = Dirty(h);
        Assert.Equal(Array("c", "3"), h.Run("ZPOPMAX", "z", "10"));
        Assert.Equal(before + 1, Dirty(h));
        Assert.False(Exists(h, "z"));
        Assert.Equal("*0\r\n", h.Run("ZPOPMIN", "z"));
        Assert.Equal("*0\r\n", h.Run("ZPOPMIN", "z", "0"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zpop_Resp3_NestedOnlyWithCount(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b", "3.5", "c");
        h.UseResp3();
        Assert.Equal("*2\r\n$1\r\na\r\n,1\r\n", h.Run("ZPOPMIN", "z"));
        Assert.Equal("*1\r\n*2\r\n$1\r\nb\r\n,2\r\n", h.Run("ZPOPMIN", "z", "1"));
        Assert.Equal("*1\r\n*2\r\n$1\r\nc\r\n,3.5\r\n", h.Run("ZPOPMAX", "z", "5"));
        Assert.Equal("*0\r\n", h.Run("ZPOPMAX", "z"));
    }

    [Fact]
    public void Zpop_BadCount_ReturnsErrorsBeforeLookup()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        Assert.Equal("-ERR value is out of range, must be positive\r\n", h.Run("ZPOPMIN", "s", "-1"));
        Assert.Equal("-ERR value is out of range, must be positive\r\n", h.Run("ZPOPMIN", "s", "abc"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZPOPMIN", "s", "1", "2"));
        Assert.Equal(WrongType, h.Run("ZPOPMIN", "s", "0"));
    }

    // ---------------------------------------------------------------- ZMPOP

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zmpop_FirstNonEmptyKey_NestedReplyWithKey(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z1", "1", "a", "2", "b", "3", "c");
        Assert.Equal("*2\r\n$2\r\nz1\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", h.Run("ZMPOP", "2", "nokey", "z1", "MIN"));
        Assert.Equal("*2\r\n$2\r\nz1\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
            h.Run("ZMPOP", "1", "z1", "max", "COUNT", "10"));
        Assert.False(Exists(h, "z1"));
        Assert.Equal("*-1\r\n", h.Run("ZMPOP", "2", "nokey", "z1", "MIN"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("ZMPOP", "1", "z1", "MIN"));
        h.Run("ZADD", "z2", "2.5", "x");
        Assert.Equal("*2\r\n$2\r\nz2\r\n*1\r\n*2\r\n$1\r\nx\r\n,2.5\r\n", h.Run("ZMPOP", "1", "z2", "MIN"));
    }

    [Theory]
    [InlineData(new[] { "ZMPOP", "0", "z", "MIN" }, "-ERR numkeys should be greater than 0\r\n")]
    [InlineData(new[] { "ZMPOP", "abc", "z", "MIN" }, "-ERR numkeys should be greater than 0\r\n")]
    [InlineData(new[] { "ZMPOP", "2", "z", "MIN" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZMPOP", "9223372036854775807", "z", "MIN" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZMPOP", "1", "z", "MIDDLE" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZMPOP", "1", "z", "MIN", "COUNT" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZMPOP", "1", "z", "MIN", "COUNT", "0" }, "-ERR count should be greater than 0\r\n")]
    [InlineData(new[] { "ZMPOP", "1", "z", "MIN", "COUNT", "x" }, "-ERR count should be greater than 0\r\n")]
    [InlineData(new[] { "ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZMPOP", "1", "z", "MIN", "foo" }, "-ERR syntax error\r\n")]
    public void Zmpop_BadArguments_ReturnsRedisErrors(string[] command, string expected)
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "a");
        Assert.Equal(expected, h.Run(command));
        Assert.Equal(":1\r\n", h.Run("ZCARD", "z"));
    }

    [Fact]
    public void Zmpop_FirstExistingKeyWrongType_ReturnsWrongType()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        h.Run("ZADD", "z", "1", "a");
        Assert.Equal(WrongType, h.Run("ZMPOP", "2", "s", "z", "MIN"));
        Assert.Equal("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", h.Run("ZMPOP", "2", "z", "s", "MIN"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void PopAndReply_BlockingShapes_MatchBzpopAndBzmpop(string encoding)
    {
        // The blocking commands are served through these helpers; shapes as BZPOPMIN/BZMPOP in Redis 7.0.
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "bz", "1", "a", "2", "b", "3", "c");
        var ctx = h.Client.Context;
        KvServer.Engine.DataTypes.SortedSetValue zset = Zset(h, "bz")!;
        KvServer.Engine.Commands.SortedSetCommands.PopAndReply(ctx, "bz"u8, zset, max: false, 1,
            KvServer.Engine.Commands.SortedSetCommands.PopReplyShape.FlatWithKey);
        Assert.Equal("*3\r\n$2\r\nbz\r\n$1\r\na\r\n$1\r\n1\r\n", Encoding.Latin1.GetString(ctx.Reply.WrittenSpan));
        ctx.Reply.Reset();
        h.UseResp3();
        KvServer.Engine.Commands.SortedSetCommands.PopAndReply(ctx, "bz"u8, zset, max: true, 5,
            KvServer.Engine.Commands.SortedSetCommands.PopReplyShape.NestedWithKey);
        Assert.Equal("*2\r\n$2\r\nbz\r\n*2\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n",
            Encoding.Latin1.GetString(ctx.Reply.WrittenSpan));
        ctx.Reply.Reset();
        Assert.False(Exists(h, "bz"));
    }

    // ---------------------------------------------------------------- ZRANDMEMBER

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrandmember_CountCoversSet_WholeSetFromHighestScore(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.Equal(Array("c", "b", "a"), h.Run("ZRANDMEMBER", "z", "3"));
        Assert.Equal(Array("c", "3", "b", "2", "a", "1"), h.Run("ZRANDMEMBER", "z", "100", "WITHSCORES"));
        h.UseResp3();
        Assert.Equal("*3\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n",
            h.Run("ZRANDMEMBER", "z", "3", "WITHSCORES"));
    }

    [Theory]
    [InlineData("listpack", 5)]
    [InlineData("listpack", 40)]
    [InlineData("skiplist", 5)]
    [InlineData("skiplist", 40)]
    public void Zrandmember_PositiveCount_DistinctMembersWithTheirScores(string encoding, int count)
    {
        CommandHarness h = Harness(encoding);
        for (int i = 0; i < 50; i++)
        {
            h.Run("ZADD", "z", i.ToString(CultureInfo.InvariantCulture), "m" + i);
        }
        for (int round = 0; round < 20; round++)
        {
            RespValue reply = h.Call("ZRANDMEMBER", "z", count.ToString(CultureInfo.InvariantCulture), "WITHSCORES");
            Assert.Equal(count * 2, reply.Items!.Count);
            var seen = new HashSet<string>();
            for (int i = 0; i < reply.Items.Count; i += 2)
            {
                string member = reply.Items[i].Text!;
                Assert.True(seen.Add(member));
                Assert.Equal(member[1..], reply.Items[i + 1].Text);
            }
        }
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zrandmember_NegativeCount_AllowsRepeats(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "z", "1", "a", "2", "b");
        RespValue reply = h.Call("ZRANDMEMBER", "z", "-20");
        Assert.Equal(20, reply.Items!.Count);
        var distinct = new HashSet<string>();
        foreach (RespValue item in reply.Items)
        {
            Assert.Contains(item.Text, new[] { "a", "b" });
            distinct.Add(item.Text!);
        }
        Assert.Equal(2, distinct.Count);   // 2^-19 chance of failing by bad luck
        h.UseResp3();
        string one = h.Run("ZRANDMEMBER", "z", "-1", "WITHSCORES");
        Assert.True(one is "*1\r\n*2\r\n$1\r\na\r\n,1\r\n" or "*1\r\n*2\r\n$1\r\nb\r\n,2\r\n", one);
    }

    [Fact]
    public void Zrandmember_NoCount_OneBulkOrNil()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("ZRANDMEMBER", "nokey"));
        Assert.Equal("*0\r\n", h.Run("ZRANDMEMBER", "nokey", "5"));
        h.Run("ZADD", "z", "1", "only");
        Assert.Equal("$4\r\nonly\r\n", h.Run("ZRANDMEMBER", "z"));
        Assert.Equal("*0\r\n", h.Run("ZRANDMEMBER", "z", "0"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("ZRANDMEMBER", "nokey"));
    }

    [Theory]
    [InlineData(new[] { "abc" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "-9223372036854775808" }, "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n")]
    [InlineData(new[] { "-9223372036854775808", "foo" }, "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n")]
    [InlineData(new[] { "1", "foo" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "1", "withscores", "x" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "4611686018427387904", "withscores" }, "-ERR value is out of range\r\n")]
    [InlineData(new[] { "-4611686018427387904", "withscores" }, "-ERR value is out of range\r\n")]
    public void Zrandmember_BadArguments_ReturnsRedisErrors(string[] rest, string expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        var args = new List<string> { "ZRANDMEMBER", "s" };
        args.AddRange(rest);
        Assert.Equal(expected, h.Run([.. args]));
    }

    // ---------------------------------------------------------------- ZSCAN

    [Fact]
    public void Zscan_Listpack_WholeSetWithCursorZero()
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "a", "2.5", "b", "3", "c");
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("a", "1", "b", "2.5", "c", "3"), h.Run("ZSCAN", "z", "0", "COUNT", "1"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("b", "2.5"), h.Run("ZSCAN", "z", "0", "MATCH", "b*"));
        h.UseResp3();
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("b", "2.5"), h.Run("ZSCAN", "z", "0", "MATCH", "b*"));
    }

    [Fact]
    public void Zscan_Skiplist_IteratesEveryMemberOnce()
    {
        CommandHarness h = Harness("skiplist");
        var expected = new Dictionary<string, string>();
        for (int i = 0; i < 500; i++)
        {
            h.Run("ZADD", "z", (i / 2.0).ToString(CultureInfo.InvariantCulture), "m" + i);
            expected["m" + i] = (i / 2.0).ToString("R", CultureInfo.InvariantCulture);
        }
        var seen = new Dictionary<string, string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            RespValue reply = h.Call("ZSCAN", "z", cursor, "COUNT", "20");
            cursor = reply.Items![0].Text!;
            List<RespValue> items = reply.Items[1].Items!;
            for (int i = 0; i < items.Count; i += 2)
            {
                seen[items[i].Text!] = items[i + 1].Text!;
            }
            calls++;
        }
        while (cursor != "0");
        Assert.Equal(expected, seen);
        Assert.True(calls > 5);
    }

    [Fact]
    public void Zscan_Skiplist_MatchFiltersMembers()
    {
        CommandHarness h = Harness("skiplist");
        h.Run("ZADD", "z", "1", "apple", "2", "banana", "3", "avocado");
        RespValue reply = h.Call("ZSCAN", "z", "0", "MATCH", "a*", "COUNT", "100");
        Assert.Equal("0", reply.Items![0].Text);
        var members = new List<string>();
        for (int i = 0; i < reply.Items[1].Items!.Count; i += 2)
        {
            members.Add(reply.Items[1].Items![i].Text!);
        }
        members.Sort(StringComparer.Ordinal);
        Assert.Equal(["apple", "avocado"], members);
    }

    [Fact]
    public void Zscan_ErrorsAndMissingKey_MatchRedisOrder()
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "a");
        h.Run("SET", "s", "v");
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("ZSCAN", "z", "abc"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("ZSCAN", "z", " 1"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("ZSCAN", "z", "18446744073709551616"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("ZSCAN", "nokey", "x"));
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("ZSCAN", "nokey", "0", "COUNT", "0"));
        Assert.Equal(WrongType, h.Run("ZSCAN", "s", "0", "COUNT", "0"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZSCAN", "z", "0", "COUNT", "0"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("ZSCAN", "z", "0", "COUNT", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZSCAN", "z", "0", "MATCH"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("ZSCAN", "z", "0", "TYPE", "zset"));
        // strtoul accepts an empty text, a sign, and wraps a minus around.
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("a", "1"), h.Run("ZSCAN", "z", ""));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("a", "1"), h.Run("ZSCAN", "z", "-1"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("a", "1"), h.Run("ZSCAN", "z", "+0"));
    }

    [Fact]
    public void Zrem_BinaryKeyAndMember_Utf8Independent()
    {
        var h = new CommandHarness();
        byte[] key = Encoding.UTF8.GetBytes("ключ");
        h.RunBytes(h.Client, "ZADD"u8.ToArray(), key, "1"u8.ToArray(), [0xC3, 0x28]);
        Assert.Equal(":1\r\n", h.RunBytes(h.Client, "ZREM"u8.ToArray(), key, [0xC3, 0x28]));
    }
}
