using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

public class SortedSetValueTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>A set of the requested encoding; "skiplist" sets never go back to listpack.</summary>
    private static SortedSetValue New(string encoding) =>
        encoding == "listpack" ? new SortedSetValue() : SortedSetValue.CreateSkiplist();

    private static ZaddResult Add(SortedSetValue z, string member, double score, ZaddFlags flags = ZaddFlags.None) =>
        z.Add(B(member), score, flags, 128, 64, out _);

    private static List<string> Dump(SortedSetValue z)
    {
        var result = new List<string>();
        for (SortedSetValue.Position p = z.First; p.IsValid; p = z.Next(p))
        {
            result.Add(Encoding.ASCII.GetString(z.MemberAt(p)) + "=" + z.ScoreAt(p).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return result;
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Add_FlagsAndResults_MatchZsetAdd(string encoding)
    {
        SortedSetValue z = New(encoding);
        Assert.Equal(ZaddResult.Added, Add(z, "a", 1));
        Assert.Equal(ZaddResult.None, Add(z, "a", 1));
        Assert.Equal(ZaddResult.Updated, Add(z, "a", 2));
        Assert.Equal(ZaddResult.Nop, Add(z, "a", 5, ZaddFlags.Nx));
        Assert.Equal(ZaddResult.Nop, Add(z, "b", 5, ZaddFlags.Xx));
        Assert.Equal(ZaddResult.Nop, Add(z, "a", 1, ZaddFlags.Gt));
        Assert.Equal(ZaddResult.Updated, Add(z, "a", 3, ZaddFlags.Gt));
        Assert.Equal(ZaddResult.Nop, Add(z, "a", 4, ZaddFlags.Lt));
        Assert.Equal(ZaddResult.Added, Add(z, "c", 9, ZaddFlags.Lt));
        Assert.Equal(ZaddResult.Updated, z.Add(B("a"), 1.5, ZaddFlags.Incr, 128, 64, out double score));
        Assert.Equal(4.5, score);
        Assert.Equal(ZaddResult.NaN, Add(z, "d", double.NaN));
        Add(z, "inf", double.PositiveInfinity);
        Assert.Equal(ZaddResult.NaN, z.Add(B("inf"), double.NegativeInfinity, ZaddFlags.Incr, 128, 64, out _));
        Assert.Equal(["a=4.5", "c=9", "inf=Infinity"], Dump(z));
        Assert.Equal(encoding, z.Encoding);
        z.Validate();
    }

    [Fact]
    public void Add_PastEntryLimit_ConvertsToSkiplistOnce()
    {
        var z = new SortedSetValue();
        Assert.Equal(ZaddResult.Added, z.Add(B("a"), 1, ZaddFlags.None, 2, 64, out _));
        Assert.Equal(ZaddResult.Added, z.Add(B("b"), 2, ZaddFlags.None, 2, 64, out _));
        Assert.Equal("listpack", z.Encoding);
        Assert.Equal(ZaddResult.Added, z.Add(B("c"), 3, ZaddFlags.None, 2, 64, out _));
        Assert.Equal("skiplist", z.Encoding);
        z.Remove(B("c"));
        z.Remove(B("b"));
        Assert.Equal("skiplist", z.Encoding);
        Assert.Equal(["a=1"], Dump(z));
        z.Validate();
    }

    [Fact]
    public void Add_MemberLongerThanValueLimit_ConvertsToSkiplist()
    {
        var z = new SortedSetValue();
        z.Add(B("short"), 1, ZaddFlags.None, 128, 8, out _);
        Assert.Equal("listpack", z.Encoding);
        z.Add(B("muchlongermember"), 2, ZaddFlags.None, 128, 8, out _);
        Assert.Equal("skiplist", z.Encoding);
        Assert.Equal(["short=1", "muchlongermember=2"], Dump(z));
    }

    [Fact]
    public void ListpackScore_NegativeZero_StoredAsZero()
    {
        var z = new SortedSetValue();
        z.Add(B("a"), -0.0, ZaddFlags.None, 128, 64, out double newScore);
        Assert.True(double.IsNegative(newScore));
        z.TryGetScore(B("a"), out double stored);
        Assert.False(double.IsNegative(stored));

        SortedSetValue s = SortedSetValue.CreateSkiplist();
        s.Add(B("a"), -0.0, ZaddFlags.None, 128, 64, out _);
        s.TryGetScore(B("a"), out double kept);
        Assert.True(double.IsNegative(kept));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void RankAndPositions_BothDirections_Agree(string encoding)
    {
        SortedSetValue z = New(encoding);
        for (int i = 0; i < 50; i++)
        {
            Add(z, "m" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), i % 5);
        }
        for (int rank = 0; rank < 50; rank++)
        {
            SortedSetValue.Position p = z.AtRank(rank);
            byte[] member = z.MemberAt(p).ToArray();
            Assert.Equal(rank, z.Rank(member, reverse: false));
            Assert.Equal(49 - rank, z.Rank(member, reverse: true));
        }
        Assert.Equal(-1, z.Rank(B("absent"), false));
        Assert.False(z.AtRank(50).IsValid);
        Assert.False(z.AtRank(-1).IsValid);
        int backwards = 0;
        for (SortedSetValue.Position p = z.Last; p.IsValid; p = z.Prev(p))
        {
            backwards++;
        }
        Assert.Equal(50, backwards);
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void CountAndRemoveRanges_MatchBetweenEncodings(string encoding)
    {
        SortedSetValue z = New(encoding);
        for (int i = 1; i <= 10; i++)
        {
            Add(z, ((char)('a' + i - 1)).ToString(), i);
        }
        Assert.Equal(4, z.CountInRange(new ScoreRange(3, 6, false, false)));
        Assert.Equal(2, z.CountInRange(new ScoreRange(3, 6, true, true)));
        Assert.Equal(0, z.CountInRange(new ScoreRange(6, 3, false, false)));
        Assert.True(LexRange.TryParse("[b"u8, "(e"u8, out LexRange lex));
        Assert.Equal(3, z.CountInRange(lex));
        Assert.Equal(3, z.RemoveInRange(new ScoreRange(8, double.PositiveInfinity, false, false)));
        Assert.Equal(2, z.RemoveRangeByRank(0, 1));
        Assert.True(LexRange.TryParse("[c"u8, "[d"u8, out LexRange remove));
        Assert.Equal(2, z.RemoveInRange(remove));
        Assert.Equal(["e=5", "f=6", "g=7"], Dump(z));
        z.Validate();
    }

    [Fact]
    public void ConvertToListpackIfFits_OnlyWhenBothLimitsAllow()
    {
        SortedSetValue z = SortedSetValue.CreateSkiplist();
        Add(z, "a", 2);
        Add(z, "bb", 1);
        z.ConvertToListpackIfFits(1, 64);
        Assert.Equal("skiplist", z.Encoding);
        z.ConvertToListpackIfFits(2, 1);
        Assert.Equal("skiplist", z.Encoding);
        z.ConvertToListpackIfFits(2, 2);
        Assert.Equal("listpack", z.Encoding);
        Assert.Equal(["bb=1", "a=2"], Dump(z));
    }

    [Theory]
    [InlineData("listpack")]
    [InlineData("skiplist")]
    public void Clone_IsIndependentWithSameEncoding(string encoding)
    {
        SortedSetValue z = New(encoding);
        Add(z, "a", 1);
        Add(z, "b", 2);
        var copy = (SortedSetValue)z.Clone();
        Add(z, "c", 3);
        copy.Remove(B("a"));
        Assert.Equal(encoding, copy.Encoding);
        Assert.Equal(["a=1", "b=2", "c=3"], Dump(z));
        Assert.Equal(["b=2"], Dump(copy));
        copy.Validate();
    }

    [Fact]
    public void Listpack_LongMembers_UseMultiByteLengths()
    {
        var z = new SortedSetValue();
        string big = new('x', 300);
        z.Add(B(big), 2, ZaddFlags.None, 128, 100_000, out _);
        z.Add(B("a"), 1, ZaddFlags.None, 128, 100_000, out _);
        z.Add(B("z" + big), 3, ZaddFlags.None, 128, 100_000, out _);
        Assert.Equal("listpack", z.Encoding);
        Assert.Equal(300, z.MemberAt(z.AtRank(1)).Length);
        Assert.Equal("a", Encoding.ASCII.GetString(z.MemberAt(z.Prev(z.Prev(z.Last)))));
        Assert.Equal(1, z.Rank(B(big), false));
        z.Validate();
    }
}
