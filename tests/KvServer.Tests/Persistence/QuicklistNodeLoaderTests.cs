using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// Saved quicklist nodes become list nodes in one pass; these check the elements come out exactly as saved and
/// the list keeps its node limits whatever the saved nodes looked like.
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
        list.Validate();
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
    public void Load_SmallNodes_JoinTheTailNode()
    {
        var h = Harness();
        ListValue list = LoadList(h,
            new HandmadeListpack().Str("a").Int(1).Build(),
            new HandmadeListpack().Str("b").Int(-2).Build(),
            new HandmadeListpack().Str("c").Build());
        Assert.Equal(["a", "1", "b", "-2", "c"], Elements(list));
        Assert.Equal(1, list.NodeCount);
    }

    [Fact]
    public void Load_NodeLargerThanTheListsLimit_IsCutByTheLimit()
    {
        // list-max-listpack-size -1: 4 KB nodes; the saved node holds about 12 KB.
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
        Assert.True(list.NodeCount >= 3);
    }

    [Fact]
    public void Load_CountFill_CutsNodesByEntries()
    {
        var h = Harness("list-max-listpack-size 3");
        var node = new HandmadeListpack();
        for (int i = 0; i < 10; i++)
        {
            node.Int(i * 1000);
        }
        ListValue list = LoadList(h, node.Build(), new HandmadeListpack().Str("tail").Build());
        Assert.Equal(["0", "1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000", "9000", "tail"], Elements(list));
        Assert.Equal(4, list.NodeCount);
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
