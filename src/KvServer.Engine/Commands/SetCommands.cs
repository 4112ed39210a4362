using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Set commands (Redis's t_set.c): SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER,
/// SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE and SSCAN, over
/// <see cref="SetValue"/> (intset or hashtable encoding). A set emptied by a command is deleted from the
/// keyspace, and a *STORE with an empty result deletes its destination.
/// </summary>
internal static class SetCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("sadd", Sadd);
        table.Bind("srem", Srem);
        table.Bind("smembers", Smembers);
        table.Bind("sismember", Sismember);
        table.Bind("smismember", Smismember);
        table.Bind("scard", Scard);
        table.Bind("spop", Spop);
        table.Bind("srandmember", Srandmember);
        table.Bind("smove", Smove);
        table.Bind("sinter", Sinter);
        table.Bind("sintercard", Sintercard);
        table.Bind("sinterstore", Sinterstore);
        table.Bind("sunion", Sunion);
        table.Bind("sunionstore", Sunionstore);
        table.Bind("sdiff", Sdiff);
        table.Bind("sdiffstore", Sdiffstore);
        table.Bind("sscan", Sscan);
    }

    /// <summary>
    /// lookupKeyRead/lookupKeyWrite + checkType: false (after replying WRONGTYPE) when the key holds another
    /// type; otherwise true, with <paramref name="set"/> null when the key does not exist.
    /// </summary>
    private static bool TryGetSet(CommandContext ctx, ReadOnlySpan<byte> key, bool write, out SetValue? set)
    {
        object? value = write ? ctx.Db.LookupWrite(key, ctx.Now) : ctx.Db.Lookup(key, ctx.Now);
        set = value as SetValue;
        if (value is not null && set is null)
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return false;
        }
        return true;
    }

    /// <summary>Writes one member as a bulk string (an intset member without formatting it first).</summary>
    private static void WriteMember(RespWriter reply, SetValue set, int position)
    {
        if (set.TryGetIntegerAt(position, out long number))
        {
            reply.WriteBulkInteger(number);
            return;
        }
        reply.WriteBulkString(set.MemberAt(position, default));
    }

    /// <summary>Writes a whole set as a set reply (RESP3 '~'), in its iteration order.</summary>
    private static void WriteSet(RespWriter reply, SetValue set)
    {
        reply.WriteSetLength(set.Count);
        foreach (int position in set)
        {
            WriteMember(reply, set, position);
        }
    }

    /// <summary>setTypeAdd of the member of <paramref name="source"/> at <paramref name="position"/>.</summary>
    private static bool AddMember(SetValue destination, SetValue source, int position, long maxIntsetEntries)
    {
        if (source.TryGetIntegerAt(position, out long number))
        {
            return destination.AddInteger(number, maxIntsetEntries);
        }
        return destination.Add(source.MemberAt(position, default), maxIntsetEntries);
    }

    // SADD key member [member ...]
    private static void Sadd(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetSet(ctx, args[1], write: true, out SetValue? set))
        {
            return;
        }
        if (set is null)
        {
            set = SetValue.CreateFor(args[2], args.Count - 2);
            ctx.Db.Set(args[1], set);
        }
        long maxIntsetEntries = ctx.Server.Options.SetMaxIntsetEntries;
        long added = 0;
        for (int i = 2; i < args.Count; i++)
        {
            if (set.Add(args[i], maxIntsetEntries))
            {
                added++;
            }
        }
        if (added > 0)
        {
            ctx.KeyModified(args[1], added);
            ctx.Notify(NotifyFlags.Set, "sadd"u8, args[1]);
        }
        ctx.Reply.WriteInteger(added);
    }

    // SREM key member [member ...]
    private static void Srem(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetSet(ctx, args[1], write: true, out SetValue? set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long deleted = 0;
        for (int i = 2; i < args.Count; i++)
        {
            if (set.Remove(args[i]))
            {
                deleted++;
                if (set.Count == 0)
                {
                    break;
                }
            }
        }
        if (deleted > 0)
        {
            ctx.Notify(NotifyFlags.Set, "srem"u8, args[1]);
            DeleteIfEmptyOrCompact(ctx, args[1], set);
            ctx.KeyModified(args[1], deleted);
        }
        ctx.Reply.WriteInteger(deleted);
    }

    /// <summary>
    /// Deletes a set a command just emptied, with the generic "del" event Redis raises after the command's own
    /// event; otherwise shrinks its table.
    /// </summary>
    private static void DeleteIfEmptyOrCompact(CommandContext ctx, ReadOnlySpan<byte> key, SetValue set)
    {
        if (set.Count == 0)
        {
            ctx.Db.Delete(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
        }
        else
        {
            set.Compact();
        }
    }

    // SMEMBERS key
    private static void Smembers(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetSet(ctx, args[1], write: false, out SetValue? set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.WriteSetLength(0);
            return;
        }
        WriteSet(ctx.Reply, set);
    }

    // SISMEMBER key member
    private static void Sismember(CommandContext ctx, CommandArgs args)
    {
        if (TryGetSet(ctx, args[1], write: false, out SetValue? set))
        {
            ctx.Reply.WriteInteger(set is not null && set.Contains(args[2]) ? 1 : 0);
        }
    }

    // SMISMEMBER key member [member ...]
    private static void Smismember(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetSet(ctx, args[1], write: false, out SetValue? set))
        {
            return;
        }
        ctx.Reply.WriteArrayLength(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            ctx.Reply.WriteInteger(set is not null && set.Contains(args[i]) ? 1 : 0);
        }
    }

    // SCARD key
    private static void Scard(CommandContext ctx, CommandArgs args)
    {
        if (TryGetSet(ctx, args[1], write: false, out SetValue? set))
        {
            ctx.Reply.WriteInteger(set?.Count ?? 0);
        }
    }

    // SPOP key [count]
    private static void Spop(CommandContext ctx, CommandArgs args)
    {
        if (args.Count == 3)
        {
            SpopWithCount(ctx, args);
            return;
        }
        if (args.Count > 3)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (!TryGetSet(ctx, args[1], write: true, out SetValue? set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        int position = set.RandomPosition(ctx.Server.Random);
        WriteMember(ctx.Reply, set, position);
        if (ctx.Propagating)
        {
            Span<byte> scratch = stackalloc byte[24];
            ctx.PropagateAs(3).Arg("SREM"u8).Arg(args[1]).Arg(set.MemberAt(position, scratch));
        }
        set.RemoveAt(position);
        ctx.Notify(NotifyFlags.Set, "spop"u8, args[1]);
        DeleteIfEmptyOrCompact(ctx, args[1], set);
        ctx.KeyModified(args[1]);
    }

    /// <summary>
    /// spopWithCountCommand: a count of at least the size replies the whole set (as SUNION of it would, so an
    /// all-integer result comes sorted) and deletes the key; a smaller count pops distinct random members.
    /// </summary>
    private static void SpopWithCount(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long count) || count < 0)
        {
            ctx.Reply.WriteError(RespErrors.NotPositive);
            return;
        }
        if (!TryGetSet(ctx, args[1], write: true, out SetValue? set))
        {
            return;
        }
        if (set is null || count == 0)
        {
            ctx.Reply.WriteSetLength(0);
            return;
        }
        long size = set.Count;
        ctx.Notify(NotifyFlags.Set, "spop"u8, args[1]);
        if (count >= size)
        {
            WriteSet(ctx.Reply, Union([set], ctx.Server.Options.SetMaxIntsetEntries));
            ctx.Db.Delete(args[1]);
            ctx.Notify(NotifyFlags.Generic, "del"u8, args[1]);
            ctx.KeyModified(args[1], size);
            ctx.PropagateAs(2).Arg("DEL"u8).Arg(args[1]);
            return;
        }
        int[] chosen = SampleDistinct(set, (int)count, ctx.Server.Random);
        ctx.Reply.WriteSetLength(chosen.Length);
        Span<byte> memberScratch = stackalloc byte[24];
        foreach (int position in chosen)
        {
            WriteMember(ctx.Reply, set, position);
            // Redis 7.0 propagates one SREM per popped member (the unit then goes out as MULTI/EXEC).
            ctx.AlsoPropagate(3).Arg("SREM"u8).Arg(args[1]).Arg(set.MemberAt(position, memberScratch));
        }
        ctx.PreventPropagation();
        set.RemoveAll(chosen);
        set.Compact();
        ctx.KeyModified(args[1], count);
    }

    // SRANDMEMBER key [count]
    private static void Srandmember(CommandContext ctx, CommandArgs args)
    {
        if (args.Count == 3)
        {
            SrandmemberWithCount(ctx, args);
            return;
        }
        if (args.Count > 3)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (!TryGetSet(ctx, args[1], write: false, out SetValue? set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        WriteMember(ctx.Reply, set, set.RandomPosition(ctx.Server.Random));
    }

    /// <summary>
    /// srandmemberWithCountCommand: a negative count draws with repetition; a count of at least the size
    /// returns the whole set in its order; otherwise distinct random members. Always an array, even in RESP3.
    /// </summary>
    private static void SrandmemberWithCount(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long requested))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (requested == long.MinValue)
        {
            ctx.Reply.WriteError(RespErrors.RandomCountOutOfRange);
            return;
        }
        if (!TryGetSet(ctx, args[1], write: false, out SetValue? set))
        {
            return;
        }
        RespWriter reply = ctx.Reply;
        if (set is null || requested == 0)
        {
            reply.WriteEmptyArray();
            return;
        }
        Random random = ctx.Server.Random;
        long count = Math.Abs(requested);
        if (requested < 0 || count == 1)
        {
            reply.WriteArrayLength(count);
            for (long i = 0; i < count; i++)
            {
                WriteMember(reply, set, set.RandomPosition(random));
            }
            return;
        }
        if (count >= set.Count)
        {
            reply.WriteArrayLength(set.Count);
            foreach (int position in set)
            {
                WriteMember(reply, set, position);
            }
            return;
        }
        int[] chosen = SampleDistinct(set, (int)count, random);
        reply.WriteArrayLength(chosen.Length);
        foreach (int position in chosen)
        {
            WriteMember(reply, set, position);
        }
    }

    /// <summary>
    /// <paramref name="count"/> distinct positions (fewer than the set holds), uniformly: a partial shuffle of
    /// all positions when many are wanted, otherwise random draws with rejection of repeats (Redis's CASE 3
    /// and CASE 4), which cost O(count) on a large set.
    /// </summary>
    private static int[] SampleDistinct(SetValue set, int count, Random random)
    {
        if ((long)count * 3 > set.Count)
        {
            int[] positions = set.GetPositions();
            RandomSampling.PartialShuffle(positions, count, random);
            return positions.AsSpan(0, count).ToArray();
        }
        var chosen = new int[count];
        var seen = new HashSet<int>(count);
        int found = 0;
        while (found < count)
        {
            int position = set.RandomPosition(random);
            if (seen.Add(position))
            {
                chosen[found++] = position;
            }
        }
        return chosen;
    }

    // SMOVE source destination member
    // A missing source replies 0 before the destination's type is checked, as in Redis.
    private static void Smove(CommandContext ctx, CommandArgs args)
    {
        object? sourceValue = ctx.Db.LookupWrite(args[1], ctx.Now);
        object? destinationValue = ctx.Db.LookupWrite(args[2], ctx.Now);
        if (sourceValue is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (sourceValue is not SetValue source || (destinationValue is not null && destinationValue is not SetValue))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        var destination = destinationValue as SetValue;
        if (ReferenceEquals(source, destination))
        {
            ctx.Reply.WriteInteger(source.Contains(args[3]) ? 1 : 0);
            return;
        }
        if (!source.Remove(args[3]))
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        ctx.Notify(NotifyFlags.Set, "srem"u8, args[1]);
        DeleteIfEmptyOrCompact(ctx, args[1], source);
        if (destination is null)
        {
            destination = new SetValue();
            ctx.Db.Set(args[2], destination);
        }
        ctx.KeyModified(args[1]);
        if (destination.Add(args[3], ctx.Server.Options.SetMaxIntsetEntries))
        {
            ctx.KeyModified(args[2]);
            ctx.Notify(NotifyFlags.Set, "sadd"u8, args[2]);
        }
        ctx.Reply.WriteInteger(1);
    }

    // SINTER key [key ...]
    private static void Sinter(CommandContext ctx, CommandArgs args) =>
        Intersect(ctx, args, 1, args.Count - 1, destination: -1, cardinalityOnly: false, limit: 0);

    // SINTERSTORE destination key [key ...]
    private static void Sinterstore(CommandContext ctx, CommandArgs args) =>
        Intersect(ctx, args, 2, args.Count - 2, destination: 1, cardinalityOnly: false, limit: 0);

    // SINTERCARD numkeys key [key ...] [LIMIT limit]
    private static void Sintercard(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[1], out long keys) || keys < 1)
        {
            ctx.Reply.WriteError(RespErrors.NumkeysNotPositive);
            return;
        }
        if (keys > args.Count - 2)
        {
            ctx.Reply.WriteError(RespErrors.SintercardTooManyKeys);
            return;
        }
        long limit = 0;
        for (int i = 2 + (int)keys; i < args.Count; i++)
        {
            if (i + 1 < args.Count && System.Text.Ascii.EqualsIgnoreCase(args[i], "limit"u8))
            {
                i++;
                if (!Utf8Number.TryParseInt64(args[i], out limit) || limit < 0)
                {
                    ctx.Reply.WriteError(RespErrors.SintercardLimitNegative);
                    return;
                }
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }
        Intersect(ctx, args, 2, (int)keys, destination: -1, cardinalityOnly: true, limit);
    }

    /// <summary>
    /// sinterGenericCommand over keys args[first .. first + count): every key is looked up (a wrong type
    /// anywhere is an error even after a missing key); a missing key makes the result empty. Otherwise the
    /// smallest set is walked and each member kept if every other set has it, so the reply comes in the
    /// smallest set's order (sorted when it is an intset). Sources are read lookups even for SINTERSTORE, as
    /// in Redis 7.0 (a missing one counts a miss and raises "keymiss").
    /// </summary>
    private static void Intersect(CommandContext ctx, CommandArgs args, int first, int count, int destination, bool cardinalityOnly, long limit)
    {
        var sets = new SetValue[count];
        bool empty = false;
        for (int j = 0; j < count; j++)
        {
            if (!TryGetSet(ctx, args[first + j], write: false, out SetValue? set))
            {
                return;
            }
            if (set is null)
            {
                empty = true;
                continue;
            }
            sets[j] = set;
        }
        RespWriter reply = ctx.Reply;
        if (empty)
        {
            if (destination >= 0)
            {
                if (ctx.Db.Delete(args[destination]))
                {
                    ctx.KeyModified(args[destination]);
                    ctx.Notify(NotifyFlags.Generic, "del"u8, args[destination]);
                }
                reply.WriteInteger(0);
            }
            else if (cardinalityOnly)
            {
                reply.WriteInteger(0);
            }
            else
            {
                reply.WriteSetLength(0);
            }
            return;
        }
        SortByCardinality(sets);
        SetValue smallest = sets[0];
        var matches = new List<int>();
        long cardinality = 0;
        foreach (int position in smallest)
        {
            if (!InAllOthers(sets, position))
            {
                continue;
            }
            if (cardinalityOnly)
            {
                cardinality++;
                if (limit > 0 && cardinality >= limit)
                {
                    break;
                }
            }
            else
            {
                matches.Add(position);
            }
        }
        if (cardinalityOnly)
        {
            reply.WriteInteger(cardinality);
            return;
        }
        if (destination < 0)
        {
            reply.WriteSetLength(matches.Count);
            foreach (int position in matches)
            {
                WriteMember(reply, smallest, position);
            }
            return;
        }
        var result = new SetValue();
        long maxIntsetEntries = ctx.Server.Options.SetMaxIntsetEntries;
        foreach (int position in matches)
        {
            AddMember(result, smallest, position, maxIntsetEntries);
        }
        Store(ctx, args[destination], result, "sinterstore"u8);
    }

    /// <summary>Stable sort by size (glibc's qsort is a merge sort), smallest first.</summary>
    private static void SortByCardinality(SetValue[] sets)
    {
        for (int i = 1; i < sets.Length; i++)
        {
            SetValue set = sets[i];
            int j = i - 1;
            while (j >= 0 && sets[j].Count > set.Count)
            {
                sets[j + 1] = sets[j];
                j--;
            }
            sets[j + 1] = set;
        }
    }

    /// <summary>Whether the member of sets[0] at <paramref name="position"/> is in every other set.</summary>
    private static bool InAllOthers(SetValue[] sets, int position)
    {
        SetValue smallest = sets[0];
        if (smallest.TryGetIntegerAt(position, out long number))
        {
            for (int j = 1; j < sets.Length; j++)
            {
                if (!ReferenceEquals(sets[j], smallest) && !sets[j].ContainsInteger(number))
                {
                    return false;
                }
            }
            return true;
        }
        ReadOnlySpan<byte> member = smallest.MemberAt(position, default);
        for (int j = 1; j < sets.Length; j++)
        {
            if (!ReferenceEquals(sets[j], smallest) && !sets[j].Contains(member))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The *STORE ending: a non-empty result replaces the destination (dropping its TTL, as setKey does),
    /// replies its size and raises <paramref name="eventName"/>; an empty one deletes the destination ("del")
    /// and replies 0.
    /// </summary>
    private static void Store(CommandContext ctx, ReadOnlySpan<byte> destination, SetValue result, ReadOnlySpan<byte> eventName)
    {
        if (result.Count > 0)
        {
            ctx.Db.Set(destination, result);
            ctx.KeyModified(destination);
            ctx.Reply.WriteInteger(result.Count);
            ctx.Notify(NotifyFlags.Set, eventName, destination);
            return;
        }
        ctx.Reply.WriteInteger(0);
        if (ctx.Db.Delete(destination))
        {
            ctx.KeyModified(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
        }
    }

    // SUNION key [key ...]
    private static void Sunion(CommandContext ctx, CommandArgs args) =>
        UnionOrDiff(ctx, args, 1, args.Count - 1, destination: -1, diff: false);

    // SUNIONSTORE destination key [key ...]
    private static void Sunionstore(CommandContext ctx, CommandArgs args) =>
        UnionOrDiff(ctx, args, 2, args.Count - 2, destination: 1, diff: false);

    // SDIFF key [key ...]
    private static void Sdiff(CommandContext ctx, CommandArgs args) =>
        UnionOrDiff(ctx, args, 1, args.Count - 1, destination: -1, diff: true);

    // SDIFFSTORE destination key [key ...]
    private static void Sdiffstore(CommandContext ctx, CommandArgs args) =>
        UnionOrDiff(ctx, args, 2, args.Count - 2, destination: 1, diff: true);

    /// <summary>
    /// sunionDiffGenericCommand: the result is built as a new set (an intset while it can be, so an
    /// all-integer result comes sorted) and then replied or stored. A missing key is an empty set; the first
    /// key repeated later makes a difference empty. Sources are read lookups even for the STORE forms.
    /// </summary>
    private static void UnionOrDiff(CommandContext ctx, CommandArgs args, int first, int count, int destination, bool diff)
    {
        var sets = new SetValue?[count];
        bool sameSet = false;
        for (int j = 0; j < count; j++)
        {
            if (!TryGetSet(ctx, args[first + j], write: false, out SetValue? set))
            {
                return;
            }
            sets[j] = set;
            if (j > 0 && set is not null && ReferenceEquals(sets[0], set))
            {
                sameSet = true;
            }
        }
        long maxIntsetEntries = ctx.Server.Options.SetMaxIntsetEntries;
        SetValue result;
        if (!diff)
        {
            result = Union(sets, maxIntsetEntries);
        }
        else
        {
            result = new SetValue();
            SetValue? left = sets[0];
            if (left is not null && !sameSet)
            {
                foreach (int position in left)
                {
                    if (!InAnyOther(sets, position))
                    {
                        AddMember(result, left, position, maxIntsetEntries);
                    }
                }
            }
        }
        if (destination < 0)
        {
            WriteSet(ctx.Reply, result);
            return;
        }
        Store(ctx, args[destination], result, diff ? "sdiffstore"u8 : "sunionstore"u8);
    }

    private static SetValue Union(SetValue?[] sets, long maxIntsetEntries)
    {
        var result = new SetValue();
        foreach (SetValue? set in sets)
        {
            if (set is null)
            {
                continue;
            }
            foreach (int position in set)
            {
                AddMember(result, set, position, maxIntsetEntries);
            }
        }
        return result;
    }

    /// <summary>Whether the member of sets[0] at <paramref name="position"/> is in any later existing set.</summary>
    private static bool InAnyOther(SetValue?[] sets, int position)
    {
        SetValue left = sets[0]!;
        bool isInteger = left.TryGetIntegerAt(position, out long number);
        ReadOnlySpan<byte> member = isInteger ? default : left.MemberAt(position, default);
        for (int j = 1; j < sets.Length; j++)
        {
            SetValue? other = sets[j];
            if (other is not null && (isInteger ? other.ContainsInteger(number) : other.Contains(member)))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly CollectionScan.Lookup<SetValue> s_readSet =
        (CommandContext ctx, ReadOnlySpan<byte> key, out SetValue? set) => TryGetSet(ctx, key, write: false, out set);

    // SSCAN key cursor [MATCH pattern] [COUNT count]
    // An intset is returned whole with cursor 0, as Redis does.
    private static void Sscan(CommandContext ctx, CommandArgs args)
    {
        if (!CollectionScan.TryBegin(ctx, args, s_readSet, out SetValue? set, out ulong cursor, out long count, out int patternIndex))
        {
            return;
        }
        var positions = new List<int>();
        cursor = set.Scan(cursor, count, positions);
        if (patternIndex >= 0)
        {
            CollectionScan.KeepMatching(positions, args[patternIndex], set.MemberAt);
        }
        CollectionScan.WriteCursor(ctx.Reply, cursor);
        ctx.Reply.WriteArrayLength(positions.Count);
        foreach (int position in positions)
        {
            WriteMember(ctx.Reply, set, position);
        }
    }
}
