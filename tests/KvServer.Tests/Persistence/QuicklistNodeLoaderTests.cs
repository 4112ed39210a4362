using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// Saved quicklist nodes become list nodes in one pass: a listpack of strings is kept as the node it was (as
/// Redis keeps it), one with integer entries is re-encoded and cut by the list's limits. These check the
/// elements come out exactly as saved and the list stays usable either way.
/// </summary>
public class QuicklistNodeLoaderTests
{
    private const long Now = 1_700_000_000_000;

    private static CommandHarness Harness(string config = "")
    {
        var h = new CommandHarness(c => ConfigFileParser.Apply(c, config));
        h.Clock.UnixTimeMilliseconds = Now;
        return h;
    }

    /// <summary>Loads one QUICKLIST_2 list "l" made of the given listpack nodes and returns it, validated.</summary>
    private static ListValue LoadList(CommandHarness h, params byte[][] nodes)
    {
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length((ulong)nodes.Length);
        foreach (byte[] node in nodes)
        {
            b.Length(RdbFormat.QuicklistNodePacked).String(node);
        }
        RdbLoader.Load(h.Server, new MemoryStream(b.End()));
        var list = (ListValue)h.Server.Databases[0].LookupNoTouch("l"u8, Now)!;
        list.Validate(nodesWithinLimit: false);
        return list;
    }

    private static List<string> Elements(ListValue list)
    {
        var elements = new List<string>();
        foreach (ReadOnlySpan<byte> element in list)
        {
            elements.Add(Encoding.Latin1.GetString(element));
        }
        return elements;
    }

    [Fact]
    public void Load_EveryEntryEncoding_ReadsBackAsText()
    {
        var h = Harness();
        long[] numbers = [0, 127, -1, 4095, -4096, 32767, -32768, 8_388_607, -8_388_608, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];
        var node = new HandmadeListpack();
        var expected = new List<string>();
        foreach (long number in numbers)
        {
            node.Int(number);
            expected.Add(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (int length in new[] { 0, 1, 63, 64, 127, 128, 200, 4095, 4096 })
        {
            string text = new('s', length);
            node.Str(text);
            expected.Add(text);
        }
        ListValue list = LoadList(h, node.Build());
        Assert.Equal(expected, Elements(list));
        Assert.Equal(expected.Count, list.Count);
    }

    [Fact]
    public void Load_FullNodes_BecomeOneNodeEach()
    {
        var h = Harness();
        var first = new HandmadeListpack();
        var second = new HandmadeListpack();
        var expected = new List<string>();
        for (int i = 0; i < 400; i++)
        {
            (i < 200 ? first : second).Str($"element:{i}");
            expected.Add($"element:{i}");
        }
        // Each node alone is more than half of the default 8 KB node limit, so the second cannot join the first.
        first.Str(new string('x', 3000));
        second.Str(new string('y', 3000));
        expected.Insert(200, new string('x', 3000));
        expected.Add(new string('y', 3000));
        ListValue list = LoadList(h, first.Build(), second.Build());
        Assert.Equal(expected, Elements(list));
        Assert.Equal(2, list.NodeCount);
    }

    [Fact]
    public void Load_SmallNodesWithIntegers_JoinTheTailNode()
    {
        var h = Harness();
        ListValue list = LoadList(h,
            new HandmadeListpack().Str("a").Int(1).Build(),
            new HandmadeListpack().Str("b").Int(-2).Build(),
            new HandmadeListpack().Int(3).Build());
        Assert.Equal(["a", "1", "b", "-2", "3"], Elements(list));
        Assert.Equal(1, list.NodeCount);
        list.Validate();
    }

    [Fact]
    public void Load_StringNodes_AreKeptAsSaved()
    {
        // quicklistAppendListpack: each saved listpack of strings stays a node of its own.
        var h = Harness();
        ListValue list = LoadList(h,
            new HandmadeListpack().Str("a").Str("b").Build(),
            new HandmadeListpack().Str("c").Build(),
            new HandmadeListpack().Str("d").Str("e").Str("f").Build());
        Assert.Equal(["a", "b", "c", "d", "e", "f"], Elements(list));
        Assert.Equal(3, list.NodeCount);
        list.Validate();
    }

    [Fact]
    public void Load_StringNodes_ThenEveryKindOfChange_StaysConsistent()
    {
        // An adopted node's buffer starts with the saved header and ends with the terminator: edits at both
        // ends and in the middle must treat that room as free space, never as entries.
        var h = Harness();
        var first = new HandmadeListpack();
        var second = new HandmadeListpack();
        var expected = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            (i < 30 ? first : second).Str($"e{i}");
            expected.Add($"e{i}");
        }
        LoadList(h, first.Build(), second.Build());
        h.Run("LPUSH", "l", "head");
        h.Run("RPUSH", "l", "tail");
        h.Run("LINSERT", "l", "BEFORE", "e10", "ins-10");
        h.Run("LSET", "l", "40", new string('w', 300));
        h.Run("LREM", "l", "0", "e20");
        h.Run("LPOP", "l");
        h.Run("RPOP", "l");
        expected.Insert(10, "ins-10");
        expected[39] = new string('w', 300);
        expected.Remove("e20");
        var list = (ListValue)h.Server.Databases[0].LookupNoTouch("l"u8, Now)!;
        list.Validate();
        Assert.Equal(expected, Elements(list));
        var reversed = new List<string>();
        ListValue.Enumerator backwards = list.Enumerate(list.Count - 1, reverse: true);
        while (backwards.MoveNext())
        {
            reversed.Add(Encoding.Latin1.GetString(backwards.Current));
        }
        expected.Reverse();
        Assert.Equal(expected, reversed);
    }

    [Fact]
    public void Load_StringNodeLargerThanTheListsLimit_IsKeptWhole_AndPushesStartANewNode()
    {
        // list-max-listpack-size -1: 4 KB nodes; the saved node holds about 12 KB. Redis keeps it as it is.
        var h = Harness("list-max-listpack-size -1");
        var node = new HandmadeListpack();
        var expected = new List<string>();
        for (int i = 0; i < 120; i++)
        {
            string text = $"{i}:{new string('v', 98)}";
            node.Str(text);
            expected.Add(text);
        }
        ListValue list = LoadList(h, node.Build());
        Assert.Equal(expected, Elements(list));
        Assert.Equal(1, list.NodeCount);
        h.Run("RPUSH", "l", "tail");
        Assert.Equal(2, list.NodeCount);
    }

    [Fact]
    public void Load_IntegerNodeLargerThanTheListsLimit_IsCutByTheLimit()
    {
        // Re-encoded integers are cut as pushing them would cut them.
        var h = Harness("list-max-listpack-size -1");
        var node = new HandmadeListpack();
        var expected = new List<string>();
        for (int i = 0; i < 1_000; i++)
        {
            node.Int(1_000_000_000L + i);
            expected.Add((1_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        ListValue list = LoadList(h, node.Build());
        Assert.Equal(expected, Elements(list));
        Assert.True(list.NodeCount >= 3);
        list.Validate();
    }

    [Fact]
    public void Load_CountFill_CutsIntegerNodesByEntries()
    {
        var h = Harness("list-max-listpack-size 3");
        var node = new HandmadeListpack();
        for (int i = 0; i < 10; i++)
        {
            node.Int(i * 1000);
        }
        ListValue list = LoadList(h, node.Build(), new HandmadeListpack().Str("tail").Build());
        Assert.Equal(["0", "1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000", "9000", "tail"], Elements(list));
        Assert.Equal(5, list.NodeCount);
        list.Validate();
    }

    [Theory]
    [InlineData(0)]      // the total-bytes field
    [InlineData(4)]      // the entry count
    [InlineData(8)]      // the first element's back-length
    [InlineData(-1)]     // the terminator
    public void Load_StringNodeWithABadHeaderOrBackLength_IsNotAdopted(int corruptAt)
    {
        // The string entries' own walk rejects it; the general reader then either reads what it can trust or
        // reports the node corrupt, and nothing unchecked becomes a node.
        var h = Harness();
        byte[] node = new HandmadeListpack().Str("a").Str("bc").Build();
        int at = corruptAt < 0 ? node.Length + corruptAt : corruptAt;
        node[at] ^= 0x5A;
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length(1).Length(RdbFormat.QuicklistNodePacked).String(node);
        try
        {
            RdbLoader.Load(h.Server, new MemoryStream(b.End()));
        }
        catch (RdbLoadException ex)
        {
            Assert.StartsWith("Listpack integrity check failed.", ex.Message);
            return;
        }
        var list = (ListValue)h.Server.Databases[0].LookupNoTouch("l"u8, Now)!;
        list.Validate();
        Assert.Equal(["a", "bc"], Elements(list));
    }

    [Fact]
    public void Load_SingleElementLargerThanANode_GetsItsOwnNode()
    {
        var h = Harness();
        string big = new('b', 20_000);
        ListValue list = LoadList(h,
            new HandmadeListpack().Str("before").Build(),
            new HandmadeListpack().Str(big).Build(),
            new HandmadeListpack().Str("after").Build());
        Assert.Equal(["before", big, "after"], Elements(list));
        Assert.Equal(3, list.NodeCount);
    }

    /// <summary>
    /// A QUICKLIST_2 node's listpack as an LZF-compressed RDB string, as Redis writes a big node;
    /// <paramref name="lengthError"/> misstates the decompressed length (a corrupt string).
    /// </summary>
    private static void AddCompressedNode(RdbBuilder b, byte[] listpack, int lengthError = 0)
    {
        byte[] compressed = new byte[listpack.Length];
        int compressedLength = Lzf.Compress(listpack, compressed);
        Assert.True(compressedLength > 0);
        b.Length(RdbFormat.QuicklistNodePacked).Raw(0xC3).Length((ulong)compressedLength)
            .Length((ulong)(listpack.Length + lengthError)).Raw(compressed[..compressedLength]);
    }

    /// <summary>
    /// A list of <paramref name="nodes"/> nodes, enough to be read in batches on two threads: compressed
    /// listpacks of strings, every 7th one with an integer (re-encoded), every 11th a PLAIN node.
    /// </summary>
    private static (byte[] File, List<string> Expected) ManyNodeList(int nodes, int corruptNode = -1)
    {
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length((ulong)nodes);
        var expected = new List<string>();
        for (int n = 0; n < nodes; n++)
        {
            if (n % 11 == 5)
            {
                string plain = $"plain-{n}-" + new string('p', 40);
                b.Length(RdbFormat.QuicklistNodePlain).String(plain);
                expected.Add(plain);
                continue;
            }
            var node = new HandmadeListpack();
            for (int i = 0; i < 30; i++)
            {
                if (n % 7 == 3 && i == 10)
                {
                    node.Int(n * 1000L + i);
                    expected.Add((n * 1000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }
                string element = $"node{n}:element{i}:xxxxxxxxxxxx";
                node.Str(element);
                expected.Add(element);
            }
            AddCompressedNode(b, node.Build(), lengthError: n == corruptNode ? 1 : 0);
        }
        return (b.End(), expected);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(129)]
    [InlineData(128)]
    public void Load_ManyCompressedNodes_ReadInBatchesOnTwoThreads_KeepTheirOrder(int nodes)
    {
        var h = Harness();
        (byte[] file, List<string> expected) = ManyNodeList(nodes);
        RdbLoader.Load(h.Server, new MemoryStream(file));
        var list = (ListValue)h.Server.Databases[0].LookupNoTouch("l"u8, Now)!;
        list.Validate(nodesWithinLimit: false);
        Assert.Equal(expected, Elements(list));
        Assert.Equal(expected.Count, list.Count);
    }

    [Fact]
    public void Load_ManyCompressedNodes_OneWithCorruptLzf_FailsWithTheLzfMessage()
    {
        var h = Harness();
        (byte[] file, _) = ManyNodeList(200, corruptNode: 150);
        var ex = Assert.Throws<RdbLoadException>(() => RdbLoader.Load(h.Server, new MemoryStream(file)));
        Assert.StartsWith("Invalid LZF compressed string", ex.Message);
    }

    [Fact]
    public void Load_CompressedStringClaimingMoreThanLzfCanExpandTo_IsRefusedBeforeAllocating()
    {
        // 10 compressed bytes cannot decompress to 1 GB: the length is rejected, not allocated.
        var h = Harness();
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length(1).Length(RdbFormat.QuicklistNodePacked)
            .Raw(0xC3).Length(10).Length(1UL << 30).Raw(new byte[10]);
        var ex = Assert.Throws<RdbLoadException>(() => RdbLoader.Load(h.Server, new MemoryStream(b.End())));
        Assert.StartsWith("Invalid LZF compressed string", ex.Message);
    }

    [Fact]
    public void Load_CorruptNode_FailsWithTheListpackMessage()
    {
        var h = Harness();
        byte[] node = new HandmadeListpack().Str("a").Str("b").Build();
        node[6] = 0x85; // the first string now claims 5 bytes, running into the next entry
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length(1).Length(RdbFormat.QuicklistNodePacked).String(node);
        var ex = Assert.Throws<RdbLoadException>(() => RdbLoader.Load(h.Server, new MemoryStream(b.End())));
        Assert.StartsWith("Listpack integrity check failed.", ex.Message);
    }
}
