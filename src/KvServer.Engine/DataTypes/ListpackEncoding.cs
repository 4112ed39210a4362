using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// Redis's listpack entry layout (listpack.c), shared by the list nodes (which hold their elements as
/// listpack string entries), the RDB listpack builder and the RDB listpack reader.
/// </summary>
/// <remarks>
/// A string entry is its header, its bytes and its back-length:
/// <code>
///   10xxxxxx + n bytes            string of up to 63 bytes
///   1110xxxx yyyyyyyy + n bytes   string of up to 4095 bytes (12-bit length, high bits first)
///   11110000 + 4-byte length + n  longer string (length little endian)
/// </code>
/// The back-length is the size of header and bytes, 7 bits per byte, most significant first; every byte but
/// the first has its top bit set, so it is read from the entry's last byte backwards. Redis's thresholds are
/// kept exactly, including their strict "&lt;" (an entry of 16383 bytes has a 3-byte back-length).
/// </remarks>
internal static class ListpackEncoding
{
    /// <summary>LP_HDR_SIZE: a listpack's total bytes (4) and entry count (2) before its entries.</summary>
    public const int HeaderSize = 6;

    /// <summary>lpBytes of an empty listpack (lpNew): header and terminator.</summary>
    public const int EmptySize = HeaderSize + 1;

    /// <summary>
    /// Writes the frame of <paramref name="listpack"/>, whose entries are already in place between its header
    /// and its last byte: the total bytes, the entry count (saturated at 65535, LP_HDR_NUMELE_UNKNOWN) and
    /// the 0xFF terminator.
    /// </summary>
    public static void WriteFrame(Span<byte> listpack, int count)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(listpack, (uint)listpack.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(listpack[4..], (ushort)Math.Min(count, ushort.MaxValue));
        listpack[^1] = 0xFF;
    }

    /// <summary>Bytes of a string entry's header (encoding and length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int StringHeaderSize(int length) => length <= 63 ? 1 : length <= 4095 ? 2 : 5;

    /// <summary>lpEncodeBacklen's size for an entry whose header and data take <paramref name="encodedSize"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BackLengthSize(long encodedSize) => encodedSize switch
    {
        <= 127 => 1,
        < 16383 => 2,
        < 2097151 => 3,
        < 268435455 => 4,
        _ => 5,
    };

    /// <summary>Bytes the string entry of a <paramref name="length"/>-byte element takes, back-length included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int StringEntrySize(int length)
    {
        int encoded = StringHeaderSize(length) + length;
        return encoded + BackLengthSize(encoded);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a string entry at the start of <paramref name="destination"/> (at
    /// least <see cref="StringEntrySize"/> bytes), whatever its content; returns the entry's size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteStringEntry(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        int length = value.Length;
        if (length < 64)
        {
            // The common case, a short element: a one-byte header and, the entry being under 128 bytes, a
            // one-byte back-length.
            destination[0] = (byte)(0x80 | length);
            value.CopyTo(destination[1..]);
            destination[length + 1] = (byte)(length + 1);
            return length + 2;
        }
        int header;
        if (length <= 4095)
        {
            destination[0] = (byte)(0xE0 | (length >> 8));
            destination[1] = (byte)length;
            header = 2;
        }
        else
        {
            destination[0] = 0xF0;
            BinaryPrimitives.WriteInt32LittleEndian(destination[1..], length);
            header = 5;
        }
        value.CopyTo(destination[header..]);
        int encoded = header + length;
        int backLength = BackLengthSize(encoded);
        WriteBackLength(destination.Slice(encoded, backLength), encoded);
        return encoded + backLength;
    }

    /// <summary>Writes the back-length of an entry of <paramref name="encodedSize"/> bytes into all of <paramref name="destination"/>.</summary>
    public static void WriteBackLength(Span<byte> destination, int encodedSize)
    {
        int last = destination.Length - 1;
        destination[0] = (byte)(encodedSize >> (7 * last));
        for (int i = 1; i <= last; i++)
        {
            destination[i] = (byte)(((encodedSize >> (7 * (last - i))) & 127) | 128);
        }
    }

    /// <summary>
    /// Reads the header of the string entry at <paramref name="offset"/>, which must be one (list nodes hold
    /// nothing else): the element's length, and the header's size as the result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadStringHeader(ReadOnlySpan<byte> buffer, int offset, out int length)
    {
        byte first = buffer[offset];
        if (first < 0xC0)
        {
            length = first & 0x3F;
            return 1;
        }
        if (first < 0xF0)
        {
            length = ((first & 0x0F) << 8) | buffer[offset + 1];
            return 2;
        }
        length = BinaryPrimitives.ReadInt32LittleEndian(buffer[(offset + 1)..]);
        return 5;
    }

    /// <summary>
    /// Reads the back-length that ends just before <paramref name="end"/>: the size of that entry's header and
    /// data; <paramref name="size"/> is the back-length's own size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadBackLength(ReadOnlySpan<byte> buffer, int end, out int size)
    {
        int value = 0;
        int shift = 0;
        int at = end;
        byte b;
        do
        {
            b = buffer[--at];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        size = end - at;
        return value;
    }

    /// <summary>
    /// lpStringToInt64 (string2ll with a 20-character limit): whether Redis stores <paramref name="text"/> as an
    /// integer entry rather than a string entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseInteger(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= Utf8Number.MaxInt64Chars
            && (text[0] == (byte)'-' || (uint)(text[0] - '0') <= 9)
            && Utf8Number.TryParseInt64(text, out value);
    }
}
