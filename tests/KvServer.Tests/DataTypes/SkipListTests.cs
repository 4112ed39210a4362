using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Keyspace;

namespace KvServer.Tests.DataTypes;

public class SkipListTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static (SkipList List, KeyTable<double> Dict) Build(params (double Score, string Member)[] items)
    {
        var list = new SkipList();
        var dict = new KeyTable<double>();
        foreach ((double score, string member) in items)
        {
            byte[] bytes = B(member);
            list.Insert(score, bytes);
            dict.Add(bytes, score);
        }
        return (list, dict);
    }

    private static List<string> Members(SkipList list)
    {
        var result = new List<string>();
        for (SkipListNode? node = list.First; node is not null; node = node.Next)
        {
            result.Add(Encoding.ASCII.GetString(node.Member));
        }
        return result;
    }

    [Fact]
    public void Insert_OrdersByScoreThenMember()
    {
        var (list, _) = Build((2, "b"), (1, "z"), (2, "a"), (1, "y"), (3, "a"));
        Assert.Equal(["y", "z", "a", "b", "a"], Members(list));
        Assert.Equal(5, list.Length);
        Assert.Equal("a", Encoding.ASCII.GetString(list.Tail!.Member));
        Assert.Equal(3, list.Tail.Score);
        list.Validate();
    }

    [Fact]
    public void Insert_MemberIsPrefixOfAnother_ShorterFirst()
    {
        var (list, _) = Build((1, "ab"), (1, "a"), (1, "abc"));
        Assert.Equal(["a", "ab", "abc"], Members(list));
    }

    [Fact]
    public void GetRankAndGetElementByRank_ManyRandomInserts_AgreeWithSortedOrder()
    {
        var random = new Random(42);
        var list = new SkipList();
        var expected = new List<(double, string)>();
        for (int i = 0; i < 2000; i++)
        {
            double score = random.Next(100);
            string member = "m" + i;
            list.Insert(score, B(member));
            expected.Add((score, member));
        }
        expected.Sort((x, y) => x.Item1 != y.Item1 ? x.Item1.CompareTo(y.Item1) : string.CompareOrdinal(x.Item2, y.Item2));
        list.Validate();
        for (int rank = 1; rank <= expected.Count; rank += 37)
        {
            (double score, string member) = expected[rank - 1];
            Assert.Equal(rank, list.GetRank(score, B(member)));
            SkipListNode node = list.GetElementByRank(rank)!;
            Assert.Equal(member, Encoding.ASCII.GetString(node.Member));
        }
        Assert.Null(list.GetElementByRank(0));
        Assert.Null(list.GetElementByRank(2001));
        Assert.Equal(0, list.GetRank(5, B("absent")));
    }

    [Fact]
    public void Delete_ExistingAndMissing_KeepsInvariants()
    {
        var list = new SkipList();
        for (int i = 0; i < 500; i++)
        {
            list.Insert(i % 10, B("m" + i));
        }
        for (int i = 0; i < 500; i += 3)
        {
            Assert.NotNull(list.Delete(i % 10, B("m" + i)));
        }
        Assert.Null(list.Delete(1, B("m0")));      // right member, wrong score
        Assert.Null(list.Delete(0, B("nothere")));
        Assert.Equal(333, list.Length);
        list.Validate();
        while (list.First is { } first)
        {
            list.Delete(first.Score, first.Member);
        }
        Assert.Equal(0, list.Length);
        Assert.Null(list.Tail);
        list.Validate();
    }

    /// <summary>Draws the levels 1, 2, …, MaxLevel, 1, 2, … in turn (RandomLevel adds one per two trailing zero bits).</summary>
    private sealed class CyclingLevels : Random
    {
        private int _next;

        public override long NextInt64() => 1L << (2 * (_next++ % SkipList.MaxLevel));
    }

    [Fact]
    public void RandomOperations_NodesOfEveryHeight_KeepLinksSpansAndScoreCopies()
    {
        // Every node height occurs, so every node class and every level's storage is linked, walked and unlinked.
        var list = new SkipList(new CyclingLevels());
        var random = new Random(7);
        var scores = new Dictionary<string, double>();
        for (int i = 0; i < 3000; i++)
        {
            string member = "m" + i;
            scores[member] = random.Next(500);   // repeated scores: ties are ordered by member
            list.Insert(scores[member], B(member));
        }
        list.Validate();
        for (int i = 0; i < 3000; i += 2)
        {
            string member = "m" + i;
            // Alternately a tiny change (usually in place) and a move elsewhere.
            double next = i % 4 == 0 ? scores[member] + 0.001 : random.Next(500);
            Assert.Equal(next, list.UpdateScore(scores[member], B(member), next).Score);
            scores[member] = next;
        }
        list.Validate();
        for (int i = 0; i < 3000; i += 3)
        {
            string member = "m" + i;
            Assert.NotNull(list.Delete(scores[member], B(member)));
            scores.Remove(member);
        }
        list.Validate();
        var expected = scores.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        Assert.Equal(expected, Members(list));
    }

    [Fact]
    public void UpdateScore_InPlaceAndMoving_KeepsOrder()
    {
        var (list, _) = Build((1, "a"), (2, "b"), (3, "c"), (4, "d"));
        SkipListNode same = list.UpdateScore(2, B("b"), 2.5);
        Assert.Equal(2.5, same.Score);
        list.UpdateScore(1, B("a"), 10);
        Assert.Equal(["b", "c", "d", "a"], Members(list));
        list.UpdateScore(4, B("d"), -1);
        Assert.Equal(["d", "b", "c", "a"], Members(list));
        Assert.Equal(4, list.GetRank(10, B("a")));
        list.Validate();
    }

    [Fact]
    public void FirstAndLastInRange_ExclusiveAndEmpty_FindBoundaries()
    {
        var (list, _) = Build((1, "a"), (2, "b"), (2, "c"), (3, "d"), (5, "e"));
        Assert.Equal("b", Encoding.ASCII.GetString(list.FirstInRange(new ScoreRange(2, 3, false, false))!.Member));
        Assert.Equal("d", Encoding.ASCII.GetString(list.LastInRange(new ScoreRange(2, 3, false, false))!.Member));
        Assert.Equal("d", Encoding.ASCII.GetString(list.FirstInRange(new ScoreRange(2, 3, true, false))!.Member));
        Assert.Equal("c", Encoding.ASCII.GetString(list.LastInRange(new ScoreRange(2, 3, false, true))!.Member));
        Assert.Null(list.FirstInRange(new ScoreRange(3.5, 4.5, false, false)));
        Assert.Null(list.LastInRange(new ScoreRange(3.5, 4.5, false, false)));
        Assert.Null(list.FirstInRange(new ScoreRange(3, 3, true, false)));
        Assert.Null(list.FirstInRange(new ScoreRange(6, double.PositiveInfinity, false, false)));
        Assert.Null(new SkipList().FirstInRange(new ScoreRange(0, 1, false, false)));
    }

    [Fact]
    public void FirstAndLastInLexRange_Bounds_FindBoundaries()
    {
        var (list, _) = Build((0, "a"), (0, "b"), (0, "c"), (0, "d"));
        Assert.True(LexRange.TryParse("[b"u8, "(d"u8, out LexRange range));
        Assert.Equal("b", Encoding.ASCII.GetString(list.FirstInRange(range)!.Member));
        Assert.Equal("c", Encoding.ASCII.GetString(list.LastInRange(range)!.Member));
        Assert.True(LexRange.TryParse("-"u8, "+"u8, out LexRange all));
        Assert.Equal("a", Encoding.ASCII.GetString(list.FirstInRange(all)!.Member));
        Assert.Equal("d", Encoding.ASCII.GetString(list.LastInRange(all)!.Member));
        Assert.True(LexRange.TryParse("(d"u8, "+"u8, out LexRange none));
        Assert.Null(list.FirstInRange(none));
        Assert.True(LexRange.TryParse("+"u8, "-"u8, out LexRange inverted));
        Assert.Null(list.LastInRange(inverted));
    }

    [Fact]
    public void DeleteRangeByScoreLexRank_RemoveFromListAndTable()
    {
        var (list, dict) = Build((1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e"), (6, "f"));
        Assert.Equal(2, list.DeleteInRange(new ScoreRange(2, 4, false, true), dict));
        Assert.Equal(["a", "d", "e", "f"], Members(list));
        Assert.False(dict.TryGetValue(B("b"), out _));
        Assert.Equal(2, list.DeleteRangeByRank(2, 3, dict));
        Assert.Equal(["a", "f"], Members(list));
        Assert.True(LexRange.TryParse("-"u8, "[a"u8, out LexRange range));
        Assert.Equal(1, list.DeleteInRange(range, dict));
        Assert.Equal(["f"], Members(list));
        Assert.Equal(1, dict.Count);
        list.Validate();
    }
}
