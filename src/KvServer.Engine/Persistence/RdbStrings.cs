using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace KvServer.Engine.Persistence;

/// <summary>
/// RDB's length and string encodings (rdb.c rdbSaveLen / rdbLoadLen / rdbSaveRawString /
/// rdbGenericLoadStringObject): 6-, 14-, 32- and 64-bit lengths, and strings stored verbatim, as 8/16/32-bit
/// integers, or LZF-compressed. Shared by FUNCTION DUMP/RESTORE and RDB persistence.
/// </summary>
public static class RdbStrings
{
    private const byte Encoded = 3;     // RDB_ENCVAL: the top two bits of an encoded string's length byte
    private const byte EncodingInt8 = 0;
    private const byte EncodingInt16 = 1;
    private const byte EncodingInt32 = 2;
    private const byte EncodingLzf = 3;

    /// <summary>rdbSaveLen.</summary>
    public static void WriteLength(IBufferWriter<byte> output, ulong length)
    {
        if (length < (1 << 6))
        {
            Write(output, [(byte)length]);
        }
        else if (length < (1 << 14))
        {
            Write(output, [(byte)(0x40 | (length >> 8)), (byte)length]);
        }
        else if (length <= uint.MaxValue)
        {
            Span<byte> bytes = stackalloc byte[5];
            bytes[0] = 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(bytes[1..], (uint)length);
            Write(output, bytes);
        }
        else
        {
            Span<byte> bytes = stackalloc byte[9];
            bytes[0] = 0x81;
            BinaryPrimitives.WriteUInt64BigEndian(bytes[1..], length);
            Write(output, bytes);
        }
    }

    /// <summary>
    /// rdbSaveRawString: short integers as integers, strings over 20 bytes LZF-compressed when that saves at
    /// least 4 bytes (and <paramref name="compress"/> is on: rdbcompression), else verbatim.
    /// </summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> value, bool compress = true)
    {
        if (value.Length <= 11 && TryWriteInteger(output, value))
        {
            return;
        }
        if (compress && value.Length > 20)
        {
            byte[] compressed = new byte[value.Length - 4];
            int compressedLength = Lzf.Compress(value, compressed);
            if (compressedLength > 0)
            {
                Write(output, [(byte)((Encoded << 6) | EncodingLzf)]);
                WriteLength(output, (ulong)compressedLength);
                WriteLength(output, (ulong)value.Length);
                Write(output, compressed.AsSpan(0, compressedLength));
                return;
            }
        }
        WriteLength(output, (ulong)value.Length);
        Write(output, value);
    }

    // rdbTryIntegerEncoding: only strings that are the canonical text of an integer in int32 range.
    private static bool TryWriteInteger(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)
            || number.ToString(CultureInfo.InvariantCulture) != System.Text.Encoding.ASCII.GetString(value))
        {
            return false;
        }
        if (number >= sbyte.MinValue && number <= sbyte.MaxValue)
        {
            Write(output, [(byte)((Encoded << 6) | EncodingInt8), (byte)number]);
        }
        else if (number >= short.MinValue && number <= short.MaxValue)
        {
            Write(output, [(byte)((Encoded << 6) | EncodingInt16), (byte)number, (byte)(number >> 8)]);
        }
        else if (number >= int.MinValue && number <= int.MaxValue)
        {
            Write(output, [(byte)((Encoded << 6) | EncodingInt32), (byte)number, (byte)(number >> 8), (byte)(number >> 16), (byte)(number >> 24)]);
        }
        else
        {
            return false;
        }
        return true;
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>rdbLoadLenByRef: the length at <paramref name="position"/>, and whether it is an encoded string.</summary>
    public static bool TryReadLength(ReadOnlySpan<byte> data, ref int position, out ulong length, out bool encoded)
    {
        length = 0;
        encoded = false;
        if (position >= data.Length)
        {
            return false;
        }
        byte first = data[position];
        switch (first >> 6)
        {
            case 0:
                length = (ulong)(first & 0x3f);
                position++;
                return true;
            case 1:
                if (position + 2 > data.Length)
                {
                    return false;
                }
                length = ((ulong)(first & 0x3f) << 8) | data[position + 1];
                position += 2;
                return true;
            case Encoded:
                encoded = true;
                length = (ulong)(first & 0x3f);
                position++;
                return true;
            default:
                if (first == 0x80)
                {
                    if (position + 5 > data.Length)
                    {
                        return false;
                    }
                    length = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(position + 1, 4));
                    position += 5;
                    return true;
                }
                if (first == 0x81)
                {
                    if (position + 9 > data.Length)
                    {
                        return false;
                    }
                    length = BinaryPrimitives.ReadUInt64BigEndian(data.Slice(position + 1, 8));
                    position += 9;
                    return true;
                }
                return false;
        }
    }

    /// <summary>rdbGenericLoadStringObject: the string at <paramref name="position"/>, or false when truncated or corrupt.</summary>
    public static bool TryReadString(ReadOnlySpan<byte> data, ref int position, out byte[] value)
    {
        value = [];
        if (!TryReadLength(data, ref position, out ulong length, out bool encoded))
        {
            return false;
        }
        if (!encoded)
        {
            if (length > (ulong)(data.Length - position))
            {
                return false;
            }
            value = data.Slice(position, (int)length).ToArray();
            position += (int)length;
            return true;
        }
        switch ((byte)length)
        {
            case EncodingInt8:
                return TryReadInteger(data, ref position, 1, out value);
            case EncodingInt16:
                return TryReadInteger(data, ref position, 2, out value);
            case EncodingInt32:
                return TryReadInteger(data, ref position, 4, out value);
            case EncodingLzf:
                return TryReadLzf(data, ref position, out value);
            default:
                return false;
        }
    }

    private static bool TryReadInteger(ReadOnlySpan<byte> data, ref int position, int size, out byte[] value)
    {
        value = [];
        if (position + size > data.Length)
        {
            return false;
        }
        long number = size switch
        {
            1 => (sbyte)data[position],
            2 => BinaryPrimitives.ReadInt16LittleEndian(data.Slice(position, 2)),
            _ => BinaryPrimitives.ReadInt32LittleEndian(data.Slice(position, 4)),
        };
        position += size;
        value = System.Text.Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    private static bool TryReadLzf(ReadOnlySpan<byte> data, ref int position, out byte[] value)
    {
        value = [];
        if (!TryReadLength(data, ref position, out ulong compressedLength, out bool encoded) || encoded
            || !TryReadLength(data, ref position, out ulong length, out encoded) || encoded
            || compressedLength > (ulong)(data.Length - position) || length > int.MaxValue
            || !Lzf.IsPossibleLength((long)compressedLength, (long)length))
        {
            return false;
        }
        byte[] output = new byte[length];
        int decompressed = Lzf.Decompress(data.Slice(position, (int)compressedLength), output);
        if (decompressed != (int)length)
        {
            return false;
        }
        position += (int)compressedLength;
        value = output;
        return true;
    }
}
