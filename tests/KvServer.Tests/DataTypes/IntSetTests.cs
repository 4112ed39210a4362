using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

public sealed class IntSetTests
{
    private static long[] Members(IntSet set)
    {
        var members = new long[set.Count];
        for (int i = 0; i < members.Length; i++)
        {
            members[i] = set.Get(i);
        }
        return members;
    }

    [Fact]
    public void Add_KeepsMembersSortedAndDistinct()
    {
        var set = new IntSet();
        Assert.True(set.Add(5));
        Assert.True(set.Add(-3));
        Assert.True(set.Add(10));
        Assert.False(set.Add(5));
        Assert.Equal(new long[] { -3, 5, 10 }, Members(set));
        Assert.Equal(2, set.Width);
    }

    [Theory]
    [InlineData(32767, 2)]
    [InlineData(-32768, 2)]
    [InlineData(32768, 4)]
    [InlineData(-32769, 4)]
    [InlineData(2147483647, 4)]
    [InlineData(2147483648, 8)]
    [InlineData(long.MinValue, 8)]
    public void Add_WideValue_UpgradesEveryMember(long value, int width)
    {
        var set = new IntSet();
        set.Add(1);
        set.Add(-1);
        set.Add(value);
        Assert.Equal(width, set.Width);
        long[] expected = value < 0 ? new[] { value, -1, 1 } : new[] { -1, 1, value };
        Assert.Equal(expected, Members(set));
        Assert.True(set.Contains(value));
        Assert.True(set.Contains(1));
    }

    [Fact]
    public void Contains_ValueWiderThanEncoding_IsFalse()
    {
        var set = new IntSet();
        set.Add(1);
        Assert.False(set.Contains(100000));
        Assert.False(set.Contains(long.MaxValue));
        Assert.False(set.Remove(100000));
        Assert.Equal(-1, set.IndexOf(2));
    }

    [Fact]
    public void Remove_NeverNarrows()
    {
        var set = new IntSet();
        set.Add(1);
        set.Add(5_000_000_000);
        Assert.True(set.Remove(5_000_000_000));
        Assert.Equal(8, set.Width);
        Assert.Equal(new long[] { 1 }, Members(set));
        Assert.True(set.Remove(1));
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void RemoveMarked_RemovesOnlyMarkedPositions()
    {
        var set = new IntSet();
        for (int i = 0; i < 10; i++)
        {
            set.Add(i * 100000);
        }
        var marked = new bool[10];
        marked[0] = marked[3] = marked[9] = true;
        set.RemoveMarked(marked);
        Assert.Equal(new long[] { 100000, 200000, 400000, 500000, 600000, 700000, 800000 }, Members(set));
    }

    [Fact]
    public void Clone_IsIndependent()
    {
        var set = new IntSet();
        set.Add(1);
        IntSet copy = set.Clone();
        set.Add(2);
        set.Remove(1);
        Assert.Equal(new long[] { 1 }, Members(copy));
    }
}
