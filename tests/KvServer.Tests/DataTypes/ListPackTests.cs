using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

public sealed class ListPackTests
{
    private static byte[] B(string text) => Encoding.Latin1.GetBytes(text);

    private static List<string> Entries(ListPack lp)
    {
        var entries = new List<string>();
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        for (int offset = 0; offset < lp.End; offset = lp.Next(offset))
        {
            entries.Add(Encoding.Latin1.GetString(lp.Get(offset, scratch)));
        }
        return entries;
    }

    public static TheoryData<string, int> EncodedSizes => new()
    {
        { "0", 1 }, { "127", 1 }, { "128", 2 }, { "-1", 2 }, { "-4096", 2 }, { "4095", 2 }, { "4096", 3 },
        { "-4097", 3 }, { "32767", 3 }, { "-32768", 3 }, { "32768", 4 }, { "8388607", 4 }, { "-8388608", 4 },
        { "8388608", 5 }, { "2147483647", 5 }, { "-2147483648", 5 }, { "2147483648", 9 },
        { "9223372036854775807", 9 }, { "-9223372036854775808", 9 },
        { "", 1 }, { "a", 2 }, { "01", 3 }, { "-0", 3 }, { "9223372036854775808", 20 },
    };

    [Theory]
    [MemberData(nameof(EncodedSizes))]
    public void Append_EveryEncoding_RoundTripsWithExpectedSize(string text, int size)
    {
        var lp = new ListPack();
        lp.Append(B(text));
        Assert.Equal(size, ListPack.EncodedSize(B(text)));
        Assert.Equal(size, lp.End);
        Assert.Equal(new[] { text }, Entries(lp));
        Assert.Equal(text.Length, lp.GetLength(0));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(70000)]
    public void Append_LongStrings_UseWiderLengthHeaders(int length)
    {
        string text = new('x', length);
        var lp = new ListPack();
        lp.Append(B("before"));
        lp.Append(B(text));
        lp.Append(B("after"));
        Assert.Equal(new[] { "before", text, "after" }, Entries(lp));
        int header = length <= 63 ? 1 : length <= 4095 ? 2 : 5;
        Assert.Equal(7 + header + length + 6, lp.End);
    }

    [Fact]
    public void Find_IntegerAndStringEntries_MatchOnlySameText()
    {
        var lp = new ListPack();
        foreach (string text in new[] { "f1", "1", "f2", "01", "", "x", "100", "-5" })
        {
            lp.Append(B(text));
        }
        Assert.Equal(lp.OffsetOf(1), lp.Find(B("1")));
        Assert.Equal(lp.OffsetOf(3), lp.Find(B("01")));
        Assert.Equal(lp.OffsetOf(4), lp.Find(B("")));
        Assert.Equal(-1, lp.Find(B("001")));
        Assert.Equal(-1, lp.Find(B("10")));
        // skip 1 only looks at even entries (hash fields).
        Assert.Equal(-1, lp.Find(B("1"), 0, skip: 1));
        Assert.Equal(lp.OffsetOf(6), lp.Find(B("100"), 0, skip: 1));
        Assert.Equal(lp.OffsetOf(4), lp.Find(B(""), 0, skip: 1));
    }

    [Fact]
    public void InsertReplaceDelete_MoveTheTail()
    {
        var lp = new ListPack();
        lp.Append(B("a"));
        lp.Append(B("c"));
        lp.Insert(lp.OffsetOf(1), B("b"));
        lp.Insert(0, B("12345"));
        Assert.Equal(new[] { "12345", "a", "b", "c" }, Entries(lp));
        lp.Replace(lp.OffsetOf(1), B(new string('z', 100)));
        lp.Replace(lp.OffsetOf(0), B("7"));
        Assert.Equal(new[] { "7", new string('z', 100), "b", "c" }, Entries(lp));
        lp.Replace(lp.OffsetOf(1), B("y"));
        Assert.Equal(new[] { "7", "y", "b", "c" }, Entries(lp));
        lp.Delete(lp.OffsetOf(1), 2);
        Assert.Equal(new[] { "7", "c" }, Entries(lp));
        Assert.Equal(2, lp.Count);
        lp.Delete(0, 2);
        Assert.Equal(0, lp.Count);
        Assert.Equal(0, lp.End);
        Assert.Equal(-1, lp.Find(B("7")));
    }

    [Fact]
    public void Clone_IsIndependentAndTrimmed()
    {
        var lp = new ListPack();
        for (int i = 0; i < 50; i++)
        {
            lp.Append(B("entry" + i));
        }
        ListPack copy = lp.Clone();
        lp.Replace(0, B("changed"));
        Assert.Equal("entry0", Entries(copy)[0]);
        Assert.Equal(50, copy.Count);
        Assert.Equal(copy.End, copy.Capacity);
    }

    [Fact]
    public void Reserve_ThenAppend_DoesNotGrowAgain()
    {
        var lp = new ListPack();
        lp.Reserve(ListPack.EncodedSize(B("field")) + ListPack.EncodedSize(B("value")));
        int capacity = lp.Capacity;
        lp.Append(B("field"));
        lp.Append(B("value"));
        Assert.Equal(capacity, lp.Capacity);
        Assert.Equal(16, capacity);
    }
}
