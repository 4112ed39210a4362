using System.Buffers.Binary;
using System.Numerics;

namespace KvServer.Engine.Keyspace;

/// <summary>
/// The hash table behind a database: binary keys to values, in the shape of Redis's dict. It exists instead
/// of <see cref="Dictionary{TKey,TValue}"/> for four reasons: lookups by <see cref="ReadOnlySpan{T}"/> without
/// allocating a key; power-of-two buckets so SCAN can use Redis's reverse-binary cursor, which never misses
/// a key present for the whole iteration even when the table grows or shrinks between calls; uniform random
/// sampling (RANDOMKEY, active expiry, eviction); and a 32-byte entry with room for the LRU/LFU clock.
/// Not thread-safe: only the executor touches it.
/// </summary>
public sealed class KeyTable<TValue>
{
    private struct Entry
    {
        public byte[] Key;
        public TValue Value;
        public uint Hash;
        public int Next;     // next entry in the bucket chain (-1 = end); in the free list: -3 - next free
        public uint Clock;   // LRU clock (seconds) or LFU counter, as in robj.lru
    }

    /// <summary>DICT_HT_INITIAL_SIZE: the smallest table; tables never shrink below it.</summary>
    public const int InitialBuckets = 4;
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64();

    private int[] _buckets = new int[InitialBuckets];   // entry index + 1; 0 = empty bucket
    private Entry[] _entries = new Entry[InitialBuckets];
    private int _used;                               // entries ever handed out (high-water mark)
    private int _freeList = -1;
    private int _freeCount;
    private ulong[]? _snapshotSaved;                 // one bit per entry while a snapshot runs: saved or born after it

    public int Count => _used - _freeCount;

    /// <summary>Number of buckets (SCAN cursors range over these).</summary>
    public int BucketCount => _buckets.Length;

    public static uint HashKey(ReadOnlySpan<byte> key)
    {
        const ulong Prime = 0x9E3779B97F4A7C15UL;
        ulong h = s_seed ^ ((ulong)key.Length * Prime);
        while (key.Length >= 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(key);
            h = BitOperations.RotateLeft((h ^ (v * 0xBF58476D1CE4E5B9UL)) * Prime, 29);
            key = key[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < key.Length; i++)
        {
            tail |= (ulong)key[i] << (i * 8);
        }
        h ^= tail * 0x94D049BB133111EBUL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return (uint)h;
    }

    /// <summary>Index of the entry for <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key) => Find(key, HashKey(key));

    /// <summary>
    /// Brings into the cache what the lookups of a group of keys will walk: bucket, entry, key and value.
    /// It goes level by level over the whole group, so the loads of one level do not wait for each other and
    /// their cache misses overlap; a command alone pays its misses one after another (bucket, then entry,
    /// then key). <paramref name="slots"/> is scratch space, at least as long as <paramref name="hashes"/>.
    /// Only a hint: the result is meaningless, returned so the loads are not optimized away.
    /// </summary>
    public int Warm(ReadOnlySpan<uint> hashes, Span<int> slots)
    {
        int[] buckets = _buckets;
        Entry[] entries = _entries;
        uint mask = (uint)(buckets.Length - 1);
        for (int i = 0; i < hashes.Length; i++)
        {
            slots[i] = buckets[hashes[i] & mask] - 1;
        }
        int sink = 0;
        for (int i = 0; i < hashes.Length; i++)
        {
            if ((uint)slots[i] < (uint)entries.Length)
            {
                // An entry may straddle two cache lines: touch both ends.
                ref Entry entry = ref entries[slots[i]];
                sink += (int)entry.Hash + (entry.Key is null ? 1 : 0);
            }
            else
            {
                slots[i] = -1;
            }
        }
        for (int i = 0; i < hashes.Length; i++)
        {
            if (slots[i] >= 0)
            {
                ref Entry entry = ref entries[slots[i]];
                sink += entry.Key.Length;
                if (entry.Value is byte[] bytes)
                {
                    sink += bytes.Length;
                }
            }
        }
        return sink;
    }

    private int Find(ReadOnlySpan<byte> key, uint hash)
    {
        Entry[] entries = _entries;
        int index = _buckets[hash & (uint)(_buckets.Length - 1)] - 1;
        while (index >= 0)
        {
            ref Entry entry = ref entries[index];
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                return index;
            }
            index = entry.Next;
        }
        return -1;
    }

    public ref TValue ValueAt(int index) => ref _entries[index].Value;

    public byte[] KeyAt(int index) => _entries[index].Key;

    public ref uint ClockAt(int index) => ref _entries[index].Clock;

    public bool TryGetValue(ReadOnlySpan<byte> key, out TValue value)
    {
        int index = Find(key);
        if (index < 0)
        {
            value = default!;
            return false;
        }
        value = _entries[index].Value;
        return true;
    }

    /// <summary>
    /// Finds <paramref name="key"/> or inserts it with a default value (copying the key bytes).
    /// Returns the entry index; indexes stay valid until the next <see cref="Compact"/>.
    /// </summary>
    public int FindOrInsert(ReadOnlySpan<byte> key, out bool existed)
    {
        uint hash = HashKey(key);
        int index = Find(key, hash);
        if (index >= 0)
        {
            existed = true;
            return index;
        }
        existed = false;
        return Insert(key.ToArray(), hash, default!);
    }

    /// <summary>
    /// Inserts <paramref name="key"/> (keeping the array) unless it is present; false and the existing entry's
    /// index when it is. One hash computation for both the check and the insert (RDB loading, dictAdd).
    /// </summary>
    public bool TryAdd(byte[] key, TValue value, out int index)
    {
        uint hash = HashKey(key);
        index = Find(key, hash);
        if (index >= 0)
        {
            return false;
        }
        index = Insert(key, hash, value);
        return true;
    }

    /// <summary>
    /// dictExpand: makes room for <paramref name="count"/> entries at once, so a table filled from a known
    /// size (RDB's RESIZEDB hint, a loaded collection's length, SADD's members) never rehashes on the way.
    /// The entry array gets exactly <paramref name="count"/> slots (only buckets need a power of two): small
    /// tables are many, and each keeps its arrays for long.
    /// </summary>
    public void EnsureCapacity(int count)
    {
        if (count > _entries.Length)
        {
            Array.Resize(ref _entries, count);
        }
        if (count > _buckets.Length)
        {
            Rehash((int)BitOperations.RoundUpToPowerOf2((uint)count));
        }
    }

    /// <summary>Inserts a key known to be absent, keeping the given key array (no copy).</summary>
    public int Add(byte[] key, TValue value) => Insert(key, HashKey(key), value);

    private int Insert(byte[] key, uint hash, TValue value)
    {
        int index;
        if (_freeCount > 0)
        {
            index = _freeList;
            _freeList = -3 - _entries[index].Next;
            _freeCount--;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }
            index = _used++;
        }
        if (_snapshotSaved is not null)
        {
            MarkBornAfterSnapshot(index);
        }
        if (Count > _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }
        ref int bucket = ref _buckets[hash & (uint)(_buckets.Length - 1)];
        ref Entry entry = ref _entries[index];
        entry.Key = key;
        entry.Value = value;
        entry.Hash = hash;
        entry.Clock = 0;
        entry.Next = bucket - 1;
        bucket = index + 1;
        return index;
    }

    public bool Remove(ReadOnlySpan<byte> key) => Remove(key, out _, out _);

    public bool Remove(ReadOnlySpan<byte> key, out byte[] removedKey, out TValue removedValue)
    {
        uint hash = HashKey(key);
        ref int bucket = ref _buckets[hash & (uint)(_buckets.Length - 1)];
        int previous = -1;
        int index = bucket - 1;
        while (index >= 0)
        {
            ref Entry entry = ref _entries[index];
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                if (previous < 0)
                {
                    bucket = entry.Next + 1;
                }
                else
                {
                    _entries[previous].Next = entry.Next;
                }
                removedKey = entry.Key;
                removedValue = entry.Value;
                entry.Key = null!;
                entry.Value = default!;
                entry.Next = -3 - _freeList;
                _freeList = index;
                _freeCount++;
                return true;
            }
            previous = index;
            index = entry.Next;
        }
        removedKey = null!;
        removedValue = default!;
        return false;
    }

    public void Clear()
    {
        _buckets = new int[InitialBuckets];
        _entries = new Entry[InitialBuckets];
        _used = 0;
        _freeList = -1;
        _freeCount = 0;
    }

    private void Rehash(int bucketCount)
    {
        var buckets = new int[bucketCount];
        uint mask = (uint)(bucketCount - 1);
        Entry[] entries = _entries;
        for (int i = 0; i < _used; i++)
        {
            if (entries[i].Key is null)
            {
                continue;
            }
            ref int bucket = ref buckets[entries[i].Hash & mask];
            entries[i].Next = bucket - 1;
            bucket = i + 1;
        }
        _buckets = buckets;
    }

    /// <summary>
    /// Shrinks a table that is less than 10% full (as Redis's tryResizeHashTables does from its cron):
    /// fewer buckets and a compacted entry array. Entry indexes change, so this runs only between commands.
    /// </summary>
    public void Compact()
    {
        if (_snapshotSaved is not null)
        {
            return;   // a running snapshot walks entries by index
        }
        int count = Count;
        if (_buckets.Length <= InitialBuckets || (long)count * 10 >= _buckets.Length)
        {
            return;
        }
        int size = (int)Math.Max(InitialBuckets, BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1)));
        var entries = new Entry[size];
        int next = 0;
        for (int i = 0; i < _used; i++)
        {
            if (_entries[i].Key is not null)
            {
                entries[next++] = _entries[i];
            }
        }
        _entries = entries;
        _used = next;
        _freeList = -1;
        _freeCount = 0;
        Rehash(size);
    }

    /// <summary>
    /// One step of a SCAN over the table: appends the entry indexes of the bucket at
    /// <paramref name="cursor"/> (and of the buckets that map onto it) and returns the next cursor, 0 at the end.
    /// This is dictScan's reverse-binary increment, so resizing between steps never skips a key.
    /// </summary>
    public ulong Scan(ulong cursor, List<int> indexes)
    {
        if (Count == 0)
        {
            return 0;
        }
        ulong mask = (ulong)(_buckets.Length - 1);
        int index = _buckets[cursor & mask] - 1;
        while (index >= 0)
        {
            indexes.Add(index);
            index = _entries[index].Next;
        }
        cursor |= ~mask;
        cursor = ReverseBits(cursor);
        cursor++;
        cursor = ReverseBits(cursor);
        return cursor;
    }

    private static ulong ReverseBits(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }

    /// <summary>A uniformly chosen entry index (random bucket, then random chain element), or -1 if empty.</summary>
    public int RandomIndex(Random random)
    {
        if (Count == 0)
        {
            return -1;
        }
        int mask = _buckets.Length - 1;
        while (true)
        {
            int index = _buckets[random.Next() & mask] - 1;
            if (index < 0)
            {
                continue;
            }
            int length = 0;
            for (int i = index; i >= 0; i = _entries[i].Next)
            {
                length++;
            }
            int pick = random.Next(length);
            while (pick-- > 0)
            {
                index = _entries[index].Next;
            }
            return index;
        }
    }

    /// <summary>
    /// An entry index chosen with exactly equal probability for every entry (SRANDMEMBER, SPOP, HRANDFIELD),
    /// or -1 if empty: a random slot of the entry array, retried while it is free. <see cref="RandomIndex"/>
    /// favours entries alone in their bucket; this does not. Expected tries stay small as long as the table
    /// is compacted after deletions (more than one entry in twenty is live).
    /// </summary>
    public int FairRandomIndex(Random random)
    {
        if (Count == 0)
        {
            return -1;
        }
        while (true)
        {
            int index = random.Next(_used);
            if (_entries[index].Key is not null)
            {
                return index;
            }
        }
    }

    // ---------------------------------------------------------------- point-in-time snapshots

    /// <summary>
    /// The snapshot that still has entries of this table to save (null otherwise). Whoever changes or removes
    /// an entry of a table with a barrier first calls <see cref="IKeyWriteBarrier.BeforeWrite"/> for it.
    /// </summary>
    public IKeyWriteBarrier? WriteBarrier { get; private set; }

    /// <summary>Entries ever handed out: a snapshot walks indexes below this (free slots included).</summary>
    internal int HighWater => _used;

    internal bool IsLive(int index) => _entries[index].Key is not null;

    /// <summary>
    /// Starts a snapshot of this table: every live entry becomes "unsaved" (one bit each, so starting costs
    /// a zeroed array of n/64 words, and nothing per entry), entries inserted from now on are born saved,
    /// and <see cref="Compact"/> stops moving entries until <see cref="EndSnapshot"/>.
    /// </summary>
    internal void BeginSnapshot(IKeyWriteBarrier barrier)
    {
        _snapshotSaved = new ulong[SnapshotWords(_entries.Length)];
        WriteBarrier = barrier;
    }

    internal void EndSnapshot()
    {
        _snapshotSaved = null;
        WriteBarrier = null;
    }

    /// <summary>
    /// Marks entry <paramref name="index"/> saved; true if it was not yet (the caller must save it now, before
    /// anything changes it). False when no snapshot runs.
    /// </summary>
    internal bool TryMarkSaved(int index)
    {
        ulong[]? saved = _snapshotSaved;
        if (saved is null)
        {
            return false;
        }
        ulong bit = 1UL << index;
        ref ulong word = ref saved[index >> 6];
        if ((word & bit) != 0)
        {
            return false;
        }
        word |= bit;
        return true;
    }

    private static int SnapshotWords(int entries) => (entries + 63) >> 6;

    // An entry inserted while a snapshot runs is not part of its point in time: born "saved". The bitmap
    // grows with the entry array (which EnsureCapacity may also have grown).
    private void MarkBornAfterSnapshot(int index)
    {
        if (index >> 6 >= _snapshotSaved!.Length)
        {
            Array.Resize(ref _snapshotSaved, SnapshotWords(_entries.Length));
        }
        _snapshotSaved[index >> 6] |= 1UL << index;
    }

    /// <summary>Visits every live entry index in table order (KEYS, FLUSH, persistence).</summary>
    public Enumerator GetEnumerator() => new(this);

    public struct Enumerator
    {
        private readonly KeyTable<TValue> _table;
        private int _index;

        internal Enumerator(KeyTable<TValue> table)
        {
            _table = table;
            _index = -1;
        }

        public readonly int Current => _index;

        public bool MoveNext()
        {
            while (++_index < _table._used)
            {
                if (_table._entries[_index].Key is not null)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
