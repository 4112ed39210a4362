using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Range commands over one sorted set: ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE, the
/// older ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, and ZCOUNT, ZLEXCOUNT,
/// ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX.
/// </summary>
internal static partial class SortedSetCommands
{
    private static void RegisterRange(CommandTable table)
    {
        table.Bind("zrange", Zrange);
        table.Bind("zrangestore", Zrangestore);
        table.Bind("zrevrange", Zrevrange);
        table.Bind("zrangebyscore", Zrangebyscore);
        table.Bind("zrevrangebyscore", Zrevrangebyscore);
        table.Bind("zrangebylex", Zrangebylex);
        table.Bind("zrevrangebylex", Zrevrangebylex);
        table.Bind("zcount", Zcount);
        table.Bind("zlexcount", Zlexcount);
        table.Bind("zremrangebyrank", Zremrangebyrank);
        table.Bind("zremrangebyscore", Zremrangebyscore);
        table.Bind("zremrangebylex", Zremrangebylex);
    }

    /// <summary>zrange_type: AUTO until BYSCORE/BYLEX says otherwise (ZRANGE, ZRANGESTORE only).</summary>
    private enum RangeType
    {
        Auto,
        Rank,
        Score,
        Lex,
    }

    /// <summary>zrange_direction: AUTO until REV says otherwise (ZRANGE, ZRANGESTORE only).</summary>
    private enum RangeDirection
    {
        Auto,
        Forward,
        Reverse,
    }

    // ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
    private static void Zrange(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 1, store: false, RangeType.Auto, RangeDirection.Auto);

    // ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
    private static void Zrangestore(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 2, store: true, RangeType.Auto, RangeDirection.Auto);

    // ZREVRANGE key start stop [WITHSCORES]
    private static void Zrevrange(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 1, store: false, RangeType.Rank, RangeDirection.Reverse);

    // ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
    private static void Zrangebyscore(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 1, store: false, RangeType.Score, RangeDirection.Forward);

    // ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
    private static void Zrevrangebyscore(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 1, store: false, RangeType.Score, RangeDirection.Reverse);

    // ZRANGEBYLEX key min max [LIMIT offset count]
    private static void Zrangebylex(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 1, store: false, RangeType.Lex, RangeDirection.Forward);

    // ZREVRANGEBYLEX key max min [LIMIT offset count]
    private static void Zrevrangebylex(CommandContext ctx, CommandArgs args) =>
        ZrangeGeneric(ctx, args, 1, store: false, RangeType.Lex, RangeDirection.Reverse);

    /// <summary>
    /// zrangeGenericCommand. Order of checks as Redis: options left to right (a bad LIMIT number is reported
    /// as found), LIMIT without BYSCORE/BYLEX, WITHSCORES with BYLEX, the range itself, then the key.
    /// <paramref name="keyIndex"/> is the source key (1, or 2 for ZRANGESTORE whose destination is 1).
    /// </summary>
    private static void ZrangeGeneric(CommandContext ctx, CommandArgs args, int keyIndex, bool store,
        RangeType type, RangeDirection direction)
    {
        int minIndex = keyIndex + 1;
        int maxIndex = keyIndex + 2;
        bool withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < args.Count; j++)
        {
            int left = args.Count - j - 1;
            ReadOnlySpan<byte> option = args[j];
            if (!store && Is(option, "withscores"u8))
            {
                withScores = true;
            }
            else if (Is(option, "limit"u8) && left >= 2)
            {
                if (!Utf8Number.TryParseInt64(args[j + 1], out offset) || !Utf8Number.TryParseInt64(args[j + 2], out limit))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return;
                }
                j += 2;
            }
            else if (direction == RangeDirection.Auto && Is(option, "rev"u8))
            {
                direction = RangeDirection.Reverse;
            }
            else if (type == RangeType.Auto && Is(option, "bylex"u8))
            {
                type = RangeType.Lex;
            }
            else if (type == RangeType.Auto && Is(option, "byscore"u8))
            {
                type = RangeType.Score;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }
        if (direction == RangeDirection.Auto)
        {
            direction = RangeDirection.Forward;
        }
        if (type == RangeType.Auto)
        {
            type = RangeType.Rank;
        }
        // As Redis, "LIMIT x -1" is no limit at all and so passes with a rank range.
        if (limit != -1 && type == RangeType.Rank)
        {
            ctx.Reply.WriteError(RespErrors.ZrangeLimitNeedsByscoreOrBylex);
            return;
        }
        if (withScores && type == RangeType.Lex)
        {
            ctx.Reply.WriteError(RespErrors.ZrangeWithscoresWithBylex);
            return;
        }
        bool reverse = direction == RangeDirection.Reverse;
        if (reverse && type != RangeType.Rank)
        {
            (minIndex, maxIndex) = (maxIndex, minIndex);   // written as max, min
        }

        long start = 0;
        long end = 0;
        ScoreRange scoreRange = default;
        LexRange lexRange = default;
        switch (type)
        {
            case RangeType.Rank:
                if (!Utf8Number.TryParseInt64(args[minIndex], out start) || !Utf8Number.TryParseInt64(args[maxIndex], out end))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return;
                }
                break;
            case RangeType.Score:
                if (!ScoreRange.TryParse(args[minIndex], args[maxIndex], out scoreRange))
                {
                    ctx.Reply.WriteError(RespErrors.ZsetMinMaxNotFloat);
                    return;
                }
                break;
            default:
                if (!LexRange.TryParse(args[minIndex], args[maxIndex], out lexRange))
                {
                    ctx.Reply.WriteError(RespErrors.ZsetMinMaxNotLex);
                    return;
                }
                break;
        }

        if (!TryRead(ctx, args[keyIndex], out SortedSetValue? zset))
        {
            return;
        }
        SortedSetValue.Position first = default;
        long count = 0;
        if (zset is not null)
        {
            count = type switch
            {
                RangeType.Rank => SelectByRank(zset, start, end, reverse, out first),
                RangeType.Score => SelectInRange(zset, scoreRange, offset, limit, reverse, out first),
                _ => SelectInRange(zset, lexRange, offset, limit, reverse, out first),
            };
        }
        if (store)
        {
            StoreRange(ctx, args[1], zset, first, count, reverse);
        }
        else
        {
            WriteRange(ctx.Reply, zset, first, count, reverse, withScores);
        }
    }

    /// <summary>genericZrangebyrankCommand's index sanitizing: negative ranks count from the end.</summary>
    private static long SelectByRank(SortedSetValue zset, long start, long end, bool reverse, out SortedSetValue.Position first)
    {
        first = default;
        long length = zset.Count;
        if (start < 0)
        {
            start = length + start;
        }
        if (end < 0)
        {
            end = length + end;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (start > end || start >= length)
        {
            return 0;
        }
        if (end >= length)
        {
            end = length - 1;
        }
        first = zset.AtRank(reverse ? length - 1 - start : start);
        return end - start + 1;
    }

    /// <summary>
    /// genericZrangebyscoreCommand and genericZrangebylexCommand: the first element in range from the chosen
    /// end, OFFSET elements skipped without checking, then up to LIMIT (negative = all) while still in range.
    /// A negative offset walks off the end in Redis, so it selects nothing.
    /// </summary>
    private static long SelectInRange<TRange>(SortedSetValue zset, in TRange range, long offset, long limit, bool reverse,
        out SortedSetValue.Position first)
        where TRange : IZsetRange, allows ref struct
    {
        first = default;
        if (offset < 0 || (offset > 0 && offset >= zset.Count))
        {
            return 0;
        }
        SortedSetValue.Position p = reverse ? zset.LastInRange(range) : zset.FirstInRange(range);
        for (; p.IsValid && offset > 0; offset--)
        {
            p = zset.Step(p, reverse);
        }
        first = p;
        long count = 0;
        for (; p.IsValid && count != limit; p = zset.Step(p, reverse))
        {
            if (reverse ? !zset.AboveMin(range, p) : !zset.BelowMax(range, p))
            {
                break;
            }
            count++;
        }
        return count;
    }

    /// <summary>The client side of zrange_result_handler: a missing key and an empty range both give "*0".</summary>
    private static void WriteRange(RespWriter reply, SortedSetValue? zset, SortedSetValue.Position p, long count,
        bool reverse, bool withScores)
    {
        if (zset is null || count == 0)
        {
            reply.WriteEmptyArray();
            return;
        }
        WriteElementsHeader(reply, count, withScores);
        for (long i = 0; i < count; i++, p = zset.Step(p, reverse))
        {
            WriteElement(reply, zset.MemberAt(p), zset.ScoreAt(p), withScores);
        }
    }

    /// <summary>
    /// The store side of zrange_result_handler: a fresh set (listpack, converted as it grows past the limits)
    /// replaces the destination whatever its type and TTL; an empty result deletes the destination.
    /// </summary>
    private static void StoreRange(CommandContext ctx, ReadOnlySpan<byte> destination, SortedSetValue? zset,
        SortedSetValue.Position p, long count, bool reverse)
    {
        if (zset is null || count == 0)
        {
            ctx.Reply.WriteInteger(0);
            if (ctx.Db.Delete(destination))
            {
                ctx.KeyModified(destination);
                ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
            }
            return;
        }
        long maxEntries = MaxListpackEntries(ctx);
        long maxValue = MaxListpackValue(ctx);
        SortedSetValue result = count > maxEntries ? SortedSetValue.CreateSkiplist() : new SortedSetValue();
        for (long i = 0; i < count; i++, p = zset.Step(p, reverse))
        {
            result.Add(zset.MemberAt(p), zset.ScoreAt(p), ZaddFlags.None, maxEntries, maxValue, out _);
        }
        ctx.Db.Set(destination, result);
        ctx.KeyModified(destination);
        ctx.Reply.WriteInteger(count);
        ctx.Notify(NotifyFlags.SortedSet, "zrangestore"u8, destination);
    }

    // ZCOUNT key min max
    private static void Zcount(CommandContext ctx, CommandArgs args)
    {
        if (!ScoreRange.TryParse(args[2], args[3], out ScoreRange range))
        {
            ctx.Reply.WriteError(RespErrors.ZsetMinMaxNotFloat);
            return;
        }
        if (TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            ctx.Reply.WriteInteger(zset?.CountInRange(range) ?? 0);
        }
    }

    // ZLEXCOUNT key min max
    private static void Zlexcount(CommandContext ctx, CommandArgs args)
    {
        if (!LexRange.TryParse(args[2], args[3], out LexRange range))
        {
            ctx.Reply.WriteError(RespErrors.ZsetMinMaxNotLex);
            return;
        }
        if (TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            ctx.Reply.WriteInteger(zset?.CountInRange(range) ?? 0);
        }
    }

    // ZREMRANGEBYRANK key start stop
    private static void Zremrangebyrank(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long start) || !Utf8Number.TryParseInt64(args[3], out long end))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (!TryWrite(ctx, args[1], out SortedSetValue? zset))
        {
            return;
        }
        if (zset is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long length = zset.Count;
        if (start < 0)
        {
            start = length + start;
        }
        if (end < 0)
        {
            end = length + end;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (start > end || start >= length)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (end >= length)
        {
            end = length - 1;
        }
        FinishRemoveRange(ctx, args[1], zset, zset.RemoveRangeByRank(start, end), "zremrangebyrank"u8);
    }

    // ZREMRANGEBYSCORE key min max
    private static void Zremrangebyscore(CommandContext ctx, CommandArgs args)
    {
        if (!ScoreRange.TryParse(args[2], args[3], out ScoreRange range))
        {
            ctx.Reply.WriteError(RespErrors.ZsetMinMaxNotFloat);
            return;
        }
        RemoveInRange(ctx, args[1], range, "zremrangebyscore"u8);
    }

    // ZREMRANGEBYLEX key min max
    private static void Zremrangebylex(CommandContext ctx, CommandArgs args)
    {
        if (!LexRange.TryParse(args[2], args[3], out LexRange range))
        {
            ctx.Reply.WriteError(RespErrors.ZsetMinMaxNotLex);
            return;
        }
        RemoveInRange(ctx, args[1], range, "zremrangebylex"u8);
    }

    /// <summary>ZREMRANGEBYSCORE and ZREMRANGEBYLEX once their range parsed.</summary>
    private static void RemoveInRange<TRange>(CommandContext ctx, ReadOnlySpan<byte> key, in TRange range, ReadOnlySpan<byte> eventName)
        where TRange : IZsetRange, allows ref struct
    {
        if (!TryWrite(ctx, key, out SortedSetValue? zset))
        {
            return;
        }
        if (zset is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        FinishRemoveRange(ctx, key, zset, zset.RemoveInRange(range), eventName);
    }

    /// <summary>
    /// zremrangeGenericCommand's step 4: delete an emptied key, count the changes, raise
    /// <paramref name="eventName"/> (then "del" for an emptied key), reply.
    /// </summary>
    private static void FinishRemoveRange(CommandContext ctx, ReadOnlySpan<byte> key, SortedSetValue zset, long deleted,
        ReadOnlySpan<byte> eventName)
    {
        bool keyRemoved = zset.Count == 0;
        if (keyRemoved)
        {
            ctx.Db.Delete(key);
        }
        if (deleted > 0)
        {
            ctx.KeyModified(key, deleted);
            ctx.Notify(NotifyFlags.SortedSet, eventName, key);
            if (keyRemoved)
            {
                ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            }
        }
        ctx.Reply.WriteInteger(deleted);
    }
}
