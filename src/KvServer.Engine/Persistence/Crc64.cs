using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Redis's CRC-64 (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected input and output, initial value
/// 0, no final xor; crc64(0, "123456789") is 0xe9c6d914c4b8d9ca. It seals DUMP and FUNCTION DUMP payloads and
/// RDB files, so our payloads and Redis's verify each other.
/// </summary>
public static class Crc64
{
    // The Jones polynomial without its x^64 term, and its reflected form.
    private const ulong Polynomial = 0xad93d23594c935a9UL;
    private const ulong ReflectedPolynomial = 0x95AC9329AC4BC9B5UL;

    // Below this many bytes the tables are as fast as folding (a DUMP payload, a short string).
    private const int FoldingMinimum = 128;

    // Folding constants (see ComputeFolded): a 16-byte block moved 64 bytes ahead (four blocks in flight)
    // and 16 bytes ahead (one block).
    private static readonly Vector128<ulong> FoldBy64 = FoldingConstants(64);
    private static readonly Vector128<ulong> FoldBy16 = FoldingConstants(16);

    // Slice-by-8 (as Redis's crcspeed): Tables[k][b] is the CRC of byte b followed by k zero bytes, so eight
    // input bytes are folded with eight lookups instead of eight dependent steps; RDB files are checksummed
    // as they are written, so this runs over every byte of a save.
    private static readonly ulong[][] Tables = BuildTables();

    private static ulong[][] BuildTables()
    {
        var tables = new ulong[8][];
        tables[0] = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong crc = i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
            tables[0][i] = crc;
        }
        for (int k = 1; k < 8; k++)
        {
            tables[k] = new ulong[256];
            for (int i = 0; i < 256; i++)
            {
                ulong previous = tables[k - 1][i];
                tables[k][i] = (previous >> 8) ^ tables[0][(byte)previous];
            }
        }
        return tables;
    }

    /// <summary>
    /// Continues <paramref name="crc"/> over <paramref name="data"/> (start with 0). Compiled optimized from the
    /// start: loading a file checksums it all in a handful of calls, before tiered compilation would step in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Compute(ulong crc, ReadOnlySpan<byte> data) =>
        Pclmulqdq.IsSupported && data.Length >= FoldingMinimum ? ComputeFolded(crc, data) : ComputeWithTables(crc, data);

    /// <summary>The byte-table CRC (slice-by-8), for short inputs, tails and CPUs without carry-less multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong ComputeWithTables(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3];
        ulong[] t4 = Tables[4], t5 = Tables[5], t6 = Tables[6], t7 = Tables[7];
        while (data.Length >= 8)
        {
            crc ^= BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = t7[(byte)crc] ^ t6[(byte)(crc >> 8)] ^ t5[(byte)(crc >> 16)] ^ t4[(byte)(crc >> 24)]
                ^ t3[(byte)(crc >> 32)] ^ t2[(byte)(crc >> 40)] ^ t1[(byte)(crc >> 48)] ^ t0[crc >> 56];
            data = data[8..];
        }
        foreach (byte b in data)
        {
            crc = t0[(byte)(crc ^ b)] ^ (crc >> 8);
        }
        return crc;
    }

    /// <summary>
    /// The same CRC with carry-less multiplication, eight times the tables' speed (Crc64Benchmarks): a save
    /// or a load checksums every byte of the file on the executor.
    /// </summary>
    /// <remarks>
    /// Reflected CRCs read a 16-byte little-endian block as a polynomial whose first bit has the highest
    /// degree: low half L, high half H, block = L·x^64 + H. The CRC is linear, so a block may be replaced by
    /// any block congruent to it modulo P once both are moved to the same place in the message. Moving a block
    /// D bytes ahead multiplies it by x^(8D); a carry-less multiply of two reflected 64-bit values yields x·a·b,
    /// so the block becomes clmul(L, x^(8D+63) mod P) xor clmul(H, x^(8D-1) mod P), 128 bits that are XORed
    /// into the block found D bytes ahead. Four blocks travel 64 bytes at a time, are then folded into one,
    /// and the last 16 bytes it stands for go through the tables with the tail, which also reduces them mod P.
    /// The crc carried in is XORed into the first 8 bytes, as the table loop does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong ComputeFolded(ulong crc, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        Vector128<ulong> x0 = Load(ref start, 0) ^ Vector128.CreateScalar(crc);
        Vector128<ulong> x1 = Load(ref start, 16);
        Vector128<ulong> x2 = Load(ref start, 32);
        Vector128<ulong> x3 = Load(ref start, 48);
        int at = 64;
        for (; at + 64 <= data.Length; at += 64)
        {
            x0 = Fold(x0, FoldBy64) ^ Load(ref start, at);
            x1 = Fold(x1, FoldBy64) ^ Load(ref start, at + 16);
            x2 = Fold(x2, FoldBy64) ^ Load(ref start, at + 32);
            x3 = Fold(x3, FoldBy64) ^ Load(ref start, at + 48);
        }
        Vector128<ulong> x = Fold(Fold(Fold(x0, FoldBy16) ^ x1, FoldBy16) ^ x2, FoldBy16) ^ x3;
        for (; at + 16 <= data.Length; at += 16)
        {
            x = Fold(x, FoldBy16) ^ Load(ref start, at);
        }
        Span<byte> last = stackalloc byte[16];
        x.AsByte().CopyTo(last);
        return ComputeWithTables(ComputeWithTables(0, last), data[at..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte start, int at) =>
        Vector128.LoadUnsafe(ref start, (nuint)at).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector128<ulong> block, Vector128<ulong> constants) =>
        Pclmulqdq.CarrylessMultiply(block, constants, 0x00) ^ Pclmulqdq.CarrylessMultiply(block, constants, 0x11);

    /// <summary>The multipliers that move a block <paramref name="distance"/> bytes ahead: (low half's, high half's).</summary>
    private static Vector128<ulong> FoldingConstants(int distance) =>
        Vector128.Create(Reflect(PowerOfX((8 * distance) + 63)), Reflect(PowerOfX((8 * distance) - 1)));

    /// <summary>x^<paramref name="exponent"/> mod P, bit i being the coefficient of x^i.</summary>
    private static ulong PowerOfX(int exponent)
    {
        ulong remainder = 1;
        for (int i = 0; i < exponent; i++)
        {
            bool overflows = (remainder >> 63) != 0;
            remainder <<= 1;
            if (overflows)
            {
                remainder ^= Polynomial;
            }
        }
        return remainder;
    }

    /// <summary>Bit i becomes bit 63 - i: the reflected form the CRC works in.</summary>
    private static ulong Reflect(ulong value)
    {
        ulong reflected = 0;
        for (int i = 0; i < 64; i++)
        {
            reflected |= ((value >> i) & 1) << (63 - i);
        }
        return reflected;
    }
}
