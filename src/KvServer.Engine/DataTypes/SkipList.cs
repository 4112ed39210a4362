using System.Numerics;
using System.Runtime.CompilerServices;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// Redis's zskiplist: members ordered by (score, member bytes), with a span on every forward link so the
/// rank of a node, and the node at a rank, are found in O(log n). Nodes also link backward on level 0 for
/// reverse ranges. Together with a member → score table (see <see cref="SortedSetValue"/>) this is the
/// "skiplist" encoding of a sorted set. Only the executor touches it.
/// </summary>
/// <remarks>
/// A C translation of Pugh's algorithm as in t_zset.c, modified the same three ways: repeated scores are
/// allowed, ties are ordered by member, and there is a backward pointer. Ranks here are 1-based like
/// zslGetRank's; <see cref="SortedSetValue"/> turns them into Redis's 0-based replies.
/// </remarks>
public sealed class SkipList
{
    /// <summary>ZSKIPLIST_MAXLEVEL: enough for 2^64 elements at p = 1/4.</summary>
    public const int MaxLevel = 32;

    private readonly SkipListNode _header = SkipListNode.Create(MaxLevel, [], 0);
    private readonly Random _random;
    private int _level = 1;

    public SkipList()
        : this(Random.Shared)
    {
    }

    /// <summary>A list that draws node levels from <paramref name="random"/> (tests choose the levels).</summary>
    internal SkipList(Random random)
    {
        _random = random;
    }

    /// <summary>Number of nodes.</summary>
    public long Length { get; private set; }

    /// <summary>The node with the lowest (score, member), or null.</summary>
    public SkipListNode? First => _header.LevelAt(0).Forward;

    /// <summary>The node with the highest (score, member), or null.</summary>
    public SkipListNode? Tail { get; private set; }

    /// <summary>
    /// zslRandomLevel: level k+1 with probability (1/4)^k (ZSKIPLIST_P = 0.25). Each pair of random bits
    /// that are both zero adds a level.
    /// </summary>
    private int RandomLevel()
    {
        ulong bits = (ulong)_random.NextInt64() | (1UL << 62);
        int level = 1 + (BitOperations.TrailingZeroCount(bits) / 2);
        return Math.Min(level, MaxLevel);
    }

    private static bool Precedes(SkipListNode node, double score, ReadOnlySpan<byte> member) =>
        node.Score < score || (node.Score == score && node.Member.AsSpan().SequenceCompareTo(member) < 0);

    // Whether the node a link points to precedes (score, member), read from the link's copy of its score:
    // the node itself is only touched on a tie.
    private static bool TargetPrecedes(in SkipListNode.Level link, double score, ReadOnlySpan<byte> member) =>
        link.ForwardScore < score ||
        (link.ForwardScore == score && link.Forward!.Member.AsSpan().SequenceCompareTo(member) < 0);

    /// <summary>zslInsert: adds a member known to be absent; the node keeps <paramref name="member"/>.</summary>
    public SkipListNode Insert(double score, byte[] member)
    {
        SkipListNode node = SkipListNode.Create(RandomLevel(), member, score);
        Link(node);
        return node;
    }

    /// <summary>zslInsert's search and linking, for a node not in the list: a new one, or one being moved.</summary>
    /// <remarks>
    /// Compiled optimized from the start: loading a sorted set links every member through here, a million
    /// times before tiered compilation would promote it (tier-0 code does not inline <c>LevelAt</c>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Link(SkipListNode node)
    {
        double score = node.Score;
        ReadOnlySpan<byte> member = node.Member;
        NodeBuffer update = default;
        RankBuffer rank = default;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            ref SkipListNode.Level link = ref x.LevelAt(i);
            while (link.Forward is { } next && TargetPrecedes(link, score, member))
            {
                rank[i] += link.Span;
                x = next;
                link = ref x.LevelAt(i);
            }
            update[i] = x;
        }
        int level = node.LevelCount;
        if (level > _level)
        {
            for (int i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _header;
                _header.LevelAt(i).Span = Length;
            }
            _level = level;
        }
        for (int i = 0; i < level; i++)
        {
            ref SkipListNode.Level link = ref update[i]!.LevelAt(i);
            ref SkipListNode.Level nodeLink = ref node.LevelAt(i);
            nodeLink.Forward = link.Forward;
            nodeLink.ForwardScore = link.ForwardScore;
            nodeLink.Span = link.Span - (rank[0] - rank[i]);
            link.Link(node);
            link.Span = rank[0] - rank[i] + 1;
        }
        for (int i = level; i < _level; i++)
        {
            update[i]!.LevelAt(i).Span++;
        }
        node.Backward = update[0] == _header ? null : update[0];
        if (node.LevelAt(0).Forward is { } after)
        {
            after.Backward = node;
        }
        else
        {
            Tail = node;
        }
        Length++;
    }

    /// <summary>zslDeleteNode: unlinks <paramref name="x"/> given its predecessors on every level.</summary>
    private void DeleteNode(SkipListNode x, ref NodeBuffer update)
    {
        for (int i = 0; i < _level; i++)
        {
            ref SkipListNode.Level link = ref update[i]!.LevelAt(i);
            if (link.Forward == x)
            {
                ref SkipListNode.Level removed = ref x.LevelAt(i);
                link.Span += removed.Span - 1;
                link.Forward = removed.Forward;
                link.ForwardScore = removed.ForwardScore;
            }
            else
            {
                link.Span--;
            }
        }
        if (x.LevelAt(0).Forward is { } after)
        {
            after.Backward = x.Backward;
        }
        else
        {
            Tail = x.Backward;
        }
        while (_level > 1 && _header.LevelAt(_level - 1).Forward is null)
        {
            _level--;
        }
        Length--;
    }

    /// <summary>Fills <paramref name="update"/> with the last node before (score, member) on each level.</summary>
    private SkipListNode FindPredecessors(double score, ReadOnlySpan<byte> member, ref NodeBuffer update)
    {
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            ref SkipListNode.Level link = ref x.LevelAt(i);
            while (link.Forward is { } next && TargetPrecedes(link, score, member))
            {
                x = next;
                link = ref x.LevelAt(i);
            }
            update[i] = x;
        }
        return x;
    }

    /// <summary>zslDelete: removes the node holding exactly (score, member); null when absent.</summary>
    public SkipListNode? Delete(double score, ReadOnlySpan<byte> member)
    {
        NodeBuffer update = default;
        SkipListNode x = FindPredecessors(score, member, ref update);
        SkipListNode? target = x.LevelAt(0).Forward;
        if (target is not null && target.Score == score && target.Member.AsSpan().SequenceEqual(member))
        {
            DeleteNode(target, ref update);
            return target;
        }
        return null;
    }

    /// <summary>
    /// zslUpdateScore: moves an existing member to <paramref name="newScore"/>, in place when its position
    /// does not change, otherwise by unlinking and relinking the same node. (Redis allocates a new node
    /// there; reusing it keeps a long-lived node long-lived, so updates leave no garbage for the GC.)
    /// </summary>
    public SkipListNode UpdateScore(double currentScore, ReadOnlySpan<byte> member, double newScore)
    {
        NodeBuffer update = default;
        SkipListNode x = FindPredecessors(currentScore, member, ref update);
        SkipListNode node = x.LevelAt(0).Forward
            ?? throw new InvalidOperationException("skiplist member missing");
        if ((node.Backward is null || node.Backward.Score < newScore) &&
            (node.LevelAt(0).Forward is null || node.LevelAt(0).ForwardScore > newScore))
        {
            node.Score = newScore;
            // The links into the node keep a copy of its score: the node's predecessor on each of its levels.
            for (int i = 0; i < node.LevelCount; i++)
            {
                update[i]!.LevelAt(i).ForwardScore = newScore;
            }
            return node;
        }
        DeleteNode(node, ref update);
        node.Score = newScore;
        Link(node);
        return node;
    }

    /// <summary>zslGetRank: 1-based rank of (score, member), 0 when absent.</summary>
    public long GetRank(double score, ReadOnlySpan<byte> member)
    {
        long rank = 0;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            ref SkipListNode.Level link = ref x.LevelAt(i);
            while (link.Forward is { } next &&
                (link.ForwardScore < score || (link.ForwardScore == score && next.Member.AsSpan().SequenceCompareTo(member) <= 0)))
            {
                rank += link.Span;
                x = next;
                link = ref x.LevelAt(i);
            }
            if (x != _header && x.Score == score && x.Member.AsSpan().SequenceEqual(member))
            {
                return rank;
            }
        }
        return 0;
    }

    /// <summary>zslGetElementByRank: the node at 1-based <paramref name="rank"/>, or null.</summary>
    public SkipListNode? GetElementByRank(long rank)
    {
        long traversed = 0;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && traversed + x.LevelAt(i).Span <= rank)
            {
                traversed += x.LevelAt(i).Span;
                x = next;
            }
            if (traversed == rank)
            {
                return x == _header ? null : x;
            }
        }
        return null;
    }

    /// <summary>zslIsInRange / zslIsInLexRange: whether any node can be inside <paramref name="range"/>.</summary>
    private bool IsInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct =>
        !range.IsEmpty && Tail is not null && range.AboveMin(Tail) && range.BelowMax(First!);

    /// <summary>zslFirstInRange / zslFirstInLexRange.</summary>
    internal SkipListNode? FirstInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        if (!IsInRange(range))
        {
            return null;
        }
        SkipListNode x = LastBelowRange(range);
        SkipListNode first = x.LevelAt(0).Forward!;
        return range.BelowMax(first) ? first : null;
    }

    /// <summary>zslLastInRange / zslLastInLexRange.</summary>
    internal SkipListNode? LastInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        if (!IsInRange(range))
        {
            return null;
        }
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && range.BelowMax(next))
            {
                x = next;
            }
        }
        return x != _header && range.AboveMin(x) ? x : null;
    }

    /// <summary>zslDeleteRangeByScore / zslDeleteRangeByLex: removes every node in range, from this list and from <paramref name="dict"/>.</summary>
    internal long DeleteInRange<TRange>(in TRange range, KeyTable<double> dict)
        where TRange : IZsetRange, allows ref struct
    {
        NodeBuffer update = default;
        SkipListNode x = LastBelowRange(range, ref update);
        long removed = 0;
        SkipListNode? node = x.LevelAt(0).Forward;
        while (node is not null && range.BelowMax(node))
        {
            SkipListNode? next = node.LevelAt(0).Forward;
            DeleteNode(node, ref update);
            dict.Remove(node.Member);
            removed++;
            node = next;
        }
        return removed;
    }

    // The last node below the range's minimum (or the header).
    private SkipListNode LastBelowRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        NodeBuffer unused = default;
        return LastBelowRange(range, ref unused);
    }

    // The same, recording at each level the last node before the range (zsl*'s update[] array).
    private SkipListNode LastBelowRange<TRange>(in TRange range, ref NodeBuffer update)
        where TRange : IZsetRange, allows ref struct
    {
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && !range.AboveMin(next))
            {
                x = next;
            }
            update[i] = x;
        }
        return x;
    }

    /// <summary>zslDeleteRangeByRank: removes 1-based ranks <paramref name="start"/>..<paramref name="end"/>.</summary>
    public long DeleteRangeByRank(long start, long end, KeyTable<double> dict)
    {
        NodeBuffer update = default;
        long traversed = 0;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && traversed + x.LevelAt(i).Span < start)
            {
                traversed += x.LevelAt(i).Span;
                x = next;
            }
            update[i] = x;
        }
        traversed++;
        long removed = 0;
        SkipListNode? node = x.LevelAt(0).Forward;
        while (node is not null && traversed <= end)
        {
            SkipListNode? next = node.LevelAt(0).Forward;
            DeleteNode(node, ref update);
            dict.Remove(node.Member);
            removed++;
            traversed++;
            node = next;
        }
        return removed;
    }

    /// <summary>Checks every invariant (order, spans, backward links, length); for tests.</summary>
    internal void Validate()
    {
        ValidateScoreCopies(_header);
        long count = 0;
        SkipListNode? previous = null;
        for (SkipListNode? node = First; node is not null; node = node.Next)
        {
            if (node.Backward != previous)
            {
                throw new InvalidOperationException("backward link broken");
            }
            if (previous is not null && !Precedes(previous, node.Score, node.Member))
            {
                throw new InvalidOperationException("order broken");
            }
            count++;
            if (GetRank(node.Score, node.Member) != count || GetElementByRank(count) != node)
            {
                throw new InvalidOperationException("span broken");
            }
            ValidateScoreCopies(node);
            previous = node;
        }
        if (count != Length || Tail != previous)
        {
            throw new InvalidOperationException("length or tail broken");
        }
    }

    // Every link of the node carries its target's current score.
    private static void ValidateScoreCopies(SkipListNode node)
    {
        for (int i = 0; i < node.LevelCount; i++)
        {
            ref SkipListNode.Level link = ref node.LevelAt(i);
            if (link.Forward is { } target && link.ForwardScore != target.Score)
            {
                throw new InvalidOperationException("link score copy broken");
            }
        }
    }

    /// <summary>The update[] array of t_zset.c, on the stack.</summary>
    [InlineArray(MaxLevel)]
    private struct NodeBuffer
    {
        private SkipListNode? _element;
    }

    /// <summary>The rank[] array of zslInsert, on the stack.</summary>
    [InlineArray(MaxLevel)]
    private struct RankBuffer
    {
        private long _element;
    }
}
