using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// The expiry commands (expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX|XX|GT|LT, TTL, PTTL,
/// EXPIRETIME, PEXPIRETIME and PERSIST. Expiry times are absolute Unix milliseconds; "now" is the command's
/// start time (<see cref="CommandContext.Now"/>).
/// </summary>
internal static partial class KeyCommands
{
    [Flags]
    private enum ExpireFlags
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Gt = 4,
        Lt = 8,
    }

    private static void RegisterExpire(CommandTable table)
    {
        table.Bind("expire", Expire);
        table.Bind("pexpire", Pexpire);
        table.Bind("expireat", Expireat);
        table.Bind("pexpireat", Pexpireat);
        table.Bind("ttl", Ttl);
        table.Bind("pttl", Pttl);
        table.Bind("expiretime", Expiretime);
        table.Bind("pexpiretime", Pexpiretime);
        table.Bind("persist", Persist);
    }

    // EXPIRE key seconds [NX | XX | GT | LT]
    private static void Expire(CommandContext ctx, CommandArgs args) => ExpireGeneric(ctx, args, ctx.Now, seconds: true);

    // PEXPIRE key milliseconds [NX | XX | GT | LT]
    private static void Pexpire(CommandContext ctx, CommandArgs args) => ExpireGeneric(ctx, args, ctx.Now, seconds: false);

    // EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
    private static void Expireat(CommandContext ctx, CommandArgs args) => ExpireGeneric(ctx, args, 0, seconds: true);

    // PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
    private static void Pexpireat(CommandContext ctx, CommandArgs args) => ExpireGeneric(ctx, args, 0, seconds: false);

    /// <summary>
    /// expireGenericCommand, in Redis's order: options (unknown option, then conflicts), the number, overflow
    /// of the unit conversion or of the base time ("invalid expire time"), the key, the NX/XX/GT/LT condition
    /// (no TTL counts as infinite for GT and LT). A time not in the future deletes the key and replies 1.
    /// </summary>
    private static void ExpireGeneric(CommandContext ctx, CommandArgs args, long baseTime, bool seconds)
    {
        if (!TryParseExpireFlags(ctx, args, out ExpireFlags flags))
        {
            return;
        }
        if (!Utf8Number.TryParseInt64(args[2], out long when))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (seconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                WriteInvalidExpireTime(ctx);
                return;
            }
            when *= 1000;
        }
        if (when > long.MaxValue - baseTime)
        {
            WriteInvalidExpireTime(ctx);
            return;
        }
        when += baseTime;

        Database db = ctx.Db;
        ReadOnlySpan<byte> key = args[1];
        if (db.LookupWrite(key, ctx.Now) is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (flags != ExpireFlags.None && !ExpireConditionHolds(flags, db.GetExpire(key), when))
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (when <= ctx.Now)
        {
            // checkAlreadyExpired: deleted now, as an explicit DEL would (not counted as an expired key, and the
            // event is "del", not "expired").
            db.Delete(key);
            ctx.KeyModified(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            ctx.PropagateAs(2).Arg(ctx.Server.Options.LazyFreeLazyExpire ? "UNLINK"u8 : "DEL"u8).Arg(key);
        }
        else
        {
            db.SetExpire(key, when);
            ctx.KeyModified(key);
            ctx.Notify(NotifyFlags.Generic, "expire"u8, key);
            if (baseTime != 0 || seconds)
            {
                // Relative or in seconds: the file records the absolute time in ms (PEXPIREAT as typed stays).
                ctx.PropagateAs(3).Arg("PEXPIREAT"u8).Arg(key).Arg(when);
            }
        }
        ctx.Reply.WriteInteger(1);
    }

    private static bool ExpireConditionHolds(ExpireFlags flags, long current, long when)
    {
        if ((flags & ExpireFlags.Nx) != 0 && current != -1)
        {
            return false;
        }
        if ((flags & ExpireFlags.Xx) != 0 && current == -1)
        {
            return false;
        }
        if ((flags & ExpireFlags.Gt) != 0 && (when <= current || current == -1))
        {
            return false;
        }
        if ((flags & ExpireFlags.Lt) != 0 && current != -1 && when >= current)
        {
            return false;
        }
        return true;
    }

    /// <summary>parseExtendedExpireArgumentsOrReply: every option is checked before any conflict.</summary>
    private static bool TryParseExpireFlags(CommandContext ctx, CommandArgs args, out ExpireFlags flags)
    {
        flags = ExpireFlags.None;
        for (int i = 3; i < args.Count; i++)
        {
            ReadOnlySpan<byte> option = args[i];
            if (Ascii.EqualsIgnoreCase(option, "nx"u8))
            {
                flags |= ExpireFlags.Nx;
            }
            else if (Ascii.EqualsIgnoreCase(option, "xx"u8))
            {
                flags |= ExpireFlags.Xx;
            }
            else if (Ascii.EqualsIgnoreCase(option, "gt"u8))
            {
                flags |= ExpireFlags.Gt;
            }
            else if (Ascii.EqualsIgnoreCase(option, "lt"u8))
            {
                flags |= ExpireFlags.Lt;
            }
            else
            {
                ctx.Reply.WriteError(FormatError("ERR Unsupported option " + Encoding.Latin1.GetString(CString(option))));
                return false;
            }
        }
        if ((flags & ExpireFlags.Nx) != 0 && (flags & (ExpireFlags.Xx | ExpireFlags.Gt | ExpireFlags.Lt)) != 0)
        {
            ctx.Reply.WriteError(RespErrors.ExpireNxXxGtLt);
            return false;
        }
        if ((flags & (ExpireFlags.Gt | ExpireFlags.Lt)) == (ExpireFlags.Gt | ExpireFlags.Lt))
        {
            ctx.Reply.WriteError(RespErrors.ExpireGtLt);
            return false;
        }
        return true;
    }

    /// <summary>addReplyErrorExpireTime: names the command as typed in the table ("expire", "pexpireat", ...).</summary>
    private static void WriteInvalidExpireTime(CommandContext ctx) =>
        ctx.Reply.WriteError(FormatError("ERR invalid expire time in '" + ctx.Command.Name + "' command"));

    // TTL key
    private static void Ttl(CommandContext ctx, CommandArgs args) => TtlGeneric(ctx, args, milliseconds: false, absolute: false);

    // PTTL key
    private static void Pttl(CommandContext ctx, CommandArgs args) => TtlGeneric(ctx, args, milliseconds: true, absolute: false);

    // EXPIRETIME key
    private static void Expiretime(CommandContext ctx, CommandArgs args) => TtlGeneric(ctx, args, milliseconds: false, absolute: true);

    // PEXPIRETIME key
    private static void Pexpiretime(CommandContext ctx, CommandArgs args) => TtlGeneric(ctx, args, milliseconds: true, absolute: true);

    /// <summary>
    /// ttlGenericCommand: -2 for a missing key, -1 without a TTL; seconds are rounded to the nearest second
    /// ((ms + 500) / 1000), and a TTL never goes below 0.
    /// </summary>
    private static void TtlGeneric(CommandContext ctx, CommandArgs args, bool milliseconds, bool absolute)
    {
        if (ctx.Db.LookupNoTouch(args[1], ctx.Now) is null)
        {
            ctx.Reply.WriteInteger(-2);
            return;
        }
        long expire = ctx.Db.GetExpire(args[1]);
        if (expire == -1)
        {
            ctx.Reply.WriteInteger(-1);
            return;
        }
        long ttl = absolute ? expire : expire - ctx.Now;
        if (ttl < 0)
        {
            ttl = 0;
        }
        // (ttl + 500) / 1000 without overflowing near long.MaxValue (Redis's build computes it exactly too).
        ctx.Reply.WriteInteger(milliseconds ? ttl : (ttl / 1000) + ((ttl % 1000) + 500) / 1000);
    }

    // PERSIST key
    private static void Persist(CommandContext ctx, CommandArgs args)
    {
        Database db = ctx.Db;
        if (db.LookupWrite(args[1], ctx.Now) is not null && db.Persist(args[1]))
        {
            ctx.KeyModified(args[1]);
            ctx.Notify(NotifyFlags.Generic, "persist"u8, args[1]);
            ctx.Reply.WriteInteger(1);
            return;
        }
        ctx.Reply.WriteInteger(0);
    }
}
