using System.Buffers;
using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Sorted-set commands (Redis's t_zset.c), values in <see cref="SortedSetValue"/>. This file: ZADD, ZINCRBY,
/// ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZPOPMIN, ZPOPMAX, ZMPOP, ZRANDMEMBER, ZSCAN and the pop
/// logic the blocking variants reuse. SortedSetCommands.Range.cs: ZRANGE and its variants, ZRANGESTORE,
/// ZCOUNT, ZLEXCOUNT, ZREMRANGEBY*. SortedSetCommands.Store.cs: ZUNION, ZINTER, ZDIFF, their STORE forms
/// and ZINTERCARD.
/// </summary>
internal static partial class SortedSetCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("zadd", Zadd);
        table.Bind("zincrby", Zincrby);
        table.Bind("zrem", Zrem);
        table.Bind("zcard", Zcard);
        table.Bind("zscore", Zscore);
        table.Bind("zmscore", Zmscore);
        table.Bind("zrank", Zrank);
        table.Bind("zrevrank", Zrevrank);
        table.Bind("zpopmin", Zpopmin);
        table.Bind("zpopmax", Zpopmax);
        table.Bind("zmpop", Zmpop);
        table.Bind("zrandmember", Zrandmember);
        table.Bind("zscan", Zscan);
        RegisterRange(table);
        RegisterStore(table);
        RegisterBlocking(table);
    }

    // ---------------------------------------------------------------- shared helpers

    private static bool Is(ReadOnlySpan<byte> argument, ReadOnlySpan<byte> word) => Ascii.EqualsIgnoreCase(argument, word);

    /// <summary>
    /// lookupKeyRead + checkType: false (WRONGTYPE already replied) when the key holds another type; otherwise
    /// <paramref name="zset"/> is the set or null when the key does not exist.
    /// </summary>
    private static bool TryRead(CommandContext ctx, ReadOnlySpan<byte> key, out SortedSetValue? zset) =>
        Check(ctx, ctx.Db.Lookup(key, ctx.Now), out zset);

    /// <summary>lookupKeyWrite + checkType, as <see cref="TryRead"/>.</summary>
    private static bool TryWrite(CommandContext ctx, ReadOnlySpan<byte> key, out SortedSetValue? zset) =>
        Check(ctx, ctx.Db.LookupWrite(key, ctx.Now), out zset);

    private static bool Check(CommandContext ctx, object? value, out SortedSetValue? zset)
    {
        zset = value as SortedSetValue;
        if (value is not null && zset is null)
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return false;
        }
        return true;
    }

    /// <summary>Array header of a member list: doubled in RESP2 with scores, pairs in RESP3.</summary>
    private static void WriteElementsHeader(RespWriter reply, long count, bool withScores) =>
        reply.WriteArrayLength(withScores && !reply.IsResp3 ? count * 2 : count);

    /// <summary>One element: member, then its score when asked; a [member, score] array in RESP3.</summary>
    private static void WriteElement(RespWriter reply, ReadOnlySpan<byte> member, double score, bool withScores)
    {
        if (withScores && reply.IsResp3)
        {
            reply.WriteArrayLength(2);
        }
        reply.WriteBulkString(member);
        if (withScores)
        {
            reply.WriteDouble(score);
        }
    }

    /// <summary>getRangeLongFromObjectOrReply(1, LONG_MAX): a count that must be at least 1.</summary>
    private static bool TryParseAtLeastOne(ReadOnlySpan<byte> text, out long value) =>
        Utf8Number.TryParseInt64(text, out value) && value >= 1;

    private static long MaxListpackEntries(CommandContext ctx) => ctx.Server.Options.ZsetMaxListpackEntries;

    private static long MaxListpackValue(CommandContext ctx) => ctx.Server.Options.ZsetMaxListpackValue;

    // ---------------------------------------------------------------- ZADD / ZINCRBY

    // ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
    private static void Zadd(CommandContext ctx, CommandArgs args) => ZaddGeneric(ctx, args, ZaddFlags.None);

    // ZINCRBY key increment member
    // Parsed by ZADD's parser as Redis does, so an increment spelled like a ZADD option ("nx") is a syntax error.
    private static void Zincrby(CommandContext ctx, CommandArgs args) => ZaddGeneric(ctx, args, ZaddFlags.Incr);

    /// <summary>
    /// zaddGenericCommand. Check order as Redis: pair count (syntax error), option conflicts, every score
    /// (so a bad one leaves nothing half-applied), then the key's type.
    /// </summary>
    private static void ZaddGeneric(CommandContext ctx, CommandArgs args, ZaddFlags flags)
    {
        bool ch = false;
        int scoreIndex = 2;
        for (; scoreIndex < args.Count; scoreIndex++)
        {
            ReadOnlySpan<byte> option = args[scoreIndex];
            if (Is(option, "nx"u8))
            {
                flags |= ZaddFlags.Nx;
            }
            else if (Is(option, "xx"u8))
            {
                flags |= ZaddFlags.Xx;
            }
            else if (Is(option, "ch"u8))
            {
                ch = true;
            }
            else if (Is(option, "incr"u8))
            {
                flags |= ZaddFlags.Incr;
            }
            else if (Is(option, "gt"u8))
            {
                flags |= ZaddFlags.Gt;
            }
            else if (Is(option, "lt"u8))
            {
                flags |= ZaddFlags.Lt;
            }
            else
            {
                break;
            }
        }
        bool incr = (flags & ZaddFlags.Incr) != 0;
        bool nx = (flags & ZaddFlags.Nx) != 0;
        bool xx = (flags & ZaddFlags.Xx) != 0;
        bool gt = (flags & ZaddFlags.Gt) != 0;
        bool lt = (flags & ZaddFlags.Lt) != 0;

        int elements = args.Count - scoreIndex;
        if (elements % 2 != 0 || elements == 0)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        elements /= 2;
        if (nx && xx)
        {
            ctx.Reply.WriteError(RespErrors.ZaddNxXx);
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            ctx.Reply.WriteError(RespErrors.ZaddGtLtNx);
            return;
        }
        if (incr && elements > 1)
        {
            ctx.Reply.WriteError(RespErrors.ZaddIncrPairs);
            return;
        }

        double[]? rented = null;
        Span<double> scores = elements <= 64 ? stackalloc double[elements] : (rented = ArrayPool<double>.Shared.Rent(elements));
        try
        {
            for (int j = 0; j < elements; j++)
            {
                if (!ZsetNumber.TryParseScore(args[scoreIndex + (j * 2)], out scores[j]))
                {
                    ctx.Reply.WriteError(RespErrors.NotFloat);
                    return;
                }
            }
            ZaddApply(ctx, args, flags, ch, scoreIndex, scores[..elements]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The keyspace half of ZADD, once every argument is known to be valid.</summary>
    private static void ZaddApply(CommandContext ctx, CommandArgs args, ZaddFlags flags, bool ch, int scoreIndex, ReadOnlySpan<double> scores)
    {
        ReadOnlySpan<byte> key = args[1];
        bool incr = (flags & ZaddFlags.Incr) != 0;
        if (!TryWrite(ctx, key, out SortedSetValue? zset))
        {
            return;
        }
        long added = 0;
        long updated = 0;
        long processed = 0;
        double score = 0;
        if (zset is null && (flags & ZaddFlags.Xx) == 0)
        {
            zset = SortedSetValue.Create(MaxListpackEntries(ctx), MaxListpackValue(ctx), args[scoreIndex + 1].Length);
            if (zset.IsListpack && scores.Length <= MaxListpackEntries(ctx))
            {
                // Allocate the new set's listpack once, exactly (many small sets is the listpack's use).
                long bytes = 0;
                for (int j = 0; j < scores.Length; j++)
                {
                    bytes += SortedSetValue.ListpackEntrySize(args[scoreIndex + 1 + (j * 2)].Length);
                }
                zset.ReserveListpack(bytes);
            }
            ctx.Db.Set(key, zset);
        }
        if (zset is not null)
        {
            long maxEntries = MaxListpackEntries(ctx);
            long maxValue = MaxListpackValue(ctx);
            for (int j = 0; j < scores.Length; j++)
            {
                ZaddResult result = zset.Add(args[scoreIndex + 1 + (j * 2)], scores[j], flags, maxEntries, maxValue, out double newScore);
                if (result == ZaddResult.NaN)
                {
                    ctx.Reply.WriteError(RespErrors.ZsetScoreNaN);
                    SignalZadd(ctx, key, added, updated, incr);
                    return;
                }
                added += result == ZaddResult.Added ? 1 : 0;
                updated += result == ZaddResult.Updated ? 1 : 0;
                processed += result != ZaddResult.Nop ? 1 : 0;
                score = newScore;
            }
        }
        if (incr)
        {
            if (processed > 0)
            {
                ctx.Reply.WriteDouble(score);
            }
            else
            {
                ctx.Reply.WriteNull();
            }
        }
        else
        {
            ctx.Reply.WriteInteger(ch ? added + updated : added);
        }
        SignalZadd(ctx, key, added, updated, incr);
    }

    /// <summary>
    /// zaddGenericCommand's cleanup: a change (even before a NaN error stopped the loop) is signalled and
    /// raises "zadd", or "zincr" for ZINCRBY and ZADD INCR.
    /// </summary>
    private static void SignalZadd(CommandContext ctx, ReadOnlySpan<byte> key, long added, long updated, bool incr)
    {
        if (added + updated > 0)
        {
            ctx.KeyModified(key, added + updated);
            ctx.Notify(NotifyFlags.SortedSet, incr ? "zincr"u8 : "zadd"u8, key);
        }
    }

    // ---------------------------------------------------------------- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK

    // ZREM key member [member ...]
    private static void Zrem(CommandContext ctx, CommandArgs args)
    {
        ReadOnlySpan<byte> key = args[1];
        if (!TryWrite(ctx, key, out SortedSetValue? zset))
        {
            return;
        }
        if (zset is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long deleted = 0;
        bool keyRemoved = false;
        for (int j = 2; j < args.Count; j++)
        {
            if (zset.Remove(args[j]))
            {
                deleted++;
            }
            if (zset.Count == 0)
            {
                ctx.Db.Delete(key);
                keyRemoved = true;
                break;
            }
        }
        if (deleted > 0)
        {
            ctx.Notify(NotifyFlags.SortedSet, "zrem"u8, key);
            if (keyRemoved)
            {
                ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            }
            ctx.KeyModified(key, deleted);
        }
        ctx.Reply.WriteInteger(deleted);
    }

    // ZCARD key
    private static void Zcard(CommandContext ctx, CommandArgs args)
    {
        if (TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            ctx.Reply.WriteInteger(zset?.Count ?? 0);
        }
    }

    // ZSCORE key member
    private static void Zscore(CommandContext ctx, CommandArgs args)
    {
        if (!TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            return;
        }
        if (zset is not null && zset.TryGetScore(args[2], out double score))
        {
            ctx.Reply.WriteDouble(score);
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    // ZMSCORE key member [member ...]
    // A missing key answers like an empty set: one nil per member.
    private static void Zmscore(CommandContext ctx, CommandArgs args)
    {
        if (!TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            return;
        }
        ctx.Reply.WriteArrayLength(args.Count - 2);
        for (int j = 2; j < args.Count; j++)
        {
            if (zset is not null && zset.TryGetScore(args[j], out double score))
            {
                ctx.Reply.WriteDouble(score);
            }
            else
            {
                ctx.Reply.WriteNull();
            }
        }
    }

    // ZRANK key member (Redis 7.0 has no WITHSCORE)
    private static void Zrank(CommandContext ctx, CommandArgs args) => RankGeneric(ctx, args, reverse: false);

    // ZREVRANK key member
    private static void Zrevrank(CommandContext ctx, CommandArgs args) => RankGeneric(ctx, args, reverse: true);

    private static void RankGeneric(CommandContext ctx, CommandArgs args, bool reverse)
    {
        if (!TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            return;
        }
        long rank = zset?.Rank(args[2], reverse) ?? -1;
        if (rank >= 0)
        {
            ctx.Reply.WriteInteger(rank);
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    // ---------------------------------------------------------------- ZPOPMIN / ZPOPMAX / ZMPOP

    /// <summary>
    /// The reply shapes of genericZpopCommand: flat [member, score, ...] (ZPOPMIN, and RESP2), nested
    /// [[member, score], ...] (ZPOPMIN with a count in RESP3), flat with the key first [key, member, score]
    /// (BZPOPMIN/BZPOPMAX), and [key, [[member, score], ...]] (ZMPOP/BZMPOP).
    /// </summary>
    internal enum PopReplyShape
    {
        Flat,
        Nested,
        FlatWithKey,
        NestedWithKey,
    }

    // ZPOPMIN key [count]
    private static void Zpopmin(CommandContext ctx, CommandArgs args) => ZpopMinMax(ctx, args, max: false);

    // ZPOPMAX key [count]
    private static void Zpopmax(CommandContext ctx, CommandArgs args) => ZpopMinMax(ctx, args, max: true);

    /// <summary>zpopMinMaxCommand: count parsed before the key is looked at; a count of 0 pops nothing.</summary>
    private static void ZpopMinMax(CommandContext ctx, CommandArgs args, bool max)
    {
        if (args.Count > 3)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        long count = -1;
        if (args.Count == 3 && (!Utf8Number.TryParseInt64(args[2], out count) || count < 0))
        {
            ctx.Reply.WriteError(RespErrors.NotPositive);
            return;
        }
        if (!TryWrite(ctx, args[1], out SortedSetValue? zset))
        {
            return;
        }
        if (zset is null || count == 0)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        PopReplyShape shape = ctx.Reply.IsResp3 && count != -1 ? PopReplyShape.Nested : PopReplyShape.Flat;
        PopAndReply(ctx, args[1], zset, max, count == -1 ? 1 : count, shape);
    }

    // ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
    private static void Zmpop(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseZmpopArguments(ctx, args, numkeysIndex: 1, out long numkeys, out bool max, out long count))
        {
            return;
        }
        if (!TryFindPopSource(ctx, args, 2, (int)numkeys, out int keyIndex, out SortedSetValue? zset))
        {
            return;
        }
        if (zset is null)
        {
            ctx.Reply.WriteNullArray();
            return;
        }
        PopAndReply(ctx, args[keyIndex], zset, max, count, PopReplyShape.NestedWithKey);
    }

    /// <summary>
    /// zmpopGenericCommand's parsing, shared with BZMPOP (numkeys at index 2 there): numkeys ≥ 1, then
    /// MIN|MAX right after the keys, then an optional COUNT ≥ 1 (default 1). Replies the error on failure.
    /// </summary>
    internal static bool TryParseZmpopArguments(CommandContext ctx, CommandArgs args, int numkeysIndex,
        out long numkeys, out bool max, out long count)
    {
        max = false;
        count = -1;
        if (!TryParseAtLeastOne(args[numkeysIndex], out numkeys))
        {
            ctx.Reply.WriteError(RespErrors.NumkeysNotPositive);
            return false;
        }
        // where index = numkeysIndex + numkeys + 1, compared without overflowing for a huge numkeys.
        if (numkeys >= args.Count - numkeysIndex - 1)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return false;
        }
        int whereIndex = numkeysIndex + (int)numkeys + 1;
        ReadOnlySpan<byte> where = args[whereIndex];
        if (Is(where, "min"u8))
        {
            max = false;
        }
        else if (Is(where, "max"u8))
        {
            max = true;
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return false;
        }
        for (int j = whereIndex + 1; j < args.Count; j++)
        {
            bool moreArgs = args.Count - 1 - j > 0;
            if (count == -1 && Is(args[j], "count"u8) && moreArgs)
            {
                j++;
                if (!TryParseAtLeastOne(args[j], out count))
                {
                    ctx.Reply.WriteError(RespErrors.LmpopCount);
                    return false;
                }
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        if (count == -1)
        {
            count = 1;
        }
        return true;
    }

    /// <summary>
    /// The first of <paramref name="keyCount"/> keys from <paramref name="firstKey"/> that holds a sorted set
    /// (genericZpopCommand's candidate search; BZPOPMIN/BZPOPMAX/BZMPOP use it before deciding to block).
    /// Returns false after replying WRONGTYPE when the first existing key is not a sorted set; otherwise
    /// <paramref name="zset"/> is null when no key exists. Stored sorted sets are never empty.
    /// </summary>
    internal static bool TryFindPopSource(CommandContext ctx, CommandArgs args, int firstKey, int keyCount,
        out int keyIndex, out SortedSetValue? zset)
    {
        for (keyIndex = firstKey; keyIndex < firstKey + keyCount; keyIndex++)
        {
            object? value = ctx.Db.LookupWrite(args[keyIndex], ctx.Now);
            if (value is null)
            {
                continue;
            }
            return Check(ctx, value, out zset);
        }
        keyIndex = -1;
        zset = null;
        return true;
    }

    /// <summary>
    /// genericZpopCommand's body for a non-empty set: pops up to <paramref name="count"/> (≥ 1) elements from
    /// the low end (or the high end when <paramref name="max"/>), replies in <paramref name="shape"/>,
    /// deletes the key once empty and records one change per element. The blocking commands call this when
    /// they find (or are woken by) a non-empty set: BZPOPMIN/BZPOPMAX with count 1 and
    /// <see cref="PopReplyShape.FlatWithKey"/>, BZMPOP with <see cref="PopReplyShape.NestedWithKey"/>.
    /// </summary>
    internal static void PopAndReply(CommandContext ctx, ReadOnlySpan<byte> key, SortedSetValue zset, bool max, long count,
        PopReplyShape shape)
    {
        RespWriter reply = ctx.Reply;
        long popped = Math.Min(count, zset.Count);
        switch (shape)
        {
            case PopReplyShape.Flat:
                reply.WriteArrayLength(popped * 2);
                break;
            case PopReplyShape.Nested:
                reply.WriteArrayLength(popped);
                break;
            case PopReplyShape.FlatWithKey:
                reply.WriteArrayLength((popped * 2) + 1);
                reply.WriteBulkString(key);
                break;
            default:
                reply.WriteArrayLength(2);
                reply.WriteBulkString(key);
                reply.WriteArrayLength(popped);
                break;
        }
        bool nested = shape is PopReplyShape.Nested or PopReplyShape.NestedWithKey;
        for (long i = 0; i < popped; i++)
        {
            SortedSetValue.Position position = max ? zset.Last : zset.First;
            if (nested)
            {
                reply.WriteArrayLength(2);
            }
            reply.WriteBulkString(zset.MemberAt(position));
            reply.WriteDouble(zset.ScoreAt(position));
            zset.RemoveAt(position);
        }
        ctx.KeyModified(key, popped);
        ctx.Notify(NotifyFlags.SortedSet, max ? "zpopmax"u8 : "zpopmin"u8, key);
        if (zset.Count == 0)
        {
            ctx.Db.Delete(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
        }
        if (shape is PopReplyShape.FlatWithKey or PopReplyShape.NestedWithKey && ctx.Propagating)
        {
            // BZPOPMIN/BZPOPMAX replay as ZPOPMIN/ZPOPMAX key, [B]ZMPOP as ZPOPMIN/ZPOPMAX key count-popped,
            // whether they ran at once or were served later.
            PropagatedCommand pop = ctx.AlsoPropagate(shape == PopReplyShape.NestedWithKey ? 3 : 2).Arg(max ? "ZPOPMAX"u8 : "ZPOPMIN"u8).Arg(key);
            if (shape == PopReplyShape.NestedWithKey)
            {
                pop.Arg(popped);
            }
            ctx.PreventPropagation();
        }
    }

    // ---------------------------------------------------------------- ZRANDMEMBER

    /// <summary>ZRANDMEMBER_SUB_STRATEGY_MUL: below this ratio, draw by removing from a full copy.</summary>
    private const long RandomSubStrategyMultiplier = 3;

    // ZRANDMEMBER key [count [WITHSCORES]]
    private static void Zrandmember(CommandContext ctx, CommandArgs args)
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
                ctx.Reply.WriteError(RespErrors.ZrandmemberCountRange);
                return;
            }
            bool withScores = false;
            if (args.Count > 4 || (args.Count == 4 && !Is(args[3], "withscores"u8)))
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
            if (args.Count == 4)
            {
                withScores = true;
                // The reply has 2 × count entries: Redis refuses a count whose double would overflow.
                if (count < -long.MaxValue / 2 || count > long.MaxValue / 2)
                {
                    ctx.Reply.WriteError(RespErrors.HrandfieldCountOutOfRange);
                    return;
                }
            }
            ZrandmemberWithCount(ctx, args[1], count, withScores);
            return;
        }
        if (!TryRead(ctx, args[1], out SortedSetValue? zset))
        {
            return;
        }
        if (zset is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        zset.RandomElement(ctx.Server.Random, out ReadOnlySpan<byte> member, out _);
        ctx.Reply.WriteBulkString(member);
    }

    /// <summary>
    /// zrandmemberWithCountCommand. A negative count allows repeats (any order); a positive one returns
    /// distinct members: the whole set (from the highest score down, as Redis walks it) when the count
    /// covers it, otherwise a random subset.
    /// </summary>
    private static void ZrandmemberWithCount(CommandContext ctx, ReadOnlySpan<byte> key, long requested, bool withScores)
    {
        if (!TryRead(ctx, key, out SortedSetValue? zset))
        {
            return;
        }
        RespWriter reply = ctx.Reply;
        if (zset is null || requested == 0)
        {
            reply.WriteEmptyArray();
            return;
        }
        Random random = ctx.Server.Random;
        long size = zset.Count;
        bool unique = requested > 0;
        long count = Math.Abs(requested);

        // Case 1: repeats allowed (or a single member): independent draws.
        if (!unique || count == 1)
        {
            WriteElementsHeader(reply, count, withScores);
            for (long i = 0; i < count; i++)
            {
                zset.RandomElement(random, out ReadOnlySpan<byte> member, out double score);
                WriteElement(reply, member, score, withScores);
            }
            return;
        }

        WriteElementsHeader(reply, Math.Min(count, size), withScores);
        // Case 2: the whole set, walked from the tail as zuiInitIterator does.
        if (count >= size)
        {
            for (SortedSetValue.Position p = zset.Last; p.IsValid; p = zset.Prev(p))
            {
                WriteElement(reply, zset.MemberAt(p), zset.ScoreAt(p), withScores);
            }
            return;
        }
        // Case 3: most of the set: copy it and drop random elements until count remain.
        if (count * RandomSubStrategyMultiplier > size)
        {
            WriteRandomByRemoval(reply, zset, random, (int)size, (int)count, withScores);
            return;
        }
        // Case 4: a small part of a big set.
        if (zset.IsListpack)
        {
            WriteRandomSample(reply, zset, random, size, count, withScores);
        }
        else
        {
            WriteRandomDistinct(reply, zset, random, count, withScores);
        }
    }

    private static void WriteRandomByRemoval(RespWriter reply, SortedSetValue zset, Random random, int size, int count, bool withScores)
    {
        SortedSetValue.Position[] positions = ArrayPool<SortedSetValue.Position>.Shared.Rent(size);
        try
        {
            int n = 0;
            for (SortedSetValue.Position p = zset.Last; p.IsValid; p = zset.Prev(p))
            {
                positions[n++] = p;
            }
            while (n > count)
            {
                int victim = random.Next(n);
                positions[victim] = positions[--n];
            }
            for (int i = 0; i < n; i++)
            {
                WriteElement(reply, zset.MemberAt(positions[i]), zset.ScoreAt(positions[i]), withScores);
            }
        }
        finally
        {
            ArrayPool<SortedSetValue.Position>.Shared.Return(positions, clearArray: true);
        }
    }

    /// <summary>lpRandomPairsUnique: selection sampling, so the members come out in set order.</summary>
    private static void WriteRandomSample(RespWriter reply, SortedSetValue zset, Random random, long size, long count, bool withScores)
    {
        long remaining = size;
        long needed = count;
        for (SortedSetValue.Position p = zset.First; p.IsValid && needed > 0; p = zset.Next(p), remaining--)
        {
            if (random.NextInt64(remaining) < needed)
            {
                WriteElement(reply, zset.MemberAt(p), zset.ScoreAt(p), withScores);
                needed--;
            }
        }
    }

    /// <summary>Random table entries, skipping repeats, until <paramref name="count"/> distinct ones.</summary>
    private static void WriteRandomDistinct(RespWriter reply, SortedSetValue zset, Random random, long count, bool withScores)
    {
        var seen = new HashSet<int>();
        while (seen.Count < count)
        {
            int index = zset.RandomTableIndex(random);
            if (seen.Add(index))
            {
                WriteElement(reply, zset.TableMember(index), zset.TableScore(index), withScores);
            }
        }
    }

    // ---------------------------------------------------------------- ZSCAN

    // ZSCAN key cursor [MATCH pattern] [COUNT count]
    // A listpack is returned whole with cursor 0; a skiplist's table is scanned with dictScan's cursor.
    private static void Zscan(CommandContext ctx, CommandArgs args)
    {
        if (!CollectionScan.TryBegin(ctx, args, TryRead, out SortedSetValue? zset, out ulong cursor, out long count, out int patternIndex))
        {
            return;
        }
        bool usePattern = patternIndex >= 0;
        ReadOnlySpan<byte> pattern = usePattern ? args[patternIndex] : default;
        if (zset.IsListpack)
        {
            WriteListpackScan(ctx.Reply, zset, pattern, usePattern);
        }
        else
        {
            WriteTableScan(ctx.Reply, zset, cursor, count, pattern, usePattern);
        }
    }

    private static void WriteListpackScan(RespWriter reply, SortedSetValue zset, ReadOnlySpan<byte> pattern, bool usePattern)
    {
        long matches = 0;
        for (SortedSetValue.Position p = zset.First; p.IsValid; p = zset.Next(p))
        {
            if (!usePattern || GlobMatcher.IsMatch(pattern, zset.MemberAt(p)))
            {
                matches++;
            }
        }
        reply.WriteArrayLength(2);
        reply.WriteBulkString("0"u8);
        reply.WriteArrayLength(matches * 2);
        for (SortedSetValue.Position p = zset.First; p.IsValid; p = zset.Next(p))
        {
            ReadOnlySpan<byte> member = zset.MemberAt(p);
            if (!usePattern || GlobMatcher.IsMatch(pattern, member))
            {
                reply.WriteBulkString(member);
                WriteScoreText(reply, zset.ScoreAt(p));
            }
        }
    }

    private static void WriteTableScan(RespWriter reply, SortedSetValue zset, ulong cursor, long count, ReadOnlySpan<byte> pattern, bool usePattern)
    {
        var indexes = new List<int>();
        // As scanGenericCommand, which doubles COUNT for (member, score) pairs before allowing ten times as
        // many bucket visits, so a sparse table cannot stall the server.
        long maxIterations = count > long.MaxValue / 20 ? long.MaxValue : count * 20;
        do
        {
            cursor = zset.Scan(cursor, indexes);
        }
        while (cursor != 0 && maxIterations-- > 0 && indexes.Count < count);

        int kept = 0;
        for (int i = 0; i < indexes.Count; i++)
        {
            if (!usePattern || GlobMatcher.IsMatch(pattern, zset.TableMember(indexes[i])))
            {
                indexes[kept++] = indexes[i];
            }
        }
        CollectionScan.WriteCursor(reply, cursor);
        reply.WriteArrayLength(kept * 2L);
        for (int i = 0; i < kept; i++)
        {
            reply.WriteBulkString(zset.TableMember(indexes[i]));
            WriteScoreText(reply, zset.TableScore(indexes[i]));
        }
    }

    /// <summary>ZSCAN gives scores as bulk strings in every protocol (%.17g, like the listpack text).</summary>
    private static void WriteScoreText(RespWriter reply, double score)
    {
        Span<byte> text = stackalloc byte[40];
        int length = Utf8Number.FormatDouble(score, text);
        reply.WriteBulkString(text[..length]);
    }
}
