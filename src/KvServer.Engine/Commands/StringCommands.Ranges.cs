using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>Length and byte-range commands: APPEND, STRLEN, GETRANGE (SUBSTR), SETRANGE, and LCS.</summary>
internal static partial class StringCommands
{
    /// <summary>
    /// The longest string a command may build: proto-max-bulk-len, and never more than a .NET array holds
    /// (a difference only when proto-max-bulk-len is configured above 2 GB).
    /// </summary>
    internal static long MaxStringLength(CommandContext ctx) => Math.Min(ctx.Server.Options.ProtoMaxBulkLength, Array.MaxLength);

    /// <summary>
    /// dbUnshareStringValue: the value as a <see cref="KvRawString"/> that can be modified in place, replacing
    /// an int or embstr value in the keyspace (TTL kept). Redis reports the result as "raw" from then on.
    /// </summary>
    internal static KvRawString UnshareString(CommandContext ctx, ReadOnlySpan<byte> key, object value, int extraCapacity = 0)
    {
        if (value is KvRawString raw)
        {
            return raw;
        }
        KvRawString copy = StringValue.ToRaw(value, extraCapacity);
        ctx.Db.Set(key, copy, keepTtl: true);
        return copy;
    }

    // APPEND key value
    // A new key is stored as SET would store it (so "int" is possible); appending makes the value "raw".
    private static void Append(CommandContext ctx, CommandArgs args)
    {
        ReadOnlySpan<byte> key = args[1];
        ReadOnlySpan<byte> tail = args[2];
        object? value = ctx.Db.LookupWrite(key, ctx.Now);
        long length;
        if (value is null)
        {
            ctx.Db.Set(key, StringValue.FromBytes(tail));
            length = tail.Length;
        }
        else
        {
            if (!StringValue.IsString(value))
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            length = StringValue.GetLength(value) + tail.Length;
            if (length > MaxStringLength(ctx))
            {
                ctx.Reply.WriteError(RespErrors.StringTooLong);
                return;
            }
            UnshareString(ctx, key, value, tail.Length).Append(tail);
        }
        ctx.KeyModified(key);
        ctx.Notify(NotifyFlags.String, "append"u8, key);
        ctx.Reply.WriteInteger(length);
    }

    // STRLEN key
    private static void Strlen(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteInteger(0);
        }
        else if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
        }
        else
        {
            ctx.Reply.WriteInteger(StringValue.GetLength(value));
        }
    }

    // GETRANGE key start end  (SUBSTR key start end is the same command)
    // Redis 7.0's index rules, quirks included: both negative with start > end is empty, but an end that
    // is still negative after adding the length clamps to 0, so "GETRANGE k 0 -100" returns the first byte.
    private static void Getrange(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long start) || !Utf8Number.TryParseInt64(args[3], out long end))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteBulkString(ReadOnlySpan<byte>.Empty);
            return;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> bytes = StringValue.GetBytes(value, scratch);
        long length = bytes.Length;
        if (start < 0 && end < 0 && start > end)
        {
            ctx.Reply.WriteBulkString(ReadOnlySpan<byte>.Empty);
            return;
        }
        if (start < 0)
        {
            start += length;
        }
        if (end < 0)
        {
            end += length;
        }
        start = Math.Max(start, 0);
        end = Math.Max(end, 0);
        if (end >= length)
        {
            end = length - 1;
        }
        if (start > end || length == 0)
        {
            ctx.Reply.WriteBulkString(ReadOnlySpan<byte>.Empty);
            return;
        }
        ctx.Reply.WriteBulkString(bytes.Slice((int)start, (int)(end - start + 1)));
    }

    // SETRANGE key offset value
    // An empty value changes nothing (and creates nothing); otherwise the string is zero-padded up to the
    // offset and becomes "raw".
    private static void Setrange(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long offset))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (offset < 0)
        {
            ctx.Reply.WriteError(RespErrors.OffsetOutOfRange);
            return;
        }
        ReadOnlySpan<byte> key = args[1];
        ReadOnlySpan<byte> patch = args[3];
        object? value = ctx.Db.LookupWrite(key, ctx.Now);
        if (value is not null && !StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        if (patch.IsEmpty)
        {
            ctx.Reply.WriteInteger(value is null ? 0 : StringValue.GetLength(value));
            return;
        }
        if (offset > MaxStringLength(ctx) - patch.Length)
        {
            ctx.Reply.WriteError(RespErrors.StringTooLong);
            return;
        }
        KvRawString raw;
        if (value is null)
        {
            raw = new KvRawString(ReadOnlySpan<byte>.Empty, (int)offset + patch.Length);
            ctx.Db.Set(key, raw);
        }
        else
        {
            raw = UnshareString(ctx, key, value);
        }
        raw.EnsureLength((int)offset + patch.Length);
        patch.CopyTo(raw.WritableSpan[(int)offset..]);
        ctx.KeyModified(key);
        ctx.Notify(NotifyFlags.String, "setrange"u8, key);
        ctx.Reply.WriteInteger(raw.Length);
    }

    // LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
    // Redis checks the key types before the options. IDX replies a map (RESP3) / flat array (RESP2) of
    // "matches" (ranges from the end of the strings backwards) and "len".
    private static void LcsCommand(CommandContext ctx, CommandArgs args)
    {
        object? first = ctx.Db.Lookup(args[1], ctx.Now);
        object? second = ctx.Db.Lookup(args[2], ctx.Now);
        if ((first is not null && !StringValue.IsString(first)) || (second is not null && !StringValue.IsString(second)))
        {
            ctx.Reply.WriteError(RespErrors.LcsNotStrings);
            return;
        }
        bool getLength = false, getIndexes = false, withMatchLength = false;
        long minMatchLength = 0;
        for (int j = 3; j < args.Count; j++)
        {
            ReadOnlySpan<byte> option = args[j];
            bool hasNext = j < args.Count - 1;
            if (System.Text.Ascii.EqualsIgnoreCase(option, "IDX"u8))
            {
                getIndexes = true;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "LEN"u8))
            {
                getLength = true;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "WITHMATCHLEN"u8))
            {
                withMatchLength = true;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "MINMATCHLEN"u8) && hasNext)
            {
                if (!Utf8Number.TryParseInt64(args[++j], out minMatchLength))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return;
                }
                minMatchLength = Math.Max(minMatchLength, 0);
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }
        if (getIndexes && getLength)
        {
            ctx.Reply.WriteError(RespErrors.LcsLenAndIdx);
            return;
        }
        Span<byte> scratchA = stackalloc byte[Utf8Number.MaxInt64Chars];
        Span<byte> scratchB = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> a = first is null ? default : StringValue.GetBytes(first, scratchA);
        ReadOnlySpan<byte> b = second is null ? default : StringValue.GetBytes(second, scratchB);
        if (Lcs.TableBytes(a.Length, b.Length) > ctx.Server.Options.ProtoMaxBulkLength)
        {
            ctx.Reply.WriteError(RespErrors.LcsTableTooLarge);
            return;
        }
        Lcs lcs = Lcs.Compute(a, b);
        uint length = lcs.Length(a.Length);
        if (getLength)
        {
            ctx.Reply.WriteInteger(length);
            return;
        }
        if (!getIndexes)
        {
            byte[] result = new byte[length];
            lcs.Walk(a, b, result, 0, null);
            ctx.Reply.WriteBulkString(result);
            return;
        }
        var matches = new List<LcsMatch>();
        lcs.Walk(a, b, null, minMatchLength, matches);
        WriteLcsMatches(ctx.Reply, matches, withMatchLength, length);
    }

    private static void WriteLcsMatches(RespWriter reply, List<LcsMatch> matches, bool withMatchLength, uint length)
    {
        reply.WriteMapLength(2);
        reply.WriteBulkString("matches"u8);
        reply.WriteArrayLength(matches.Count);
        foreach (LcsMatch match in matches)
        {
            reply.WriteArrayLength(withMatchLength ? 3 : 2);
            reply.WriteArrayLength(2);
            reply.WriteInteger(match.AStart);
            reply.WriteInteger(match.AEnd);
            reply.WriteArrayLength(2);
            reply.WriteInteger(match.BStart);
            reply.WriteInteger(match.BEnd);
            if (withMatchLength)
            {
                reply.WriteInteger(match.Length);
            }
        }
        reply.WriteBulkString("len"u8);
        reply.WriteInteger(length);
    }
}
