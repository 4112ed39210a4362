using System.Buffers.Binary;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// The compact encoding of a small sorted set (Redis's listpack of member, score pairs): every entry packed
/// into one byte array, kept sorted by (score, member). An entry is
/// <c>[member length: varint][member][score: 8-byte little-endian double][back length: reverse varint]</c>;
/// the back length (size of the entry before it) lets the list be walked from the tail as lpPrev does.
/// </summary>
/// <remarks>
/// Lookups by member and seeks by rank are linear, inserts and deletes move the tail of the array: this is the
/// listpack trade-off, cheap while the set stays under zset-max-listpack-entries. Positions are byte offsets
/// of entries (-1 = none) and are invalidated by any change. A three-byte member costs 13 bytes.
/// </remarks>
internal sealed class ZsetListpack
{
    private const int ScoreSize = sizeof(double);

    private byte[] _data;
    private int _used;

    /// <summary>An empty listpack; <paramref name="capacity"/> bytes are reserved (loaders know the size).</summary>
    public ZsetListpack(int capacity = 0)
    {
        _data = capacity > 0 ? new byte[capacity] : [];
    }

    private ZsetListpack(byte[] data, int used, int count)
    {
        _data = data;
        _used = used;
        Count = count;
    }

    /// <summary>Number of (member, score) entries.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the packed entries (memory accounting).</summary>
    public int ByteLength => _used;

    /// <summary>Bytes allocated.</summary>
    public int Capacity => _data.Length;

    public ZsetListpack Clone() => new(_data.AsSpan(0, _used).ToArray(), _used, Count);

    public int First => Count > 0 ? 0 : -1;

    public int Last => Count > 0 ? Prev(_used) : -1;

    /// <summary>The entry after <paramref name="position"/>, or -1.</summary>
    public int Next(int position)
    {
        int next = position + EntrySize(position);
        return next < _used ? next : -1;
    }

    /// <summary>The entry before <paramref name="position"/>, or -1.</summary>
    public int Prev(int position)
    {
        if (position <= 0)
        {
            return -1;
        }
        int size = ListpackEncoding.ReadBackLength(_data, position, out int backSize);
        return position - backSize - size;
    }

    public ReadOnlySpan<byte> MemberAt(int position)
    {
        int length = ReadVarint(position, out int headerSize);
        return _data.AsSpan(position + headerSize, length);
    }

    public double ScoreAt(int position)
    {
        int length = ReadVarint(position, out int headerSize);
        return BinaryPrimitives.ReadDoubleLittleEndian(_data.AsSpan(position + headerSize + length, ScoreSize));
    }

    /// <summary>The entry at 0-based <paramref name="rank"/>, walking from the nearer end (lpSeek).</summary>
    public int Seek(long rank)
    {
        if (rank < 0 || rank >= Count)
        {
            return -1;
        }
        if (rank <= Count / 2)
        {
            int position = 0;
            for (long i = 0; i < rank; i++)
            {
                position += EntrySize(position);
            }
            return position;
        }
        int back = Last;
        for (long i = Count - 1; i > rank; i--)
        {
            back = Prev(back);
        }
        return back;
    }

    /// <summary>zzlFind: the entry holding <paramref name="member"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> member, out double score)
    {
        for (int position = 0; position < _used; position += EntrySize(position))
        {
            if (MemberAt(position).SequenceEqual(member))
            {
                score = ScoreAt(position);
                return position;
            }
        }
        score = 0;
        return -1;
    }

    /// <summary>0-based rank of the entry at <paramref name="position"/>.</summary>
    public long RankOf(int position)
    {
        long rank = 0;
        for (int p = 0; p < position; p += EntrySize(p))
        {
            rank++;
        }
        return rank;
    }

    /// <summary>zzlInsert: adds a member known to be absent at its (score, member) place.</summary>
    public void Insert(ReadOnlySpan<byte> member, double score)
    {
        int position = 0;
        while (position < _used)
        {
            double s = ScoreAt(position);
            if (s > score || (s == score && MemberAt(position).SequenceCompareTo(member) > 0))
            {
                break;
            }
            position += EntrySize(position);
        }
        InsertAt(position, member, score);
    }

    /// <summary>Adds an entry at the tail; the caller guarantees the order (conversions, copies).</summary>
    public void Append(ReadOnlySpan<byte> member, double score) => InsertAt(_used, member, score);

    private void InsertAt(int position, ReadOnlySpan<byte> member, double score)
    {
        // zzlInsertAt stores an integral score as an integer (double2ll), which turns -0 into 0.
        if (score == 0)
        {
            score = 0.0;
        }
        int headerSize = VarintSize(member.Length);
        int body = headerSize + member.Length + ScoreSize;
        int backSize = VarintSize(body);
        int size = body + backSize;
        EnsureCapacity(_used + size);
        _data.AsSpan(position, _used - position).CopyTo(_data.AsSpan(position + size));
        WriteVarint(position, member.Length);
        member.CopyTo(_data.AsSpan(position + headerSize));
        BinaryPrimitives.WriteDoubleLittleEndian(_data.AsSpan(position + headerSize + member.Length, ScoreSize), score);
        ListpackEncoding.WriteBackLength(_data.AsSpan(position + size - backSize, backSize), body);
        _used += size;
        Count++;
    }

    /// <summary>Deletes <paramref name="count"/> consecutive entries starting at <paramref name="position"/>.</summary>
    public void DeleteRange(int position, int count)
    {
        int end = position;
        for (int i = 0; i < count; i++)
        {
            end += EntrySize(end);
        }
        _data.AsSpan(end, _used - end).CopyTo(_data.AsSpan(position));
        _used -= end - position;
        Count -= count;
        _data = PackedCapacity.ShrinkAfterDelete(_data, _used);
    }

    public void Delete(int position) => DeleteRange(position, 1);

    /// <summary>Bytes an entry with a member of <paramref name="memberLength"/> bytes takes.</summary>
    public static int EntrySizeFor(int memberLength)
    {
        int body = VarintSize(memberLength) + memberLength + ScoreSize;
        return body + VarintSize(body);
    }

    /// <summary>Makes room for <paramref name="additionalBytes"/> more, exactly (a multi-member write reserves once).</summary>
    public void Reserve(int additionalBytes) => _data = PackedCapacity.Ensure(_data, _used, (long)_used + additionalBytes, exact: true);

    private void EnsureCapacity(int size) => _data = PackedCapacity.Ensure(_data, _used, size, exact: false);

    private int EntrySize(int position)
    {
        int length = ReadVarint(position, out int headerSize);
        int body = headerSize + length + ScoreSize;
        return body + VarintSize(body);
    }

    private int ReadVarint(int position, out int size)
    {
        int value = 0;
        int shift = 0;
        size = 0;
        byte b;
        do
        {
            b = _data[position + size++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    private void WriteVarint(int position, int value)
    {
        uint v = (uint)value;
        while (v >= 0x80)
        {
            _data[position++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _data[position] = (byte)v;
    }

    private static int VarintSize(int value)
    {
        int size = 1;
        uint v = (uint)value;
        while (v >= 0x80)
        {
            v >>= 7;
            size++;
        }
        return size;
    }
}
