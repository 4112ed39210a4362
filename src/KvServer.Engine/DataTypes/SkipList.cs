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

    private readonly SkipListNode _header = new(MaxLevel, [], 0);
    private int _level = 1;

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
    private static int RandomLevel()
    {
        ulong bits = (ulong)Random.Shared.NextInt64() | (1UL << 62);
        int level = 1 + (BitOperations.TrailingZeroCount(bits) / 2);
        return Math.Min(level, MaxLevel);
    }

    private static bool Precedes(SkipListNode node, double score, ReadOnlySpan<byte> member) =>
        node.Score < score || (node.Score == score && node.Member.AsSpan().SequenceCompareTo(member) < 0);

    /// <summary>zslInsert: adds a member known to be absent; the node keeps <paramref name="member"/>.</summary>
    public SkipListNode Insert(double score, byte[] member)
    {
        NodeBuffer update = default;
        RankBuffer rank = default;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            while (x.LevelAt(i).Forward is { } next && Precedes(next, score, member))
            {
                rank[i] += x.LevelAt(i).Span;
                x = next;
            }
            update[i] = x;
        }
        int level = RandomLevel();
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
        var node = new SkipListNode(level, member, score);
        for (int i = 0; i < level; i++)
        {
            ref SkipListNode.Level link = ref update[i]!.LevelAt(i);
            node.LevelAt(i).Forward = link.Forward;
            link.Forward = node;
            node.LevelAt(i).Span = link.Span - (rank[0] - rank[i]);
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
        return node;
    }

    /// <summary>zslDeleteNode: unlinks <paramref name="x"/> given its predecessors on every level.</summary>
    private void DeleteNode(SkipListNode x, ref NodeBuffer update)
    {
        for (int i = 0; i < _level; i++)
        {
            ref SkipListNode.Level link = ref update[i]!.LevelAt(i);
            if (link.Forward == x)
            {
                link.Span += x.LevelAt(i).Span - 1;
                link.Forward = x.LevelAt(i).Forward;
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
            while (x.LevelAt(i).Forward is { } next && Precedes(next, score, member))
            {
                x = next;
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
    /// does not change, otherwise by unlinking and reinserting (the member array is reused).
    /// </summary>
    public SkipListNode UpdateScore(double currentScore, ReadOnlySpan<byte> member, double newScore)
    {
        NodeBuffer update = default;
        SkipListNode x = FindPredecessors(currentScore, member, ref update);
        SkipListNode node = x.LevelAt(0).Forward
            ?? throw new InvalidOperationException("skiplist member missing");
        if ((node.Backward is null || node.Backward.Score < newScore) &&
            (node.LevelAt(0).Forward is null || node.LevelAt(0).Forward!.Score > newScore))
        {
            node.Score = newScore;
            return node;
        }
        DeleteNode(node, ref update);
        return Insert(newScore, node.Member);
    }

    /// <summary>zslGetRank: 1-based rank of (score, member), 0 when absent.</summary>
    public long GetRank(double score, ReadOnlySpan<byte> member)
    {
        long rank = 0;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next &&
                (next.Score < score || (next.Score == score && next.Member.AsSpan().SequenceCompareTo(member) <= 0)))
            {
                rank += x.LevelAt(i).Span;
                x = next;
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
            previous = node;
        }
        if (count != Length || Tail != previous)
        {
            throw new InvalidOperationException("length or tail broken");
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
