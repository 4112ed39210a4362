using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// List commands (Redis's t_list.c): LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LINDEX, LSET, LRANGE,
/// LTRIM, LREM, LINSERT, LPOS, LMOVE, RPOPLPUSH, LMPOP. Values are <see cref="ListValue"/> quicklists; a list
/// never exists empty: the command that removes its last element deletes the key.
/// </summary>
/// <remarks>
/// The blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are served by the same code once a key has
/// data: <see cref="TryPopAndReply"/>, <see cref="TryMoveAndReply"/> and <see cref="TryParseMpopArguments"/>.
/// </remarks>
internal static partial class ListCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("lpush", Lpush);
        table.Bind("rpush", Rpush);
        table.Bind("lpushx", Lpushx);
        table.Bind("rpushx", Rpushx);
        table.Bind("lpop", Lpop);
        table.Bind("rpop", Rpop);
        table.Bind("llen", Llen);
        table.Bind("lindex", Lindex);
        table.Bind("lset", Lset);
        table.Bind("lrange", Lrange);
        table.Bind("ltrim", Ltrim);
        table.Bind("lrem", Lrem);
        table.Bind("linsert", Linsert);
        table.Bind("lpos", Lpos);
        table.Bind("lmove", Lmove);
        table.Bind("rpoplpush", Rpoplpush);
        table.Bind("lmpop", Lmpop);
        RegisterBlocking(table);
    }

    /// <summary>A new empty list with the node size configured now (Redis fixes it at creation too).</summary>
    internal static ListValue NewList(CommandContext ctx) => new(ctx.Server.Options.ListMaxListpackSize);

    /// <summary>
    /// Looks <paramref name="key"/> up for reading (<paramref name="write"/> false, counts hits and misses) or
    /// writing. Returns false after replying WRONGTYPE; otherwise <paramref name="list"/> is the list or null.
    /// </summary>
    private static bool TryGetList(CommandContext ctx, ReadOnlySpan<byte> key, bool write, out ListValue? list)
    {
        object? value = write ? ctx.Db.LookupWrite(key, ctx.Now) : ctx.Db.Lookup(key, ctx.Now);
        list = value as ListValue;
        if (value is not null && list is null)
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return false;
        }
        return true;
    }

    // LPUSH key element [element ...]
    private static void Lpush(CommandContext ctx, CommandArgs args) => Push(ctx, args, head: true, onlyIfExists: false);

    // RPUSH key element [element ...]
    private static void Rpush(CommandContext ctx, CommandArgs args) => Push(ctx, args, head: false, onlyIfExists: false);

    // LPUSHX key element [element ...]
    private static void Lpushx(CommandContext ctx, CommandArgs args) => Push(ctx, args, head: true, onlyIfExists: true);

    // RPUSHX key element [element ...]
    private static void Rpushx(CommandContext ctx, CommandArgs args) => Push(ctx, args, head: false, onlyIfExists: true);

    /// <summary>pushGenericCommand: the type check comes before the XX test, so LPUSHX on a string is WRONGTYPE.</summary>
    private static void Push(CommandContext ctx, CommandArgs args, bool head, bool onlyIfExists)
    {
        if (!TryGetList(ctx, args[1], write: true, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            if (onlyIfExists)
            {
                ctx.Reply.WriteInteger(0);
                return;
            }
            list = NewList(ctx);
            ctx.Db.Set(args[1], list);
        }
        for (int i = 2; i < args.Count; i++)
        {
            list.Push(args[i], head);
        }
        ctx.KeyModified(args[1], args.Count - 2);
        ctx.Notify(NotifyFlags.List, head ? "lpush"u8 : "rpush"u8, args[1]);
        ctx.Reply.WriteInteger(list.Count);
    }

    // LPOP key [count]
    private static void Lpop(CommandContext ctx, CommandArgs args) => Pop(ctx, args, left: true);

    // RPOP key [count]
    private static void Rpop(CommandContext ctx, CommandArgs args) => Pop(ctx, args, left: false);

    /// <summary>
    /// popGenericCommand. The count is parsed before the key is looked up; a missing key replies a null array
    /// when a count was given (even 0), and a count of 0 on an existing list replies an empty array.
    /// </summary>
    private static void Pop(CommandContext ctx, CommandArgs args, bool left)
    {
        if (args.Count > 3)
        {
            // The declared arity is -2, so Redis checks the upper bound here.
            ctx.Reply.WriteError(Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{ctx.Command.Name}' command"));
            return;
        }
        bool hasCount = args.Count == 3;
        long count = 1;
        if (hasCount && (!Utf8Number.TryParseInt64(args[2], out count) || count < 0))
        {
            ctx.Reply.WriteError(RespErrors.NotPositive);
            return;
        }
        if (!TryGetList(ctx, args[1], write: true, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            if (hasCount)
            {
                ctx.Reply.WriteNullArray();
            }
            else
            {
                ctx.Reply.WriteNull();
            }
            return;
        }
        if (count == 0)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        PopAndReply(ctx, args[1], list, left, count, hasCount ? ListPopReply.Elements : ListPopReply.Element);
    }

    /// <summary>
    /// For a blocked client once <paramref name="key"/> has data (BLPOP/BRPOP with
    /// <see cref="ListPopReply.KeyAndElement"/>, BLMPOP with <see cref="ListPopReply.KeyAndElements"/>): pops up to
    /// <paramref name="count"/> elements from the left or right end and replies in the given shape. Returns false,
    /// having written nothing and changed nothing, when the key is missing or not a list.
    /// </summary>
    internal static bool TryPopAndReply(CommandContext ctx, ReadOnlySpan<byte> key, bool left, long count, ListPopReply shape)
    {
        if (ctx.Db.LookupWrite(key, ctx.Now) is not ListValue list || list.Count == 0)
        {
            return false;
        }
        PopAndReply(ctx, key, list, left, count, shape);
        return true;
    }

    /// <summary>
    /// Pops up to <paramref name="count"/> elements (1 for the single-element shapes) from a non-empty list,
    /// writes the reply, deletes the key if the list is now empty and records the change
    /// (listPopRangeAndReplyWithKey + listElementsRemoved). Elements popped from the right come tail first.
    /// </summary>
    internal static void PopAndReply(CommandContext ctx, ReadOnlySpan<byte> key, ListValue list, bool left, long count, ListPopReply shape)
    {
        RespWriter reply = ctx.Reply;
        if (shape is ListPopReply.KeyAndElement or ListPopReply.KeyAndElements)
        {
            reply.WriteArrayLength(2);
            reply.WriteBulkString(key);
        }
        long popped;
        if (shape is ListPopReply.Element or ListPopReply.KeyAndElement)
        {
            reply.WriteBulkString(left ? list.First : list.Last);
            list.RemoveEnd(left);
            popped = 1;
        }
        else
        {
            popped = Math.Min(count, list.Count);
            reply.WriteArrayLength(popped);
            ListValue.Enumerator elements = list.Enumerate(left ? 0 : list.Count - 1, reverse: !left);
            for (long i = 0; i < popped && elements.MoveNext(); i++)
            {
                reply.WriteBulkString(elements.Current);
            }
            list.RemoveRange(left ? 0 : list.Count - popped, popped);
        }
        ctx.Notify(NotifyFlags.List, left ? "lpop"u8 : "rpop"u8, key);
        DeleteIfEmpty(ctx, key, list);
        ctx.KeyModified(key, popped);
        if (shape is ListPopReply.KeyAndElement or ListPopReply.KeyAndElements && ctx.Propagating)
        {
            PropagatePop(ctx, key, left, shape == ListPopReply.KeyAndElements ? popped : 0);
        }
    }

    /// <summary>
    /// BLPOP/BRPOP and [B]LMPOP are replayed as the plain pop they performed (LPOP key, or LPOP key count with
    /// the number popped), whether they ran at once or were served later. Added as an extra operation, so
    /// it also works when a waiter is served outside any command call.
    /// </summary>
    private static void PropagatePop(CommandContext ctx, ReadOnlySpan<byte> key, bool left, long count)
    {
        PropagatedCommand pop = ctx.AlsoPropagate(count > 0 ? 3 : 2).Arg(left ? "LPOP"u8 : "RPOP"u8).Arg(key);
        if (count > 0)
        {
            pop.Arg(count);
        }
        ctx.PreventPropagation();
    }

    /// <summary>
    /// Deletes a list that a command just emptied, with the generic "del" event Redis raises after the
    /// command's own event (an empty list never stays in the keyspace).
    /// </summary>
    private static void DeleteIfEmpty(CommandContext ctx, ReadOnlySpan<byte> key, ListValue list)
    {
        if (list.Count == 0)
        {
            ctx.Db.Delete(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
        }
    }

    // LLEN key
    private static void Llen(CommandContext ctx, CommandArgs args)
    {
        if (TryGetList(ctx, args[1], write: false, out ListValue? list))
        {
            ctx.Reply.WriteInteger(list?.Count ?? 0);
        }
    }

    // LINDEX key index
    // The key is looked up before the index is parsed: a missing key answers nil even for a bad index.
    private static void Lindex(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetList(ctx, args[1], write: false, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        if (!Utf8Number.TryParseInt64(args[2], out long index))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (index < 0)
        {
            index += list.Count;
        }
        if (index < 0 || index >= list.Count)
        {
            ctx.Reply.WriteNull();
            return;
        }
        ctx.Reply.WriteBulkString(list.GetAt(index));
    }

    // LSET key index element
    private static void Lset(CommandContext ctx, CommandArgs args)
    {
        if (!TryGetList(ctx, args[1], write: true, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteError(RespErrors.NoSuchKey);
            return;
        }
        if (!Utf8Number.TryParseInt64(args[2], out long index))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (index < 0)
        {
            index += list.Count;
        }
        if (index < 0 || index >= list.Count)
        {
            ctx.Reply.WriteError(RespErrors.OutOfRange);
            return;
        }
        list.SetAt(index, args[3]);
        ctx.KeyModified(args[1]);
        ctx.Notify(NotifyFlags.List, "lset"u8, args[1]);
        ctx.Reply.WriteOk();
    }

    // LRANGE key start stop
    // Both indexes are parsed before the key is looked up.
    private static void Lrange(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long start) || !Utf8Number.TryParseInt64(args[3], out long end))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (!TryGetList(ctx, args[1], write: false, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        WriteRange(ctx.Reply, list, start, end);
    }

    /// <summary>addListRangeReply: negative indexes count from the tail; out-of-range parts are clipped.</summary>
    private static void WriteRange(RespWriter reply, ListValue list, long start, long end)
    {
        long length = list.Count;
        if (start < 0)
        {
            start += length;
        }
        if (end < 0)
        {
            end += length;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (start > end || start >= length)
        {
            reply.WriteEmptyArray();
            return;
        }
        if (end >= length)
        {
            end = length - 1;
        }
        long count = end - start + 1;
        reply.WriteArrayLength(count);
        ListValue.Enumerator elements = list.Enumerate(start);
        for (long i = 0; i < count && elements.MoveNext(); i++)
        {
            reply.WriteBulkString(elements.Current);
        }
    }

    // LTRIM key start stop
    // Signals the key even when nothing was trimmed, and counts one change per removed element (ltrimCommand).
    private static void Ltrim(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long start) || !Utf8Number.TryParseInt64(args[3], out long end))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (!TryGetList(ctx, args[1], write: true, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteOk();
            return;
        }
        long length = list.Count;
        if (start < 0)
        {
            start += length;
        }
        if (end < 0)
        {
            end += length;
        }
        if (start < 0)
        {
            start = 0;
        }
        long leftTrim;
        long rightTrim;
        if (start > end || start >= length)
        {
            leftTrim = length;
            rightTrim = 0;
        }
        else
        {
            if (end >= length)
            {
                end = length - 1;
            }
            leftTrim = start;
            rightTrim = length - end - 1;
        }
        list.RemoveRange(0, leftTrim);
        list.RemoveRange(list.Count - rightTrim, rightTrim);
        // "ltrim" even when nothing was trimmed.
        ctx.Notify(NotifyFlags.List, "ltrim"u8, args[1]);
        DeleteIfEmpty(ctx, args[1], list);
        ctx.KeyModified(args[1], leftTrim + rightTrim);
        ctx.Reply.WriteOk();
    }

    // LREM key count element
    private static void Lrem(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long count))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (!TryGetList(ctx, args[1], write: true, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long removed = list.RemoveMatches(args[3], count);
        if (removed > 0)
        {
            ctx.Notify(NotifyFlags.List, "lrem"u8, args[1]);
            DeleteIfEmpty(ctx, args[1], list);
            ctx.KeyModified(args[1], removed);
        }
        ctx.Reply.WriteInteger(removed);
    }

    // LINSERT key BEFORE|AFTER pivot element
    // The position word is checked before the key (syntax error even on a missing key).
    private static void Linsert(CommandContext ctx, CommandArgs args)
    {
        bool after;
        if (Ascii.EqualsIgnoreCase(args[2], "after"u8))
        {
            after = true;
        }
        else if (Ascii.EqualsIgnoreCase(args[2], "before"u8))
        {
            after = false;
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (!TryGetList(ctx, args[1], write: true, out ListValue? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (!list.InsertNear(args[3], args[4], after))
        {
            ctx.Reply.WriteInteger(-1);
            return;
        }
        ctx.KeyModified(args[1]);
        ctx.Notify(NotifyFlags.List, "linsert"u8, args[1]);
        ctx.Reply.WriteInteger(list.Count);
    }

    // LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
    // Options are validated in argument order before the key is looked up (lposCommand).
    private static void Lpos(CommandContext ctx, CommandArgs args)
    {
        long rank = 1;
        long count = -1;
        long maxLength = 0;
        for (int i = 3; i < args.Count; i++)
        {
            ReadOnlySpan<byte> option = args[i];
            bool more = i + 1 < args.Count;
            if (more && Ascii.EqualsIgnoreCase(option, "RANK"u8))
            {
                if (!Utf8Number.TryParseInt64(args[++i], out rank))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return;
                }
                if (rank == 0)
                {
                    ctx.Reply.WriteError(RespErrors.LposRankZero);
                    return;
                }
            }
            else if (more && Ascii.EqualsIgnoreCase(option, "COUNT"u8))
            {
                if (!Utf8Number.TryParseInt64(args[++i], out count) || count < 0)
                {
                    ctx.Reply.WriteError(RespErrors.LposCountNegative);
                    return;
                }
            }
            else if (more && Ascii.EqualsIgnoreCase(option, "MAXLEN"u8))
            {
                if (!Utf8Number.TryParseInt64(args[++i], out maxLength) || maxLength < 0)
                {
                    ctx.Reply.WriteError(RespErrors.LposMaxlenNegative);
                    return;
                }
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }

        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            if (count != -1)
            {
                ctx.Reply.WriteEmptyArray();
            }
            else
            {
                ctx.Reply.WriteNull();
            }
            return;
        }
        if (value is not ListValue list)
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        WritePositions(ctx.Reply, list, args[2], rank, count, maxLength);
    }

    /// <summary>
    /// The LPOS scan. A negative rank scans from the tail. Arithmetic is unchecked like Redis's C: a rank of
    /// long.MinValue stays negative after negation, so every match qualifies, as in Redis.
    /// </summary>
    private static void WritePositions(RespWriter reply, ListValue list, ReadOnlySpan<byte> element, long rank, long count, long maxLength)
    {
        bool fromTail = rank < 0;
        if (fromTail)
        {
            rank = unchecked(-rank);
        }
        long length = list.Count;
        long index = 0;
        long matches = 0;
        long found = -1;
        // With COUNT the reply is an array whose length is known only at the end: collect positions first.
        List<long>? positions = count != -1 ? [] : null;
        ListValue.Enumerator elements = list.Enumerate(fromTail ? length - 1 : 0, fromTail);
        while ((maxLength == 0 || index < maxLength) && elements.MoveNext())
        {
            if (elements.Current.SequenceEqual(element))
            {
                matches++;
                long position = fromTail ? length - index - 1 : index;
                if (matches >= rank)
                {
                    if (positions is null)
                    {
                        found = position;
                        break;
                    }
                    positions.Add(position);
                    if (count != 0 && unchecked(matches - rank + 1) >= count)
                    {
                        break;
                    }
                }
            }
            index++;
        }
        if (positions is null)
        {
            if (found >= 0)
            {
                reply.WriteInteger(found);
            }
            else
            {
                reply.WriteNull();
            }
            return;
        }
        reply.WriteArrayLength(positions.Count);
        foreach (long position in positions)
        {
            reply.WriteInteger(position);
        }
    }

    // LMOVE source destination LEFT|RIGHT LEFT|RIGHT
    private static void Lmove(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseSide(args[3], out bool fromLeft) || !TryParseSide(args[4], out bool toLeft))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        Move(ctx, args[1], args[2], fromLeft, toLeft);
    }

    // RPOPLPUSH source destination
    private static void Rpoplpush(CommandContext ctx, CommandArgs args) => Move(ctx, args[1], args[2], fromLeft: false, toLeft: true);

    private static void Move(CommandContext ctx, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool fromLeft, bool toLeft)
    {
        switch (TryMoveAndReply(ctx, source, destination, fromLeft, toLeft))
        {
            case ListMoveResult.SourceMissing:
                ctx.Reply.WriteNull();
                break;
            case ListMoveResult.WrongType:
                ctx.Reply.WriteError(RespErrors.WrongType);
                break;
        }
    }

    /// <summary>getListPositionFromObjectOrReply: LEFT or RIGHT, any case.</summary>
    internal static bool TryParseSide(ReadOnlySpan<byte> text, out bool left)
    {
        left = Ascii.EqualsIgnoreCase(text, "left"u8);
        return left || Ascii.EqualsIgnoreCase(text, "right"u8);
    }

    /// <summary>
    /// lmoveGenericCommand, also for BLMOVE/BRPOPLPUSH once the source has data: pops from one end of
    /// <paramref name="source"/>, pushes onto one end of <paramref name="destination"/> (created if missing; may be
    /// the same list, which rotates it), replies the element and deletes an emptied source. Nothing is written or
    /// changed unless the result is <see cref="ListMoveResult.Moved"/>; both types are checked before any change.
    /// </summary>
    internal static ListMoveResult TryMoveAndReply(CommandContext ctx, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool fromLeft, bool toLeft)
    {
        object? sourceValue = ctx.Db.LookupWrite(source, ctx.Now);
        if (sourceValue is null)
        {
            return ListMoveResult.SourceMissing;
        }
        if (sourceValue is not ListValue sourceList)
        {
            return ListMoveResult.WrongType;
        }
        if (sourceList.Count == 0)
        {
            return ListMoveResult.SourceMissing;
        }
        object? destinationValue = ctx.Db.LookupWrite(destination, ctx.Now);
        if (destinationValue is not null and not ListValue)
        {
            return ListMoveResult.WrongType;
        }
        byte[] element = sourceList.Pop(fromLeft);
        if (destinationValue is not ListValue destinationList)
        {
            destinationList = NewList(ctx);
            ctx.Db.Set(destination, destinationList);
        }
        destinationList.Push(element, toLeft);
        ctx.Reply.WriteBulkString(element);
        // lmoveHandlePush notifies the push first; then the pop, and "del" for an emptied source.
        ctx.Notify(NotifyFlags.List, toLeft ? "lpush"u8 : "rpush"u8, destination);
        ctx.Notify(NotifyFlags.List, fromLeft ? "lpop"u8 : "rpop"u8, source);
        DeleteIfEmpty(ctx, source, sourceList);
        // One change in all (server.dirty++), both keys signalled.
        ctx.KeyModified(destination, 0);
        ctx.KeyModified(source);
        return ListMoveResult.Moved;
    }

    // LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
    private static void Lmpop(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseMpopArguments(ctx, args, 1, out int keyCount, out bool left, out long count))
        {
            return;
        }
        for (int i = 0; i < keyCount; i++)
        {
            ReadOnlySpan<byte> key = args[2 + i];
            if (!TryGetList(ctx, key, write: true, out ListValue? list))
            {
                return;
            }
            if (list is null || list.Count == 0)
            {
                continue;
            }
            PopAndReply(ctx, key, list, left, count, ListPopReply.KeyAndElements);
            return;
        }
        ctx.Reply.WriteNullArray();
    }

    /// <summary>
    /// lmpopGenericCommand's parsing, shared with BLMPOP (<paramref name="numkeysIndex"/> 1 for LMPOP, 2 for
    /// BLMPOP): numkeys, the keys, LEFT|RIGHT, then an optional COUNT given once. Replies the error and returns
    /// false on bad input; the keys are args[numkeysIndex + 1 .. numkeysIndex + keyCount].
    /// </summary>
    internal static bool TryParseMpopArguments(CommandContext ctx, CommandArgs args, int numkeysIndex, out int keyCount, out bool left, out long count)
    {
        keyCount = 0;
        left = false;
        count = -1;
        if (!Utf8Number.TryParseInt64(args[numkeysIndex], out long numkeys) || numkeys < 1)
        {
            ctx.Reply.WriteError(RespErrors.NumkeysNotPositive);
            return false;
        }
        if (numkeys >= args.Count - numkeysIndex - 1)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return false;
        }
        keyCount = (int)numkeys;
        int whereIndex = numkeysIndex + keyCount + 1;
        if (!TryParseSide(args[whereIndex], out left))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return false;
        }
        for (int i = whereIndex + 1; i < args.Count; i++)
        {
            if (count == -1 && i + 1 < args.Count && Ascii.EqualsIgnoreCase(args[i], "COUNT"u8))
            {
                if (!Utf8Number.TryParseInt64(args[++i], out count) || count < 1)
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
}
