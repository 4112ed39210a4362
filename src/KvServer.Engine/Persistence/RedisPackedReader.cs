using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>The two compact sequence encodings Redis stores in RDB values.</summary>
internal enum RedisPackedFormat : byte
{
    /// <summary>listpack.c: RDB types 16–18 and quicklist-2 nodes (Redis 7.0 writes only this one).</summary>
    Listpack,

    /// <summary>ziplist.c: RDB types 10, 12, 13 and the nodes of type 14, written before Redis 7.0.</summary>
    Ziplist,
}

/// <summary>
/// Walks a listpack or ziplist blob in Redis's own layout, one entry at a time. Both share a frame: a header
/// starting with the total bytes (uint32) and ending with the entry count (uint16, 65535 meaning "count it"),
/// entries, and a 0xFF terminator; they differ only in the header size and in how an entry is encoded.
/// <list type="bullet">
/// <item>Listpack (6-byte header): an encoding byte, its data, then a back-length of 1–5 bytes that this forward
/// walk only skips. KvServer's own <see cref="DataTypes.ListPack"/> drops that back-length, so the loader decodes
/// entries and re-packs them instead of adopting the blob.</item>
/// <item>Ziplist (10-byte header, with the tail offset before the count): the previous entry's length (1 byte, or
/// 0xFE and 4 bytes), then an encoding: 00/01/10 prefixes for strings with 6-, 14- (big endian) and 32-bit (big
/// endian) lengths, 0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8, and 0xF1–0xFD an immediate 0–12.</item>
/// </list>
/// </summary>
/// <remarks>
/// Every length is checked against the blob before it is used, so a corrupt blob ends in
/// <see cref="RdbLoadException"/> with the caller's message, never in reading past the end. The format is fixed
/// per blob, so the branch in <see cref="MoveNext"/> is always predicted.
/// </remarks>
internal ref struct RedisPackedReader
{
    private const int ZiplistHeaderSize = 10;
    private const byte Terminator = 0xFF;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _error;
    private readonly bool _ziplist;
    private readonly int _firstEntry;
    private int _position;

    /// <summary>Checks the header (size field, terminator) and positions before the first entry.</summary>
    public RedisPackedReader(ReadOnlySpan<byte> blob, RedisPackedFormat format, string error)
    {
        _error = error;
        _ziplist = format == RedisPackedFormat.Ziplist;
        int headerSize = _ziplist ? ZiplistHeaderSize : ListpackEncoding.HeaderSize;
        if (blob.Length < headerSize + 1
            || BinaryPrimitives.ReadUInt32LittleEndian(blob) != (uint)blob.Length
            || blob[^1] != Terminator)
        {
            throw RdbLoadException.Corrupt(error);
        }
        _data = blob;
        _firstEntry = headerSize;
        _position = headerSize;
        HeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(blob[(headerSize - 2)..]);
        IsInteger = false;
        Integer = 0;
        Text = default;
    }

    /// <summary>The entry count the header declares; 65535 means the count did not fit and must be walked.</summary>
    public int HeaderCount { get; }

    /// <summary>Whether the current entry is integer-encoded (then <see cref="Integer"/> holds it).</summary>
    public bool IsInteger { get; private set; }

    public long Integer { get; private set; }

    /// <summary>The current entry's bytes when it is a string.</summary>
    public ReadOnlySpan<byte> Text { get; private set; }

    /// <summary>Bytes of the blob after the current entry (a sizing hint for whoever re-packs the entries).</summary>
    public readonly int BytesLeft => _data.Length - _position;

    /// <summary>The current entry as text; an integer is formatted into <paramref name="scratch"/> (20 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly ReadOnlySpan<byte> GetText(Span<byte> scratch)
    {
        if (!IsInteger)
        {
            return Text;
        }
        int length = Utf8Number.FormatInt64(Integer, scratch);
        return scratch[..length];
    }

    /// <summary>Counts the entries by walking them (for a header count of 65535), leaving the position alone.</summary>
    public readonly int CountEntries()
    {
        RedisPackedReader copy = this;
        copy._position = _firstEntry;
        int count = 0;
        while (copy.MoveNext())
        {
            count++;
        }
        return count;
    }

    /// <summary>Advances to the next entry; false at the terminator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext() => _ziplist ? MoveNextZiplist() : MoveNextListpack();

    // Listpack entry: encoding byte, data, back-length (skipped).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool MoveNextListpack()
    {
        ReadOnlySpan<byte> data = _data;
        int p = _position;
        if (p >= data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        byte tag = data[p];
        if (tag == Terminator)
        {
            if (p != data.Length - 1)
            {
                throw RdbLoadException.Corrupt(_error);
            }
            return false;
        }
        int header;
        int length;
        IsInteger = true;
        if (tag < 0x80)
        {
            Integer = tag;
            header = 1;
            length = 0;
        }
        else if (tag < 0xC0)
        {
            IsInteger = false;
            header = 1;
            length = tag & 0x3F;
        }
        else if (tag < 0xE0)
        {
            NeedBeforeTerminator(p, 2);
            int raw = ((tag & 0x1F) << 8) | data[p + 1];
            Integer = (raw << 19) >> 19;
            header = 2;
            length = 0;
        }
        else if (tag < 0xF0)
        {
            NeedBeforeTerminator(p, 2);
            IsInteger = false;
            header = 2;
            length = ((tag & 0x0F) << 8) | data[p + 1];
        }
        else
        {
            header = 1;
            switch (tag)
            {
                case 0xF0:
                    NeedBeforeTerminator(p, 5);
                    IsInteger = false;
                    uint big = BinaryPrimitives.ReadUInt32LittleEndian(data[(p + 1)..]);
                    if (big > int.MaxValue)
                    {
                        throw RdbLoadException.Corrupt(_error);
                    }
                    header = 5;
                    length = (int)big;
                    break;
                case 0xF1:
                    NeedBeforeTerminator(p, 3);
                    Integer = BinaryPrimitives.ReadInt16LittleEndian(data[(p + 1)..]);
                    length = 2;
                    break;
                case 0xF2:
                    NeedBeforeTerminator(p, 4);
                    Integer = ((data[p + 1] | (data[p + 2] << 8) | (data[p + 3] << 16)) << 8) >> 8;
                    length = 3;
                    break;
                case 0xF3:
                    NeedBeforeTerminator(p, 5);
                    Integer = BinaryPrimitives.ReadInt32LittleEndian(data[(p + 1)..]);
                    length = 4;
                    break;
                case 0xF4:
                    NeedBeforeTerminator(p, 9);
                    Integer = BinaryPrimitives.ReadInt64LittleEndian(data[(p + 1)..]);
                    length = 8;
                    break;
                default:
                    throw RdbLoadException.Corrupt(_error);
            }
        }
        long entrySize = (long)header + length;
        long end = p + entrySize + ListpackEncoding.BackLengthSize(entrySize);
        if (end >= data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        if (!IsInteger)
        {
            Text = data.Slice(p + header, length);
        }
        _position = (int)end;
        return true;
    }

    // Ziplist entry: previous entry's length (skipped), encoding, data.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool MoveNextZiplist()
    {
        ReadOnlySpan<byte> data = _data;
        int p = _position;
        Need(p, 1);
        if (data[p] == Terminator)
        {
            if (p != data.Length - 1)
            {
                throw RdbLoadException.Corrupt(_error);
            }
            return false;
        }
        // prevlen: skipped, a forward walk does not need it.
        p += data[p] < 0xFE ? 1 : 5;
        Need(p, 1);
        byte tag = data[p];
        int header;
        long length;
        IsInteger = false;
        switch (tag >> 6)
        {
            case 0:
                header = 1;
                length = tag & 0x3F;
                break;
            case 1:
                Need(p, 2);
                header = 2;
                length = ((tag & 0x3F) << 8) | data[p + 1];
                break;
            case 2:
                if (tag != 0x80)
                {
                    throw RdbLoadException.Corrupt(_error);
                }
                Need(p, 5);
                header = 5;
                length = BinaryPrimitives.ReadUInt32BigEndian(data[(p + 1)..]);
                break;
            default:
                IsInteger = true;
                header = 1;
                length = ReadZiplistInteger(data, p, tag);
                break;
        }
        long end = p + header + length;
        if (end >= data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        if (!IsInteger)
        {
            Text = data.Slice(p + header, (int)length);
        }
        _position = (int)end;
        return true;
    }

    // Sets Integer and returns the number of data bytes after the encoding byte.
    private int ReadZiplistInteger(ReadOnlySpan<byte> data, int p, byte tag)
    {
        switch (tag)
        {
            case 0xC0:
                Need(p, 3);
                Integer = BinaryPrimitives.ReadInt16LittleEndian(data[(p + 1)..]);
                return 2;
            case 0xD0:
                Need(p, 5);
                Integer = BinaryPrimitives.ReadInt32LittleEndian(data[(p + 1)..]);
                return 4;
            case 0xE0:
                Need(p, 9);
                Integer = BinaryPrimitives.ReadInt64LittleEndian(data[(p + 1)..]);
                return 8;
            case 0xF0:
                Need(p, 4);
                Integer = ((data[p + 1] | (data[p + 2] << 8) | (data[p + 3] << 16)) << 8) >> 8;
                return 3;
            case 0xFE:
                Need(p, 2);
                Integer = (sbyte)data[p + 1];
                return 1;
            default:
                if (tag is >= 0xF1 and <= 0xFD)
                {
                    Integer = (tag & 0x0F) - 1;
                    return 0;
                }
                throw RdbLoadException.Corrupt(_error);
        }
    }

    // A ziplist entry may end right before the terminator.
    private readonly void Need(int position, int bytes)
    {
        if (position + bytes > _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
    }

    // A listpack entry is always followed by at least one more byte (its back-length, then the terminator).
    private readonly void NeedBeforeTerminator(int position, int bytes)
    {
        if (position + bytes >= _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
    }
}
