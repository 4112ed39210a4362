using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Redis's CRC-64 (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected input and output, initial value
/// 0, no final xor; crc64(0, "123456789") is 0xe9c6d914c4b8d9ca. It seals DUMP and FUNCTION DUMP payloads and
/// RDB files, so our payloads and Redis's verify each other.
/// </summary>
public static class Crc64
{
    // The reflected form of the Jones polynomial.
    private const ulong ReflectedPolynomial = 0x95AC9329AC4BC9B5UL;

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
    public static ulong Compute(ulong crc, ReadOnlySpan<byte> data)
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
}
