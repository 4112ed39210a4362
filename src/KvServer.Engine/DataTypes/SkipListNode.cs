using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace KvServer.Engine.DataTypes;

/// <summary>One skiplist node (zskiplistNode): a member, its score and one forward link per level.</summary>
/// <remarks>
/// Redis keeps a node's levels inside the node, so a step of a walk costs one cache miss. Here the two
/// lowest levels are fields, and taller nodes (one in sixteen, with Redis's p = 1/4) are instances of a
/// subclass that holds the rest inline too (<see cref="Create"/> picks the smallest that fits): a separate
/// array would cost a second miss on every step of the upper levels, where a search spends most of its
/// steps. Each link also keeps a copy of its target's score, so the comparison that ends a level's walk
/// does not touch the target node at all.
/// </remarks>
public class SkipListNode
{
    private Level _level0;
    private Level _level1;

    private protected SkipListNode(int level, byte[] member, double score)
    {
        Member = member;
        Score = score;
        LevelCount = level;
    }

    /// <summary>A node of <paramref name="level"/> levels, of the smallest class that holds them.</summary>
    internal static SkipListNode Create(int level, byte[] member, double score) => level switch
    {
        <= 2 => new SkipListNode(level, member, score),
        <= 2 + Levels2To3.Count => new SkipListNode4(level, member, score),
        <= 2 + Levels2To3.Count + Levels4To7.Count => new SkipListNode8(level, member, score),
        _ => new SkipListNodeMax(level, member, score),
    };

    /// <summary>The member bytes; shared with the member → score table, never modified.</summary>
    public byte[] Member { get; }

    /// <summary>The score; change it only through <see cref="SkipList"/>, which keeps the links' copies.</summary>
    public double Score { get; internal set; }

    /// <summary>The previous node on level 0 (null for the first).</summary>
    public SkipListNode? Backward { get; internal set; }

    /// <summary>The next node on level 0 (null for the last).</summary>
    public SkipListNode? Next => _level0.Forward;

    /// <summary>Number of levels (1 to SkipList.MaxLevel).</summary>
    internal int LevelCount { get; }

    /// <summary>The link on level <paramref name="i"/> (below <see cref="LevelCount"/>).</summary>
    /// <remarks>
    /// A node of more than two levels is a <see cref="SkipListNode4"/> or one of its subclasses, each adding
    /// the next levels as inline fields (see <see cref="Create"/>), so the cast is known to hold and is not
    /// checked: a checked cast or a virtual call would read the object header, a second cache line.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref Level LevelAt(int i)
    {
        Debug.Assert(i < LevelCount, "a node is only walked on its own levels");
        if (i == 0)
        {
            return ref _level0;
        }
        if (i == 1)
        {
            return ref _level1;
        }
        if (i < 2 + Levels2To3.Count)
        {
            return ref Unsafe.As<SkipListNode4>(this).LevelsFrom2[i - 2];
        }
        if (i < 2 + Levels2To3.Count + Levels4To7.Count)
        {
            return ref Unsafe.As<SkipListNode8>(this).LevelsFrom4[i - 2 - Levels2To3.Count];
        }
        return ref Unsafe.As<SkipListNodeMax>(this).LevelsFrom8[i - 2 - Levels2To3.Count - Levels4To7.Count];
    }

    /// <summary>
    /// A forward link, the number of level-0 steps it skips (zskiplistLevel), and the score of the node it
    /// points to (kept equal by <see cref="SkipList"/>; meaningless while Forward is null).
    /// </summary>
    internal struct Level
    {
        public SkipListNode? Forward;
        public long Span;
        public double ForwardScore;

        /// <summary>Points this link at <paramref name="node"/>, copying its score.</summary>
        public void Link(SkipListNode? node)
        {
            Forward = node;
            ForwardScore = node is null ? 0 : node.Score;
        }
    }

    [InlineArray(Count)]
    private protected struct Levels2To3
    {
        public const int Count = 2;
        private Level _element;
    }

    [InlineArray(Count)]
    private protected struct Levels4To7
    {
        public const int Count = 4;
        private Level _element;
    }

    [InlineArray(Count)]
    private protected struct Levels8To31
    {
        public const int Count = SkipList.MaxLevel - 2 - Levels2To3.Count - Levels4To7.Count;
        private Level _element;
    }

    /// <summary>A node of 3 or 4 levels.</summary>
    private class SkipListNode4(int level, byte[] member, double score) : SkipListNode(level, member, score)
    {
        public Levels2To3 LevelsFrom2;
    }

    /// <summary>A node of 5 to 8 levels.</summary>
    private class SkipListNode8(int level, byte[] member, double score) : SkipListNode4(level, member, score)
    {
        public Levels4To7 LevelsFrom4;
    }

    /// <summary>A node of 9 levels or more (and the list's header).</summary>
    private sealed class SkipListNodeMax(int level, byte[] member, double score) : SkipListNode8(level, member, score)
    {
        public Levels8To31 LevelsFrom8;
    }
}
