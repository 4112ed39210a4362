using KvServer.Engine.Keyspace;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// A hash value (Redis's t_hash.c object): field/value pairs in a <see cref="ListPack"/> (field, value,
/// field, value, … in insertion order) while the hash has at most hash-max-listpack-entries fields and no
/// field or value longer than hash-max-listpack-value ("listpack"), otherwise a hash table ("hashtable").
/// The conversion happens once and is never undone, as in Redis.
/// </summary>
/// <remarks>
/// Pairs are addressed by a position: the byte offset of the field entry in the listpack, or the table entry
/// index. Positions stay valid until the hash is modified, so commands collect what they need, then change.
/// </remarks>
public sealed partial class HashValue : IKvCollection, IHashFieldSource
{
    private ListPack _listpack;
    private KeyTable<byte[]>? _table;

    public KvType Type => KvType.Hash;

    public string Encoding => _table is null ? "listpack" : "hashtable";

    public long Count => _table?.Count ?? _listpack.Count / 2;

    public bool IsListPack => _table is null;

    /// <summary>
    /// hashTypeTryConversion: before writing arguments whose longest is <paramref name="longestArgument"/>
    /// bytes and which total <paramref name="totalBytes"/>, converts when one is over the listpack value
    /// limit or the listpack would pass its safety size.
    /// </summary>
    public void ConvertIfTooLong(long longestArgument, long totalBytes, long maxListpackValue)
    {
        if (_table is null && (longestArgument > maxListpackValue || !_listpack.SafeToAdd(totalBytes)))
        {
            ConvertToHashtable();
        }
    }

    /// <summary>Room for entries totalling <paramref name="bytes"/> encoded bytes, reserved in one step.</summary>
    public void ReserveListPack(int bytes)
    {
        if (_table is null)
        {
            _listpack.Reserve(bytes);
        }
    }

    /// <summary>Encoded size of an entry, for <see cref="ReserveListPack"/>.</summary>
    public static int ListPackEntrySize(ReadOnlySpan<byte> text) => ListPack.EncodedSize(text);

    /// <summary>
    /// hashTypeSet: sets <paramref name="field"/> to <paramref name="value"/>; true if the field is new. A field
    /// or value over the listpack value limit converts first, a count over the entry limit converts after.
    /// </summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, long maxListpackEntries, long maxListpackValue)
    {
        if (_table is null && (field.Length > maxListpackValue || value.Length > maxListpackValue))
        {
            ConvertToHashtable();
        }
        if (_table is not null)
        {
            int index = _table.FindOrInsert(field, out bool existed);
            _table.ValueAt(index) = value.ToArray();
            return !existed;
        }
        int offset = _listpack.Find(field, 0, skip: 1);
        if (offset >= 0)
        {
            _listpack.Replace(_listpack.Next(offset), value);
            return false;
        }
        _listpack.Append(field);
        _listpack.Append(value);
        if (Count > maxListpackEntries)
        {
            ConvertToHashtable();
        }
        return true;
    }

    /// <summary>hashTypeConvert: moves every pair into a hash table.</summary>
    private void ConvertToHashtable()
    {
        var table = new KeyTable<byte[]>();
        Span<byte> fieldScratch = stackalloc byte[ListPack.ScratchSize];
        Span<byte> valueScratch = stackalloc byte[ListPack.ScratchSize];
        for (int offset = 0; offset < _listpack.End;)
        {
            int valueOffset = _listpack.Next(offset);
            byte[] field = _listpack.Get(offset, fieldScratch).ToArray();
            table.Add(field, _listpack.Get(valueOffset, valueScratch).ToArray());
            offset = _listpack.Next(valueOffset);
        }
        _listpack = default;
        _table = table;
    }

    /// <summary>The position of <paramref name="field"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> field) =>
        _table is not null ? _table.Find(field) : _listpack.Find(field, 0, skip: 1);

    public bool Contains(ReadOnlySpan<byte> field) => Find(field) >= 0;

    /// <summary>
    /// The value of <paramref name="field"/>; an integer-encoded listpack value is formatted into
    /// <paramref name="scratch"/> (<see cref="ListPack.ScratchSize"/> bytes).
    /// </summary>
    public bool TryGetValue(ReadOnlySpan<byte> field, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        int position = Find(field);
        if (position < 0)
        {
            value = default;
            return false;
        }
        value = ValueAt(position, scratch);
        return true;
    }

    /// <summary>Length of the value of <paramref name="field"/> (HSTRLEN), 0 when absent.</summary>
    public long GetValueLength(ReadOnlySpan<byte> field)
    {
        int position = Find(field);
        if (position < 0)
        {
            return 0;
        }
        return _table is not null ? _table.ValueAt(position).Length : _listpack.GetLength(_listpack.Next(position));
    }

    /// <summary>Deletes <paramref name="field"/>; false if it was not there.</summary>
    public bool Delete(ReadOnlySpan<byte> field)
    {
        if (_table is not null)
        {
            return _table.Remove(field);
        }
        int offset = _listpack.Find(field, 0, skip: 1);
        if (offset < 0)
        {
            return false;
        }
        _listpack.Delete(offset, 2);
        return true;
    }

    /// <summary>
    /// Gives memory back after deletions (Redis resizes the hash's dict when it is under 10% full). Positions
    /// change, so call it only when a command is done with them.
    /// </summary>
    public void Compact() => _table?.Compact();

    /// <summary>Visits every position, in insertion order for a listpack and table order for a hash table.</summary>
    public PositionEnumerator GetEnumerator() => new(this);

    /// <summary>The field at <paramref name="position"/>; an integer is formatted into <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<byte> FieldAt(int position, Span<byte> scratch) =>
        _table is not null ? _table.KeyAt(position) : _listpack.Get(position, scratch);

    /// <summary>The value at <paramref name="position"/>; an integer is formatted into <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<byte> ValueAt(int position, Span<byte> scratch) =>
        _table is not null ? _table.ValueAt(position) : _listpack.Get(_listpack.Next(position), scratch);

    /// <summary>A position chosen uniformly (the hash must not be empty).</summary>
    public int RandomPosition(Random random) =>
        _table is not null ? _table.FairRandomIndex(random) : _listpack.OffsetOf(random.Next(_listpack.Count / 2) * 2);

    /// <summary>Every position, in iteration order (random sampling needs indexable positions).</summary>
    public int[] GetPositions()
    {
        var positions = new int[Count];
        int i = 0;
        foreach (int position in this)
        {
            positions[i++] = position;
        }
        return positions;
    }

    /// <summary>
    /// One HSCAN step (scanGenericCommand): a listpack yields every pair and cursor 0; a hash table visits
    /// buckets from <paramref name="cursor"/> until <paramref name="count"/> pairs were found or 20 × count
    /// buckets were visited (Redis counts a pair as two elements), and returns the next cursor.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<int> positions)
    {
        if (_table is null)
        {
            foreach (int position in this)
            {
                positions.Add(position);
            }
            return 0;
        }
        long maxIterations = count * 20;
        do
        {
            cursor = _table.Scan(cursor, positions);
        }
        while (cursor != 0 && maxIterations-- > 0 && positions.Count < count);
        return cursor;
    }

    /// <summary>SORT's <c>-&gt;field</c> lookups.</summary>
    public bool TryGetField(ReadOnlySpan<byte> field, out byte[] value)
    {
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        if (TryGetValue(field, scratch, out ReadOnlySpan<byte> found))
        {
            value = found.ToArray();
            return true;
        }
        value = [];
        return false;
    }

    public IKvCollection Clone()
    {
        var copy = new HashValue { _listpack = _listpack.Clone() };
        if (_table is not null)
        {
            var table = new KeyTable<byte[]>();
            foreach (int index in _table)
            {
                table.Add(_table.KeyAt(index), _table.ValueAt(index));
            }
            copy._table = table;
        }
        return copy;
    }

    /// <summary>Positions of a hash: field offsets of the listpack or live entries of the hash table.</summary>
    public struct PositionEnumerator
    {
        private readonly HashValue _hash;
        private KeyTable<byte[]>.Enumerator _entries;
        private int _current;
        private int _next;

        internal PositionEnumerator(HashValue hash)
        {
            _hash = hash;
            _entries = hash._table is null ? default : hash._table.GetEnumerator();
            _current = -1;
            _next = 0;
        }

        public readonly int Current => _current;

        public bool MoveNext()
        {
            if (_hash._table is not null)
            {
                if (_entries.MoveNext())
                {
                    _current = _entries.Current;
                    return true;
                }
                return false;
            }
            if (_next >= _hash._listpack.End)
            {
                return false;
            }
            _current = _next;
            _next = _hash._listpack.Next(_hash._listpack.Next(_next));
            return true;
        }
    }
}
