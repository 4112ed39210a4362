using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// A set value (Redis's t_set.c object): an <see cref="IntSet"/> while every member is a canonical integer
/// and there are at most set-max-intset-entries of them ("intset", sorted), otherwise a hash table of the
/// member bytes ("hashtable"). The conversion happens once and is never undone, as in Redis 7.0 (which has
/// no listpack sets).
/// </summary>
/// <remarks>
/// Members are addressed by a position: the sorted index for an intset, the table entry index for a hash
/// table. Positions stay valid until the set is modified, so commands collect what they need, then change.
/// </remarks>
public sealed class SetValue : IKvCollection
{
    private IntSet _intset;
    private KeyTable<bool>? _table;

    public KvType Type => KvType.Set;

    public string Encoding => _table is null ? "intset" : "hashtable";

    public long Count => _table?.Count ?? _intset.Count;

    public bool IsIntSet => _table is null;

    /// <summary>Adds <paramref name="member"/> (setTypeAdd); false if it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> member, long maxIntsetEntries)
    {
        if (_table is null)
        {
            if (member.Length <= Utf8Number.MaxInt64Chars && Utf8Number.TryParseInt64(member, out long number))
            {
                return AddInteger(number, maxIntsetEntries);
            }
            ConvertToHashtable();
        }
        _table!.FindOrInsert(member, out bool existed);
        return !existed;
    }

    /// <summary>Adds an integer member without formatting it while the set is an intset.</summary>
    public bool AddInteger(long member, long maxIntsetEntries)
    {
        if (_table is null)
        {
            if (!_intset.Add(member))
            {
                return false;
            }
            if (_intset.Count > maxIntsetEntries)
            {
                ConvertToHashtable();
            }
            return true;
        }
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        int length = Utf8Number.FormatInt64(member, text);
        _table.FindOrInsert(text[..length], out bool existed);
        return !existed;
    }

    /// <summary>setTypeConvert: moves every member into a hash table.</summary>
    private void ConvertToHashtable()
    {
        var table = new KeyTable<bool>();
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        for (int i = 0; i < _intset.Count; i++)
        {
            int length = Utf8Number.FormatInt64(_intset.Get(i), text);
            table.Add(text[..length].ToArray(), true);
        }
        _intset = default;
        _table = table;
    }

    /// <summary>Removes <paramref name="member"/>; false if it was not there.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_table is not null)
        {
            return _table.Remove(member);
        }
        return member.Length <= Utf8Number.MaxInt64Chars
            && Utf8Number.TryParseInt64(member, out long number)
            && _intset.Remove(number);
    }

    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (_table is not null)
        {
            return _table.Find(member) >= 0;
        }
        return member.Length <= Utf8Number.MaxInt64Chars
            && Utf8Number.TryParseInt64(member, out long number)
            && _intset.Contains(number);
    }

    /// <summary>Membership of an integer, without formatting it when this set is an intset.</summary>
    public bool ContainsInteger(long member)
    {
        if (_table is null)
        {
            return _intset.Contains(member);
        }
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        int length = Utf8Number.FormatInt64(member, text);
        return _table.Find(text[..length]) >= 0;
    }

    /// <summary>
    /// Gives memory back after deletions (Redis resizes the set's dict when it is under 10% full). Positions
    /// change, so call it only when a command is done with them.
    /// </summary>
    public void Compact() => _table?.Compact();

    /// <summary>Visits every position, in sorted order for an intset and table order for a hash table.</summary>
    public PositionEnumerator GetEnumerator() => new(this);

    /// <summary>True and the number when the set is an intset (its members are read without formatting).</summary>
    public bool TryGetIntegerAt(int position, out long member)
    {
        if (_table is null)
        {
            member = _intset.Get(position);
            return true;
        }
        member = 0;
        return false;
    }

    /// <summary>The member at <paramref name="position"/>; an intset member is formatted into <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<byte> MemberAt(int position, Span<byte> scratch)
    {
        if (_table is not null)
        {
            return _table.KeyAt(position);
        }
        int length = Utf8Number.FormatInt64(_intset.Get(position), scratch);
        return scratch[..length];
    }

    /// <summary>A position chosen uniformly (the set must not be empty).</summary>
    public int RandomPosition(Random random) =>
        _table is null ? random.Next(_intset.Count) : _table.FairRandomIndex(random);

    /// <summary>Removes the member at <paramref name="position"/> (SPOP).</summary>
    public void RemoveAt(int position)
    {
        if (_table is null)
        {
            _intset.RemoveAt(position);
        }
        else
        {
            _table.Remove(_table.KeyAt(position));
        }
    }

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
    /// One SSCAN step (scanGenericCommand): an intset yields every member and cursor 0; a hash table visits
    /// buckets from <paramref name="cursor"/> until <paramref name="count"/> members were found or 10 × count
    /// buckets were visited, and returns the next cursor.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<int> positions)
    {
        if (_table is null)
        {
            for (int i = 0; i < _intset.Count; i++)
            {
                positions.Add(i);
            }
            return 0;
        }
        long maxIterations = count * 10;
        do
        {
            cursor = _table.Scan(cursor, positions);
        }
        while (cursor != 0 && maxIterations-- > 0 && positions.Count < count);
        return cursor;
    }

    /// <summary>
    /// Removes the members at <paramref name="positions"/> (SPOP with a count): an intset is rebuilt once
    /// rather than once per member.
    /// </summary>
    public void RemoveAll(ReadOnlySpan<int> positions)
    {
        if (_table is not null)
        {
            foreach (int position in positions)
            {
                _table.Remove(_table.KeyAt(position));
            }
            return;
        }
        var removed = new bool[_intset.Count];
        foreach (int position in positions)
        {
            removed[position] = true;
        }
        _intset.RemoveMarked(removed);
    }

    public IKvCollection Clone()
    {
        var copy = new SetValue { _intset = _intset.Clone() };
        if (_table is not null)
        {
            var table = new KeyTable<bool>();
            foreach (int index in _table)
            {
                table.Add(_table.KeyAt(index), true);
            }
            copy._table = table;
        }
        return copy;
    }

    /// <summary>Positions of a set: sorted indexes of an intset or live entries of the hash table.</summary>
    public struct PositionEnumerator
    {
        private readonly int _intsetCount;
        private KeyTable<bool>.Enumerator _entries;
        private int _current;

        internal PositionEnumerator(SetValue set)
        {
            _intsetCount = set._table is null ? set._intset.Count : -1;
            _entries = set._table is null ? default : set._table.GetEnumerator();
            _current = -1;
        }

        public readonly int Current => _current;

        public bool MoveNext()
        {
            if (_intsetCount >= 0)
            {
                return ++_current < _intsetCount;
            }
            if (_entries.MoveNext())
            {
                _current = _entries.Current;
                return true;
            }
            return false;
        }
    }
}
