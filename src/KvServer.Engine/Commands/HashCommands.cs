using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Hash commands (Redis's t_hash.c): HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HKEYS, HVALS, HDEL, HLEN,
/// HSTRLEN, HEXISTS, HINCRBY, HINCRBYFLOAT, HRANDFIELD and HSCAN, over <see cref="HashValue"/> (listpack or
/// hashtable encoding). A hash emptied by a command is deleted from the keyspace.
/// </summary>
internal static class HashCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("hset", Hset);
        table.Bind("hmset", Hmset);
        table.Bind("hsetnx", Hsetnx);
        table.Bind("hget", Hget);
        table.Bind("hmget", Hmget);
        table.Bind("hgetall", Hgetall);
        table.Bind("hkeys", Hkeys);
        table.Bind("hvals", Hvals);
        table.Bind("hdel", Hdel);
        table.Bind("hlen", Hlen);
        table.Bind("hstrlen", Hstrlen);
        table.Bind("hexists", Hexists);
        table.Bind("hincrby", Hincrby);
        table.Bind("hincrbyfloat", Hincrbyfloat);
        table.Bind("hrandfield", Hrandfield);
        table.Bind("hscan", Hscan);
    }

    /// <summary>
    /// lookupKeyRead/lookupKeyWrite + checkType: false (after replying WRONGTYPE) when the key holds another
    /// type; otherwise true, with <paramref name="hash"/> null when the key does not exist.
    /// </summary>
    private static bool TryGetHash(CommandContext ctx, ReadOnlySpan<byte> key, bool write, out HashValue? hash)
    {
        object? value = write ? ctx.Db.LookupWrite(key, ctx.Now) : ctx.Db.Lookup(key, ctx.Now);
        hash = value as HashValue;
        if (value is not null && hash is null)
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return false;
        }
        return true;
    }

    /// <summary>hashTypeLookupWriteOrCreate: the hash at the key, a new one stored there, or null after WRONGTYPE.</summary>
    private static HashValue? LookupOrCreate(CommandContext ctx, ReadOnlySpan<byte> key)
    {
        if (!TryGetHash(ctx, key, write: true, out HashValue? hash))
        {
            return null;
        }
        if (hash is null)
        {
            hash = new HashValue();
            ctx.Db.Set(key, hash);
        }
        return hash;
    }

    // HSET key field value [field value ...]
    private static void Hset(CommandContext ctx, CommandArgs args)
    {
        if (args.Count % 2 == 1)
        {
            ctx.Reply.WriteError(RespErrors.HsetArity);
            return;
        }
        if (SetFields(ctx, args, out long created))
        {
            ctx.Reply.WriteInteger(created);
        }
    }

    // HMSET key field value [field value ...]  (deprecated form of HSET that replies OK)
    private static void Hmset(CommandContext ctx, CommandArgs args)
    {
        if (args.Count % 2 == 1)
        {
            ctx.Reply.WriteError(RespErrors.HmsetArity);
            return;
        }
        if (SetFields(ctx, args, out _))
        {
            ctx.Reply.WriteOk();
        }
    }

    /// <summary>The body of hsetCommand: conversion check over all arguments first, then each pair in order.</summary>
    private static bool SetFields(CommandContext ctx, CommandArgs args, out long created)
    {
        created = 0;
        HashValue? hash = LookupOrCreate(ctx, args[1]);
        if (hash is null)
        {
            return false;
        }
        long longest = 0;
        long total = 0;
        for (int i = 2; i < args.Count; i++)
        {
            longest = Math.Max(longest, args[i].Length);
            total += args[i].Length;
        }
        var options = ctx.Server.Options;
        hash.ConvertIfTooLong(longest, total, options.HashMaxListpackValue);
        if (hash.IsListPack && args.Count > 4)
        {
            int bytes = 0;
            for (int i = 2; i < args.Count; i++)
            {
                bytes += HashValue.ListPackEntrySize(args[i]);
            }
            hash.ReserveListPack(bytes);
        }
        for (int i = 2; i < args.Count; i += 2)
        {
            if (hash.Set(args[i], args[i + 1], options.HashMaxListpackEntries, options.HashMaxListpackValue))
            {
                created++;
            }
        }
        ctx.KeyModified(args[1], (args.Count - 2) / 2);
        ctx.Notify(NotifyFlags.Hash, "hset"u8, args[1]);
        return true;
    }

    // HSETNX key field value
    private static void Hsetnx(CommandContext ctx, CommandArgs args)
    {
        HashValue? hash = LookupOrCreate(ctx, args[1]);
        if (hash is null)
        {
            return;
        }
        if (hash.Contains(args[2]))
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        var options = ctx.Server.Options;
        hash.ConvertIfTooLong(Math.Max(args[2].Length, args[3].Length), args[2].Length + args[3].Length, options.HashMaxListpackValue);
        hash.Set(args[2], args[3], options.HashMaxListpackEntries, options.HashMaxListpackValue);
        ctx.Reply.WriteInteger(1);
        ctx.KeyModified(args[1]);
        ctx.Notify(NotifyFlags.Hash, "hset"u8, args[1]);
    }

    // HGET key field
    private static void Hget(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        if (hash is not null && hash.TryGetValue(args[2], scratch, out ReadOnlySpan<byte> value))
        {
            ctx.Reply.WriteBulkString(value);
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    // HMGET key field [field ...]
    private static void Hmget(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        ctx.Reply.WriteArrayLength(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            if (hash is not null && hash.TryGetValue(args[i], scratch, out ReadOnlySpan<byte> value))
            {
                ctx.Reply.WriteBulkString(value);
            }
            else
            {
                ctx.Reply.WriteNull();
            }
        }
    }

    // HGETALL key
    private static void Hgetall(CommandContext ctx, CommandArgs args) => WriteAll(ctx, args, fields: true, values: true);

    // HKEYS key
    private static void Hkeys(CommandContext ctx, CommandArgs args) => WriteAll(ctx, args, fields: true, values: false);

    // HVALS key
    private static void Hvals(CommandContext ctx, CommandArgs args) => WriteAll(ctx, args, fields: false, values: true);

    /// <summary>genericHgetallCommand: a map for HGETALL, an array for HKEYS and HVALS.</summary>
    private static void WriteAll(CommandContext ctx, CommandArgs args, bool fields, bool values)
    {
        if (!TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            return;
        }
        RespWriter reply = ctx.Reply;
        long count = hash?.Count ?? 0;
        if (fields && values)
        {
            reply.WriteMapLength(count);
        }
        else
        {
            reply.WriteArrayLength(count);
        }
        if (hash is null)
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        foreach (int position in hash)
        {
            if (fields)
            {
                reply.WriteBulkString(hash.FieldAt(position, scratch));
            }
            if (values)
            {
                reply.WriteBulkString(hash.ValueAt(position, scratch));
            }
        }
    }

    // HDEL key field [field ...]
    private static void Hdel(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetHash(ctx, args[1], write: true, out HashValue? hash))
        {
            return;
        }
        if (hash is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long deleted = 0;
        for (int i = 2; i < args.Count; i++)
        {
            if (hash.Delete(args[i]))
            {
                deleted++;
                if (hash.Count == 0)
                {
                    break;
                }
            }
        }
        if (deleted > 0)
        {
            ctx.Notify(NotifyFlags.Hash, "hdel"u8, args[1]);
            if (hash.Count == 0)
            {
                ctx.Db.Delete(args[1]);
                ctx.Notify(NotifyFlags.Generic, "del"u8, args[1]);
            }
            else
            {
                hash.Compact();
            }
            ctx.KeyModified(args[1], deleted);
        }
        ctx.Reply.WriteInteger(deleted);
    }

    // HLEN key
    private static void Hlen(CommandContext ctx, CommandArgs args)
    {
        if (TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            ctx.Reply.WriteInteger(hash?.Count ?? 0);
        }
    }

    // HSTRLEN key field
    private static void Hstrlen(CommandContext ctx, CommandArgs args)
    {
        if (TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            ctx.Reply.WriteInteger(hash?.GetValueLength(args[2]) ?? 0);
        }
    }

    // HEXISTS key field
    private static void Hexists(CommandContext ctx, CommandArgs args)
    {
        if (TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            ctx.Reply.WriteInteger(hash is not null && hash.Contains(args[2]) ? 1 : 0);
        }
    }

    // HINCRBY key field increment
    // The increment is checked before the key, as in Redis.
    private static void Hincrby(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[3], out long increment))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        HashValue? hash = LookupOrCreate(ctx, args[1]);
        if (hash is null)
        {
            return;
        }
        long value = 0;
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        if (hash.TryGetValue(args[2], scratch, out ReadOnlySpan<byte> current) && !Utf8Number.TryParseInt64(current, out value))
        {
            ctx.Reply.WriteError(RespErrors.HashValueNotInteger);
            return;
        }
        if ((increment < 0 && value < 0 && increment < long.MinValue - value) ||
            (increment > 0 && value > 0 && increment > long.MaxValue - value))
        {
            ctx.Reply.WriteError(RespErrors.IncrOverflow);
            return;
        }
        value += increment;
        int length = Utf8Number.FormatInt64(value, scratch);
        var options = ctx.Server.Options;
        hash.Set(args[2], scratch[..length], options.HashMaxListpackEntries, options.HashMaxListpackValue);
        ctx.Reply.WriteInteger(value);
        ctx.KeyModified(args[1]);
        ctx.Notify(NotifyFlags.Hash, "hincrby"u8, args[1]);
    }

    // HINCRBYFLOAT key field increment
    // Computed in emulated 80-bit long double and printed as Redis's ld2string(LD_STR_HUMAN), so results such
    // as "5000.00199999999999978" match byte for byte.
    private static void Hincrbyfloat(CommandContext ctx, CommandArgs args)
    {
        if (!LongDouble.TryParse(args[3], out LongDouble increment))
        {
            ctx.Reply.WriteError(RespErrors.NotFloat);
            return;
        }
        if (increment.IsInfinity)
        {
            ctx.Reply.WriteError(RespErrors.HashIncrementNanOrInfinity);
            return;
        }
        HashValue? hash = LookupOrCreate(ctx, args[1]);
        if (hash is null)
        {
            return;
        }
        LongDouble value = default;
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        if (hash.TryGetValue(args[2], scratch, out ReadOnlySpan<byte> current) && !LongDouble.TryParse(current, out value))
        {
            ctx.Reply.WriteError(RespErrors.HashValueNotFloat);
            return;
        }
        value += increment;
        if (value.IsInfinity)
        {
            ctx.Reply.WriteError(RespErrors.NanOrInfinity);
            return;
        }
        // ld2string fails on results longer than its buffer; Redis then stores and replies an empty string.
        byte[] text = value.FormatHumanFriendly();
        var options = ctx.Server.Options;
        hash.Set(args[2], text, options.HashMaxListpackEntries, options.HashMaxListpackValue);
        ctx.Reply.WriteBulkString(text);
        ctx.KeyModified(args[1]);
        ctx.PropagateAs(4).Arg("HSET"u8).Arg(args[1]).Arg(args[2]).Arg(text);
        ctx.Notify(NotifyFlags.Hash, "hincrbyfloat"u8, args[1]);
    }

    // HRANDFIELD key [count [WITHVALUES]]
    // The count is checked before the key, as in Redis.
    private static void Hrandfield(CommandContext ctx, CommandArgs args)
    {
        if (args.Count >= 3)
        {
            if (!Utf8Number.TryParseInt64(args[2], out long count))
            {
                ctx.Reply.WriteError(RespErrors.NotInteger);
                return;
            }
            if (count == long.MinValue)
            {
                ctx.Reply.WriteError(RespErrors.RandomCountOutOfRange);
                return;
            }
            if (args.Count > 4 || (args.Count == 4 && !System.Text.Ascii.EqualsIgnoreCase(args[3], "withvalues"u8)))
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
            bool withValues = args.Count == 4;
            if (withValues && (count < -long.MaxValue / 2 || count > long.MaxValue / 2))
            {
                ctx.Reply.WriteError(RespErrors.HrandfieldCountOutOfRange);
                return;
            }
            HrandfieldWithCount(ctx, args, count, withValues);
            return;
        }
        if (!TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            return;
        }
        if (hash is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        ctx.Reply.WriteBulkString(hash.FieldAt(hash.RandomPosition(ctx.Server.Random), scratch));
    }

    /// <summary>
    /// hrandfieldWithCountCommand. A negative count draws with repetition, in random order. A count at least
    /// the size returns the whole hash in its order. Otherwise distinct fields are sampled: a listpack replies
    /// them in listpack order (as lpRandomPairsUnique does), a hash table in no particular order. With
    /// WITHVALUES, RESP3 nests each pair in a two-element array and RESP2 flattens them.
    /// </summary>
    private static void HrandfieldWithCount(CommandContext ctx, CommandArgs args, long requested, bool withValues)
    {
        if (!TryGetHash(ctx, args[1], write: false, out HashValue? hash))
        {
            return;
        }
        RespWriter reply = ctx.Reply;
        if (hash is null || requested == 0)
        {
            reply.WriteEmptyArray();
            return;
        }
        Random random = ctx.Server.Random;
        long size = hash.Count;
        bool unique = requested > 0;
        long count = unique ? requested : -requested;
        if (!unique || count == 1)
        {
            WriteRandomLength(reply, count, withValues);
            // A listpack is walked once to index its pairs; a hash table draws entries directly.
            int[]? positions = hash.IsListPack ? hash.GetPositions() : null;
            for (long i = 0; i < count; i++)
            {
                int position = positions is null ? hash.RandomPosition(random) : positions[random.Next(positions.Length)];
                WriteRandomPair(reply, hash, position, withValues);
            }
            return;
        }
        if (count >= size)
        {
            WriteRandomLength(reply, size, withValues);
            foreach (int position in hash)
            {
                WriteRandomPair(reply, hash, position, withValues);
            }
            return;
        }
        int[] chosen = SampleDistinct(hash, (int)count, random);
        if (hash.IsListPack)
        {
            Array.Sort(chosen);
        }
        WriteRandomLength(reply, count, withValues);
        foreach (int position in chosen)
        {
            WriteRandomPair(reply, hash, position, withValues);
        }
    }

    private static void WriteRandomLength(RespWriter reply, long count, bool withValues) =>
        reply.WriteArrayLength(withValues && !reply.IsResp3 ? count * 2 : count);

    private static void WriteRandomPair(RespWriter reply, HashValue hash, int position, bool withValues)
    {
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        if (withValues && reply.IsResp3)
        {
            reply.WriteArrayLength(2);
        }
        reply.WriteBulkString(hash.FieldAt(position, scratch));
        if (withValues)
        {
            reply.WriteBulkString(hash.ValueAt(position, scratch));
        }
    }

    /// <summary>
    /// <paramref name="count"/> distinct positions (fewer than the hash holds), uniformly: a partial shuffle of
    /// all positions when many are wanted or the hash is a listpack, otherwise random draws with rejection of
    /// repeats (Redis's CASE 3 and CASE 4), which cost O(count) on a large table.
    /// </summary>
    private static int[] SampleDistinct(HashValue hash, int count, Random random)
    {
        if (hash.IsListPack || (long)count * 3 > hash.Count)
        {
            int[] positions = hash.GetPositions();
            RandomSampling.PartialShuffle(positions, count, random);
            return positions.AsSpan(0, count).ToArray();
        }
        var chosen = new int[count];
        var seen = new HashSet<int>(count);
        int found = 0;
        while (found < count)
        {
            int position = hash.RandomPosition(random);
            if (seen.Add(position))
            {
                chosen[found++] = position;
            }
        }
        return chosen;
    }

    private static readonly CollectionScan.Lookup<HashValue> s_readHash =
        (CommandContext ctx, ReadOnlySpan<byte> key, out HashValue? hash) => TryGetHash(ctx, key, write: false, out hash);

    // HSCAN key cursor [MATCH pattern] [COUNT count]
    // A listpack-encoded hash is returned whole with cursor 0, as Redis does.
    private static void Hscan(CommandContext ctx, CommandArgs args)
    {
        if (!CollectionScan.TryBegin(ctx, args, s_readHash, out HashValue? hash, out ulong cursor, out long count, out int patternIndex))
        {
            return;
        }
        var positions = new List<int>();
        cursor = hash.Scan(cursor, count, positions);
        Span<byte> fieldScratch = stackalloc byte[ListPack.ScratchSize];
        Span<byte> valueScratch = stackalloc byte[ListPack.ScratchSize];
        if (patternIndex >= 0)
        {
            CollectionScan.KeepMatching(positions, args[patternIndex], hash.FieldAt);
        }
        RespWriter reply = ctx.Reply;
        CollectionScan.WriteCursor(reply, cursor);
        reply.WriteArrayLength(positions.Count * 2L);
        foreach (int position in positions)
        {
            reply.WriteBulkString(hash.FieldAt(position, fieldScratch));
            reply.WriteBulkString(hash.ValueAt(position, valueScratch));
        }
    }
}
