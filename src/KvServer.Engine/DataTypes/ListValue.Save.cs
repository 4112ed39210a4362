namespace KvServer.Engine.DataTypes;

/// <summary>Raw access to a list's nodes for the RDB encoder, which walks every element twice.</summary>
public sealed partial class ListValue
{
    /// <summary>
    /// The entries of node <paramref name="index"/> (0 = head), to be walked with
    /// <see cref="QuickListNode.NextElement"/>: reading the bytes directly avoids an enumerator call per element.
    /// </summary>
    internal ReadOnlySpan<byte> NodeEntries(int index) => NodeAt(index).Entries;
}
