using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KvServer.Engine.Persistence;

/// <summary>
/// LZF, the compression of RDB strings (Redis's deps liblzf 3.6: lzf_c.c with VERY_FAST and a 2^16-slot hash
/// table, lzf_d.c). The format: a control byte below 32 starts a run of control+1 literal bytes; otherwise its
/// top 3 bits are a match length (7 means one more length byte follows) and the rest with the next byte is
/// the distance back, minus one.
/// </summary>
public static class Lzf
{
    private const int HashLog = 16;
    private const int HashSize = 1 << HashLog;
    private const int MaxLiteral = 1 << 5;
    private const int MaxOffset = 1 << 13;
    private const int MaxReference = (1 << 8) + (1 << 3);

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/>; returns the compressed length, or 0
    /// when it does not fit (Redis then stores the string verbatim: it offers len - 4 bytes).
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output) =>
        Compress(input, output, new int[HashSize], 0);

    /// <summary>The hash table size a reusable table (<see cref="LzfCompressor"/>) must have.</summary>
    internal const int TableSize = HashSize;

    /// <summary>
    /// Compresses with a caller-owned hash table. Slots hold <paramref name="tableBase"/> + position + 1; any
    /// smaller value is left over from an earlier input and counts as empty, so a table can be reused without
    /// clearing it, as long as each call passes a base above every value written before.
    /// </summary>
    /// <remarks>Compiled optimized from the start, like the loader: a save runs it over every big value once,
    /// long before tiered compilation would promote it (tier-0 code compressed 16 MB of list nodes in about
    /// 120 ms instead of 15).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int[] table, int tableBase)
    {
        int inLength = input.Length;
        int outEnd = output.Length;
        if (inLength == 0 || outEnd == 0)
        {
            return 0;
        }
        // Unchecked access: a save spends most of its time here. Every read is below inLength (the loop stops 2
        // bytes short, and a reference is an earlier position of this input: older slot values are below
        // tableBase and read as empty); every write is below outEnd by the checks liblzf makes before it
        // writes, which return 0 when the output is full. ReferenceLzf in the tests is the checked original.
        ref byte src = ref MemoryMarshal.GetReference(input);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        ref int slots = ref MemoryMarshal.GetArrayDataReference(table);
        int ip = 0;
        int op = 1;
        int literal = 0;
        uint hash = inLength >= 2 ? (uint)((src << 8) | Unsafe.Add(ref src, 1)) : 0;
        while (ip < inLength - 2)
        {
            hash = (hash << 8) | Unsafe.Add(ref src, ip + 2);
            ref int slot = ref Unsafe.Add(ref slots, Index(hash));
            int reference = slot - tableBase - 1;
            slot = tableBase + ip + 1;
            int offset = ip - reference - 1;
            if (reference > 0 && offset >= 0 && offset < MaxOffset
                && Unsafe.Add(ref src, reference + 2) == Unsafe.Add(ref src, ip + 2)
                && Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, reference)) == Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, ip)))
            {
                int maxLength = Math.Min(inLength - ip - 2, MaxReference);
                if (op + 3 + 1 >= outEnd && op - (literal == 0 ? 1 : 0) + 3 + 1 >= outEnd)
                {
                    return 0;
                }
                Unsafe.Add(ref dst, op - literal - 1) = (byte)(literal - 1);
                op -= literal == 0 ? 1 : 0;
                int length = MatchLength(ref src, reference, ip, maxLength) - 2;
                ip++;
                if (length < 7)
                {
                    Unsafe.Add(ref dst, op++) = (byte)((offset >> 8) + (length << 5));
                }
                else
                {
                    Unsafe.Add(ref dst, op++) = (byte)((offset >> 8) + (7 << 5));
                    Unsafe.Add(ref dst, op++) = (byte)(length - 7);
                }
                Unsafe.Add(ref dst, op++) = (byte)offset;
                literal = 0;
                op++;
                ip += length + 1;
                if (ip >= inLength - 2)
                {
                    break;
                }
                // VERY_FAST: hash the two positions before the new one.
                ip -= 2;
                hash = (uint)((Unsafe.Add(ref src, ip) << 8) | Unsafe.Add(ref src, ip + 1));
                hash = (hash << 8) | Unsafe.Add(ref src, ip + 2);
                Unsafe.Add(ref slots, Index(hash)) = tableBase + ip + 1;
                ip++;
                hash = (hash << 8) | Unsafe.Add(ref src, ip + 2);
                Unsafe.Add(ref slots, Index(hash)) = tableBase + ip + 1;
                ip++;
            }
            else
            {
                if (op >= outEnd)
                {
                    return 0;
                }
                literal++;
                Unsafe.Add(ref dst, op++) = Unsafe.Add(ref src, ip++);
                if (literal == MaxLiteral)
                {
                    Unsafe.Add(ref dst, op - literal - 1) = (byte)(literal - 1);
                    literal = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd)
        {
            return 0;
        }
        while (ip < inLength)
        {
            literal++;
            Unsafe.Add(ref dst, op++) = Unsafe.Add(ref src, ip++);
            if (literal == MaxLiteral)
            {
                Unsafe.Add(ref dst, op - literal - 1) = (byte)(literal - 1);
                literal = 0;
                op++;
            }
        }
        Unsafe.Add(ref dst, op - literal - 1) = (byte)(literal - 1);
        op -= literal == 0 ? 1 : 0;
        return op;
    }

    /// <summary>
    /// The length liblzf gives a match whose first 3 bytes are equal: the first position from 3 on where the
    /// bytes differ, stopping at <paramref name="maxLength"/> (liblzf checks 16 more bytes without that bound
    /// when more than 16 may match, and always takes a third byte). Compares 8 bytes at a time. Optimized from
    /// the start like its caller: it runs once per match, and otherwise lingered in instrumented code for the
    /// first saves of a process (a tenth of a big list's save).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MatchLength(ref byte src, int reference, int ip, int maxLength)
    {
        int length = 2;
        if (maxLength > 16)
        {
            // Positions 3 to 18 exist: maxLength is at most inLength - ip - 2.
            ulong diff = Read64(ref src, reference + 3) ^ Read64(ref src, ip + 3);
            if (diff != 0)
            {
                return 3 + FirstDifferentByte(diff);
            }
            diff = Read64(ref src, reference + 11) ^ Read64(ref src, ip + 11);
            if (diff != 0)
            {
                return 11 + FirstDifferentByte(diff);
            }
            length = 18;
        }
        length++;
        while (length + 8 <= maxLength)
        {
            ulong diff = Read64(ref src, reference + length) ^ Read64(ref src, ip + length);
            if (diff != 0)
            {
                return length + FirstDifferentByte(diff);
            }
            length += 8;
        }
        while (length < maxLength && Unsafe.Add(ref src, reference + length) == Unsafe.Add(ref src, ip + length))
        {
            length++;
        }
        return length;
    }

    // Little-endian, so that the lowest set bit of an XOR is the first differing byte.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read64(ref byte src, int at)
    {
        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, at));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstDifferentByte(ulong diff) => System.Numerics.BitOperations.TrailingZeroCount(diff) >> 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Index(uint hash) => (int)(((hash >> (3 * 8 - HashLog)) - hash * 5) & (HashSize - 1));

    /// <summary>
    /// Whether <paramref name="compressedLength"/> bytes can decompress to <paramref name="length"/>: a
    /// back-reference of 3 bytes yields at most 264, so nothing valid is more than 88 times its compressed size.
    /// A declared length beyond that is corrupt, and is refused before anyone allocates it.
    /// </summary>
    public static bool IsPossibleLength(long compressedLength, long length) => length <= (88 * compressedLength) + 32;

    /// <summary>Decompresses into all of <paramref name="output"/>; false when the input is corrupt or its length differs.</summary>
    public static bool TryDecompressExactly(ReadOnlySpan<byte> input, Span<byte> output) =>
        output.Length != 0 && Decompress(input, output) == output.Length;

    /// <summary>
    /// Decompresses into <paramref name="output"/>; returns the decompressed length, or -1 when the input is
    /// corrupt or does not fit. Compiled optimized from the start: a load decompresses every big value through
    /// it before tiered compilation would promote it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0;
        int op = 0;
        if (input.Length == 0)
        {
            return 0;
        }
        do
        {
            int control = input[ip++];
            if (control < MaxLiteral)
            {
                control++;
                if (op + control > output.Length || ip + control > input.Length)
                {
                    return -1;
                }
                if (control <= 16 && ip + 16 <= input.Length && op + 16 <= output.Length)
                {
                    // A short run (the usual case) as two 8-byte moves instead of a call to a general copy;
                    // the bytes written past the run are overwritten by what follows.
                    CopyWord(input, ip, output, op);
                    CopyWord(input, ip + 8, output, op + 8);
                }
                else
                {
                    input.Slice(ip, control).CopyTo(output[op..]);
                }
                ip += control;
                op += control;
            }
            else
            {
                int length = control >> 5;
                int reference = op - ((control & 0x1f) << 8) - 1;
                if (ip >= input.Length)
                {
                    return -1;
                }
                if (length == 7)
                {
                    length += input[ip++];
                    if (ip >= input.Length)
                    {
                        return -1;
                    }
                }
                reference -= input[ip++];
                if (op + length + 2 > output.Length || reference < 0)
                {
                    return -1;
                }
                length += 2;
                int end = op + length;
                if (op - reference >= 8 && end + 8 <= output.Length)
                {
                    // A match at least 8 bytes back: 8-byte moves, each reading only bytes already final (a
                    // match shorter than its distance may still overlap; it reads what the previous move wrote,
                    // as the byte-by-byte definition does). Bytes written past the match are overwritten next.
                    do
                    {
                        CopyWord(output, reference, output, op);
                        reference += 8;
                        op += 8;
                    }
                    while (op < end);
                    op = end;
                }
                else
                {
                    // A match closer than 8 bytes repeats the bytes it is copying (a run): byte by byte.
                    for (int i = 0; i < length; i++)
                    {
                        output[op++] = output[reference++];
                    }
                }
            }
        }
        while (ip < input.Length);
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWord(ReadOnlySpan<byte> source, int from, Span<byte> destination, int to) =>
        BinaryPrimitives.WriteUInt64LittleEndian(destination[to..], BinaryPrimitives.ReadUInt64LittleEndian(source[from..]));
}
