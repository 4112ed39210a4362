using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Tests.Infrastructure;
using static KvServer.Tests.Commands.SortedSetTestSupport;

namespace KvServer.Tests.Commands;

/// <summary>ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, over sorted sets and plain sets.</summary>
public class SortedSetCommandsStoreTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    /// <summary>A minimal plain set, standing in for the set type through <see cref="ISetMembers"/>.</summary>
    private sealed class TestSet : ISetMembers
    {
        private readonly List<byte[]> _members = [];

        public TestSet(params string[] members)
        {
            foreach (string member in members)
            {
                _members.Add(System.Text.Encoding.ASCII.GetBytes(member));
            }
        }

        public KvType Type => KvType.Set;

        public string Encoding => "hashtable";

        public long Count => _members.Count;

        public IKvCollection Clone() => this;

        public bool ContainsMember(ReadOnlySpan<byte> member)
        {
            foreach (byte[] m in _members)
            {
                if (member.SequenceEqual(m))
                {
                    return true;
                }
            }
            return false;
        }

        public void CopyMembersTo(List<byte[]> destination) => destination.AddRange(_members);
    }

    private static CommandHarness Sets(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "u1", "1", "a", "2", "b", "3", "c");
        h.Run("ZADD", "u2", "10", "b", "20", "c", "30", "d");
        h.Run("ZADD", "u3", "100", "c", "200", "d", "300", "e", "400", "f");
        return h;
    }

    private static void AddSet(CommandHarness h, string key, params string[] members) =>
        h.Server.Databases[0].Set(Encoding.ASCII.GetBytes(key), new TestSet(members));

    // ---------------------------------------------------------------- ZUNION

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zunion_SumsWeightedScores(string encoding)
    {
        CommandHarness h = Sets(encoding);
        Assert.Equal(Array("a", "b", "c", "d"), h.Run("ZUNION", "2", "u1", "u2"));
        Assert.Equal(Array("a", "1", "b", "12", "c", "23", "d", "30"), h.Run("ZUNION", "2", "u1", "u2", "WITHSCORES"));
        Assert.Equal(Array("a", "2", "b", "34", "c", "66", "d", "90"), h.Run("ZUNION", "2", "u1", "u2", "WEIGHTS", "2", "3", "WITHSCORES"));
        Assert.Equal(Array("a", "1", "b", "2", "c", "3", "d", "30"), h.Run("ZUNION", "2", "u1", "u2", "AGGREGATE", "MIN", "WITHSCORES"));
        Assert.Equal(Array("a", "1", "b", "10", "c", "20", "d", "30"), h.Run("ZUNION", "2", "u1", "u2", "aggregate", "max", "withscores"));
        Assert.Equal(Array("a", "1", "b", "2", "c", "3"), h.Run("ZUNION", "2", "u1", "nokey", "WITHSCORES"));
        Assert.Equal("*0\r\n", h.Run("ZUNION", "2", "nokey", "nokey2"));
        Assert.Equal(Array("a", "2", "b", "4", "c", "6"), h.Run("ZUNION", "2", "u1", "u1", "WITHSCORES"));
    }

    [Fact]
    public void Zunion_InfinitiesAndZeroWeights_FollowRedisNaNRules()
    {
        var h = new CommandHarness();
        h.Run("ZADD", "i1", "inf", "a", "-inf", "b", "5", "c");
        h.Run("ZADD", "i2", "-inf", "a", "-inf", "b", "5", "c");
        // inf + -inf is NaN, which SUM turns into 0; weight 0 times inf is NaN, turned into 0 too.
        Assert.Equal(Array("b", "-inf", "a", "0", "c", "10"), h.Run("ZUNION", "2", "i1", "i2", "WITHSCORES"));
        Assert.Equal(Array("a", "-inf", "b", "-inf", "c", "5"), h.Run("ZUNION", "2", "i1", "i2", "AGGREGATE", "MIN", "WITHSCORES"));
        Assert.Equal(Array("b", "-inf", "c", "5", "a", "inf"), h.Run("ZUNION", "2", "i1", "i2", "AGGREGATE", "MAX", "WITHSCORES"));
        Assert.Equal(Array("a", "0", "b", "0", "c", "0"), h.Run("ZUNION", "2", "i1", "i2", "WEIGHTS", "0", "0", "AGGREGATE", "MAX", "WITHSCORES"));
    }

    [Fact]
    public void Zunion_Resp3WithScores_ReturnsPairs()
    {
        CommandHarness h = Sets("listpack");
        h.UseResp3();
        Assert.Equal("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n", h.Run("ZDIFF", "2", "u1", "u3", "WITHSCORES"));
        Assert.Equal("*1\r\n*2\r\n$1\r\nc\r\n,123\r\n", h.Run("ZINTER", "3", "u1", "u2", "u3", "WITHSCORES"));
        Assert.Equal("*1\r\n$1\r\nc\r\n", h.Run("ZINTER", "3", "u1", "u2", "u3"));
    }

    [Theory]
    [InlineData(new[] { "ZUNION", "0", "u1" }, "-ERR at least 1 input key is needed for 'zunion' command\r\n")]
    [InlineData(new[] { "ZINTER", "-1", "u1" }, "-ERR at least 1 input key is needed for 'zinter' command\r\n")]
    [InlineData(new[] { "ZDIFFSTORE", "d", "0", "u1" }, "-ERR at least 1 input key is needed for 'zdiffstore' command\r\n")]
    [InlineData(new[] { "ZINTERCARD", "0", "u1" }, "-ERR at least 1 input key is needed for 'zintercard' command\r\n")]
    [InlineData(new[] { "ZUNION", "abc", "u1" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "ZUNION", "3", "u1", "u2" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZUNION", "2", "u1", "u2", "WEIGHTS", "1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZUNION", "2", "u1", "u2", "WEIGHTS", "1", "x" }, "-ERR weight value is not a float\r\n")]
    [InlineData(new[] { "ZUNION", "2", "u1", "u2", "WEIGHTS", "1", "2", "3" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZUNION", "2", "u1", "u2", "AGGREGATE", "avg" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZUNION", "2", "u1", "u2", "AGGREGATE" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZUNION", "1", "u1", "LIMIT", "1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZUNIONSTORE", "d", "1", "u1", "WITHSCORES" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZDIFF", "2", "u1", "u2", "WEIGHTS", "1", "1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZDIFF", "2", "u1", "u2", "AGGREGATE", "SUM" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZINTERCARD", "1", "u1", "WITHSCORES" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZINTERCARD", "1", "u1", "WEIGHTS", "1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "ZINTERCARD", "1", "u1", "LIMIT", "-1" }, "-ERR LIMIT can't be negative\r\n")]
    [InlineData(new[] { "ZINTERCARD", "1", "u1", "LIMIT", "x" }, "-ERR LIMIT can't be negative\r\n")]
    public void SetOperations_BadArguments_ReturnRedisErrors(string[] command, string expected)
    {
        CommandHarness h = Sets("listpack");
        Assert.Equal(expected, h.Run(command));
    }

    [Fact]
    public void SetOperations_WrongTypeSource_CheckedBeforeOptions()
    {
        CommandHarness h = Sets("listpack");
        h.Run("SET", "s", "v");
        Assert.Equal(WrongType, h.Run("ZUNION", "2", "u1", "s", "WEIGHTS", "x"));
        Assert.Equal(WrongType, h.Run("ZINTERSTORE", "d", "2", "s", "u1"));
        Assert.Equal(WrongType, h.Run("ZINTERCARD", "1", "s"));
        Assert.Equal(WrongType, h.Run("ZDIFF", "2", "nokey", "s"));
    }

    // ---------------------------------------------------------------- ZINTER / ZINTERCARD

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zinter_OnlyMembersInEveryInput(string encoding)
    {
        CommandHarness h = Sets(encoding);
        Assert.Equal(Array("b", "12", "c", "23"), h.Run("ZINTER", "2", "u1", "u2", "WITHSCORES"));
        Assert.Equal(Array("c", "123"), h.Run("ZINTER", "3", "u1", "u2", "u3", "WITHSCORES"));
        Assert.Equal(Array("b", "30", "c", "60"), h.Run("ZINTER", "2", "u1", "u2", "WEIGHTS", "2", "3", "AGGREGATE", "MAX", "WITHSCORES"));
        Assert.Equal(Array("b", "2", "c", "3"), h.Run("ZINTER", "2", "u1", "u2", "AGGREGATE", "MIN", "WITHSCORES"));
        Assert.Equal(Array("a", "5", "b", "10", "c", "15"), h.Run("ZINTER", "2", "u1", "u1", "WEIGHTS", "2", "3", "WITHSCORES"));
        Assert.Equal("*0\r\n", h.Run("ZINTER", "2", "u1", "nokey"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zintercard_CountsWithOptionalLimit(string encoding)
    {
        CommandHarness h = Sets(encoding);
        Assert.Equal(":2\r\n", h.Run("ZINTERCARD", "2", "u1", "u2"));
        Assert.Equal(":1\r\n", h.Run("ZINTERCARD", "3", "u1", "u2", "u3"));
        Assert.Equal(":3\r\n", h.Run("ZINTERCARD", "2", "u1", "u1"));
        Assert.Equal(":2\r\n", h.Run("ZINTERCARD", "2", "u1", "u1", "LIMIT", "2"));
        Assert.Equal(":3\r\n", h.Run("ZINTERCARD", "2", "u1", "u1", "LIMIT", "0"));
        Assert.Equal(":0\r\n", h.Run("ZINTERCARD", "1", "nokey"));
    }

    // ---------------------------------------------------------------- ZDIFF

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zdiff_FirstInputMinusTheOthers(string encoding)
    {
        CommandHarness h = Sets(encoding);
        Assert.Equal(Array("a"), h.Run("ZDIFF", "2", "u1", "u2"));
        Assert.Equal(Array("e", "300", "f", "400"), h.Run("ZDIFF", "3", "u3", "u2", "u1", "WITHSCORES"));
        Assert.Equal("*0\r\n", h.Run("ZDIFF", "2", "u1", "u1"));
        Assert.Equal(Array("a", "1", "b", "2", "c", "3"), h.Run("ZDIFF", "2", "u1", "nokey", "WITHSCORES"));
        Assert.Equal("*0\r\n", h.Run("ZDIFF", "2", "nokey", "u1"));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zdiff_BothAlgorithms_SameResult(string encoding)
    {
        CommandHarness h = Harness(encoding);
        h.Run("ZADD", "big", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g", "8", "h", "9", "i", "10", "j");
        h.Run("ZADD", "one", "1", "a");
        h.Run("ZADD", "many", "1", "b", "1", "c", "1", "d", "1", "e", "1", "f", "1", "g", "1", "h", "1", "i", "1", "x", "1", "y", "1", "z", "1", "w");
        // Few small sets to subtract: lookups; a large one: copy-and-remove.
        Assert.Equal(Array("b", "c", "d", "e", "f", "g", "h", "i", "j"), h.Run("ZDIFF", "2", "big", "one"));
        Assert.Equal(Array("a", "1", "j", "10"), h.Run("ZDIFF", "2", "big", "many", "WITHSCORES"));
        Assert.Equal(Array("j"), h.Run("ZDIFF", "4", "big", "many", "many", "one"));
    }

    // ---------------------------------------------------------------- STORE forms

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Zunionstore_StoresResultAndReplacesDestination(string encoding)
    {
        CommandHarness h = Sets(encoding);
        h.Run("SET", "d", "string");
        long before = Dirty(h);
        Assert.Equal(":4\r\n", h.Run("ZUNIONSTORE", "d", "2", "u1", "u2", "WEIGHTS", "1", "2", "AGGREGATE", "MAX"));
        Assert.Equal(before + 1, Dirty(h));
        Assert.Equal(Array("a", "1", "b", "20", "c", "40", "d", "60"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(":2\r\n", h.Run("ZINTERSTORE", "d", "2", "u1", "u2"));
        Assert.Equal(Array("b", "12", "c", "23"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(":1\r\n", h.Run("ZDIFFSTORE", "d", "2", "u1", "u2"));
        Assert.Equal(Array("a", "1"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(":4\r\n", h.Run("ZUNIONSTORE", "u1", "2", "u1", "u2"));
        Assert.Equal(Array("a", "1", "b", "12", "c", "23", "d", "30"), h.Run("ZRANGE", "u1", "0", "-1", "WITHSCORES"));
    }

    [Fact]
    public void Zinterstore_EmptyResult_DeletesDestination()
    {
        CommandHarness h = Sets("listpack");
        h.Run("ZADD", "d", "1", "x");
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("ZINTERSTORE", "d", "2", "u1", "nokey"));
        Assert.False(Exists(h, "d"));
        Assert.Equal(before + 1, Dirty(h));
        Assert.Equal(":0\r\n", h.Run("ZDIFFSTORE", "d", "2", "u1", "u1"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void StoreResults_GoBackToListpackWhenTheyFit()
    {
        var h = new CommandHarness(cfg => KvServer.Engine.Configuration.ConfigFileParser.Apply(cfg, "zset-max-listpack-entries 3\nzset-max-listpack-value 8"));
        h.Run("ZADD", "big", "1", "a", "2", "b", "3", "c", "4", "d");
        Assert.Equal("skiplist", EncodingOf(h, "big"));
        h.Run("ZADD", "two", "1", "a", "2", "b");
        h.Run("ZINTERSTORE", "d", "2", "big", "two");
        Assert.Equal("listpack", EncodingOf(h, "d"));
        h.Run("ZUNIONSTORE", "d", "1", "big");
        Assert.Equal("skiplist", EncodingOf(h, "d"));
        h.Run("ZADD", "long", "1", "abcdefghijk");
        h.Run("ZUNIONSTORE", "d", "1", "long");
        Assert.Equal("skiplist", EncodingOf(h, "d"));
        h.Run("ZDIFFSTORE", "d", "2", "big", "two");
        Assert.Equal("listpack", EncodingOf(h, "d"));
    }

    [Fact]
    public void StoreResults_ZeroEntryLimit_StaySkiplist()
    {
        CommandHarness h = Harness("skiplist");
        h.Run("ZADD", "z", "1", "a");
        h.Run("ZUNIONSTORE", "d", "1", "z");
        Assert.Equal("skiplist", EncodingOf(h, "d"));
        h.Run("ZRANGESTORE", "d2", "z", "0", "-1");
        Assert.Equal("skiplist", EncodingOf(h, "d2"));
    }

    // ---------------------------------------------------------------- plain sets as inputs

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void SetOperations_PlainSetMembersScoreOne(string encoding)
    {
        CommandHarness h = Harness(encoding);
        AddSet(h, "s", "x", "y", "5");
        h.Run("ZADD", "z", "1", "x", "2", "q", "3", "5");
        Assert.Equal(Array("y", "2", "x", "5", "q", "6", "5", "11"), h.Run("ZUNION", "2", "s", "z", "WEIGHTS", "2", "3", "WITHSCORES"));
        Assert.Equal(Array("x", "2", "5", "4"), h.Run("ZINTER", "2", "s", "z", "WITHSCORES"));
        Assert.Equal(Array("5", "10", "x", "10"), h.Run("ZINTER", "2", "z", "s", "AGGREGATE", "MAX", "WEIGHTS", "1", "10", "WITHSCORES"));
        Assert.Equal(Array("y", "1"), h.Run("ZDIFF", "2", "s", "z", "WITHSCORES"));
        Assert.Equal(Array("q", "2"), h.Run("ZDIFF", "2", "z", "s", "WITHSCORES"));
        Assert.Equal(":2\r\n", h.Run("ZINTERCARD", "2", "s", "z"));
        Assert.Equal(":3\r\n", h.Run("ZINTERSTORE", "d", "2", "s", "s"));
        Assert.Equal(Array("5", "2", "x", "2", "y", "2"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(Array("5", "1", "x", "1", "y", "1", "q", "2"), h.Run("ZUNION", "2", "s", "z", "AGGREGATE", "MIN", "WITHSCORES"));
    }

    [Fact]
    public void SetOperations_PlainSetOnlyInputs_Work()
    {
        var h = new CommandHarness();
        AddSet(h, "ints", "1", "2", "3");
        Assert.Equal(Array("1", "1", "2", "1", "3", "1"), h.Run("ZUNION", "1", "ints", "WITHSCORES"));
        Assert.Equal(":3\r\n", h.Run("ZUNIONSTORE", "d", "1", "ints"));
        Assert.Equal("listpack", EncodingOf(h, "d"));
        Assert.Equal(WrongType, h.Run("ZRANGE", "ints", "0", "-1"));
    }
}
