using System.Buffers.Binary;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Walks a zipmap blob (zipmap.c), the small-hash encoding of RDB files from Redis 2.4 and older (type 9):
/// a count byte, then for each pair the field length, the field, the value length, a "free" byte counting
/// unused bytes after the value, the value and those free bytes, and a 0xFF terminator. A length is one byte
/// below 254, or 254 followed by a 4-byte little-endian length.
/// </summary>
internal ref struct RedisZipmapReader
{
    private const byte End = 0xFF;
    private const byte BigLength = 254;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _error;
    private int _position;

    public RedisZipmapReader(ReadOnlySpan<byte> blob, string error)
    {
        _error = error;
        if (blob.Length < 2 || blob[^1] != End)
        {
            throw RdbLoadException.Corrupt(error);
        }
        _data = blob;
        _position = 1;
        Field = default;
        Value = default;
    }

    public ReadOnlySpan<byte> Field { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Advances to the next field/value pair; false at the terminator.</summary>
    public bool MoveNext()
    {
        if (_position >= _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        if (_data[_position] == End)
        {
            if (_position != _data.Length - 1)
            {
                throw RdbLoadException.Corrupt(_error);
            }
            return false;
        }
        int p = _position;
        int fieldLength = ReadLength(ref p);
        Field = Slice(p, fieldLength);
        p += fieldLength;
        int valueLength = ReadLength(ref p);
        Need(p, 1);
        int free = _data[p++];
        Value = Slice(p, valueLength);
        p += valueLength + free;
        if (p >= _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        _position = p;
        return true;
    }

    private int ReadLength(ref int p)
    {
        Need(p, 1);
        byte first = _data[p];
        if (first < BigLength)
        {
            p++;
            return first;
        }
        if (first != BigLength)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        Need(p, 5);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(_data[(p + 1)..]);
        if (length > int.MaxValue)
        {
            throw RdbLoadException.Corrupt(_error);
        }
        p += 5;
        return (int)length;
    }

    private readonly ReadOnlySpan<byte> Slice(int p, int length)
    {
        Need(p, length);
        return _data.Slice(p, length);
    }

    private readonly void Need(int position, long bytes)
    {
        if (position + bytes > _data.Length)
        {
            throw RdbLoadException.Corrupt(_error);
        }
    }
}
