using KvServer.Engine.Execution;
using KvServer.Engine.Persistence;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>DUMP (cluster.c dumpCommand / createDumpPayload).</summary>
internal static partial class KeyCommands
{
    /// <summary>An encoder that grew past this after a DUMP of a big value is dropped rather than kept.</summary>
    private const int DumpEncoderKeepLimit = 1 << 20;

    // A thread runs one command at a time, so a per-thread encoder is never shared by two DUMPs (several
    // servers may live in one process); it keeps its buffer between calls.
    [ThreadStatic]
    private static RdbEncoder? s_dumpEncoder;

    private static void RegisterDump(CommandTable table)
    {
        table.Bind("dump", Dump);
    }

    // DUMP key
    // The value in RDB form (type byte and payload, rdbcompression applies), the RDB version as two
    // little-endian bytes, then the CRC64 of all that as eight little-endian bytes; nil for a missing key.
    private static void Dump(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        RdbEncoder encoder = DumpEncoder(ctx.Server);
        encoder.WriteDumpPayload(value);
        ctx.Reply.WriteBulkString(encoder.WrittenSpan);
        if (encoder.Capacity > DumpEncoderKeepLimit)
        {
            s_dumpEncoder = null;
        }
    }

    private static RdbEncoder DumpEncoder(ServerState server)
    {
        RdbEncoder? encoder = s_dumpEncoder;
        if (encoder is null || encoder.Compress != server.Options.RdbCompression)
        {
            encoder = new RdbEncoder(server.Options.RdbCompression, initialCapacity: 4096);
            s_dumpEncoder = encoder;
        }
        encoder.QuicklistPackedThreshold = server.Options.QuicklistPackedThreshold;
        encoder.Clear();
        return encoder;
    }
}
