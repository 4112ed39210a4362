using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;

namespace KvServer.Engine.Keyspace;

/// <summary>
/// One numbered database: the main table of keys and values and, as in Redis, a second table holding the
/// expiry time of the keys that have one. Every read or write of a key goes through <see cref="Lookup"/>
/// or <see cref="LookupWrite"/>, which delete a key whose time has passed (lazy expiry) and keep the
/// hit/miss statistics, so no command has to remember to. Only the executor touches a database.
/// </summary>
/// <remarks>
/// Each table entry carries Redis's robj.lru field: the LRU clock (seconds) or, under an LFU
/// maxmemory-policy, the last decrement time in minutes (16 bits) and a logarithmic access counter (8 bits).
/// A key counts as expired when the current time is strictly past its expiry (keyIsExpired: now &gt; when).
/// </remarks>
public sealed class Database
{
    /// <summary>LFU_INIT_VAL: the counter a new key starts with, so it is not evicted before it can be used.</summary>
    private const uint LfuInitialValue = 5;

    private KeyTable<object> _keys = new();
    private KeyTable<long> _expires = new();
    private readonly KeyspaceStats _stats;
    private readonly ServerOptions? _options;
    private readonly IClock _clock;
    private List<int>? _scanScratch;

    public Database(int index, KeyspaceStats stats, ServerOptions? options = null, IClock? clock = null)
    {
        Index = index;
        _stats = stats;
        _options = options;
        _clock = clock ?? SystemClock.Instance;
    }

    public int Index { get; }

    /// <summary>Keys stored, including keys whose time has passed but that were not yet removed (DBSIZE).</summary>
    public int Count => _keys.Count;

    public int ExpiresCount => _expires.Count;

    /// <summary>Running average of the TTLs the active expiry cycle sampled (INFO keyspace avg_ttl).</summary>
    public long AverageTtl { get; set; }

    /// <summary>
    /// Raised when a key is created (Redis's dbAdd → signalKeyAsReady): clients blocked on a missing key can
    /// only be served once it exists, so creation is the one moment to check them.
    /// </summary>
    public Action<Database, byte[]>? KeyAdded { get; set; }

    /// <summary>Where the active expiry cycle resumes its walk of the expires table (db->expires_cursor).</summary>
    public ulong ExpiresCursor { get; set; }

    /// <summary>Raised for every key removed because its time passed (keyspace events, WATCH).</summary>
    public Action<Database, byte[]>? KeyExpired { get; set; }

    /// <summary>
    /// Raised when <see cref="Lookup"/> misses (lookupKeyRead's "keymiss" keyspace event). Write lookups
    /// never raise it, as in Redis.
    /// </summary>
    public KeyMissHandler? KeyMissed { get; set; }

    internal KeyTable<object> Keys => _keys;

    internal KeyTable<long> Expires => _expires;

    private bool UsesLfu => _options is not null && _options.UsesLfu;

    /// <summary>
    /// lookupKeyRead: the live value or null; counts a hit or a miss; refreshes the LRU clock. A miss raises
    /// <see cref="KeyMissed"/> unless <paramref name="notifyMiss"/> is false (Redis's LOOKUP_NONOTIFY, used by
    /// OBJECT and SCAN's TYPE filter).
    /// </summary>
    public object? Lookup(ReadOnlySpan<byte> key, long now, bool notifyMiss = true)
    {
        int index = FindLive(key, now);
        if (index < 0)
        {
            _stats.Misses++;
            if (notifyMiss)
            {
                KeyMissed?.Invoke(this, key);
            }
            return null;
        }
        _stats.Hits++;
        Touch(index, now);
        return _keys.ValueAt(index);
    }

    /// <summary>
    /// lookupKeyReadWithFlags(LOOKUP_NOTOUCH): the live value or null; counts a hit or a miss but leaves the
    /// LRU/LFU clock alone (EXISTS, TYPE, TTL, OBJECT, SCAN's TYPE filter). A miss raises
    /// <see cref="KeyMissed"/> unless <paramref name="notifyMiss"/> is false (LOOKUP_NONOTIFY: OBJECT).
    /// </summary>
    public object? LookupNoTouch(ReadOnlySpan<byte> key, long now, bool notifyMiss = true)
    {
        int index = FindLive(key, now);
        if (index < 0)
        {
            _stats.Misses++;
            if (notifyMiss)
            {
                KeyMissed?.Invoke(this, key);
            }
            return null;
        }
        _stats.Hits++;
        return _keys.ValueAt(index);
    }

    /// <summary>lookupKeyWrite: the live value or null, without touching statistics.</summary>
    public object? LookupWrite(ReadOnlySpan<byte> key, long now)
    {
        int index = FindLive(key, now);
        if (index < 0)
        {
            return null;
        }
        BeforeWrite(index);
        Touch(index, now);
        return _keys.ValueAt(index);
    }

    /// <summary>Existence check without statistics or LRU update (an expired key is removed).</summary>
    public bool Contains(ReadOnlySpan<byte> key, long now) => FindLive(key, now) >= 0;

    /// <summary>The live value without touching LRU or statistics (DEBUG, internal checks).</summary>
    public object? Peek(ReadOnlySpan<byte> key, long now)
    {
        int index = FindLive(key, now);
        return index < 0 ? null : _keys.ValueAt(index);
    }

    /// <summary>
    /// expireIfNeeded: removes <paramref name="key"/> if its time has passed (raising <see cref="KeyExpired"/>)
    /// and says whether it did. DEL, RANDOMKEY and SCAN call it before looking at a key.
    /// </summary>
    public bool ExpireIfNeeded(ReadOnlySpan<byte> key, long now)
    {
        if (!IsExpired(key, now))
        {
            return false;
        }
        ExpireKey(key);
        return true;
    }

    /// <summary>keyIsExpired: whether the key's time has passed, without removing it (KEYS).</summary>
    public bool IsExpired(ReadOnlySpan<byte> key, long now) =>
        _expires.Count > 0 && _expires.TryGetValue(key, out long when) && now > when;

    private int FindLive(ReadOnlySpan<byte> key, long now)
    {
        int index = _keys.Find(key);
        if (index < 0)
        {
            return -1;
        }
        if (_expires.Count > 0 && _expires.TryGetValue(key, out long when) && now > when)
        {
            ExpireKey(key);
            return -1;
        }
        return index;
    }

    private void ExpireKey(ReadOnlySpan<byte> key)
    {
        BeforeWrite(key);
        _expires.Remove(key);
        _keys.Remove(key, out byte[] removed, out _);
        _stats.ExpiredKeys++;
        KeyExpired?.Invoke(this, removed);
    }

    /// <summary>
    /// setKey: stores <paramref name="value"/> under <paramref name="key"/>, replacing any value; the TTL is
    /// removed unless <paramref name="keepTtl"/>.
    /// </summary>
    public void Set(ReadOnlySpan<byte> key, object value, bool keepTtl = false) => SetAndGetKey(key, value, keepTtl);

    /// <summary>
    /// Stores <paramref name="value"/> and returns the key array the table holds (reused for the expiry
    /// entry, so a key with a TTL is stored once).
    /// </summary>
    public byte[] SetAndGetKey(ReadOnlySpan<byte> key, object value, bool keepTtl = false)
    {
        int index = _keys.FindOrInsert(key, out bool existed);
        if (existed)
        {
            BeforeWrite(index);
        }
        _keys.ValueAt(index) = value;
        if (!existed)
        {
            _keys.ClockAt(index) = InitialClock(_clock.UnixTimeMilliseconds);
        }
        else
        {
            // dbOverwrite: a new object has a fresh LRU clock, but under LFU it inherits the old counter.
            if (!UsesLfu)
            {
                _keys.ClockAt(index) = LruClock(_clock.UnixTimeMilliseconds);
            }
            if (!keepTtl && _expires.Count > 0)
            {
                _expires.Remove(key);
            }
        }
        if (!existed)
        {
            KeyAdded?.Invoke(this, _keys.KeyAt(index));
        }
        return _keys.KeyAt(index);
    }

    /// <summary>Adds a key known to be absent, with an optional expiry (COPY, RDB load).</summary>
    public void Add(byte[] key, object value, long expireAt = -1)
    {
        int index = _keys.Add(key, value);
        _keys.ClockAt(index) = InitialClock(_clock.UnixTimeMilliseconds);
        if (expireAt >= 0)
        {
            _expires.Add(key, expireAt);
        }
        KeyAdded?.Invoke(this, key);
    }

    /// <summary>Deletes a key; true if it was stored (callers expire it first when that matters).</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        BeforeWrite(key);
        if (_expires.Count > 0)
        {
            _expires.Remove(key);
        }
        return _keys.Remove(key);
    }

    /// <summary>Removes a key and hands back its stored array, value and expiry.</summary>
    public bool Remove(ReadOnlySpan<byte> key, out byte[] storedKey, out object value, out long expireAt)
    {
        expireAt = -1;
        BeforeWrite(key);
        if (_expires.Count > 0 && _expires.Remove(key, out _, out long when))
        {
            expireAt = when;
        }
        return _keys.Remove(key, out storedKey, out value!);
    }

    /// <summary>
    /// RENAME and MOVE: moves the value stored at <paramref name="key"/>, with its expiry and its LRU/LFU
    /// clock (Redis moves the same object), to <paramref name="newKey"/> in <paramref name="target"/>,
    /// replacing whatever that key held. The caller has checked that <paramref name="key"/> is live. Like
    /// Redis's dbAdd, the new key raises <see cref="KeyAdded"/> (the "new" event, blocked clients), even when
    /// it replaced a value.
    /// </summary>
    public void MoveKey(ReadOnlySpan<byte> key, Database target, ReadOnlySpan<byte> newKey)
    {
        int index = _keys.Find(key);
        if (index < 0)
        {
            return;
        }
        uint clock = _keys.ClockAt(index);
        Remove(key, out byte[] storedKey, out object value, out long expireAt);
        target.Delete(newKey);
        byte[] targetKey = newKey.SequenceEqual(storedKey) ? storedKey : newKey.ToArray();
        int targetIndex = target._keys.Add(targetKey, value);
        target._keys.ClockAt(targetIndex) = clock;
        if (expireAt >= 0)
        {
            target._expires.Add(targetKey, expireAt);
        }
        target.KeyAdded?.Invoke(target, targetKey);
    }

    /// <summary>Sets the absolute expiry of an existing key.</summary>
    public void SetExpire(ReadOnlySpan<byte> key, long unixTimeMs)
    {
        int keyIndex = _keys.Find(key);
        if (keyIndex < 0)
        {
            return;
        }
        BeforeWrite(keyIndex);
        int index = _expires.Find(key);
        if (index >= 0)
        {
            _expires.ValueAt(index) = unixTimeMs;
        }
        else
        {
            _expires.Add(_keys.KeyAt(keyIndex), unixTimeMs);
        }
    }

    /// <summary>The absolute expiry in Unix ms, or -1 when the key has none.</summary>
    public long GetExpire(ReadOnlySpan<byte> key) =>
        _expires.Count > 0 && _expires.TryGetValue(key, out long when) ? when : -1;

    /// <summary>Removes the expiry; true if there was one.</summary>
    public bool Persist(ReadOnlySpan<byte> key)
    {
        if (_expires.Count == 0)
        {
            return false;
        }
        BeforeWrite(key);
        return _expires.Remove(key);
    }

    /// <summary>
    /// dbRandomKey: a uniformly chosen live key, or null when the database is empty. Keys met on the way
    /// whose time has passed are removed, as Redis does.
    /// </summary>
    public byte[]? RandomKey(long now, Random random)
    {
        while (true)
        {
            int index = _keys.RandomIndex(random);
            if (index < 0)
            {
                return null;
            }
            byte[] key = _keys.KeyAt(index);
            if (!ExpireIfNeeded(key, now))
            {
                return key;
            }
        }
    }

    /// <summary>Seconds since the key was last touched (OBJECT IDLETIME; meaningful under an LRU policy).</summary>
    public long IdleSeconds(ReadOnlySpan<byte> key, long now)
    {
        int index = _keys.Find(key);
        if (index < 0)
        {
            return 0;
        }
        uint clock = _keys.ClockAt(index);
        uint current = LruClock(now);
        return current >= clock ? current - clock : 0;
    }

    /// <summary>LFUDecrAndReturn: the key's access counter after decay (OBJECT FREQ; meaningful under LFU).</summary>
    public long LfuFrequency(ReadOnlySpan<byte> key, long now)
    {
        int index = _keys.Find(key);
        return index < 0 ? 0 : LfuDecrement(_keys.ClockAt(index), now);
    }

    /// <summary>Updates the access clock of a key that was just read or written (lookupKey's LRU/LFU step).</summary>
    private void Touch(int index, long now)
    {
        ref uint clock = ref _keys.ClockAt(index);
        if (UsesLfu)
        {
            uint counter = LfuIncrement(LfuDecrement(clock, now));
            clock = (LfuMinutes(now) << 8) | counter;
        }
        else
        {
            clock = LruClock(now);
        }
    }

    /// <summary>The clock a new object starts with (createObject): now for LRU, LFU_INIT_VAL for LFU.</summary>
    private uint InitialClock(long now) => UsesLfu ? (LfuMinutes(now) << 8) | LfuInitialValue : LruClock(now);

    private static uint LruClock(long now) => (uint)(now / 1000);

    /// <summary>LFUGetTimeInMinutes: Unix minutes, 16 bits.</summary>
    private static uint LfuMinutes(long now) => (uint)((now / 60_000) & 0xFFFF);

    /// <summary>LFUDecrAndReturn: the counter minus one per lfu-decay-time minutes since the last decrement.</summary>
    private uint LfuDecrement(uint clock, long now)
    {
        uint lastMinutes = clock >> 8;
        uint counter = clock & 0xFF;
        int decayTime = _options?.LfuDecayTime ?? 1;
        if (decayTime <= 0)
        {
            return counter;
        }
        uint minutes = LfuMinutes(now);
        uint elapsed = minutes >= lastMinutes ? minutes - lastMinutes : 65535 - lastMinutes + minutes;
        uint periods = elapsed / (uint)decayTime;
        return periods > counter ? 0 : counter - periods;
    }

    /// <summary>LFULogIncr: increments with probability 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1).</summary>
    private uint LfuIncrement(uint counter)
    {
        if (counter == 255)
        {
            return counter;
        }
        double baseValue = counter > LfuInitialValue ? counter - LfuInitialValue : 0;
        double probability = 1.0 / (baseValue * (_options?.LfuLogFactor ?? 10) + 1);
        return Random.Shared.NextDouble() < probability ? counter + 1 : counter;
    }

    /// <summary>Removes every key (FLUSHDB); the expiry statistics restart as in emptyDbStructure.</summary>
    public void Clear()
    {
        if (_keys.WriteBarrier is not null)
        {
            // A running snapshot still reads these tables: hand them over to it and start fresh ones.
            _keys = new KeyTable<object>();
            _expires = new KeyTable<long>();
        }
        else
        {
            _keys.Clear();
            _expires.Clear();
        }
        AverageTtl = 0;
        ExpiresCursor = 0;
    }

    /// <summary>
    /// Exchanges the whole contents of two databases (SWAPDB). Tables move, Database objects stay, so a
    /// client that selected a database keeps its reference and sees the swapped data.
    /// </summary>
    public static void SwapContents(Database a, Database b)
    {
        (a._keys, b._keys) = (b._keys, a._keys);
        (a._expires, b._expires) = (b._expires, a._expires);
        (a.AverageTtl, b.AverageTtl) = (b.AverageTtl, a.AverageTtl);
        (a.ExpiresCursor, b.ExpiresCursor) = (b.ExpiresCursor, a.ExpiresCursor);
    }

    /// <summary>
    /// One iteration of activeExpireCycle's inner loop over this database: walks the expires table from
    /// <see cref="ExpiresCursor"/> (a SCAN cursor, so successive calls visit every bucket in turn instead of
    /// sampling the same keys again) until <paramref name="keysPerLoop"/> keys were sampled or 20 buckets per
    /// wanted key were visited, deleting the keys whose time has passed. Returns false, sampling nothing,
    /// when there is no key with a TTL or the expires table is under 1% full (too sparse to sample cheaply;
    /// the cron shrinks it first).
    /// </summary>
    public bool ActiveExpireStep(int keysPerLoop, long now, out int sampled, out int expired)
    {
        sampled = 0;
        expired = 0;
        int count = _expires.Count;
        if (count == 0)
        {
            AverageTtl = 0;
            return false;
        }
        int slots = _expires.BucketCount;
        if (slots > KeyTable<long>.InitialBuckets && (long)count * 100 / slots < 1)
        {
            return false;
        }
        int wanted = Math.Min(count, keysPerLoop);
        long maxBuckets = (long)wanted * 20;
        long checkedBuckets = 0;
        long ttlSum = 0;
        int ttlSamples = 0;
        List<int> bucket = _scanScratch ??= new List<int>();
        while (sampled < wanted && checkedBuckets < maxBuckets)
        {
            bucket.Clear();
            ExpiresCursor = _expires.Scan(ExpiresCursor, bucket);
            checkedBuckets++;
            // Read the whole bucket before deleting: removing an entry clears its slot.
            for (int i = 0; i < bucket.Count; i++)
            {
                int index = bucket[i];
                long ttl = _expires.ValueAt(index) - now;
                if (ttl < 0)
                {
                    bucket[i] = -1 - index;   // marked for expiry below
                }
                else if (ttl > 0)
                {
                    ttlSum += ttl;
                    ttlSamples++;
                }
                sampled++;
            }
            for (int i = 0; i < bucket.Count; i++)
            {
                if (bucket[i] < 0)
                {
                    ExpireKey(_expires.KeyAt(-1 - bucket[i]));
                    expired++;
                }
            }
            if (_expires.Count == 0)
            {
                break;
            }
        }
        if (ttlSamples > 0)
        {
            long average = ttlSum / ttlSamples;
            // Same smoothing as Redis: the running average moves 2% toward each iteration's mean.
            if (AverageTtl == 0)
            {
                AverageTtl = average;
            }
            AverageTtl = (AverageTtl / 50 * 49) + (average / 50);
        }
        return true;
    }

    // ---------------------------------------------------------------- snapshot barrier

    /// <summary>
    /// Every change to an existing key passes here first: while a point-in-time snapshot has not saved the
    /// key yet, it saves it now, as it is (see <see cref="IKeyWriteBarrier"/>). One field read otherwise.
    /// </summary>
    private void BeforeWrite(int index) => _keys.WriteBarrier?.BeforeWrite(index);

    private void BeforeWrite(ReadOnlySpan<byte> key)
    {
        IKeyWriteBarrier? barrier = _keys.WriteBarrier;
        if (barrier is not null)
        {
            int index = _keys.Find(key);
            if (index >= 0)
            {
                barrier.BeforeWrite(index);
            }
        }
    }

    /// <summary>estimateObjectIdleTime for a snapshot: seconds since an entry's LRU clock.</summary>
    internal long IdleSecondsFromClock(uint clock, long now)
    {
        uint current = LruClock(now);
        return current >= clock ? current - clock : 0;
    }

    /// <summary>LFUDecrAndReturn for a snapshot: an entry's access counter after decay.</summary>
    internal int LfuFrequencyFromClock(uint clock, long now) => (int)LfuDecrement(clock, now);

    /// <summary>Shrinks tables that are mostly empty (tryResizeHashTables), between commands only.</summary>
    public void CompactTables()
    {
        _keys.Compact();
        _expires.Compact();
    }

    // ---------------------------------------------------------------- RDB loading and RESTORE

    /// <summary>
    /// RESIZEDB: pre-sizes the tables for the key counts an RDB file announces. A hint only; a count past what
    /// a table can hold (a corrupt file) is ignored rather than allocated.
    /// </summary>
    public void ReserveForLoad(ulong keys, ulong expires)
    {
        const ulong Limit = 1UL << 28;
        if (keys <= Limit)
        {
            _keys.EnsureCapacity(_keys.Count + (int)keys);
        }
        if (expires <= Limit)
        {
            _expires.EnsureCapacity(_expires.Count + (int)expires);
        }
    }

    /// <summary>
    /// dbAddRDBLoad: adds a key read from an RDB file with its expiry (-1 for none), without raising
    /// <see cref="KeyAdded"/>: loading wakes no client and fires no keyspace event. When the key is already
    /// there, returns false and changes nothing unless <paramref name="replace"/> (RDBFLAGS_ALLOW_DUP).
    /// <paramref name="now"/> stamps the access clock: the loader reads the time once, not once per key.
    /// </summary>
    public bool AddLoaded(byte[] key, object value, long expireAt, bool replace, long now)
    {
        if (!_keys.TryAdd(key, value, out int index))
        {
            if (!replace)
            {
                return false;
            }
            BeforeWrite(index);
            _keys.ValueAt(index) = value;
            if (_expires.Count > 0)
            {
                _expires.Remove(key);
            }
            key = _keys.KeyAt(index);
        }
        _keys.ClockAt(index) = InitialClock(now);
        if (expireAt >= 0)
        {
            _expires.Add(key, expireAt);
        }
        return true;
    }

    /// <summary>
    /// objectSetLRUOrLFU: applies an access history read from RDB (IDLE, FREQ) or given to RESTORE (IDLETIME,
    /// FREQ) to a stored key. Under an LFU policy only a frequency counts, otherwise only an idle time; -1
    /// means "not given". Returns whether the clock changed.
    /// </summary>
    public bool SetAccessHistory(ReadOnlySpan<byte> key, long idleSeconds, int frequency, long now)
    {
        int index = _keys.Find(key);
        if (index < 0)
        {
            return false;
        }
        if (UsesLfu)
        {
            if (frequency < 0)
            {
                return false;
            }
            _keys.ClockAt(index) = (LfuMinutes(now) << 8) | (uint)Math.Min(frequency, 255);
            return true;
        }
        if (idleSeconds < 0)
        {
            return false;
        }
        long clock = now / 1000 - idleSeconds;
        _keys.ClockAt(index) = clock > 0 ? (uint)clock : 0;
        return true;
    }
}
