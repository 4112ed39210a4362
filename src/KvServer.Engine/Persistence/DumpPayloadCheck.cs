using System.Buffers.Binary;

namespace KvServer.Engine.Persistence;

/// <summary>
/// verifyDumpPayload: a DUMP payload is the RDB type byte and value, then the RDB version as two little-endian
/// bytes and the CRC-64 of everything before as eight little-endian bytes. RESTORE accepts versions up to
/// Redis 7.0's (10) with a matching checksum.
/// </summary>
public static class DumpPayloadCheck
{
    /// <summary>Bytes after the value: version (2) and CRC-64 (8).</summary>
    public const int FooterSize = 10;

    public static bool IsValid(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FooterSize)
        {
            return false;
        }
        ReadOnlySpan<byte> footer = payload[^FooterSize..];
        int version = footer[0] | (footer[1] << 8);
        if (version > RdbFormat.Version)
        {
            return false;
        }
        return Crc64.Compute(0, payload[..^8]) == BinaryPrimitives.ReadUInt64LittleEndian(footer[2..]);
    }
}
