using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// MEMORY USAGE | STATS | DOCTOR | MALLOC-STATS | PURGE | HELP and ROLE. MEMORY USAGE estimates what a key
/// costs in KvServer's own representation (managed object headers, arrays, table entries), sampling
/// collections as Redis does (SAMPLES, default 5, 0 = all) — the figure redis-cli --memkeys reports.
/// </summary>
internal static partial class ServerCommands
{
    // Managed object header + method table pointer, and an array's extra length field.
    private const long ObjectHeader = 16;
    private const long ArrayHeader = 24;
    private const long TableEntry = 32 + 4;

    private static void RegisterMemory(CommandTable table)
    {
        table.Bind("memory|usage", MemoryUsage);
        table.Bind("memory|stats", MemoryStats);
        table.Bind("memory|doctor", MemoryDoctor);
        table.Bind("memory|malloc-stats", MemoryMallocStats);
        table.Bind("memory|purge", MemoryPurge);
        table.Bind("memory|help", MemoryHelp);
        table.Bind("role", Role);
    }

    // MEMORY USAGE key [SAMPLES count]
    private static void MemoryUsage(CommandContext ctx, CommandArgs args)
    {
        long samples = 5;
        for (int i = 3; i < args.Count; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(args[i], "SAMPLES"u8) && i + 1 < args.Count)
            {
                if (!Utf8Number.TryParseInt64(args[++i], out samples) || samples < 0)
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return;
                }
                if (samples == 0)
                {
                    samples = long.MaxValue;
                }
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }
        object? value = ctx.Db.Peek(args[2], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        long keyBytes = ArrayHeader + args[2].Length + TableEntry;
        ctx.Reply.WriteInteger(keyBytes + EstimateValue(value, samples));
    }

    /// <summary>Bytes held by a value: exact for strings, sampled and extrapolated for collections.</summary>
    internal static long EstimateValue(object value, long samples)
    {
        switch (value)
        {
            case byte[] bytes:
                return ArrayHeader + bytes.Length;
            case KvInt:
                return ObjectHeader + 8;
            case KvRawString raw:
                return ObjectHeader + 8 + ArrayHeader + raw.Capacity;
            case HashValue hash:
                return EstimateHash(hash, samples);
            case ISortableCollection collection:
                return EstimateCollection((IKvCollection)collection, collection, samples);
            default:
                return ObjectHeader;
        }
    }

    private static long EstimateCollection(IKvCollection value, ISortableCollection elements, long samples)
    {
        long count = value.Count;
        var all = new List<byte[]>();
        elements.CollectElements(all);
        long sampled = Math.Min(samples, all.Count);
        long bytes = 0;
        for (int i = 0; i < sampled; i++)
        {
            bytes += all[i].Length;
        }
        bool compact = value.Encoding is "listpack" or "intset" or "quicklist";
        // Compact encodings pack each element with a few bytes of framing; the others pay an array and an entry.
        long perElementOverhead = compact ? 4 : ArrayHeader + TableEntry + (value.Type == KvType.SortedSet ? 56 : 0);
        long average = sampled == 0 ? 0 : (bytes + sampled * perElementOverhead) / sampled;
        return ObjectHeader + 32 + average * count;
    }

    private static long EstimateHash(HashValue hash, long samples)
    {
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        long bytes = 0;
        long sampled = 0;
        foreach (int position in hash)
        {
            if (sampled == samples)
            {
                break;
            }
            bytes += hash.FieldAt(position, scratch).Length + hash.ValueAt(position, scratch).Length;
            sampled++;
        }
        bool compact = hash.Encoding == "listpack";
        long perPair = compact ? 4 : 2 * ArrayHeader + TableEntry;
        long average = sampled == 0 ? 0 : (bytes + sampled * perPair) / sampled;
        return ObjectHeader + 32 + average * hash.Count;
    }

    // MEMORY STATS: Redis's map of figures; KvServer reports what the runtime knows.
    private static void MemoryStats(CommandContext ctx, CommandArgs args)
    {
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        long allocated = GC.GetTotalMemory(false);
        long keys = 0;
        foreach (Keyspace.Database db in ctx.Server.Databases)
        {
            keys += db.Count;
        }
        ctx.Reply.WriteMapLength(8);
        ctx.Reply.WriteBulkString("peak.allocated"u8);
        ctx.Reply.WriteInteger(Math.Max(allocated, gc.HeapSizeBytes));
        ctx.Reply.WriteBulkString("total.allocated"u8);
        ctx.Reply.WriteInteger(allocated);
        ctx.Reply.WriteBulkString("startup.allocated"u8);
        ctx.Reply.WriteInteger(0);
        ctx.Reply.WriteBulkString("clients.normal"u8);
        ctx.Reply.WriteInteger(0);
        ctx.Reply.WriteBulkString("keys.count"u8);
        ctx.Reply.WriteInteger(keys);
        ctx.Reply.WriteBulkString("keys.bytes-per-key"u8);
        ctx.Reply.WriteInteger(keys == 0 ? 0 : allocated / keys);
        ctx.Reply.WriteBulkString("dataset.bytes"u8);
        ctx.Reply.WriteInteger(allocated);
        ctx.Reply.WriteBulkString("fragmentation.bytes"u8);
        ctx.Reply.WriteInteger(Math.Max(0, gc.HeapSizeBytes - allocated));
    }

    // MEMORY DOCTOR: Redis's report for an instance too small to judge (KvServer has no detector).
    private static void MemoryDoctor(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteVerbatim("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting."u8, "txt"u8);

    // MEMORY MALLOC-STATS: there is no jemalloc to report on.
    private static void MemoryMallocStats(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteVerbatim("Stats not supported for the current allocator"u8, "txt"u8);

    // MEMORY PURGE: the closest .NET equivalent is a compacting collection that returns memory to the OS.
    private static void MemoryPurge(CommandContext ctx, CommandArgs args)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ctx.Reply.WriteOk();
    }

    // MEMORY HELP
    private static void MemoryHelp(CommandContext ctx, CommandArgs args)
    {
        string[] lines =
        [
            "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
            "HELP",
            "    Prints this help.",
        ];
        ctx.Reply.WriteArrayLength(lines.Length);
        foreach (string line in lines)
        {
            ctx.Reply.WriteSimpleString(line);
        }
    }

    // ROLE: a master with no replicas (replication is not implemented).
    private static void Role(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteArrayLength(3);
        ctx.Reply.WriteBulkString("master"u8);
        ctx.Reply.WriteInteger(0);
        ctx.Reply.WriteEmptyArray();
    }
}
