namespace KvServer.Engine.DataTypes;

/// <summary>
/// A range of sorted-set elements, by score (<see cref="ScoreRange"/>) or by member (<see cref="LexRange"/>):
/// what the range searches need, so that t_zset.c's score and lex twins (zslFirstInRange and
/// zslFirstInLexRange, ...) are one generic method each here. Elements are a skiplist node or a listpack
/// entry; each range compares the part of the element it is about.
/// </summary>
internal interface IZsetRange
{
    /// <summary>No element can be inside (min above max, or equal with an exclusive end).</summary>
    bool IsEmpty { get; }

    bool AboveMin(SkipListNode node);

    bool BelowMax(SkipListNode node);

    bool AboveMin(ZsetListpack listpack, int offset);

    bool BelowMax(ZsetListpack listpack, int offset);
}
