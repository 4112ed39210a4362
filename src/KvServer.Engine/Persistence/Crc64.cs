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

    private static readonly ulong[] Table = BuildTable();

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong crc = i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
            table[i] = crc;
        }
        return table;
    }

    /// <summary>Continues <paramref name="crc"/> over <paramref name="data"/> (start with 0).</summary>
    public static ulong Compute(ulong crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }
        return crc;
    }
}
