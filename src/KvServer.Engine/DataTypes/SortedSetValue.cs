using KvServer.Engine.Keyspace;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// A sorted set (Redis's OBJ_ZSET) in one of Redis 7.0's two encodings. "listpack" (<see cref="ZsetListpack"/>)
/// while it has at most zset-max-listpack-entries members of at most zset-max-listpack-value bytes: compact,
/// linear-time operations. "skiplist" once a limit is crossed: a <see cref="SkipList"/> for order and ranks
/// plus a member → score table for O(1) ZSCORE, sharing the member arrays. The conversion happens once
/// (zsetConvert); only the STORE commands build results that go back to listpack when they fit.
/// </summary>
/// <remarks>
/// Commands stay encoding-agnostic by walking <see cref="Position"/>s, the counterpart of t_zset.c's
/// eptr/sptr and zskiplistNode pointers. A position is invalidated by any change to the set.
/// </remarks>
public sealed partial class SortedSetValue : IKvCollection, ISortableCollection
{
    /// <summary>LISTPACK_MAX_SAFETY_SIZE: lpSafeToAdd refuses to grow a listpack past 1 GB.</summary>
    private const int ListpackSafetySize = 1 << 30;

    private ZsetListpack? _listpack;
    private SkipList? _zsl;
    private KeyTable<double>? _dict;

    /// <summary>An empty listpack-encoded set (createZsetListpackObject).</summary>
    public SortedSetValue()
    {
        _listpack = new ZsetListpack();
    }

    private SortedSetValue(ZsetListpack listpack)
    {
        _listpack = listpack;
    }

    private SortedSetValue(SkipList zsl, KeyTable<double> dict)
    {
        _zsl = zsl;
        _dict = dict;
    }

    /// <summary>Bytes a member of <paramref name="memberLength"/> bytes takes in a listpack (see <see cref="ReserveListpack"/>).</summary>
    public static long ListpackEntrySize(int memberLength) => ZsetListpack.EntrySizeFor(memberLength);

    /// <summary>
    /// Sizes a listpack-encoded set for entries a command is about to add (<paramref name="bytes"/>, summed
    /// with <see cref="ListpackEntrySize"/>), so that its array is allocated once and exactly. No-op for a skiplist.
    /// </summary>
    public void ReserveListpack(long bytes)
    {
        if (_listpack is { } listpack && bytes < ListpackSafetySize)
        {
            listpack.Reserve((int)bytes);
        }
    }

    /// <summary>An empty skiplist-encoded set (createZsetObject).</summary>
    public static SortedSetValue CreateSkiplist() => new(new SkipList(), new KeyTable<double>());

    /// <summary>
    /// The set ZADD creates for a new key: skiplist right away when listpacks are disabled or the first member
    /// is already too long for one, as zaddGenericCommand decides.
    /// </summary>
    public static SortedSetValue Create(long maxListpackEntries, long maxListpackValue, int firstMemberLength) =>
        maxListpackEntries == 0 || maxListpackValue < firstMemberLength ? CreateSkiplist() : new SortedSetValue();

    /// <summary>
    /// A skiplist-encoded set over a member → score table built elsewhere (ZUNION's accumulator): the table
    /// becomes the set's own and its key arrays are shared with the skiplist nodes.
    /// </summary>
    internal static SortedSetValue FromTable(KeyTable<double> table)
    {
        var zsl = new SkipList();
        foreach (int index in table)
        {
            zsl.Insert(table.ValueAt(index), table.KeyAt(index));
        }
        return new SortedSetValue(zsl, table);
    }

    public KvType Type => KvType.SortedSet;

    public string Encoding => _listpack is not null ? "listpack" : "skiplist";

    public bool IsListpack => _listpack is not null;

    public long Count => _listpack is { } listpack ? listpack.Count : _zsl!.Length;

    /// <summary>SORT: members in ascending rank order (score, then member).</summary>
    public void CollectElements(List<byte[]> destination)
    {
        for (Position p = First; p.IsValid; p = Next(p))
        {
            destination.Add(MemberAt(p).ToArray());
        }
    }

    /// <summary>zsetDup: same encoding, independent structure (member arrays are immutable and shared).</summary>
    public IKvCollection Clone()
    {
        if (_listpack is { } listpack)
        {
            return new SortedSetValue(listpack.Clone());
        }
        SortedSetValue copy = CreateSkiplist();
        // From the tail down, so every insert stops at the head (zsetDup's trick).
        for (SkipListNode? node = _zsl!.Tail; node is not null; node = node.Backward)
        {
            copy._zsl!.Insert(node.Score, node.Member);
            copy._dict!.Add(node.Member, node.Score);
        }
        return copy;
    }

    // ---------------------------------------------------------------- single members

    /// <summary>
    /// zsetAdd: adds or updates one member under the ZADD flags. Returns what happened; with INCR,
    /// <paramref name="newScore"/> is the resulting score. NaN input or result changes nothing.
    /// Crossing a listpack limit converts the set to skiplist first.
    /// </summary>
    public ZaddResult Add(ReadOnlySpan<byte> member, double score, ZaddFlags flags,
        long maxListpackEntries, long maxListpackValue, out double newScore)
    {
        newScore = score;
        if (double.IsNaN(score))
        {
            return ZaddResult.NaN;
        }
        bool nx = (flags & ZaddFlags.Nx) != 0;
        bool xx = (flags & ZaddFlags.Xx) != 0;
        if (_listpack is { } listpack)
        {
            int position = listpack.Find(member, out double current);
            if (position >= 0)
            {
                if (nx)
                {
                    return ZaddResult.Nop;
                }
                ZaddResult result = ApplyUpdate(ref score, current, flags);
                if (result != ZaddResult.Updated)
                {
                    newScore = result == ZaddResult.None ? score : newScore;
                    return result;
                }
                newScore = score;
                listpack.Delete(position);
                listpack.Insert(member, score);
                return ZaddResult.Updated;
            }
            if (xx)
            {
                return ZaddResult.Nop;
            }
            if (listpack.Count + 1 <= maxListpackEntries && member.Length <= maxListpackValue &&
                listpack.ByteLength + member.Length <= ListpackSafetySize)
            {
                listpack.Insert(member, score);
                return ZaddResult.Added;
            }
            ConvertToSkiplist();
        }

        int index = _dict!.Find(member);
        if (index >= 0)
        {
            if (nx)
            {
                return ZaddResult.Nop;
            }
            double current = _dict.ValueAt(index);
            ZaddResult result = ApplyUpdate(ref score, current, flags);
            if (result != ZaddResult.Updated)
            {
                newScore = result == ZaddResult.None ? score : newScore;
                return result;
            }
            newScore = score;
            _zsl!.UpdateScore(current, member, score);
            _dict.ValueAt(index) = score;
            return ZaddResult.Updated;
        }
        if (xx)
        {
            return ZaddResult.Nop;
        }
        byte[] copy = member.ToArray();
        _zsl!.Insert(score, copy);
        _dict.Add(copy, score);
        return ZaddResult.Added;
    }

    /// <summary>
    /// The existing-member half of zsetAdd: INCR adds to the current score (NaN result refused), GT/LT may
    /// veto. Returns Updated when the score changes, None when it stays equal, Nop or NaN otherwise.
    /// </summary>
    private static ZaddResult ApplyUpdate(ref double score, double current, ZaddFlags flags)
    {
        if ((flags & ZaddFlags.Incr) != 0)
        {
            score += current;
            if (double.IsNaN(score))
            {
                return ZaddResult.NaN;
            }
        }
        if (((flags & ZaddFlags.Lt) != 0 && score >= current) || ((flags & ZaddFlags.Gt) != 0 && score <= current))
        {
            return ZaddResult.Nop;
        }
        return score != current ? ZaddResult.Updated : ZaddResult.None;
    }

    /// <summary>
    /// Adds a member known to be absent to a skiplist-encoded set under construction (ZINTER, ZDIFF
    /// results); the set keeps <paramref name="member"/>.
    /// </summary>
    internal void AddNew(byte[] member, double score)
    {
        _zsl!.Insert(score, member);
        _dict!.Add(member, score);
    }

    /// <summary>zsetScore.</summary>
    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (_listpack is { } listpack)
        {
            return listpack.Find(member, out score) >= 0;
        }
        return _dict!.TryGetValue(member, out score);
    }

    /// <summary>zsetDel: true when the member was there.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_listpack is { } listpack)
        {
            int position = listpack.Find(member, out _);
            if (position < 0)
            {
                return false;
            }
            listpack.Delete(position);
            return true;
        }
        if (!_dict!.Remove(member, out _, out double score))
        {
            return false;
        }
        _zsl!.Delete(score, member);
        _dict.Compact();   // zsetRemoveFromSkiplist: dictResize when mostly empty
        return true;
    }

    /// <summary>zsetRank: 0-based rank from the lowest (or, reversed, the highest) score; -1 when absent.</summary>
    public long Rank(ReadOnlySpan<byte> member, bool reverse)
    {
        long count = Count;
        long rank;
        if (_listpack is { } listpack)
        {
            int position = listpack.Find(member, out _);
            if (position < 0)
            {
                return -1;
            }
            rank = listpack.RankOf(position);
        }
        else
        {
            if (!_dict!.TryGetValue(member, out double score))
            {
                return -1;
            }
            rank = _zsl!.GetRank(score, member) - 1;
        }
        return reverse ? count - 1 - rank : rank;
    }

    // ---------------------------------------------------------------- positions

    public Position First => _listpack is { } listpack ? new Position(listpack.First) : new Position(_zsl!.First);

    public Position Last => _listpack is { } listpack ? new Position(listpack.Last) : new Position(_zsl!.Tail);

    /// <summary>The element at 0-based <paramref name="rank"/> (ascending), or an invalid position.</summary>
    public Position AtRank(long rank)
    {
        if (_listpack is { } listpack)
        {
            return new Position(listpack.Seek(rank));
        }
        if (rank < 0 || rank >= _zsl!.Length)
        {
            return new Position(-1);
        }
        return new Position(rank == 0 ? _zsl.First : _zsl.GetElementByRank(rank + 1));
    }

    public Position Next(Position position) =>
        _listpack is { } listpack ? new Position(listpack.Next(position.Offset)) : new Position(position.Node!.Next);

    public Position Prev(Position position) =>
        _listpack is { } listpack ? new Position(listpack.Prev(position.Offset)) : new Position(position.Node!.Backward);

    /// <summary>The next element in ascending order, or the previous one when <paramref name="reverse"/>.</summary>
    public Position Step(Position position, bool reverse) => reverse ? Prev(position) : Next(position);

    /// <summary>The member bytes at a position; valid until the set changes.</summary>
    public ReadOnlySpan<byte> MemberAt(Position position) =>
        _listpack is { } listpack ? listpack.MemberAt(position.Offset) : position.Node!.Member;

    public double ScoreAt(Position position) =>
        _listpack is { } listpack ? listpack.ScoreAt(position.Offset) : position.Node!.Score;

    /// <summary>Removes the element at a position (ZPOPMIN/ZPOPMAX); every position becomes invalid.</summary>
    public void RemoveAt(Position position)
    {
        if (_listpack is { } listpack)
        {
            listpack.Delete(position.Offset);
            return;
        }
        SkipListNode node = position.Node!;
        _dict!.Remove(node.Member);
        _zsl!.Delete(node.Score, node.Member);
        _dict.Compact();
    }

    /// <summary>
    /// zzlIsInRange / zzlIsInLexRange: the range is not empty, the last element is above min and the first
    /// below max. Lex ranges are only meaningful when all scores are equal; otherwise Redis's answer depends
    /// on exactly these checks, so they are kept even where a scan would find more.
    /// </summary>
    private static bool ListpackIsInRange<TRange>(ZsetListpack listpack, in TRange range)
        where TRange : IZsetRange, allows ref struct =>
        !range.IsEmpty && listpack.Count > 0 &&
        range.AboveMin(listpack, listpack.Last) && range.BelowMax(listpack, listpack.First);

    /// <summary>Whether the element at <paramref name="position"/> is at or above the range's minimum.</summary>
    internal bool AboveMin<TRange>(in TRange range, Position position)
        where TRange : IZsetRange, allows ref struct =>
        _listpack is { } listpack ? range.AboveMin(listpack, position.Offset) : range.AboveMin(position.Node!);

    /// <summary>Whether the element at <paramref name="position"/> is at or below the range's maximum.</summary>
    internal bool BelowMax<TRange>(in TRange range, Position position)
        where TRange : IZsetRange, allows ref struct =>
        _listpack is { } listpack ? range.BelowMax(listpack, position.Offset) : range.BelowMax(position.Node!);

    /// <summary>zslFirstInRange / zzlFirstInRange, and their lex forms.</summary>
    internal Position FirstInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        if (_listpack is not { } listpack)
        {
            return new Position(_zsl!.FirstInRange(range));
        }
        if (!ListpackIsInRange(listpack, range))
        {
            return new Position(-1);
        }
        for (int p = listpack.First; p >= 0; p = listpack.Next(p))
        {
            if (range.AboveMin(listpack, p))
            {
                return new Position(range.BelowMax(listpack, p) ? p : -1);
            }
        }
        return new Position(-1);
    }

    /// <summary>zslLastInRange / zzlLastInRange, and their lex forms.</summary>
    internal Position LastInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        if (_listpack is not { } listpack)
        {
            return new Position(_zsl!.LastInRange(range));
        }
        if (!ListpackIsInRange(listpack, range))
        {
            return new Position(-1);
        }
        for (int p = listpack.Last; p >= 0; p = listpack.Prev(p))
        {
            if (range.BelowMax(listpack, p))
            {
                return new Position(range.AboveMin(listpack, p) ? p : -1);
            }
        }
        return new Position(-1);
    }

    /// <summary>ZCOUNT and ZLEXCOUNT: by walking a listpack, by rank arithmetic on a skiplist (O(log n)).</summary>
    internal long CountInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        if (_listpack is { } listpack)
        {
            return CountFrom(listpack, FirstInRange(range).Offset, range);
        }
        SkipListNode? first = _zsl!.FirstInRange(range);
        if (first is null)
        {
            return 0;
        }
        SkipListNode last = _zsl.LastInRange(range)!;
        return _zsl.GetRank(last.Score, last.Member) - _zsl.GetRank(first.Score, first.Member) + 1;
    }

    // Entries from offset first on (-1: none) that are below the range's maximum.
    private static int CountFrom<TRange>(ZsetListpack listpack, int first, in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        int count = 0;
        for (int p = first; p >= 0 && range.BelowMax(listpack, p); p = listpack.Next(p))
        {
            count++;
        }
        return count;
    }

    // ---------------------------------------------------------------- range removal

    /// <summary>ZREMRANGEBYRANK over 0-based inclusive ranks already clamped to the set.</summary>
    public long RemoveRangeByRank(long start, long end)
    {
        if (_listpack is { } listpack)
        {
            int count = (int)(end - start + 1);
            listpack.DeleteRange(listpack.Seek(start), count);
            return count;
        }
        long removed = _zsl!.DeleteRangeByRank(start + 1, end + 1, _dict!);
        _dict!.Compact();
        return removed;
    }

    /// <summary>ZREMRANGEBYSCORE and ZREMRANGEBYLEX.</summary>
    internal long RemoveInRange<TRange>(in TRange range)
        where TRange : IZsetRange, allows ref struct
    {
        if (_listpack is { } listpack)
        {
            int first = FirstInRange(range).Offset;
            int count = CountFrom(listpack, first, range);
            if (count > 0)
            {
                listpack.DeleteRange(first, count);
            }
            return count;
        }
        long removed = _zsl!.DeleteInRange(range, _dict!);
        _dict!.Compact();
        return removed;
    }

    // ---------------------------------------------------------------- encodings

    /// <summary>zsetConvert(OBJ_ENCODING_SKIPLIST).</summary>
    public void ConvertToSkiplist()
    {
        if (_listpack is not { } listpack)
        {
            return;
        }
        var zsl = new SkipList();
        var dict = new KeyTable<double>();
        for (int p = listpack.First; p >= 0; p = listpack.Next(p))
        {
            byte[] member = listpack.MemberAt(p).ToArray();
            double score = listpack.ScoreAt(p);
            zsl.Insert(score, member);
            dict.Add(member, score);
        }
        _zsl = zsl;
        _dict = dict;
        _listpack = null;
    }

    /// <summary>
    /// zsetConvertToListpackIfNeeded: a STORE result that fits the listpack limits goes back to listpack.
    /// </summary>
    public void ConvertToListpackIfFits(long maxListpackEntries, long maxListpackValue)
    {
        if (_listpack is not null || _zsl!.Length > maxListpackEntries)
        {
            return;
        }
        int bytes = 0;
        for (SkipListNode? node = _zsl.First; node is not null; node = node.Next)
        {
            if (node.Member.Length > maxListpackValue)
            {
                return;
            }
            bytes += node.Member.Length + 12;
        }
        var listpack = new ZsetListpack(bytes);
        for (SkipListNode? node = _zsl.First; node is not null; node = node.Next)
        {
            listpack.Append(node.Member, node.Score);
        }
        _listpack = listpack;
        _zsl = null;
        _dict = null;
    }

    // ---------------------------------------------------------------- random access and SCAN

    /// <summary>
    /// One uniformly chosen element (zsetTypeRandomElement): a random rank in a listpack, a fair random
    /// table entry in a skiplist.
    /// </summary>
    public void RandomElement(Random random, out ReadOnlySpan<byte> member, out double score)
    {
        if (_listpack is { } listpack)
        {
            int position = listpack.Seek(random.Next(listpack.Count));
            member = listpack.MemberAt(position);
            score = listpack.ScoreAt(position);
            return;
        }
        int index = _dict!.RandomIndex(random);
        member = _dict.KeyAt(index);
        score = _dict.ValueAt(index);
    }

    /// <summary>A random entry index of the member table (skiplist encoding only); see <see cref="TableMember"/>.</summary>
    internal int RandomTableIndex(Random random) => _dict!.RandomIndex(random);

    /// <summary>
    /// One step of ZSCAN over the member table (skiplist encoding only): appends entry indexes and returns
    /// the next cursor, with dictScan's guarantees. A listpack is returned whole by the command instead.
    /// </summary>
    internal ulong Scan(ulong cursor, List<int> indexes) => _dict!.Scan(cursor, indexes);

    internal byte[] TableMember(int index) => _dict!.KeyAt(index);

    internal double TableScore(int index) => _dict!.ValueAt(index);

    /// <summary>Checks the skiplist invariants and that the table matches it; for tests.</summary>
    internal void Validate()
    {
        if (_zsl is null)
        {
            double previousScore = double.NegativeInfinity;
            byte[]? previous = null;
            for (Position p = First; p.IsValid; p = Next(p))
            {
                double score = ScoreAt(p);
                ReadOnlySpan<byte> member = MemberAt(p);
                if (previous is not null && (score < previousScore || (score == previousScore && member.SequenceCompareTo(previous) <= 0)))
                {
                    throw new InvalidOperationException("listpack order broken");
                }
                previousScore = score;
                previous = member.ToArray();
            }
            return;
        }
        _zsl.Validate();
        if (_dict!.Count != _zsl.Length)
        {
            throw new InvalidOperationException("table and skiplist sizes differ");
        }
        for (SkipListNode? node = _zsl.First; node is not null; node = node.Next)
        {
            if (!_dict.TryGetValue(node.Member, out double score) || !score.Equals(node.Score))
            {
                throw new InvalidOperationException("table and skiplist disagree");
            }
        }
    }

    /// <summary>
    /// Where an element sits: a byte offset in the listpack or a skiplist node. Invalid past either end.
    /// </summary>
    public readonly struct Position
    {
        internal Position(int offset)
        {
            Offset = offset;
            Node = null;
        }

        internal Position(SkipListNode? node)
        {
            Offset = -1;
            Node = node;
        }

        internal int Offset { get; }

        internal SkipListNode? Node { get; }

        public bool IsValid => Node is not null || Offset >= 0;
    }
}
