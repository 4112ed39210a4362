using System.Buffers;
using System.Buffers.Binary;
using KvServer.Engine.Persistence;

namespace KvServer.Engine.Scripting;

/// <summary>
/// FUNCTION DUMP / RESTORE payloads, byte-compatible with Redis 7.0 (functions.c functionDumpCommand,
/// functionRestoreCommand, rdb.c rdbFunctionLoad): for each library RDB_OPCODE_FUNCTION2 (245) and its code as
/// an RDB string, then the RDB version (10) as two little-endian bytes and the CRC64 of everything before as
/// eight little-endian bytes. RESTORE also reads the pre-GA opcode (246: name, engine, optional description,
/// code) of 7.0's release candidates.
/// </summary>
public static class FunctionPayload
{
    public const byte OpcodeFunction2 = 245;
    public const byte OpcodeFunctionPreGa = 246;
    public const int RdbVersion = 10;

    /// <summary>FUNCTION DUMP.</summary>
    public static byte[] Dump(FunctionLibraryContext context, bool compress = true)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (FunctionLibrary library in context.Libraries)
        {
            output.Write([OpcodeFunction2]);
            RdbStrings.WriteString(output, library.Code, compress);
        }
        output.Write([(byte)(RdbVersion & 0xff), (byte)(RdbVersion >> 8)]);
        ulong crc = Crc64.Compute(0, output.WrittenSpan);
        Span<byte> footer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(footer, crc);
        output.Write(footer);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>verifyDumpPayload: a known RDB version and a matching CRC64.</summary>
    public static bool Verify(ReadOnlySpan<byte> payload, out int rdbVersion)
    {
        rdbVersion = 0;
        if (payload.Length < 10)
        {
            return false;
        }
        ReadOnlySpan<byte> footer = payload[^10..];
        rdbVersion = footer[0] | (footer[1] << 8);
        if (rdbVersion > RdbVersion)
        {
            return false;
        }
        ulong crc = Crc64.Compute(0, payload[..^8]);
        return crc == BinaryPrimitives.ReadUInt64LittleEndian(footer[2..]);
    }

    /// <summary>
    /// Loads every library of a verified payload into <paramref name="context"/> (a fresh one); returns Redis's
    /// error or null. Reads run over the whole payload, footer included, as Redis's rio buffer does.
    /// </summary>
    public static string? Load(FunctionStore store, byte[] payload, FunctionLibraryContext context)
    {
        int position = 0;
        while (payload.Length - position > 10)
        {
            byte type = payload[position++];
            if (type != OpcodeFunction2 && type != OpcodeFunctionPreGa)
            {
                return "given type is not a function";
            }
            string? error = ReadLibraryCode(payload, ref position, type, out byte[] code);
            if (error is not null)
            {
                return error;
            }
            if (store.Create(code, replace: false, context, timeoutMs: 0, out error) is null)
            {
                return error ?? "Failed creating the library";
            }
        }
        return null;
    }

    private static string? ReadLibraryCode(byte[] payload, ref int position, byte type, out byte[] code)
    {
        code = [];
        if (type == OpcodeFunction2)
        {
            return RdbStrings.TryReadString(payload, ref position, out code) ? null : "Failed loading library payload";
        }
        if (!RdbStrings.TryReadString(payload, ref position, out byte[] name))
        {
            return "Failed loading library name";
        }
        if (!RdbStrings.TryReadString(payload, ref position, out byte[] engine))
        {
            return "Failed loading engine name";
        }
        if (!RdbStrings.TryReadLength(payload, ref position, out ulong hasDescription, out _))
        {
            return "Failed loading library description indicator";
        }
        if (hasDescription != 0 && !RdbStrings.TryReadString(payload, ref position, out _))
        {
            return "Failed loading library description";
        }
        if (!RdbStrings.TryReadString(payload, ref position, out byte[] blob))
        {
            return "Failed loading library blob";
        }
        var builder = new ArrayBufferWriter<byte>();
        builder.Write("#!"u8);
        builder.Write(engine);
        builder.Write(" name="u8);
        builder.Write(name);
        builder.Write("\n"u8);
        builder.Write(blob);
        code = builder.WrittenSpan.ToArray();
        return null;
    }
}
