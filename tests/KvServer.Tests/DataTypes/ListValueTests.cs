using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

public class ListValueTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static List<string> Items(ListValue list)
    {
        var items = new List<string>();
        foreach (ReadOnlySpan<byte> element in list)
        {
            items.Add(Encoding.Latin1.GetString(element));
        }
        return items;
    }

    private static List<string> ItemsReversed(ListValue list)
    {
        var items = new List<string>();
        ListValue.Enumerator enumerator = list.Enumerate(list.Count - 1, reverse: true);
        while (enumerator.MoveNext())
        {
            items.Add(Encoding.Latin1.GetString(enumerator.Current));
        }
        return items;
    }

    [Fact]
    public void New_IsEmptyQuicklist()
    {
        var list = new ListValue();
        Assert.Equal(0, list.Count);
        Assert.Equal(KvType.List, list.Type);
        Assert.Equal("quicklist", list.Encoding);
        Assert.Equal(0, list.NodeCount);
        Assert.Empty(Items(list));
    }

    [Fact]
    public void PushHeadAndTail_KeepsOrderBothWays()
    {
        var list = new ListValue();
        list.PushTail(B("b"));
        list.PushHead(B("a"));
        list.PushTail(B("c"));
        Assert.Equal(["a", "b", "c"], Items(list));
        Assert.Equal(["c", "b", "a"], ItemsReversed(list));
        Assert.Equal("a", Encoding.ASCII.GetString(list.First));
        Assert.Equal("c", Encoding.ASCII.GetString(list.Last));
    }

    [Fact]
    public void Pop_BothEnds_ReturnsCopiesAndEmptiesNodes()
    {
        var list = new ListValue();
        list.PushTail(B("x"));
        list.PushTail(B("y"));
        byte[] head = list.Pop(head: true);
        byte[] tail = list.Pop(head: false);
        Assert.Equal("x", Encoding.ASCII.GetString(head));
        Assert.Equal("y", Encoding.ASCII.GetString(tail));
        Assert.Equal(0, list.Count);
        Assert.Equal(0, list.NodeCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16383)]
    [InlineData(16384)]
    [InlineData(2_097_152)]
    public void Elements_AtVarIntBoundaries_RoundTrip(int length)
    {
        var list = new ListValue();
        byte[] value = new byte[length];
        new Random(length).NextBytes(value);
        list.PushTail(B("before"));
        list.PushTail(value);
        list.PushHead(value);
        list.PushTail(B("after"));
        list.Validate();
        Assert.True(list.GetAt(0).SequenceEqual(value));
        Assert.True(list.GetAt(2).SequenceEqual(value));
        Assert.True(list.First.SequenceEqual(value));
        Assert.Equal(["after", Encoding.Latin1.GetString(value), "before", Encoding.Latin1.GetString(value)], ItemsReversed(list));
    }

    [Fact]
    public void Elements_AreBinarySafe()
    {
        var list = new ListValue();
        byte[] value = [0, 0x80, 0xFF, (byte)'\r', (byte)'\n', 0];
        list.PushTail(value);
        Assert.Equal(value, list.GetAt(0).ToArray());
    }

    [Theory]
    [InlineData(-1, 4096)]
    [InlineData(-2, 8192)]
    [InlineData(-3, 16384)]
    [InlineData(-4, 32768)]
    [InlineData(-5, 65536)]
    [InlineData(-100, 65536)]
    public void NegativeFill_LimitsNodeBytes(int fill, int bytes)
    {
        var list = new ListValue(fill);
        // _quicklistNodeAllowInsert: a 100-byte element takes 103 bytes (2-byte header, 1-byte back-length) in
        // a listpack of 7 bytes of its own, and joins a node while lpBytes + 100 + 8 stays within the limit:
        // 79 per 8 KB node, as Redis 7.0's DEBUG OBJECT reports (ql_nodes:3 for 237 elements, 4 for 238).
        int perNode = ((bytes - 7 - 108) / 103) + 1;
        for (int i = 0; i < perNode * 3; i++)
        {
            list.PushTail(new byte[100]);
        }
        list.Validate();
        Assert.Equal(3, list.NodeCount);
        list.PushTail(new byte[100]);
        Assert.Equal(4, list.NodeCount);
    }

    [Theory]
    [InlineData(1, 10, 10)]
    [InlineData(4, 10, 3)]
    [InlineData(5, 10, 2)]
    [InlineData(0, 3, 3)]
    public void PositiveFill_LimitsEntriesPerNode(int fill, int elements, int nodes)
    {
        var list = new ListValue(fill);
        for (int i = 0; i < elements; i++)
        {
            list.PushHead(B("e"));
        }
        list.Validate();
        Assert.Equal(nodes, list.NodeCount);
    }

    [Fact]
    public void PositiveFill_StillStopsAtSizeSafetyLimit()
    {
        var list = new ListValue(1000);
        for (int i = 0; i < 100; i++)
        {
            list.PushTail(new byte[1000]);
        }
        list.Validate();
        Assert.True(list.NodeCount >= 100 * 1004 / 8192);
    }

    [Fact]
    public void BigElement_GetsItsOwnNode()
    {
        var list = new ListValue();
        list.PushTail(B("a"));
        list.PushTail(new byte[100_000]);
        list.PushTail(B("b"));
        list.Validate();
        Assert.Equal(3, list.NodeCount);
    }

    [Fact]
    public void Queue_ThroughOneNode_DoesNotGrowWithoutBound()
    {
        var list = new ListValue();
        for (int i = 0; i < 100_000; i++)
        {
            list.PushTail(B("element-" + i));
            if (list.Count > 10)
            {
                list.RemoveEnd(head: true);
            }
        }
        list.Validate();
        Assert.Equal(10, list.Count);
        Assert.True(list.AllocatedBytes < 4096);
        Assert.Equal("element-99990", Encoding.ASCII.GetString(list.First));
    }

    [Fact]
    public void RemoveRange_AcrossNodes_KeepsTheRest()
    {
        var list = new ListValue(3);
        for (int i = 0; i < 20; i++)
        {
            list.PushTail(B(i.ToString()));
        }
        list.RemoveRange(2, 10);
        list.Validate();
        Assert.Equal(["0", "1", "12", "13", "14", "15", "16", "17", "18", "19"], Items(list));
    }

    [Fact]
    public void RemoveMatches_Negative_RemovesFromTail()
    {
        var list = new ListValue(2);
        foreach (string s in new[] { "a", "b", "a", "c", "a", "a" })
        {
            list.PushTail(B(s));
        }
        Assert.Equal(2, list.RemoveMatches(B("a"), -2));
        list.Validate();
        Assert.Equal(["a", "b", "a", "c"], Items(list));
    }

    [Fact]
    public void InsertNear_InFullNode_SplitsIt()
    {
        var list = new ListValue(4);
        for (int i = 0; i < 4; i++)
        {
            list.PushTail(B(i.ToString()));
        }
        Assert.Equal(1, list.NodeCount);
        Assert.True(list.InsertNear(B("1"), B("x"), after: true));
        list.Validate();
        Assert.Equal(["0", "1", "x", "2", "3"], Items(list));
        Assert.Equal(2, list.NodeCount);
        Assert.False(list.InsertNear(B("missing"), B("y"), after: false));
    }

    [Fact]
    public void SetAt_WithElementTooBigForNode_MovesItOut()
    {
        var list = new ListValue(-1);
        for (int i = 0; i < 30; i++)
        {
            list.PushTail(new byte[100]);
        }
        list.SetAt(15, new byte[3000]);
        list.Validate();
        Assert.Equal(3000, list.GetAt(15).Length);
        Assert.Equal(30, list.Count);
    }

    [Fact]
    public void Clone_IsIndependent()
    {
        var list = new ListValue(2);
        for (int i = 0; i < 7; i++)
        {
            list.PushTail(B(i.ToString()));
        }
        var copy = (ListValue)list.Clone();
        copy.Validate();
        list.SetAt(0, B("changed"));
        list.RemoveEnd(head: false);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], Items(copy));
        copy.PushHead(B("new"));
        Assert.Equal(["changed", "1", "2", "3", "4", "5"], Items(list));
    }

    [Fact]
    public void CollectElements_CopiesHeadToTail()
    {
        var list = new ListValue(2);
        list.PushTail(B("a"));
        list.PushTail(B("b"));
        list.PushTail(B("c"));
        var elements = new List<byte[]>();
        list.CollectElements(elements);
        Assert.Equal(["a", "b", "c"], elements.ConvertAll(e => Encoding.ASCII.GetString(e)));
    }

    [Fact]
    public void Enumerate_OutOfRangeStart_YieldsNothing()
    {
        var list = new ListValue();
        list.PushTail(B("a"));
        Assert.False(list.Enumerate(1).MoveNext());
        Assert.False(list.Enumerate(-1, reverse: true).MoveNext());
    }

    /// <summary>
    /// Random operations checked against a plain List model, for each node size class: exercises node
    /// creation, splitting, sliding, growth and shrinking with small and large lists and elements.
    /// </summary>
    [Theory]
    [InlineData(-2, 1)]
    [InlineData(-1, 2)]
    [InlineData(-5, 3)]
    [InlineData(0, 4)]
    [InlineData(1, 5)]
    [InlineData(3, 6)]
    [InlineData(128, 7)]
    public void RandomOperations_MatchListModel(int fill, int seed)
    {
        var random = new Random(seed);
        var list = new ListValue(fill);
        var model = new List<byte[]>();
        // Integer-like elements ("12", "-7") make a node one Redis would store differently; "007" is not one.
        string[] small = ["a", "b", "c", "", "dd", "12", "-7", "007"];

        byte[] NewElement()
        {
            int kind = random.Next(100);
            if (kind < 70)
            {
                return B(small[random.Next(small.Length)]);
            }
            var value = new byte[kind < 95 ? random.Next(1, 300) : random.Next(1000, 20_000)];
            random.NextBytes(value);
            return value;
        }

        for (int step = 0; step < 20_000; step++)
        {
            int op = random.Next(100);
            long count = model.Count;
            if (op < 30 || count == 0)
            {
                byte[] value = NewElement();
                bool head = random.Next(2) == 0;
                list.Push(value, head);
                model.Insert(head ? 0 : model.Count, value);
            }
            else if (op < 40)
            {
                bool head = random.Next(2) == 0;
                byte[] popped = list.Pop(head);
                int at = head ? 0 : model.Count - 1;
                Assert.Equal(model[at], popped);
                model.RemoveAt(at);
            }
            else if (op < 50)
            {
                int index = random.Next(model.Count);
                byte[] value = NewElement();
                list.SetAt(index, value);
                model[index] = value;
            }
            else if (op < 60)
            {
                byte[] pivot = model[random.Next(model.Count)];
                byte[] value = NewElement();
                bool after = random.Next(2) == 0;
                Assert.True(list.InsertNear(pivot, value, after));
                int at = model.FindIndex(e => e.AsSpan().SequenceEqual(pivot));
                model.Insert(after ? at + 1 : at, value);
            }
            else if (op < 65)
            {
                int start = random.Next(model.Count);
                int remove = random.Next(Math.Min(model.Count - start, 50) + 1);
                list.RemoveRange(start, remove);
                model.RemoveRange(start, remove);
            }
            else if (op < 70)
            {
                byte[] value = B(small[random.Next(small.Length)]);
                int limit = random.Next(-3, 4);
                long removed = list.RemoveMatches(value, limit);
                Assert.Equal(RemoveFromModel(model, value, limit), removed);
            }
            else if (op < 85)
            {
                int index = random.Next(model.Count);
                Assert.True(list.GetAt(index).SequenceEqual(model[index]));
            }
            else
            {
                int start = random.Next(model.Count);
                bool reverse = random.Next(2) == 0;
                ListValue.Enumerator enumerator = list.Enumerate(start, reverse);
                for (int i = start; reverse ? i >= 0 : i < model.Count; i += reverse ? -1 : 1)
                {
                    Assert.True(enumerator.MoveNext());
                    Assert.True(enumerator.Current.SequenceEqual(model[i]));
                }
                Assert.False(enumerator.MoveNext());
            }
            Assert.Equal(model.Count, list.Count);
            if (step % 500 == 0)
            {
                list.Validate();
            }
            if (step % 2_500 == 0 && model.Count > 0)
            {
                AssertSavedAndLoadedBack(list, model, fill);
            }
        }
        list.Validate();
        var all = new List<byte[]>();
        list.CollectElements(all);
        Assert.Equal(model, all);
        if (model.Count > 0)
        {
            AssertSavedAndLoadedBack(list, model, fill);
        }
    }

    /// <summary>
    /// Encodes the list as RDB writes it (nodes framed in place, or re-cut when they hold integers; big lists
    /// on two threads) and decodes it back: the elements must come back as the model has them, and framing the
    /// nodes must not have disturbed the list.
    /// </summary>
    private static void AssertSavedAndLoadedBack(ListValue list, List<byte[]> model, int fill)
    {
        var encoder = new KvServer.Engine.Persistence.RdbEncoder(compress: true);
        encoder.WriteValue(list);
        var options = new KvServer.Engine.Configuration.ServerOptions { ListMaxListpackSize = fill };
        ReadOnlySpan<byte> written = encoder.WrittenSpan; // the type byte, then the value
        Assert.True(KvServer.Engine.Persistence.RdbValueReader.TryReadValue(written[0], written[1..], options,
            out object? value, out string? error), error);
        var loaded = (ListValue)value!;
        loaded.Validate(nodesWithinLimit: false);
        var elements = new List<byte[]>();
        loaded.CollectElements(elements);
        Assert.Equal(model, elements);
        list.Validate();
    }

    private static long RemoveFromModel(List<byte[]> model, byte[] value, int limit)
    {
        long removed = 0;
        if (limit >= 0)
        {
            for (int i = 0; i < model.Count && (limit == 0 || removed < limit);)
            {
                if (model[i].AsSpan().SequenceEqual(value))
                {
                    model.RemoveAt(i);
                    removed++;
                }
                else
                {
                    i++;
                }
            }
        }
        else
        {
            for (int i = model.Count - 1; i >= 0 && removed < -limit; i--)
            {
                if (model[i].AsSpan().SequenceEqual(value))
                {
                    model.RemoveAt(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    [Fact]
    public void LargeList_IndexFromBothEnds()
    {
        var list = new ListValue();
        for (int i = 0; i < 200_000; i++)
        {
            list.PushTail(B(i.ToString()));
        }
        list.Validate();
        Assert.Equal("0", Encoding.ASCII.GetString(list.GetAt(0)));
        Assert.Equal("99999", Encoding.ASCII.GetString(list.GetAt(99_999)));
        Assert.Equal("100000", Encoding.ASCII.GetString(list.GetAt(100_000)));
        Assert.Equal("199999", Encoding.ASCII.GetString(list.GetAt(199_999)));
        // ~6 bytes per element in 8 KB nodes: a few hundred nodes, not one object per element.
        Assert.InRange(list.NodeCount, 100, 400);
        Assert.True(list.AllocatedBytes < 200_000 * 12);
    }
}
