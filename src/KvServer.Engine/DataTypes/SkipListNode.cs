using System.Runtime.CompilerServices;

namespace KvServer.Engine.DataTypes;

/// <summary>One skiplist node (zskiplistNode): a member, its score and one forward link per level.</summary>
/// <remarks>
/// Redis keeps a node's levels inside the node. Here the two lowest levels are fields and only taller
/// nodes (one in sixteen, with Redis's p = 1/4) have an array for the rest: a search reads each visited
/// node's level once per step, and a separate array for every node would double the cache misses of a
/// walk over a large sorted set. A one- or two-level node is also smaller than a node plus an array.
/// </remarks>
public sealed class SkipListNode
{
    private Level _level0;
    private Level _level1;
    private readonly Level[]? _upper;

    internal SkipListNode(int level, byte[] member, double score)
    {
        Member = member;
        Score = score;
        LevelCount = level;
        _upper = level > 2 ? new Level[level - 2] : null;
    }

    /// <summary>The member bytes; shared with the member → score table, never modified.</summary>
    public byte[] Member { get; }

    public double Score { get; internal set; }

    /// <summary>The previous node on level 0 (null for the first).</summary>
    public SkipListNode? Backward { get; internal set; }

    /// <summary>The next node on level 0 (null for the last).</summary>
    public SkipListNode? Next => _level0.Forward;

    /// <summary>Number of levels (1 to SkipList.MaxLevel).</summary>
    internal int LevelCount { get; }

    /// <summary>The link on level <paramref name="i"/> (below <see cref="LevelCount"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref Level LevelAt(int i)
    {
        if (i == 0)
        {
            return ref _level0;
        }
        if (i == 1)
        {
            return ref _level1;
        }
        return ref _upper![i - 2];
    }

    /// <summary>A forward link and the number of level-0 steps it skips (zskiplistLevel).</summary>
    internal struct Level
    {
        public SkipListNode? Forward;
        public long Span;
    }
}
