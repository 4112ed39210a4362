using KvServer.Engine.DataTypes;

namespace KvServer.Engine.Keyspace;

/// <summary>
/// One numbered database: the main table of keys and values and, as in Redis, a second table holding the
/// expiry time of the keys that have one. Every read or write of a key goes through <see cref="Lookup"/>
/// or <see cref="LookupWrite"/>, which delete a key whose time has passed (lazy expiry) and keep the
/// hit/miss statistics, so no command has to remember to. Only the executor touches a database.
/// </summary>
public sealed class Database
{
    private KeyTable<object> _keys = new();
    private KeyTable<long> _expires = new();
    private readonly KeyspaceStats _stats;

    public Database(int index, KeyspaceStats stats)
    {
        Index = index;
        _stats = stats;
    }

    public int Index { get; }

    public int Count => _keys.Count;

    public int ExpiresCount => _expires.Count;

    /// <summary>Sum of the TTLs sampled by the active expiry cycle (INFO keyspace avg_ttl).</summary>
    public long AverageTtl { get; set; }

    /// <summary>
    /// Raised when a key is created (Redis's dbAdd → signalKeyAsReady): clients blocked on a missing key can
    /// only be served once it exists, so creation is the one moment to check them.
    /// </summary>
    public Action<Database, byte[]>? KeyAdded { get; set; }

    /// <summary>Raised for every key removed because its time passed (keyspace events, WATCH).</summary>
    public Action<Database, byte[]>? KeyExpired { get; set; }

    internal KeyTable<object> Keys => _keys;

    internal KeyTable<long> Expires => _expires;

    /// <summary>lookupKeyRead: the live value or null; counts a hit or a miss; refreshes the LRU clock.</summary>
    public object? Lookup(ReadOnlySpan<byte> key, long now)
    {
        int index = FindLive(key, now);
        if (index < 0)
        {
            _stats.Misses++;
            return null;
        }
        _stats.Hits++;
        _keys.ClockAt(index) = LruClock(now);
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
        _keys.ClockAt(index) = LruClock(now);
        return _keys.ValueAt(index);
    }

    /// <summary>Existence check without statistics or LRU update (EXISTS counts through Lookup).</summary>
    public bool Contains(ReadOnlySpan<byte> key, long now) => FindLive(key, now) >= 0;

    /// <summary>The live value without touching LRU or statistics (OBJECT, DEBUG, TYPE's peek).</summary>
    public object? Peek(ReadOnlySpan<byte> key, long now)
    {
        int index = FindLive(key, now);
        return index < 0 ? null : _keys.ValueAt(index);
    }

    private int FindLive(ReadOnlySpan<byte> key, long now)
    {
        int index = _keys.Find(key);
        if (index < 0)
        {
            return -1;
        }
        if (_expires.Count > 0 && _expires.TryGetValue(key, out long when) && when <= now)
        {
            ExpireKey(key);
            return -1;
        }
        return index;
    }

    private void ExpireKey(ReadOnlySpan<byte> key)
    {
        _expires.Remove(key);
        _keys.Remove(key, out byte[] removed, out _);
        _stats.ExpiredKeys++;
        KeyExpired?.Invoke(this, removed);
    }

    /// <summary>
    /// setKey: stores <paramref name="value"/> under <paramref name="key"/>, replacing any value; the TTL is
    /// removed unless <paramref name="keepTtl"/>.
    /// </summary>
    public void Set(ReadOnlySpan<byte> key, object value, bool keepTtl = false)
    {
        int index = _keys.FindOrInsert(key, out bool existed);
        _keys.ValueAt(index) = value;
        if (existed && !keepTtl && _expires.Count > 0)
        {
            _expires.Remove(key);
        }
        if (!existed)
        {
            KeyAdded?.Invoke(this, _keys.KeyAt(index));
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> and returns the key array the table holds (reused for the expiry
    /// entry, so a key with a TTL is stored once).
    /// </summary>
    public byte[] SetAndGetKey(ReadOnlySpan<byte> key, object value, bool keepTtl = false)
    {
        int index = _keys.FindOrInsert(key, out bool existed);
        _keys.ValueAt(index) = value;
        if (existed && !keepTtl && _expires.Count > 0)
        {
            _expires.Remove(key);
        }
        if (!existed)
        {
            KeyAdded?.Invoke(this, _keys.KeyAt(index));
        }
        return _keys.KeyAt(index);
    }

    /// <summary>Adds a key known to be absent, with an optional expiry (RENAME, MOVE, COPY, RDB load).</summary>
    public void Add(byte[] key, object value, long expireAt = -1)
    {
        _keys.Add(key, value);
        if (expireAt >= 0)
        {
            _expires.Add(key, expireAt);
        }
        KeyAdded?.Invoke(this, key);
    }

    /// <summary>Deletes a key; true if it existed (and had not expired).</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        if (_expires.Count > 0)
        {
            _expires.Remove(key);
        }
        return _keys.Remove(key);
    }

    /// <summary>Removes a key and hands back its stored array, value and expiry (RENAME, MOVE).</summary>
    public bool Remove(ReadOnlySpan<byte> key, out byte[] storedKey, out object value, out long expireAt)
    {
        expireAt = -1;
        if (_expires.Count > 0 && _expires.Remove(key, out _, out long when))
        {
            expireAt = when;
        }
        return _keys.Remove(key, out storedKey, out value!);
    }

    /// <summary>Sets the absolute expiry of an existing key.</summary>
    public void SetExpire(ReadOnlySpan<byte> key, long unixTimeMs)
    {
        int keyIndex = _keys.Find(key);
        if (keyIndex < 0)
        {
            return;
        }
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
    public bool Persist(ReadOnlySpan<byte> key) => _expires.Count > 0 && _expires.Remove(key);

    /// <summary>Seconds since the key was last touched (OBJECT IDLETIME).</summary>
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

    private static uint LruClock(long now) => (uint)(now / 1000);

    public void Clear()
    {
        _keys.Clear();
        _expires.Clear();
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
    }

    /// <summary>
    /// One pass of active expiry over this database (activeExpireCycle's inner loop): sample up to
    /// <paramref name="samples"/> keys that have a TTL and delete those whose time has passed.
    /// Returns how many were sampled and how many expired, so the caller can decide to repeat.
    /// </summary>
    public (int Sampled, int Expired) ExpireSample(int samples, long now, Random random)
    {
        int sampled = 0;
        int expired = 0;
        long ttlSum = 0;
        int ttlCount = 0;
        for (int i = 0; i < samples && _expires.Count > 0; i++)
        {
            int index = _expires.RandomIndex(random);
            sampled++;
            long when = _expires.ValueAt(index);
            if (when <= now)
            {
                byte[] key = _expires.KeyAt(index);
                ExpireKey(key);
                expired++;
            }
            else
            {
                ttlSum += when - now;
                ttlCount++;
            }
        }
        if (ttlCount > 0)
        {
            long average = ttlSum / ttlCount;
            // Same smoothing as Redis: the running average moves 2% toward each sample's mean.
            AverageTtl = AverageTtl == 0 ? average : (AverageTtl / 50 * 49) + (average / 50);
        }
        return (sampled, expired);
    }

    /// <summary>Shrinks tables that are mostly empty (tryResizeHashTables), between commands only.</summary>
    public void CompactTables()
    {
        _keys.Compact();
        _expires.Compact();
    }
}
