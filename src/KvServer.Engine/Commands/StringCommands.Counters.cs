using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>Counters over string values: INCR, DECR, INCRBY, DECRBY (64-bit integers) and INCRBYFLOAT.</summary>
internal static partial class StringCommands
{
    // INCR key
    private static void Incr(CommandContext ctx, CommandArgs args) => IncrDecr(ctx, args[1], 1);

    // DECR key
    private static void Decr(CommandContext ctx, CommandArgs args) => IncrDecr(ctx, args[1], -1);

    // INCRBY key increment
    private static void Incrby(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long increment))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        IncrDecr(ctx, args[1], increment);
    }

    // DECRBY key decrement
    private static void Decrby(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long decrement))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (decrement == long.MinValue)
        {
            // Its negation does not fit in 64 bits.
            ctx.Reply.WriteError(RespErrors.DecrementOverflow);
            return;
        }
        IncrDecr(ctx, args[1], -decrement);
    }

    /// <summary>
    /// incrDecrCommand: the value must be a canonical 64-bit integer (a missing key counts as 0) and the
    /// result must not overflow. An int-encoded value is updated in place, so a hot counter never
    /// allocates; any other string is replaced by an int (OBJECT ENCODING "int", TTL kept).
    /// </summary>
    private static void IncrDecr(CommandContext ctx, ReadOnlySpan<byte> key, long increment)
    {
        object? value = ctx.Db.LookupWrite(key, ctx.Now);
        long current = 0;
        if (value is KvInt number)
        {
            current = number.Value;
        }
        else if (value is not null)
        {
            if (!StringValue.IsString(value))
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
            if (!Utf8Number.TryParseInt64(StringValue.GetBytes(value, scratch), out current))
            {
                ctx.Reply.WriteError(RespErrors.NotInteger);
                return;
            }
        }
        if ((increment < 0 && current < 0 && increment < long.MinValue - current)
            || (increment > 0 && current > 0 && increment > long.MaxValue - current))
        {
            ctx.Reply.WriteError(RespErrors.IncrOverflow);
            return;
        }
        long result = current + increment;
        if (value is KvInt counter)
        {
            counter.Value = result;
        }
        else
        {
            ctx.Db.Set(key, new KvInt(result), keepTtl: true);
        }
        ctx.KeyModified(key);
        ctx.Notify(NotifyFlags.String, "incrby"u8, key);
        ctx.Reply.WriteInteger(result);
    }

    // INCRBYFLOAT key increment
    // Computed in 80-bit long double and stored as its humanfriendly text (never int-encoded), like Redis;
    // see LongDouble. The TTL is kept.
    private static void Incrbyfloat(CommandContext ctx, CommandArgs args)
    {
        ReadOnlySpan<byte> key = args[1];
        object? value = ctx.Db.LookupWrite(key, ctx.Now);
        LongDouble current = default;
        if (value is KvInt number)
        {
            current = LongDouble.FromInt64(number.Value);
        }
        else if (value is not null)
        {
            if (!StringValue.IsString(value))
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
            if (!LongDouble.TryParse(StringValue.GetBytes(value, scratch), out current))
            {
                ctx.Reply.WriteError(RespErrors.NotFloat);
                return;
            }
        }
        if (!LongDouble.TryParse(args[2], out LongDouble increment))
        {
            ctx.Reply.WriteError(RespErrors.NotFloat);
            return;
        }
        LongDouble sum = current + increment;
        if (sum.IsInfinity)
        {
            ctx.Reply.WriteError(RespErrors.NanOrInfinity);
            return;
        }
        byte[] text = sum.FormatHumanFriendly();
        ctx.Db.Set(key, text, keepTtl: true);
        ctx.KeyModified(key);
        // Replayed as the value reached, so float rounding cannot differ on reload.
        ctx.PropagateAs(4).Arg("SET"u8).Arg(key).Arg(text).Arg("KEEPTTL"u8);
        ctx.Notify(NotifyFlags.String, "incrbyfloat"u8, key);
        ctx.Reply.WriteBulkString(text);
    }
}
