using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// Set commands against replies recorded from Redis 7.0.15. Collection tests run for both encodings: an
/// intset (sorted, compared byte for byte) and a hash table (set-max-intset-entries 0; order unspecified,
/// compared as sets).
/// </summary>
public sealed class SetCommandsTests
{
    public static TheoryData<string> Encodings => new() { "intset", "hashtable" };

    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private static CommandHarness NewHarness(string encoding = "intset") => encoding == "intset"
        ? new CommandHarness()
        : new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "set-max-intset-entries 0"));

    private static string Bulk(string text) => $"${text.Length}\r\n{text}\r\n";

    private static string Array(params string[] items) => $"*{items.Length}\r\n" + string.Concat(items.Select(Bulk));

    private static string Set(params string[] items) => $"~{items.Length}\r\n" + string.Concat(items.Select(Bulk));

    private static string[] Texts(RespValue value) => value.Items!.Select(item => item.Text!).ToArray();

    private static string[] Sorted(IEnumerable<string> items) => items.OrderBy(i => i, StringComparer.Ordinal).ToArray();

    /// <summary>Members of a reply whose order depends on the encoding: exact for an intset, as a set otherwise.</summary>
    private static void AssertMembers(string encoding, string expectedSortedReply, string actual)
    {
        if (encoding == "intset")
        {
            Assert.Equal(expectedSortedReply, actual);
            return;
        }
        RespValue expected = RespValue.Parse(expectedSortedReply);
        RespValue value = RespValue.Parse(actual);
        Assert.Equal(expected.Type, value.Type);
        Assert.Equal(Sorted(Texts(expected)), Sorted(Texts(value)));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sadd_NewAndExistingMembers_ReturnsAddedCount(string encoding)
    {
        var h = NewHarness(encoding);
        Assert.Equal(":3\r\n", h.Run("SADD", "s", "3", "1", "2"));
        Assert.Equal(":1\r\n", h.Run("SADD", "s", "3", "7", "7"));
        Assert.Equal(":4\r\n", h.Run("SCARD", "s"));
        Assert.Equal(encoding, h.EncodingOf("s"));
        AssertMembers(encoding, Array("1", "2", "3", "7"), h.Run("SMEMBERS", "s"));
    }

    [Fact]
    public void Smembers_Intset_RepliesSortedAcrossWidths()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "100000", "3", "-5", "10000000000", "-9223372036854775808", "9223372036854775807", "0");
        Assert.Equal("intset", h.EncodingOf("s"));
        Assert.Equal(Array("-9223372036854775808", "-5", "0", "3", "100000", "10000000000", "9223372036854775807"), h.Run("SMEMBERS", "s"));
        h.UseResp3();
        Assert.Equal(Set("-9223372036854775808", "-5", "0", "3", "100000", "10000000000", "9223372036854775807"), h.Run("SMEMBERS", "s"));
    }

    [Fact]
    public void Smembers_MissingKey_ReturnsEmptySet()
    {
        var h = NewHarness();
        Assert.Equal("*0\r\n", h.Run("SMEMBERS", "nokey"));
        h.UseResp3();
        Assert.Equal("~0\r\n", h.Run("SMEMBERS", "nokey"));
    }

    [Fact]
    public void Sadd_NonCanonicalInteger_ConvertsToHashtable()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "1", "2");
        Assert.Equal("intset", h.EncodingOf("s"));
        h.Run("SADD", "s", "01");
        Assert.Equal("hashtable", h.EncodingOf("s"));
        h.Run("SADD", "t", "-0");
        Assert.Equal("hashtable", h.EncodingOf("t"));
        h.Run("SADD", "u", "a", "1");
        Assert.Equal("hashtable", h.EncodingOf("u"));
        h.Run("SREM", "u", "a");
        Assert.Equal("hashtable", h.EncodingOf("u"));
        Assert.Equal(Array("1"), h.Run("SMEMBERS", "u"));
    }

    [Fact]
    public void Sadd_IntsetOverLimit_ConvertsToHashtable()
    {
        var h = NewHarness();
        var args = new List<string> { "SADD", "s" };
        for (int i = 0; i < 512; i++)
        {
            args.Add(i.ToString());
        }
        h.Run(args.ToArray());
        Assert.Equal("intset", h.EncodingOf("s"));
        h.Run("SADD", "s", "512");
        Assert.Equal("hashtable", h.EncodingOf("s"));
        Assert.Equal(":513\r\n", h.Run("SCARD", "s"));
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", "300"));
    }

    [Fact]
    public void SetCommands_OnStringKey_ReturnWrongType()
    {
        var h = NewHarness();
        h.Run("SET", "str", "v");
        h.Run("SADD", "s", "1");
        Assert.Equal(WrongType, h.Run("SADD", "str", "a"));
        Assert.Equal(WrongType, h.Run("SREM", "str", "a"));
        Assert.Equal(WrongType, h.Run("SMEMBERS", "str"));
        Assert.Equal(WrongType, h.Run("SISMEMBER", "str", "a"));
        Assert.Equal(WrongType, h.Run("SMISMEMBER", "str", "a"));
        Assert.Equal(WrongType, h.Run("SCARD", "str"));
        Assert.Equal(WrongType, h.Run("SPOP", "str"));
        Assert.Equal(WrongType, h.Run("SPOP", "str", "2"));
        Assert.Equal(WrongType, h.Run("SRANDMEMBER", "str"));
        Assert.Equal(WrongType, h.Run("SRANDMEMBER", "str", "2"));
        Assert.Equal(WrongType, h.Run("SMOVE", "str", "s", "a"));
        Assert.Equal(WrongType, h.Run("SMOVE", "s", "str", "1"));
        Assert.Equal(WrongType, h.Run("SINTER", "s", "str"));
        Assert.Equal(WrongType, h.Run("SINTERCARD", "2", "s", "str"));
        Assert.Equal(WrongType, h.Run("SINTERSTORE", "d", "s", "str"));
        Assert.Equal(WrongType, h.Run("SUNION", "s", "str"));
        Assert.Equal(WrongType, h.Run("SUNIONSTORE", "d", "s", "str"));
        Assert.Equal(WrongType, h.Run("SDIFF", "s", "str"));
        Assert.Equal(WrongType, h.Run("SDIFFSTORE", "d", "s", "str"));
        Assert.Equal(WrongType, h.Run("SSCAN", "str", "0"));
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", "1"));
    }

    [Fact]
    public void MultiKeyCommands_MissingKeyBeforeWrongType_StillReturnWrongType()
    {
        var h = NewHarness();
        h.Run("SET", "str", "v");
        Assert.Equal(WrongType, h.Run("SINTER", "nokey", "str"));
        Assert.Equal(WrongType, h.Run("SINTERCARD", "2", "nokey", "str"));
        Assert.Equal(WrongType, h.Run("SUNION", "nokey", "str"));
        Assert.Equal(WrongType, h.Run("SDIFF", "nokey", "str"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Srem_MembersAndMissing_ReturnsRemovedCount(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "s", "1", "2", "3", "4");
        Assert.Equal(":2\r\n", h.Run("SREM", "s", "1", "9", "x", "3", "1"));
        AssertMembers(encoding, Array("2", "4"), h.Run("SMEMBERS", "s"));
        Assert.Equal(":0\r\n", h.Run("SREM", "nokey", "1"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Srem_LastMember_DeletesKey(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "s", "1", "2");
        Assert.Equal(":2\r\n", h.Run("SREM", "s", "1", "2", "3"));
        Assert.False(h.KeyExists("s"));
        h.Run("SADD", "t", "a", "b");
        Assert.Equal(":2\r\n", h.Run("SREM", "t", "a", "b"));
        Assert.False(h.KeyExists("t"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sismember_And_Smismember_ReportMembership(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "s", "1", "-2", "300000");
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", "-2"));
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", "300000"));
        Assert.Equal(":0\r\n", h.Run("SISMEMBER", "s", "2"));
        Assert.Equal(":0\r\n", h.Run("SISMEMBER", "s", "01"));
        Assert.Equal(":0\r\n", h.Run("SISMEMBER", "s", "abc"));
        Assert.Equal(":0\r\n", h.Run("SISMEMBER", "s", "99999999999999999999"));
        Assert.Equal(":0\r\n", h.Run("SISMEMBER", "nokey", "1"));
        Assert.Equal("*4\r\n:1\r\n:0\r\n:1\r\n:0\r\n", h.Run("SMISMEMBER", "s", "1", "9", "300000", "x"));
        Assert.Equal("*2\r\n:0\r\n:0\r\n", h.Run("SMISMEMBER", "nokey", "a", "b"));
        h.UseResp3();
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", "1"));
        Assert.Equal("*2\r\n:1\r\n:0\r\n", h.Run("SMISMEMBER", "s", "1", "9"));
    }

    [Fact]
    public void Sadd_StringMembers_AreBinarySafe()
    {
        var h = NewHarness();
        Assert.Equal(":3\r\n", h.Run("SADD", "s", "", "a b", "\r\n"));
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", ""));
        Assert.Equal(":1\r\n", h.Run("SISMEMBER", "s", "\r\n"));
        Assert.Equal(new[] { "", "\r\n", "a b" }, Sorted(Texts(h.Call("SMEMBERS", "s"))));
    }

    [Fact]
    public void Scard_MissingKey_ReturnsZero()
    {
        var h = NewHarness();
        Assert.Equal(":0\r\n", h.Run("SCARD", "nokey"));
    }

    [Fact]
    public void Spop_MissingKey_ReturnsNullOrEmptySet()
    {
        var h = NewHarness();
        Assert.Equal("$-1\r\n", h.Run("SPOP", "nokey"));
        Assert.Equal("*0\r\n", h.Run("SPOP", "nokey", "3"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("SPOP", "nokey"));
        Assert.Equal("~0\r\n", h.Run("SPOP", "nokey", "3"));
    }

    [Fact]
    public void Spop_InvalidArguments_ReturnErrors()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "1");
        Assert.Equal("-ERR value is out of range, must be positive\r\n", h.Run("SPOP", "s", "-1"));
        Assert.Equal("-ERR value is out of range, must be positive\r\n", h.Run("SPOP", "s", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("SPOP", "s", "1", "2"));
        Assert.Equal("*0\r\n", h.Run("SPOP", "s", "0"));
        h.UseResp3();
        Assert.Equal("~0\r\n", h.Run("SPOP", "s", "0"));
        Assert.Equal(":1\r\n", h.Run("SCARD", "s"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Spop_NoCount_RemovesAndReturnsOneMember(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "s", "1", "2", "3");
        var popped = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            popped.Add(h.Call("SPOP", "s").Text!);
        }
        Assert.Equal(new[] { "1", "2", "3" }, Sorted(popped));
        Assert.False(h.KeyExists("s"));
        Assert.Equal("$-1\r\n", h.Run("SPOP", "s"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Spop_CountBelowSize_PopsDistinctMembers(string encoding)
    {
        var h = NewHarness(encoding);
        var args = new List<string> { "SADD", "s" };
        for (int i = 0; i < 50; i++)
        {
            args.Add(i.ToString());
        }
        h.Run(args.ToArray());
        var popped = new List<string>();
        foreach (int count in new[] { 1, 10, 30 })
        {
            string[] members = Texts(h.Call("SPOP", "s", count.ToString()));
            Assert.Equal(count, members.Length);
            popped.AddRange(members);
        }
        Assert.Equal(41, popped.Distinct().Count());
        Assert.Equal(":9\r\n", h.Run("SCARD", "s"));
        string[] rest = Texts(h.Call("SMEMBERS", "s"));
        Assert.Empty(rest.Intersect(popped));
        Assert.Equal(50, rest.Union(popped).Count());
        h.UseResp3();
        Assert.Equal('~', h.Call("SPOP", "s", "2").Type);
    }

    [Fact]
    public void Spop_CountAtLeastSize_ReturnsWholeSetSortedAndDeletesKey()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "5", "3", "4");
        Assert.Equal(Array("3", "4", "5"), h.Run("SPOP", "s", "3"));
        Assert.False(h.KeyExists("s"));
        h.Run("SADD", "s", "9", "8", "7");
        h.UseResp3();
        Assert.Equal(Set("7", "8", "9"), h.Run("SPOP", "s", "10"));
        Assert.False(h.KeyExists("s"));
    }

    [Fact]
    public void Spop_WholeHashtableOfIntegers_RepliesSortedLikeUnion()
    {
        // The whole-set reply is built as a new set (SUNION of one key), which is an intset again here.
        var h = NewHarness();
        h.Run("SADD", "s", "3", "x", "1", "2");
        h.Run("SREM", "s", "x");
        Assert.Equal("hashtable", h.EncodingOf("s"));
        Assert.Equal(Array("1", "2", "3"), h.Run("SPOP", "s", "3"));
    }

    [Fact]
    public void Srandmember_MissingKeyAndErrors()
    {
        var h = NewHarness();
        Assert.Equal("$-1\r\n", h.Run("SRANDMEMBER", "nokey"));
        Assert.Equal("*0\r\n", h.Run("SRANDMEMBER", "nokey", "3"));
        h.Run("SADD", "s", "1");
        Assert.Equal("*0\r\n", h.Run("SRANDMEMBER", "s", "0"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("SRANDMEMBER", "s", "1", "2"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("SRANDMEMBER", "s", "x"));
        Assert.Equal("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
            h.Run("SRANDMEMBER", "s", "-9223372036854775808"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("SRANDMEMBER", "nokey"));
        Assert.Equal("*0\r\n", h.Run("SRANDMEMBER", "nokey", "3"));
    }

    [Fact]
    public void Srandmember_CountAtLeastSize_ReturnsWholeIntsetAsArray()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "3", "1", "2");
        Assert.Equal(Array("1", "2", "3"), h.Run("SRANDMEMBER", "s", "3"));
        h.UseResp3();
        Assert.Equal(Array("1", "2", "3"), h.Run("SRANDMEMBER", "s", "100"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Srandmember_PositiveCount_ReturnsDistinctMembersWithoutRemoving(string encoding)
    {
        var h = NewHarness(encoding);
        var args = new List<string> { "SADD", "s" };
        for (int i = 0; i < 40; i++)
        {
            args.Add(i.ToString());
        }
        h.Run(args.ToArray());
        foreach (int count in new[] { 1, 5, 20, 39 })
        {
            string[] members = Texts(h.Call("SRANDMEMBER", "s", count.ToString()));
            Assert.Equal(count, members.Length);
            Assert.Equal(count, members.Distinct().Count());
            Assert.All(members, m => Assert.InRange(int.Parse(m), 0, 39));
        }
        Assert.Equal(":40\r\n", h.Run("SCARD", "s"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Srandmember_NegativeCount_DrawsWithRepetitionUniformly(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "s", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        string[] members = Texts(h.Call("SRANDMEMBER", "s", "-10000"));
        Assert.Equal(10000, members.Length);
        // Each member is expected 1000 times (standard deviation 30): far outside these bounds means bias.
        foreach (IGrouping<string, string> group in members.GroupBy(m => m))
        {
            Assert.InRange(group.Count(), 800, 1200);
        }
        Assert.Equal(10, members.Distinct().Count());
    }

    [Fact]
    public void Srandmember_NoCountOnLargeHashtable_IsUniform()
    {
        var h = NewHarness();
        var args = new List<string> { "SADD", "s" };
        for (int i = 0; i < 20; i++)
        {
            args.Add("m" + i);
        }
        h.Run(args.ToArray());
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 4000; i++)
        {
            string member = h.Call("SRANDMEMBER", "s").Text!;
            counts[member] = counts.GetValueOrDefault(member) + 1;
        }
        Assert.Equal(20, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 100, 300));
    }

    [Fact]
    public void Smove_Cases_MatchRedis()
    {
        var h = NewHarness();
        h.Run("SADD", "a", "1", "2");
        h.Run("SADD", "b", "3");
        h.Run("SET", "str", "v");
        Assert.Equal(":0\r\n", h.Run("SMOVE", "nokey", "str", "1"));
        Assert.Equal(":1\r\n", h.Run("SMOVE", "a", "b", "1"));
        Assert.Equal(Array("2"), h.Run("SMEMBERS", "a"));
        Assert.Equal(Array("1", "3"), h.Run("SMEMBERS", "b"));
        Assert.Equal(":0\r\n", h.Run("SMOVE", "a", "b", "99"));
        Assert.Equal(":1\r\n", h.Run("SMOVE", "a", "a", "2"));
        Assert.Equal(":0\r\n", h.Run("SMOVE", "a", "a", "99"));
        Assert.Equal(":1\r\n", h.Run("SMOVE", "b", "a", "3"));
        Assert.Equal(":1\r\n", h.Run("SMOVE", "a", "new", "2"));
        Assert.Equal(Array("2"), h.Run("SMEMBERS", "new"));
        Assert.Equal(Array("3"), h.Run("SMEMBERS", "a"));
        Assert.Equal(":1\r\n", h.Run("SMOVE", "b", "a", "1"));
        Assert.False(h.KeyExists("b"));
        Assert.Equal(":1\r\n", h.Run("SMOVE", "new", "a", "2"));
        Assert.False(h.KeyExists("new"));
        Assert.Equal(Array("1", "2", "3"), h.Run("SMEMBERS", "a"));
    }

    [Fact]
    public void Smove_MemberAlreadyInDestination_StillRemovesFromSource()
    {
        var h = NewHarness();
        h.Run("SADD", "a", "x", "y");
        h.Run("SADD", "b", "x");
        long dirty = h.Server.KeyspaceStats.Dirty;
        Assert.Equal(":1\r\n", h.Run("SMOVE", "a", "b", "x"));
        Assert.Equal(dirty + 1, h.Server.KeyspaceStats.Dirty);
        Assert.Equal(Array("y"), h.Run("SMEMBERS", "a"));
        Assert.Equal(Array("x"), h.Run("SMEMBERS", "b"));
    }

    [Fact]
    public void Smove_StringMemberIntoIntset_ConvertsDestination()
    {
        var h = NewHarness();
        h.Run("SADD", "a", "x");
        h.Run("SADD", "b", "1");
        h.Run("SMOVE", "a", "b", "x");
        Assert.Equal("hashtable", h.EncodingOf("b"));
        Assert.Equal(new[] { "1", "x" }, Sorted(Texts(h.Call("SMEMBERS", "b"))));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sinter_Sets_ReturnsCommonMembers(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "u", "1", "2", "3", "4", "5");
        h.Run("SADD", "v", "3", "4", "5", "6", "7");
        h.Run("SADD", "w", "4", "5", "x");
        AssertMembers(encoding, Array("3", "4", "5"), h.Run("SINTER", "u", "v"));
        Assert.Equal(new[] { "4", "5" }, Sorted(Texts(h.Call("SINTER", "u", "v", "w"))));
        AssertMembers(encoding, Array("1", "2", "3", "4", "5"), h.Run("SINTER", "u"));
        AssertMembers(encoding, Array("1", "2", "3", "4", "5"), h.Run("SINTER", "u", "u"));
        Assert.Equal("*0\r\n", h.Run("SINTER", "u", "nokey"));
        h.UseResp3();
        AssertMembers(encoding, Set("3", "4", "5"), h.Run("SINTER", "u", "v"));
        Assert.Equal("~0\r\n", h.Run("SINTER", "u", "nokey"));
    }

    [Fact]
    public void Sinter_SmallestIsIntset_RepliesSorted()
    {
        var h = NewHarness();
        h.Run("SADD", "big", "a", "b", "9", "3", "5", "1");
        h.Run("SADD", "small", "9", "5", "1");
        Assert.Equal(Array("1", "5", "9"), h.Run("SINTER", "big", "small"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sintercard_CountsWithOptionalLimit(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "u", "1", "2", "3", "4", "5");
        h.Run("SADD", "v", "3", "4", "5", "6", "7");
        Assert.Equal(":3\r\n", h.Run("SINTERCARD", "2", "u", "v"));
        Assert.Equal(":2\r\n", h.Run("SINTERCARD", "2", "u", "v", "LIMIT", "2"));
        Assert.Equal(":3\r\n", h.Run("SINTERCARD", "2", "u", "v", "limit", "0"));
        Assert.Equal(":3\r\n", h.Run("SINTERCARD", "2", "u", "v", "LIMIT", "1", "LIMIT", "10"));
        Assert.Equal(":5\r\n", h.Run("SINTERCARD", "1", "u"));
        Assert.Equal(":0\r\n", h.Run("SINTERCARD", "2", "u", "nokey"));
    }

    [Fact]
    public void Sintercard_InvalidArguments_ReturnErrors()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "1");
        Assert.Equal("-ERR numkeys should be greater than 0\r\n", h.Run("SINTERCARD", "0", "s"));
        Assert.Equal("-ERR numkeys should be greater than 0\r\n", h.Run("SINTERCARD", "-1", "s"));
        Assert.Equal("-ERR numkeys should be greater than 0\r\n", h.Run("SINTERCARD", "x", "s"));
        Assert.Equal("-ERR Number of keys can't be greater than number of args\r\n", h.Run("SINTERCARD", "3", "s"));
        Assert.Equal("-ERR LIMIT can't be negative\r\n", h.Run("SINTERCARD", "1", "s", "LIMIT", "-1"));
        Assert.Equal("-ERR LIMIT can't be negative\r\n", h.Run("SINTERCARD", "1", "s", "LIMIT", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("SINTERCARD", "1", "s", "LIMIT"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("SINTERCARD", "1", "s", "FOO", "1"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sinterstore_StoresResultAndDropsTtl(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "u", "1", "2", "3");
        h.Run("SADD", "v", "2", "3", "4");
        h.Run("SET", "dst", "old");
        h.Server.Databases[0].SetExpire("dst"u8, h.Clock.UnixTimeMilliseconds + 10000);
        Assert.Equal(":2\r\n", h.Run("SINTERSTORE", "dst", "u", "v"));
        AssertMembers(encoding, Array("2", "3"), h.Run("SMEMBERS", "dst"));
        Assert.Equal(-1, h.Server.Databases[0].GetExpire("dst"u8));
        Assert.Equal(encoding, h.EncodingOf("dst"));
    }

    [Fact]
    public void Sinterstore_EmptyResult_DeletesDestination()
    {
        var h = NewHarness();
        h.Run("SADD", "u", "1");
        h.Run("SADD", "v", "2");
        h.Run("SADD", "dst", "9");
        Assert.Equal(":0\r\n", h.Run("SINTERSTORE", "dst", "u", "v"));
        Assert.False(h.KeyExists("dst"));
        h.Run("SADD", "dst", "9");
        Assert.Equal(":0\r\n", h.Run("SINTERSTORE", "dst", "u", "nokey"));
        Assert.False(h.KeyExists("dst"));
        Assert.Equal(":0\r\n", h.Run("SINTERSTORE", "dst", "nokey"));
    }

    [Fact]
    public void Sinterstore_DestinationIsSource_Works()
    {
        var h = NewHarness();
        h.Run("SADD", "u", "1", "2", "3");
        h.Run("SADD", "v", "2");
        Assert.Equal(":1\r\n", h.Run("SINTERSTORE", "u", "u", "v"));
        Assert.Equal(Array("2"), h.Run("SMEMBERS", "u"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sunion_Sets_ReturnsAllMembers(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "u", "5", "1", "3");
        h.Run("SADD", "v", "3", "4");
        AssertMembers(encoding, Array("1", "3", "4", "5"), h.Run("SUNION", "u", "v", "nokey"));
        Assert.Equal("*0\r\n", h.Run("SUNION", "nokey"));
        h.UseResp3();
        AssertMembers(encoding, Set("1", "3", "4", "5"), h.Run("SUNION", "u", "v"));
        Assert.Equal("~0\r\n", h.Run("SUNION", "nokey"));
    }

    [Fact]
    public void Sunion_HashtablesOfIntegers_ResultIsIntsetSorted()
    {
        // The result starts as an intset: integer members come back sorted whatever the sources' encodings.
        var h = NewHarness();
        h.Run("SADD", "u", "x", "30", "10");
        h.Run("SREM", "u", "x");
        h.Run("SADD", "v", "y", "20");
        h.Run("SREM", "v", "y");
        Assert.Equal(Array("10", "20", "30"), h.Run("SUNION", "u", "v"));
        Assert.Equal(Array("10", "30"), h.Run("SDIFF", "u", "v"));
    }

    [Fact]
    public void Sunionstore_StoresAndDeletesOnEmpty()
    {
        var h = NewHarness();
        h.Run("SADD", "u", "1", "2");
        h.Run("SADD", "v", "a");
        Assert.Equal(":3\r\n", h.Run("SUNIONSTORE", "dst", "u", "v"));
        Assert.Equal("hashtable", h.EncodingOf("dst"));
        Assert.Equal(new[] { "1", "2", "a" }, Sorted(Texts(h.Call("SMEMBERS", "dst"))));
        Assert.Equal(":2\r\n", h.Run("SUNIONSTORE", "dst2", "u", "nokey"));
        Assert.Equal("intset", h.EncodingOf("dst2"));
        Assert.Equal(":0\r\n", h.Run("SUNIONSTORE", "dst", "nokey"));
        Assert.False(h.KeyExists("dst"));
    }

    [Fact]
    public void Sunionstore_OverIntsetLimit_StoresHashtable()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "set-max-intset-entries 4"));
        h.Run("SADD", "u", "1", "2", "3");
        h.Run("SADD", "v", "3", "4");
        Assert.Equal(":4\r\n", h.Run("SUNIONSTORE", "d", "u", "v"));
        Assert.Equal("intset", h.EncodingOf("d"));
        h.Run("SADD", "v", "5");
        Assert.Equal(":5\r\n", h.Run("SUNIONSTORE", "d", "u", "v"));
        Assert.Equal("hashtable", h.EncodingOf("d"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Sdiff_Sets_ReturnsMembersOnlyInFirst(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "u", "1", "2", "3", "4", "5");
        h.Run("SADD", "v", "3", "4", "5", "6", "7");
        h.Run("SADD", "w", "1");
        AssertMembers(encoding, Array("1", "2"), h.Run("SDIFF", "u", "v"));
        AssertMembers(encoding, Array("2"), h.Run("SDIFF", "u", "v", "w"));
        AssertMembers(encoding, Array("1", "2", "3", "4", "5"), h.Run("SDIFF", "u", "nokey"));
        Assert.Equal("*0\r\n", h.Run("SDIFF", "u", "u"));
        Assert.Equal("*0\r\n", h.Run("SDIFF", "u", "v", "u"));
        Assert.Equal("*0\r\n", h.Run("SDIFF", "nokey", "u"));
        h.UseResp3();
        AssertMembers(encoding, Set("6", "7"), h.Run("SDIFF", "v", "u"));
        Assert.Equal("~0\r\n", h.Run("SDIFF", "nokey", "u"));
    }

    [Fact]
    public void Sdiffstore_StoresAndDeletesOnEmpty()
    {
        var h = NewHarness();
        h.Run("SADD", "u", "1", "2", "x");
        h.Run("SADD", "v", "x", "1");
        Assert.Equal(":1\r\n", h.Run("SDIFFSTORE", "dst", "u", "v"));
        Assert.Equal(Array("2"), h.Run("SMEMBERS", "dst"));
        Assert.Equal("intset", h.EncodingOf("dst"));
        Assert.Equal(":0\r\n", h.Run("SDIFFSTORE", "dst", "u", "u"));
        Assert.False(h.KeyExists("dst"));
    }

    [Fact]
    public void Sscan_Intset_ReturnsEverythingSortedWithCursorZero()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "10", "5", "-3");
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("-3", "5", "10"), h.Run("SSCAN", "s", "0"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("-3", "5", "10"), h.Run("SSCAN", "s", "7", "COUNT", "1"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("-3"), h.Run("SSCAN", "s", "0", "MATCH", "-*"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("10"), h.Run("SSCAN", "s", "0", "MATCH", "1?"));
    }

    [Fact]
    public void Sscan_Hashtable_IteratesEveryMemberOnce()
    {
        var h = NewHarness();
        var args = new List<string> { "SADD", "s" };
        for (int i = 0; i < 700; i++)
        {
            args.Add("m" + i);
        }
        h.Run(args.ToArray());
        var seen = new HashSet<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            RespValue reply = h.Call("SSCAN", "s", cursor, "COUNT", "25", "MATCH", "m*");
            cursor = reply.Items![0].Text!;
            foreach (string member in Texts(reply.Items[1]))
            {
                Assert.True(seen.Add(member));
            }
            calls++;
        }
        while (cursor != "0");
        Assert.Equal(700, seen.Count);
        Assert.True(calls > 10);
    }

    [Fact]
    public void Sscan_InvalidArguments_ReturnErrors()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "1");
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("SSCAN", "s", "abc"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("SSCAN", "nokey", "abc"));
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SSCAN", "nokey", "0"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("SSCAN", "s", "0", "COUNT", "0"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("SSCAN", "s", "0", "NOVALUES"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("SSCAN", "s", "0", "COUNT", "1.5"));
    }

    [Fact]
    public void SetWrites_CountDirtyChanges()
    {
        var h = NewHarness();
        long start = h.Server.KeyspaceStats.Dirty;
        h.Run("SADD", "s", "1", "2", "3", "1");
        Assert.Equal(start + 3, h.Server.KeyspaceStats.Dirty);
        h.Run("SADD", "s", "1");
        h.Run("SREM", "s", "9");
        Assert.Equal(start + 3, h.Server.KeyspaceStats.Dirty);
        h.Run("SREM", "s", "1", "2");
        Assert.Equal(start + 5, h.Server.KeyspaceStats.Dirty);
        h.Run("SADD", "s", "4", "5");
        h.Run("SPOP", "s", "10");
        Assert.Equal(start + 10, h.Server.KeyspaceStats.Dirty);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void SetValue_Clone_IsIndependent(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("SADD", "s", "1", "2");
        var original = (SetValue)h.Server.Databases[0].Peek("s"u8, h.Clock.UnixTimeMilliseconds)!;
        var copy = (SetValue)original.Clone();
        h.Run("SREM", "s", "1");
        h.Run("SADD", "s", "3");
        Assert.Equal(2, copy.Count);
        Assert.True(copy.Contains("1"u8));
        Assert.False(copy.Contains("3"u8));
        Assert.Equal(encoding, copy.Encoding);
    }

    [Fact]
    public void SetCommands_OnExpiredKey_SeeNoKey()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "1");
        h.Server.Databases[0].SetExpire("s"u8, h.Clock.UnixTimeMilliseconds + 500);
        h.Clock.Advance(501); // Redis expires a key once now > its time
        Assert.Equal(":0\r\n", h.Run("SCARD", "s"));
        Assert.Equal("*0\r\n", h.Run("SMEMBERS", "s"));
        Assert.Equal(":1\r\n", h.Run("SADD", "s", "2"));
        Assert.Equal(Array("2"), h.Run("SMEMBERS", "s"));
    }
}
