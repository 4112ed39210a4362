using KvServer.Engine.Keyspace;

namespace KvServer.Engine.DataTypes;

/// <summary>Building a hash from a decoded RDB value or DUMP payload, without the per-field checks of HSET.</summary>
public sealed partial class HashValue
{
    /// <summary>An empty hashtable-encoded hash sized for <paramref name="fields"/> fields (dictExpand).</summary>
    internal static HashValue CreateTable(int fields)
    {
        var table = new KeyTable<byte[]>();
        table.EnsureCapacity(fields);
        return new HashValue { _table = table };
    }

    /// <summary>Adds a pair to a hashtable-encoded hash; false when the field is already there.</summary>
    internal bool TryAddToTable(byte[] field, byte[] value) => _table!.TryAdd(field, value, out _);

    /// <summary>Appends a pair to a listpack-encoded hash without looking for the field first.</summary>
    internal void AppendToListPack(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        _listpack.Append(field);
        _listpack.Append(value);
    }

    /// <summary>hashTypeConvert after loading: a listpack past the entry limit becomes a hash table.</summary>
    internal void ConvertIfMoreThan(long maxListpackEntries)
    {
        if (_table is null && Count > maxListpackEntries)
        {
            ConvertToHashtable();
        }
    }
}
