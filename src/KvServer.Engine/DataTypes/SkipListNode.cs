namespace KvServer.Engine.DataTypes;

/// <summary>One skiplist node (zskiplistNode): a member, its score and one forward link per level.</summary>
public sealed class SkipListNode
{
    internal SkipListNode(int level, byte[] member, double score)
    {
        Member = member;
        Score = score;
        Levels = new Level[level];
    }

    /// <summary>The member bytes; shared with the member → score table, never modified.</summary>
    public byte[] Member { get; }

    public double Score { get; internal set; }

    /// <summary>The previous node on level 0 (null for the first).</summary>
    public SkipListNode? Backward { get; internal set; }

    /// <summary>The next node on level 0 (null for the last).</summary>
    public SkipListNode? Next => Levels[0].Forward;

    internal Level[] Levels { get; }

    /// <summary>A forward link and the number of level-0 steps it skips (zskiplistLevel).</summary>
    internal struct Level
    {
        public SkipListNode? Forward;
        public long Span;
    }
}
