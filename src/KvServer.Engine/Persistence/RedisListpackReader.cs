using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Walks a listpack blob in Redis's own layout (listpack.c), as RDB types 16–18 and quicklist-2 nodes store it:
/// a 6-byte header (total bytes, entry count as uint16, 65535 meaning "count it"), entries, and a 0xFF
/// terminator. Each entry is an encoding byte, its data, then a back-length of 1–5 bytes that this forward walk
/// only skips. KvServer's own <see cref="DataTypes.ListPack"/> drops that back-length, so the loader decodes
/// entries and re-packs them instead of adopting the blob.
/// </summary>
/// <remarks>
/// Every length is checked against the blob before it is used, so a corrupt blob ends in
/// <see cref="RdbLoadException"/> with the caller's message, never in reading past the end.
/// </remarks>
internal ref struct RedisListpackReader
{
    private const int HeaderSize = 6;
    private const byte Eof = 0xFF;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _error;
    private int _position;

    /// <summary>Checks the header (size field, terminator) and positions before the first entry.</summary>
    public RedisListpackReader(ReadOnlySpan<byte> blob, string error)
    {
        _error = error;
        if (blob.Length < HeaderSize + 1
            || BinaryPrimitives.ReadUInt32LittleEndian(blob) != (uint)blob.Length
            || blob[^1] != Eof)
        {
            throw RdbLoadException.Corrupt(error);
        }
        _data = blob;
        _position = HeaderSize;
        HeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]);
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
        RedisListpackReader copy = this;
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
        if (p >= data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        byte tag = data[p];
        if (tag == Eof)
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
            Need(p, 2);
            int raw = ((tag & 0x1F) << 8) | data[p + 1];
            Integer = (raw << 19) >> 19;
            header = 2;
            length = 0;
        }
        else if (tag < 0xF0)
        {
            Need(p, 2);
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
                    Need(p, 5);
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
                    Need(p, 3);
                    Integer = BinaryPrimitives.ReadInt16LittleEndian(data[(p + 1)..]);
                    length = 2;
                    break;
                case 0xF2:
                    Need(p, 4);
                    Integer = ((data[p + 1] | (data[p + 2] << 8) | (data[p + 3] << 16)) << 8) >> 8;
                    length = 3;
                    break;
                case 0xF3:
                    Need(p, 5);
                    Integer = BinaryPrimitives.ReadInt32LittleEndian(data[(p + 1)..]);
                    length = 4;
                    break;
                case 0xF4:
                    Need(p, 9);
                    Integer = BinaryPrimitives.ReadInt64LittleEndian(data[(p + 1)..]);
                    length = 8;
                    break;
                default:
                    throw RdbLoadException.Corrupt(_error);
            }
        }
        long entrySize = (long)header + length;
        long end = p + entrySize + BackLengthSize(entrySize);
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

    private readonly void Need(int position, int bytes)
    {
        if (position + bytes >= _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
    }

    /// <summary>lpEncodeBacklen's size: 7 bits of the entry length per byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BackLengthSize(long entrySize) => entrySize switch
    {
        < 128 => 1,
        < 16384 => 2,
        < 2097152 => 3,
        < 268435456 => 4,
        _ => 5,
    };
}
