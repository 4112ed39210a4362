namespace KvServer.Engine.DataTypes;

/// <summary>Raw access to a list's nodes for the RDB encoder.</summary>
public sealed partial class ListValue
{
    /// <summary>
    /// The entries of node <paramref name="index"/> (0 = head), to be walked with
    /// <see cref="QuickListNode.NextElement"/>: reading the bytes directly avoids an enumerator call per element.
    /// </summary>
    internal ReadOnlySpan<byte> NodeEntries(int index) => NodeAt(index).Entries;

    /// <summary>
    /// Node <paramref name="index"/> as Redis's listpack, framed in place (see
    /// <see cref="QuickListNode.ListpackBytesInPlace"/>); for a list whose <see cref="NodesAreRedisListpacks"/>.
    /// </summary>
    internal ReadOnlySpan<byte> NodeListpack(int index) => NodeAt(index).ListpackBytesInPlace();

    /// <summary>
    /// True when every node is, entries for entries, the listpack Redis would keep: no element Redis stores as
    /// an integer, and none as long as <paramref name="packedThreshold"/> (Redis gives such an element a PLAIN
    /// node). The nodes can then be saved as they are.
    /// </summary>
    internal bool NodesAreRedisListpacks(long packedThreshold)
    {
        for (int i = 0; i < _nodeCount; i++)
        {
            QuickListNode node = NodeAt(i);
            // An element is shorter than the node's bytes, so a small node holds no element at the threshold.
            if (node.UsedBytes >= packedThreshold || node.RecheckIntegers())
            {
                return false;
            }
        }
        return true;
    }
}
