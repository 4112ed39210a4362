using System.Buffers.Binary;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// Redis's listpack: small collections kept as entries packed back to back in one byte array, scanned
/// linearly and edited by moving the tail (memmove). For a hash of ten short fields this costs a few bytes
/// per entry instead of two objects and a table slot, which is what keeps many small keys cheap.
/// </summary>
/// <remarks>
/// Entry encodings, chosen by the first byte (as Redis's, without the trailing back-length: every consumer
/// here walks forward, which saves a byte per entry). A canonical integer text (string2ll) is always stored
/// as an integer, anything else as a string, so equal texts always have equal encodings.
/// <code>
///   0xxxxxxx                      7-bit unsigned integer
///   10xxxxxx + n bytes            string of up to 63 bytes
///   110xxxxx yyyyyyyy             13-bit signed integer
///   1110xxxx yyyyyyyy + n bytes   string of up to 4095 bytes
///   11110000 + 4-byte length + n  longer string
///   11110001 / 0010 / 0011 / 0100 16-, 24-, 32-, 64-bit signed integer, little endian
/// </code>
/// A mutable struct: keep it in a field and call its methods on the field, never on a copy.
/// </remarks>
public struct ListPack
{
    private const byte Str32 = 0xF0;
    private const byte Int16Tag = 0xF1;
    private const byte Int24Tag = 0xF2;
    private const byte Int32Tag = 0xF3;
    private const byte Int64Tag = 0xF4;

    /// <summary>LISTPACK_MAX_SAFETY_SIZE: beyond this total size a listpack must not grow (lpSafeToAdd).</summary>
    public const long MaxSafetySize = 1L << 30;

    /// <summary>Bytes a caller must provide to format any integer entry.</summary>
    public const int ScratchSize = Utf8Number.MaxInt64Chars;

    private byte[]? _data;
    private int _used;
    private int _count;

    /// <summary>Number of entries.</summary>
    public readonly int Count => _count;

    /// <summary>Offset one past the last entry: <c>for (int p = 0; p != lp.End; p = lp.Next(p))</c>.</summary>
    public readonly int End => _used;

    /// <summary>Bytes allocated (MEMORY USAGE).</summary>
    public readonly int Capacity => _data?.Length ?? 0;

    /// <summary>lpSafeToAdd: whether <paramref name="additionalBytes"/> more keep the listpack under 1 GB.</summary>
    public readonly bool SafeToAdd(long additionalBytes) => _used + additionalBytes <= MaxSafetySize;

    /// <summary>Offset of the entry after the one at <paramref name="offset"/>.</summary>
    public readonly int Next(int offset) => offset + EntrySize(_data!, offset);

    /// <summary>Offset of entry number <paramref name="index"/> (a linear walk).</summary>
    public readonly int OffsetOf(int index)
    {
        int offset = 0;
        for (int i = 0; i < index; i++)
        {
            offset = Next(offset);
        }
        return offset;
    }

    private static int EntrySize(byte[] data, int offset)
    {
        byte tag = data[offset];
        if (tag < 0x80)
        {
            return 1;
        }
        if (tag < 0xC0)
        {
            return 1 + (tag & 0x3F);
        }
        if (tag < 0xE0)
        {
            return 2;
        }
        if (tag < 0xF0)
        {
            return 2 + (((tag & 0x0F) << 8) | data[offset + 1]);
        }
        return tag switch
        {
            Str32 => 5 + BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 1)),
            Int16Tag => 3,
            Int24Tag => 4,
            Int32Tag => 5,
            _ => 9,
        };
    }

    /// <summary>True and the number when the entry at <paramref name="offset"/> is integer-encoded.</summary>
    public readonly bool TryGetInteger(int offset, out long value)
    {
        byte[] data = _data!;
        byte tag = data[offset];
        if (tag < 0x80)
        {
            value = tag;
            return true;
        }
        if (tag is >= 0xC0 and < 0xE0)
        {
            int raw = ((tag & 0x1F) << 8) | data[offset + 1];
            value = (raw << 19) >> 19;
            return true;
        }
        ReadOnlySpan<byte> body = data.AsSpan(offset + 1);
        switch (tag)
        {
            case Int16Tag:
                value = BinaryPrimitives.ReadInt16LittleEndian(body);
                return true;
            case Int24Tag:
                value = ((body[0] | (body[1] << 8) | (body[2] << 16)) << 8) >> 8;
                return true;
            case Int32Tag:
                value = BinaryPrimitives.ReadInt32LittleEndian(body);
                return true;
            case Int64Tag:
                value = BinaryPrimitives.ReadInt64LittleEndian(body);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>The bytes of a string entry (empty for an integer entry: use <see cref="Get"/>).</summary>
    private readonly ReadOnlySpan<byte> GetString(int offset)
    {
        byte[] data = _data!;
        byte tag = data[offset];
        if (tag is >= 0x80 and < 0xC0)
        {
            return data.AsSpan(offset + 1, tag & 0x3F);
        }
        if (tag is >= 0xE0 and < 0xF0)
        {
            return data.AsSpan(offset + 2, ((tag & 0x0F) << 8) | data[offset + 1]);
        }
        if (tag == Str32)
        {
            return data.AsSpan(offset + 5, BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 1)));
        }
        return default;
    }

    /// <summary>
    /// The text of the entry at <paramref name="offset"/>; an integer is formatted into
    /// <paramref name="scratch"/> (at least <see cref="ScratchSize"/> bytes).
    /// </summary>
    public readonly ReadOnlySpan<byte> Get(int offset, Span<byte> scratch)
    {
        if (TryGetInteger(offset, out long value))
        {
            int length = Utf8Number.FormatInt64(value, scratch);
            return scratch[..length];
        }
        return GetString(offset);
    }

    /// <summary>Length of the entry's text (HSTRLEN), without formatting integers.</summary>
    public readonly int GetLength(int offset) =>
        TryGetInteger(offset, out long value) ? Utf8Number.CountDigits(value) : GetString(offset).Length;

    /// <summary>
    /// lpFind: the offset of the first entry equal to <paramref name="value"/>, looking at every
    /// (<paramref name="skip"/> + 1)-th entry from <paramref name="start"/> (skip 1 visits only the fields of
    /// field/value pairs), or -1.
    /// </summary>
    public readonly int Find(ReadOnlySpan<byte> value, int start = 0, int skip = 0)
    {
        if (_count == 0)
        {
            return -1;
        }
        byte[] data = _data!;
        long number = 0;
        bool isInteger = value.Length <= Utf8Number.MaxInt64Chars && Utf8Number.TryParseInt64(value, out number);
        int offset = start;
        while (offset < _used)
        {
            if (isInteger)
            {
                if (TryGetInteger(offset, out long candidate) && candidate == number)
                {
                    return offset;
                }
            }
            else if (!IsIntegerTag(data[offset]) && GetString(offset).SequenceEqual(value))
            {
                return offset;
            }
            offset += EntrySize(data, offset);
            for (int i = 0; i < skip && offset < _used; i++)
            {
                offset += EntrySize(data, offset);
            }
        }
        return -1;
    }

    private static bool IsIntegerTag(byte tag) => tag < 0x80 || (tag is >= 0xC0 and < 0xE0) || tag >= Int16Tag;

    /// <summary>Bytes the entry for <paramref name="value"/> takes.</summary>
    public static int EncodedSize(ReadOnlySpan<byte> value)
    {
        if (value.Length <= Utf8Number.MaxInt64Chars && Utf8Number.TryParseInt64(value, out long number))
        {
            return IntegerSize(number);
        }
        return ListpackEncoding.StringHeaderSize(value.Length) + value.Length;
    }

    /// <summary>
    /// Bytes of an integer entry (encoding byte included). The entry encodings are Redis's, so the RDB
    /// writer's listpack builder sizes its entries with this too (adding Redis's back-length).
    /// </summary>
    internal static int IntegerSize(long value) => value switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -(1 << 23) and < (1 << 23) => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    private static void Encode(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (value.Length <= Utf8Number.MaxInt64Chars && Utf8Number.TryParseInt64(value, out long number))
        {
            EncodeInteger(number, destination);
            return;
        }
        int length = value.Length;
        int header;
        if (length <= 63)
        {
            destination[0] = (byte)(0x80 | length);
            header = 1;
        }
        else if (length <= 4095)
        {
            destination[0] = (byte)(0xE0 | (length >> 8));
            destination[1] = (byte)length;
            header = 2;
        }
        else
        {
            destination[0] = Str32;
            BinaryPrimitives.WriteInt32LittleEndian(destination[1..], length);
            header = 5;
        }
        value.CopyTo(destination[header..]);
    }

    private static void EncodeInteger(long value, Span<byte> destination)
    {
        switch (IntegerSize(value))
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                destination[0] = (byte)(0xC0 | ((value >> 8) & 0x1F));
                destination[1] = (byte)value;
                break;
            case 3:
                destination[0] = Int16Tag;
                BinaryPrimitives.WriteInt16LittleEndian(destination[1..], (short)value);
                break;
            case 4:
                destination[0] = Int24Tag;
                destination[1] = (byte)value;
                destination[2] = (byte)(value >> 8);
                destination[3] = (byte)(value >> 16);
                break;
            case 5:
                destination[0] = Int32Tag;
                BinaryPrimitives.WriteInt32LittleEndian(destination[1..], (int)value);
                break;
            default:
                destination[0] = Int64Tag;
                BinaryPrimitives.WriteInt64LittleEndian(destination[1..], value);
                break;
        }
    }

    /// <summary>
    /// Makes room for <paramref name="additionalBytes"/> more without reallocating (a multi-entry write
    /// reserves once, so the array ends up exactly as large as needed).
    /// </summary>
    public void Reserve(int additionalBytes) => EnsureCapacity(_used + additionalBytes, exact: true);

    private void EnsureCapacity(int needed, bool exact) => _data = PackedCapacity.Ensure(_data, _used, needed, exact);

    /// <summary>Appends an entry at the tail.</summary>
    public void Append(ReadOnlySpan<byte> value) => Insert(_used, value);

    /// <summary>Inserts an entry before the one at <paramref name="offset"/> (<see cref="End"/> appends).</summary>
    public void Insert(int offset, ReadOnlySpan<byte> value)
    {
        int size = EncodedSize(value);
        EnsureCapacity(_used + size, exact: false);
        byte[] data = _data!;
        if (offset < _used)
        {
            data.AsSpan(offset, _used - offset).CopyTo(data.AsSpan(offset + size));
        }
        Encode(value, data.AsSpan(offset, size));
        _used += size;
        _count++;
    }

    /// <summary>Replaces the entry at <paramref name="offset"/>; the offset stays valid for the new entry.</summary>
    public void Replace(int offset, ReadOnlySpan<byte> value)
    {
        byte[] data = _data!;
        int oldSize = EntrySize(data, offset);
        int size = EncodedSize(value);
        if (size > oldSize)
        {
            EnsureCapacity(_used + size - oldSize, exact: false);
            data = _data!;
        }
        int tail = offset + oldSize;
        if (size != oldSize && tail < _used)
        {
            data.AsSpan(tail, _used - tail).CopyTo(data.AsSpan(offset + size));
        }
        Encode(value, data.AsSpan(offset, size));
        _used += size - oldSize;
    }

    /// <summary>Deletes <paramref name="entries"/> consecutive entries starting at <paramref name="offset"/>.</summary>
    public void Delete(int offset, int entries = 1)
    {
        byte[] data = _data!;
        int end = offset;
        for (int i = 0; i < entries; i++)
        {
            end += EntrySize(data, end);
        }
        data.AsSpan(end, _used - end).CopyTo(data.AsSpan(offset));
        _used -= end - offset;
        _count -= entries;
        if (_count == 0)
        {
            _data = null;
            _used = 0;
        }
        else
        {
            _data = PackedCapacity.ShrinkAfterDelete(data, _used);
        }
    }

    /// <summary>An independent copy, trimmed to its size.</summary>
    public readonly ListPack Clone()
    {
        var copy = new ListPack();
        if (_used > 0)
        {
            copy._data = _data.AsSpan(0, _used).ToArray();
        }
        copy._used = _used;
        copy._count = _count;
        return copy;
    }
}
