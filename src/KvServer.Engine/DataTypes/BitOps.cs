using System.Numerics;
using System.Runtime.InteropServices;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// Bit-level primitives over string bytes for the bitmap commands (Redis's bitops.c): population count,
/// first set/clear bit, and BITFIELD's big-endian integer fields with their overflow rules. Bit 0 is the
/// most significant bit of byte 0, as in Redis.
/// </summary>
public static class BitOps
{
    /// <summary>redisPopcount: number of set bits.</summary>
    public static long PopCount(ReadOnlySpan<byte> bytes)
    {
        long count = 0;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (ulong word in words)
        {
            count += BitOperations.PopCount(word);
        }
        for (int i = words.Length * sizeof(ulong); i < bytes.Length; i++)
        {
            count += BitOperations.PopCount(bytes[i]);
        }
        return count;
    }

    /// <summary>
    /// redisBitpos: the position of the first bit equal to <paramref name="bit"/>. When none is found, a
    /// search for 1 gives -1 and a search for 0 gives the first bit after the bytes (the string is seen as
    /// padded with zeros on the right).
    /// </summary>
    public static long BitPos(ReadOnlySpan<byte> bytes, int bit)
    {
        byte skip = bit == 1 ? (byte)0x00 : (byte)0xFF;
        int index = bytes.IndexOfAnyExcept(skip);
        if (index < 0)
        {
            return bit == 1 ? -1 : (long)bytes.Length * 8;
        }
        int value = bit == 1 ? bytes[index] : (byte)~bytes[index];
        return (long)index * 8 + BitOperations.LeadingZeroCount((uint)value) - 24;
    }

    /// <summary>getUnsignedBitfield: <paramref name="bits"/> bits from bit <paramref name="offset"/>, big-endian.</summary>
    public static ulong GetUnsigned(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        ulong value = 0;
        for (int j = 0; j < bits; j++, offset++)
        {
            int bitValue = (bytes[(int)(offset >> 3)] >> (7 - (int)(offset & 7))) & 1;
            value = (value << 1) | (uint)bitValue;
        }
        return value;
    }

    /// <summary>getSignedBitfield: the field read as two's complement.</summary>
    public static long GetSigned(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        ulong value = GetUnsigned(bytes, offset, bits);
        if (bits < 64 && (value & (1UL << (bits - 1))) != 0)
        {
            value |= ulong.MaxValue << bits;
        }
        return (long)value;
    }

    /// <summary>setUnsignedBitfield: writes the low <paramref name="bits"/> bits of the value, big-endian.</summary>
    public static void SetUnsigned(Span<byte> bytes, long offset, int bits, ulong value)
    {
        for (int j = 0; j < bits; j++, offset++)
        {
            ulong bitValue = (value >> (bits - 1 - j)) & 1;
            int index = (int)(offset >> 3);
            int shift = 7 - (int)(offset & 7);
            int current = bytes[index] & ~(1 << shift);
            bytes[index] = (byte)(current | ((int)bitValue << shift));
        }
    }

    /// <summary>
    /// Reads a field that may extend past the end of <paramref name="bytes"/> (BITFIELD GET on a short or
    /// missing string): the missing bits read as zero.
    /// </summary>
    public static ulong GetUnsignedPadded(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        // Same trick as Redis: copy the (up to) 9 bytes the field touches into a zero-padded buffer.
        Span<byte> window = stackalloc byte[9];
        window.Clear();
        long first = offset >> 3;
        for (int i = 0; i < 9 && first + i < bytes.Length; i++)
        {
            window[i] = bytes[(int)(first + i)];
        }
        return GetUnsigned(window, offset - first * 8, bits);
    }

    /// <summary>Sign-extended form of <see cref="GetUnsignedPadded"/>.</summary>
    public static long GetSignedPadded(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        ulong value = GetUnsignedPadded(bytes, offset, bits);
        if (bits < 64 && (value & (1UL << (bits - 1))) != 0)
        {
            value |= ulong.MaxValue << bits;
        }
        return (long)value;
    }

    /// <summary>
    /// checkUnsignedBitfieldOverflow: whether value + increment leaves the range of a u<paramref name="bits"/>
    /// field (1 above, -1 below, 0 fits), and in <paramref name="limit"/> the value to store for WRAP or SAT.
    /// </summary>
    public static int CheckUnsignedOverflow(ulong value, long increment, int bits, BitfieldOverflow overflow, out ulong limit)
    {
        limit = 0;
        ulong max = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        long maxIncrement = unchecked((long)(max - value));
        long minIncrement = unchecked(-(long)value);
        if (value > max || (increment > 0 && increment > maxIncrement))
        {
            limit = overflow == BitfieldOverflow.Wrap ? WrapUnsigned(value, increment, bits) : max;
            return 1;
        }
        if (increment < 0 && increment < minIncrement)
        {
            limit = overflow == BitfieldOverflow.Wrap ? WrapUnsigned(value, increment, bits) : 0;
            return overflow == BitfieldOverflow.Wrap ? 1 : -1;
        }
        return 0;
    }

    private static ulong WrapUnsigned(ulong value, long increment, int bits)
    {
        ulong result = unchecked(value + (ulong)increment);
        return bits == 64 ? result : result & ~(ulong.MaxValue << bits);
    }

    /// <summary>
    /// checkSignedBitfieldOverflow: whether value + increment leaves the range of an i<paramref name="bits"/>
    /// field (1 above, -1 below, 0 fits), and in <paramref name="limit"/> the value to store for WRAP or SAT.
    /// </summary>
    public static int CheckSignedOverflow(long value, long increment, int bits, BitfieldOverflow overflow, out long limit)
    {
        limit = 0;
        long max = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        // maxIncrement and minIncrement may overflow; they are only used once value is known to be in range.
        long maxIncrement = unchecked((long)((ulong)max - (ulong)value));
        long minIncrement = unchecked(min - value);
        if (value > max || (bits != 64 && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement))
        {
            limit = overflow == BitfieldOverflow.Wrap ? WrapSigned(value, increment, bits) : max;
            return 1;
        }
        if (value < min || (bits != 64 && increment < minIncrement) || (value < 0 && increment < 0 && increment < minIncrement))
        {
            limit = overflow == BitfieldOverflow.Wrap ? WrapSigned(value, increment, bits) : min;
            return overflow == BitfieldOverflow.Wrap ? 1 : -1;
        }
        return 0;
    }

    private static long WrapSigned(long value, long increment, int bits)
    {
        ulong result = unchecked((ulong)value + (ulong)increment);
        if (bits < 64)
        {
            ulong mask = ulong.MaxValue << bits;
            ulong signBit = 1UL << (bits - 1);
            result = (result & signBit) != 0 ? result | mask : result & ~mask;
        }
        return (long)result;
    }

    /// <summary>
    /// BITOP's core: combines the sources byte by byte into <paramref name="result"/> (as long as the longest
    /// source). A source shorter than the result counts as zero-padded, so AND clears the tail.
    /// </summary>
    public static void Combine(BitOperation operation, Span<byte> result, IReadOnlyList<byte[]> sources)
    {
        if (operation == BitOperation.Not)
        {
            byte[] source = sources[0];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)~source[i];
            }
            return;
        }
        result.Clear();
        sources[0].AsSpan().CopyTo(result);
        for (int s = 1; s < sources.Count; s++)
        {
            ReadOnlySpan<byte> source = sources[s];
            CombineOne(operation, result, source);
        }
    }

    private static void CombineOne(BitOperation operation, Span<byte> result, ReadOnlySpan<byte> source)
    {
        int common = Math.Min(result.Length, source.Length);
        Span<ulong> resultWords = MemoryMarshal.Cast<byte, ulong>(result[..common]);
        ReadOnlySpan<ulong> sourceWords = MemoryMarshal.Cast<byte, ulong>(source[..common]);
        for (int i = 0; i < resultWords.Length; i++)
        {
            resultWords[i] = operation switch
            {
                BitOperation.And => resultWords[i] & sourceWords[i],
                BitOperation.Or => resultWords[i] | sourceWords[i],
                _ => resultWords[i] ^ sourceWords[i],
            };
        }
        for (int i = resultWords.Length * sizeof(ulong); i < common; i++)
        {
            result[i] = operation switch
            {
                BitOperation.And => (byte)(result[i] & source[i]),
                BitOperation.Or => (byte)(result[i] | source[i]),
                _ => (byte)(result[i] ^ source[i]),
            };
        }
        if (operation == BitOperation.And)
        {
            // Missing bytes of a short source are zero.
            result[common..].Clear();
        }
    }
}
