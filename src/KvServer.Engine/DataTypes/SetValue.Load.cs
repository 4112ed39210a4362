using KvServer.Engine.Keyspace;

namespace KvServer.Engine.DataTypes;

/// <summary>Building a set from a decoded RDB value or DUMP payload.</summary>
public sealed partial class SetValue
{
    /// <summary>An intset-encoded set over a sorted, duplicate-free <c>short[]</c>, <c>int[]</c> or <c>long[]</c>.</summary>
    internal static SetValue FromIntSetStorage(Array members) => new() { _data = members };

    /// <summary>An empty hashtable-encoded set sized for <paramref name="members"/> members (dictExpand).</summary>
    internal static SetValue CreateTable(int members)
    {
        var table = new KeyTable<bool>();
        table.EnsureCapacity(members);
        return new SetValue { _data = table };
    }

    /// <summary>Adds a member to a hashtable-encoded set; false when it is already there.</summary>
    internal bool TryAddToTable(ReadOnlySpan<byte> member)
    {
        ((KeyTable<bool>)_data!).FindOrInsert(member, out bool existed);
        return !existed;
    }

    /// <summary>setTypeConvert after loading an intset past set-max-intset-entries.</summary>
    internal void ConvertIfMoreThan(long maxIntsetEntries)
    {
        if (IsIntSet && Count > maxIntsetEntries)
        {
            ConvertToHashtable();
        }
    }
}
