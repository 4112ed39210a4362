using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Walks a ziplist blob (ziplist.c), the compact encoding of RDB files written before Redis 7.0 (types 10, 12,
/// 13 and the nodes of type 14): a 10-byte header (total bytes, tail offset, entry count as uint16), entries, and
/// a 0xFF terminator. Each entry starts with the previous entry's length (1 byte, or 0xFE and 4 bytes), then an
/// encoding: 00/01/10 prefixes for strings with 6-, 14- (big endian) and 32-bit (big endian) lengths, 0xC0 int16,
/// 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8, and 0xF1–0xFD an immediate 0–12.
/// </summary>
internal ref struct RedisZiplistReader
{
    private const int HeaderSize = 10;
    private const byte End = 0xFF;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _error;
    private int _position;

    public RedisZiplistReader(ReadOnlySpan<byte> blob, string error)
    {
        _error = error;
        if (blob.Length < HeaderSize + 1
            || BinaryPrimitives.ReadUInt32LittleEndian(blob) != (uint)blob.Length
            || blob[^1] != End)
        {
            throw RdbLoadException.Corrupt(error);
        }
        _data = blob;
        _position = HeaderSize;
        HeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(blob[8..]);
        IsInteger = false;
        Integer = 0;
        Text = default;
    }

    /// <summary>The entry count the header declares; 65535 means it must be walked.</summary>
    public int HeaderCount { get; }

    public bool IsInteger { get; private set; }

    public long Integer { get; private set; }

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

    /// <summary>Counts the entries by walking them, leaving the position alone.</summary>
    public readonly int CountEntries()
    {
        RedisZiplistReader copy = this;
        copy._position = HeaderSize;
        int count = 0;
        while (copy.MoveNext())
        {
            count++;
        }
        return count;
    }

    /// <summary>Advances to the next entry; false at the terminator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        ReadOnlySpan<byte> data = _data;
        int p = _position;
        Need(p, 1);
        if (data[p] == End)
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
                length = ReadInteger(data, p, tag);
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
    private int ReadInteger(ReadOnlySpan<byte> data, int p, byte tag)
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

    private readonly void Need(int position, int bytes)
    {
        if (position + bytes > _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
    }
}
