namespace KvServer.Engine.DataTypes;

/// <summary>
/// Read access to the members of a plain set, for the sorted-set algebra commands: ZUNION, ZINTER, ZDIFF,
/// ZINTERCARD and their STORE forms accept sets as inputs, every member scoring 1 (t_zset.c zuiFind/zuiNext
/// over OBJ_SET). The set value type implements this so the sorted-set code needs no knowledge of intset or
/// hashtable encodings.
/// </summary>
public interface ISetMembers : IKvCollection
{
    /// <summary>Whether <paramref name="member"/> is in the set (integers compared by their decimal text).</summary>
    bool ContainsMember(ReadOnlySpan<byte> member);

    /// <summary>
    /// Appends every member to <paramref name="destination"/>, in any order; intset integers as their decimal
    /// text. The arrays may be the set's own: callers never modify them.
    /// </summary>
    void CopyMembersTo(List<byte[]> destination);
}
