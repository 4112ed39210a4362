namespace KvServer.Engine.DataTypes;

/// <summary>
/// What SORT needs from a list, set or sorted set: its elements, without knowing the representation. Each
/// collection type implements it; SORT (Commands/SortCommands) is the only caller.
/// </summary>
public interface ISortableCollection
{
    /// <summary>
    /// Appends a copy of every element to <paramref name="destination"/>. The order matters for SORT ... BY
    /// nosort: lists give head to tail, sorted sets ascending rank (score, then member), sets any order.
    /// </summary>
    void CollectElements(List<byte[]> destination);
}
