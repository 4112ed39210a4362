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
public sealed partial class SetValue : IKvCollection, ISortableCollection, ISetMembers
{
    // One reference for both encodings (an intset's bare array or the hash table): many small sets is
    // the case to keep cheap, and a second field would cost 8 bytes on each.
    private object? _data;

    private KeyTable<bool>? Table => _data as KeyTable<bool>;

    private IntSet Ints => new(_data as Array);

    public KvType Type => KvType.Set;

    public string Encoding => _data is KeyTable<bool> ? "hashtable" : "intset";

    public long Count => _data is KeyTable<bool> table ? table.Count : Ints.Count;

    public bool IsIntSet => _data is not KeyTable<bool>;

    /// <summary>Buckets of the hash table (0 for an intset).</summary>
    internal int BucketCountForTests => Table?.BucketCount ?? 0;

    /// <summary>Bytes per member of the intset (2, 4 or 8): it only widens, so persistence cannot derive it.</summary>
    internal int IntSetWidth => Ints.Width;

    /// <summary>
    /// setTypeCreate for a command about to add <paramref name="sizeHint"/> members: an intset when the first
    /// is an integer, otherwise a hash table sized for all of them at once (as Redis 7.2's size hint), so a
    /// new set is not regrown, and its outgrown arrays do not linger on the heap, member after member.
    /// </summary>
    public static SetValue CreateFor(ReadOnlySpan<byte> firstMember, int sizeHint)
    {
        var set = new SetValue();
        if (!IsInteger(firstMember, out _))
        {
            set.ConvertToHashtable().EnsureCapacity(sizeHint);
        }
        return set;
    }

    // isSdsRepresentableAsLongLong: whether a member can live in an intset.
    private static bool IsInteger(ReadOnlySpan<byte> member, out long value)
    {
        value = 0;
        return member.Length <= Utf8Number.MaxInt64Chars && Utf8Number.TryParseInt64(member, out value);
    }

    /// <summary>Adds <paramref name="member"/> (setTypeAdd); false if it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> member, long maxIntsetEntries)
    {
        KeyTable<bool>? table = Table;
        if (table is null)
        {
            if (IsInteger(member, out long number))
            {
                return AddInteger(number, maxIntsetEntries);
            }
            table = ConvertToHashtable();
        }
        table.FindOrInsert(member, out bool existed);
        return !existed;
    }

    /// <summary>Adds an integer member without formatting it while the set is an intset.</summary>
    public bool AddInteger(long member, long maxIntsetEntries)
    {
        KeyTable<bool>? table = Table;
        if (table is null)
        {
            IntSet ints = Ints;
            if (!ints.Add(member))
            {
                return false;
            }
            _data = ints.Storage;
            if (ints.Count > maxIntsetEntries)
            {
                ConvertToHashtable();
            }
            return true;
        }
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        int length = Utf8Number.FormatInt64(member, text);
        table.FindOrInsert(text[..length], out bool existed);
        return !existed;
    }

    /// <summary>setTypeConvert: moves every member into a hash table.</summary>
    private KeyTable<bool> ConvertToHashtable()
    {
        var table = new KeyTable<bool>();
        IntSet ints = Ints;
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        for (int i = 0; i < ints.Count; i++)
        {
            int length = Utf8Number.FormatInt64(ints.Get(i), text);
            table.Add(text[..length].ToArray(), true);
        }
        _data = table;
        return table;
    }

    /// <summary>Removes <paramref name="member"/>; false if it was not there.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_data is KeyTable<bool> table)
        {
            return table.Remove(member);
        }
        if (!IsInteger(member, out long number))
        {
            return false;
        }
        IntSet ints = Ints;
        if (!ints.Remove(number))
        {
            return false;
        }
        _data = ints.Storage;
        return true;
    }

    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (_data is KeyTable<bool> table)
        {
            return table.Find(member) >= 0;
        }
        return IsInteger(member, out long number) && Ints.Contains(number);
    }

    /// <summary>Membership of an integer, without formatting it when this set is an intset.</summary>
    public bool ContainsInteger(long member)
    {
        if (_data is not KeyTable<bool> table)
        {
            return Ints.Contains(member);
        }
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        int length = Utf8Number.FormatInt64(member, text);
        return table.Find(text[..length]) >= 0;
    }

    /// <summary>
    /// Gives memory back after deletions (Redis resizes the set's dict when it is under 10% full). Positions
    /// change, so call it only when a command is done with them.
    /// </summary>
    public void Compact() => Table?.Compact();

    /// <summary>ZUNION/ZINTER/ZDIFF over a plain set: membership by member text.</summary>
    public bool ContainsMember(ReadOnlySpan<byte> member) => Contains(member);

    /// <summary>ZUNION/ZINTER/ZDIFF over a plain set: every member.</summary>
    public void CopyMembersTo(List<byte[]> destination) => CollectElements(destination);

    /// <summary>SORT: every member, in encoding order.</summary>
    public void CollectElements(List<byte[]> destination)
    {
        Span<byte> scratch = stackalloc byte[Protocol.Utf8Number.MaxInt64Chars];
        foreach (int position in this)
        {
            destination.Add(MemberAt(position, scratch).ToArray());
        }
    }

    /// <summary>Visits every position, in sorted order for an intset and table order for a hash table.</summary>
    public PositionEnumerator GetEnumerator() => new(this);

    /// <summary>True and the number when the set is an intset (its members are read without formatting).</summary>
    public bool TryGetIntegerAt(int position, out long member)
    {
        if (_data is not KeyTable<bool>)
        {
            member = Ints.Get(position);
            return true;
        }
        member = 0;
        return false;
    }

    /// <summary>The member at <paramref name="position"/>; an intset member is formatted into <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<byte> MemberAt(int position, Span<byte> scratch)
    {
        if (_data is KeyTable<bool> table)
        {
            return table.KeyAt(position);
        }
        int length = Utf8Number.FormatInt64(Ints.Get(position), scratch);
        return scratch[..length];
    }

    /// <summary>A position chosen uniformly (the set must not be empty).</summary>
    public int RandomPosition(Random random) =>
        _data is KeyTable<bool> table ? table.FairRandomIndex(random) : random.Next(Ints.Count);

    /// <summary>Removes the member at <paramref name="position"/> (SPOP).</summary>
    public void RemoveAt(int position)
    {
        if (_data is KeyTable<bool> table)
        {
            table.Remove(table.KeyAt(position));
            return;
        }
        IntSet ints = Ints;
        ints.RemoveAt(position);
        _data = ints.Storage;
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
        if (_data is not KeyTable<bool> table)
        {
            for (int i = 0; i < Ints.Count; i++)
            {
                positions.Add(i);
            }
            return 0;
        }
        long maxIterations = count * 10;
        do
        {
            cursor = table.Scan(cursor, positions);
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
        if (_data is KeyTable<bool> table)
        {
            foreach (int position in positions)
            {
                table.Remove(table.KeyAt(position));
            }
            return;
        }
        IntSet ints = Ints;
        var removed = new bool[ints.Count];
        foreach (int position in positions)
        {
            removed[position] = true;
        }
        ints.RemoveMarked(removed);
        _data = ints.Storage;
    }

    public IKvCollection Clone()
    {
        if (_data is KeyTable<bool> table)
        {
            var copy = new KeyTable<bool>();
            foreach (int index in table)
            {
                copy.Add(table.KeyAt(index), true);
            }
            return new SetValue { _data = copy };
        }
        return new SetValue { _data = Ints.Clone().Storage };
    }

    /// <summary>Positions of a set: sorted indexes of an intset or live entries of the hash table.</summary>
    public struct PositionEnumerator
    {
        private readonly int _intsetCount;
        private KeyTable<bool>.Enumerator _entries;
        private int _current;

        internal PositionEnumerator(SetValue set)
        {
            KeyTable<bool>? table = set.Table;
            _intsetCount = table is null ? set.Ints.Count : -1;
            _entries = table is null ? default : table.GetEnumerator();
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
