using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// String commands (Redis's t_string.c): SET and its variants (SETNX, SETEX, PSETEX, MSET, MSETNX, GETSET),
/// GET and its variants (GETEX, GETDEL, MGET), counters (StringCommands.Counters.cs) and ranges, APPEND and
/// LCS (StringCommands.Ranges.cs). Values are stored as described in <see cref="StringValue"/>: whatever a
/// client sends goes through <see cref="StringValue.FromBytes"/> (Redis's tryObjectEncoding), so OBJECT
/// ENCODING reports int/embstr/raw as Redis does.
/// </summary>
internal static partial class StringCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("get", Get);
        table.Bind("set", Set);
        table.Bind("setnx", Setnx);
        table.Bind("setex", Setex);
        table.Bind("psetex", Psetex);
        table.Bind("getex", Getex);
        table.Bind("getdel", Getdel);
        table.Bind("getset", Getset);
        table.Bind("mget", Mget);
        table.Bind("mset", Mset);
        table.Bind("msetnx", Msetnx);
        table.Bind("incr", Incr);
        table.Bind("decr", Decr);
        table.Bind("incrby", Incrby);
        table.Bind("decrby", Decrby);
        table.Bind("incrbyfloat", Incrbyfloat);
        table.Bind("append", Append);
        table.Bind("strlen", Strlen);
        table.Bind("getrange", Getrange);
        table.Bind("substr", Getrange);
        table.Bind("setrange", Setrange);
        table.Bind("lcs", LcsCommand);
    }

    /// <summary>The options of SET and GETEX (Redis's OBJ_* flags of parseExtendedStringArgumentsOrReply).</summary>
    [Flags]
    private enum SetFlags
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Get = 4,
        KeepTtl = 8,
        Persist = 16,
        Ex = 32,
        Px = 64,
        ExAt = 128,
        PxAt = 256,
        AnyExpire = Ex | Px | ExAt | PxAt,
    }

    /// <summary>What SET-like commands reply: "+OK" (SET, SETEX, PSETEX) or ":1"/":0" (SETNX).</summary>
    private enum SetReply
    {
        Ok,
        Integer,
    }

    // GET key
    private static void Get(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
        }
        else if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
        }
        else
        {
            StringValue.WriteBulk(ctx.Reply, value);
        }
    }

    // SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
    //     PXAT unix-time-milliseconds | KEEPTTL]
    private static void Set(CommandContext ctx, CommandArgs args)
    {
        SetFlags flags = SetFlags.None;
        int expireIndex = 0;
        if (args.Count > 3 && !TryParseExtendedArguments(ctx, args, isSet: true, ref flags, ref expireIndex))
        {
            return;
        }
        SetGeneric(ctx, args, flags, expireIndex, args[2], SetReply.Ok);
    }

    // SETNX key value
    private static void Setnx(CommandContext ctx, CommandArgs args) =>
        SetGeneric(ctx, args, SetFlags.Nx, 0, args[2], SetReply.Integer);

    // SETEX key seconds value
    private static void Setex(CommandContext ctx, CommandArgs args) =>
        SetGeneric(ctx, args, SetFlags.Ex, 2, args[3], SetReply.Ok);

    // PSETEX key milliseconds value
    private static void Psetex(CommandContext ctx, CommandArgs args) =>
        SetGeneric(ctx, args, SetFlags.Px, 2, args[3], SetReply.Ok);

    /// <summary>
    /// setGenericCommand: validates the expire time, answers GET with the old value (WRONGTYPE stops
    /// everything), applies NX/XX, then stores. An expire time already in the past is stored as is, and
    /// the key disappears on its next access, as in Redis 7.0 (GETEX, in contrast, deletes at once).
    /// </summary>
    private static void SetGeneric(CommandContext ctx, CommandArgs args, SetFlags flags, int expireIndex,
        ReadOnlySpan<byte> value, SetReply replyKind)
    {
        ReadOnlySpan<byte> key = args[1];
        long when = 0;
        if (expireIndex > 0 && !TryGetExpireTime(ctx, args[expireIndex], flags, out when))
        {
            return;
        }
        bool found;
        if ((flags & SetFlags.Get) != 0)
        {
            object? old = ctx.Db.Lookup(key, ctx.Now);
            if (old is null)
            {
                ctx.Reply.WriteNull();
            }
            else if (!StringValue.IsString(old))
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            else
            {
                StringValue.WriteBulk(ctx.Reply, old);
            }
            found = old is not null;
        }
        else if (flags != SetFlags.None || ctx.Db.ExpiresCount > 0)
        {
            // lookupKeyWrite even without NX/XX, as Redis does: an expired key is reclaimed (and counted).
            found = ctx.Db.LookupWrite(key, ctx.Now) is not null;
        }
        else
        {
            // A plain SET in a database without TTLs: no key can be expired, and nothing reads "found".
            found = false;
        }

        if (((flags & SetFlags.Nx) != 0 && found) || ((flags & SetFlags.Xx) != 0 && !found))
        {
            if ((flags & SetFlags.Get) == 0)
            {
                if (replyKind == SetReply.Integer)
                {
                    ctx.Reply.WriteInteger(0);
                }
                else
                {
                    ctx.Reply.WriteNull();
                }
            }
            return;
        }

        ctx.Db.Set(key, StringValue.FromBytes(value), keepTtl: (flags & SetFlags.KeepTtl) != 0);
        ctx.KeyModified(key);
        ctx.Notify(NotifyFlags.String, "set"u8, key);
        if (expireIndex > 0)
        {
            ctx.Db.SetExpire(key, when);
            ctx.Notify(NotifyFlags.Generic, "expire"u8, key);
        }
        if (ctx.Propagating)
        {
            PropagateSet(ctx, args, flags, expireIndex, key, value, when);
        }
        if ((flags & SetFlags.Get) == 0)
        {
            if (replyKind == SetReply.Integer)
            {
                ctx.Reply.WriteInteger(1);
            }
            else
            {
                ctx.Reply.WriteOk();
            }
        }
    }

    /// <summary>
    /// setGenericCommand's propagation: a relative or second-based expire becomes SET key value PXAT ms (the
    /// other options dropped); without an expire, the GET options are dropped (the reply is not replayed).
    /// </summary>
    private static void PropagateSet(CommandContext ctx, CommandArgs args, SetFlags flags, int expireIndex,
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long when)
    {
        if (expireIndex > 0 && (flags & SetFlags.PxAt) == 0)
        {
            ctx.PropagateAs(5).Arg("SET"u8).Arg(key).Arg(value).Arg("PXAT"u8).Arg(when);
        }
        else if ((flags & SetFlags.Get) != 0 && expireIndex == 0)
        {
            int kept = 0;
            for (int j = 0; j < args.Count; j++)
            {
                kept += j >= 3 && Ascii.EqualsIgnoreCase(args[j], "get"u8) ? 0 : 1;
            }
            PropagatedCommand command = ctx.PropagateAs(kept);
            for (int j = 0; j < args.Count; j++)
            {
                if (!(j >= 3 && Ascii.EqualsIgnoreCase(args[j], "get"u8)))
                {
                    command.Arg(args[j]);
                }
            }
        }
    }

    /// <summary>
    /// parseExtendedStringArgumentsOrReply: the options after SET's value or GETEX's key. An option may repeat
    /// (the last expire wins), but conflicting ones (NX with XX, two kinds of expire, KEEPTTL or PERSIST with
    /// an expire) and an expire without its argument are syntax errors. SET-only options are syntax errors
    /// for GETEX and PERSIST for SET.
    /// </summary>
    private static bool TryParseExtendedArguments(CommandContext ctx, CommandArgs args, bool isSet,
        ref SetFlags flags, ref int expireIndex)
    {
        for (int j = isSet ? 3 : 2; j < args.Count; j++)
        {
            ReadOnlySpan<byte> option = args[j];
            bool hasNext = j < args.Count - 1;
            SetFlags expires = flags & SetFlags.AnyExpire;
            if (isSet && Ascii.EqualsIgnoreCase(option, "NX"u8) && (flags & SetFlags.Xx) == 0)
            {
                flags |= SetFlags.Nx;
            }
            else if (isSet && Ascii.EqualsIgnoreCase(option, "XX"u8) && (flags & SetFlags.Nx) == 0)
            {
                flags |= SetFlags.Xx;
            }
            else if (isSet && Ascii.EqualsIgnoreCase(option, "GET"u8))
            {
                flags |= SetFlags.Get;
            }
            else if (isSet && Ascii.EqualsIgnoreCase(option, "KEEPTTL"u8) && expires == 0)
            {
                flags |= SetFlags.KeepTtl;
            }
            else if (!isSet && Ascii.EqualsIgnoreCase(option, "PERSIST"u8) && expires == 0)
            {
                flags |= SetFlags.Persist;
            }
            else if (TryMatchExpire(option, out SetFlags kind) && hasNext
                && (flags & (SetFlags.KeepTtl | SetFlags.Persist)) == 0 && (expires & ~kind) == 0)
            {
                flags |= kind;
                expireIndex = ++j;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        return true;
    }

    private static bool TryMatchExpire(ReadOnlySpan<byte> option, out SetFlags kind)
    {
        kind = SetFlags.None;
        if (Ascii.EqualsIgnoreCase(option, "EX"u8))
        {
            kind = SetFlags.Ex;
        }
        else if (Ascii.EqualsIgnoreCase(option, "PX"u8))
        {
            kind = SetFlags.Px;
        }
        else if (Ascii.EqualsIgnoreCase(option, "EXAT"u8))
        {
            kind = SetFlags.ExAt;
        }
        else if (Ascii.EqualsIgnoreCase(option, "PXAT"u8))
        {
            kind = SetFlags.PxAt;
        }
        return kind != SetFlags.None;
    }

    /// <summary>
    /// getExpireMillisecondsOrReply: the absolute Unix time in ms for an EX/PX/EXAT/PXAT argument. Zero or
    /// negative values, seconds that overflow when multiplied, and relative times that overflow when added
    /// to now are all "invalid expire time".
    /// </summary>
    private static bool TryGetExpireTime(CommandContext ctx, ReadOnlySpan<byte> argument, SetFlags flags, out long when)
    {
        if (!Utf8Number.TryParseInt64(argument, out when))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return false;
        }
        bool seconds = (flags & (SetFlags.Ex | SetFlags.ExAt)) != 0;
        if (when <= 0 || (seconds && when > long.MaxValue / 1000))
        {
            WriteInvalidExpireTime(ctx);
            return false;
        }
        if (seconds)
        {
            when *= 1000;
        }
        if ((flags & (SetFlags.Ex | SetFlags.Px)) != 0)
        {
            when = unchecked(when + ctx.Now);
        }
        if (when <= 0)
        {
            WriteInvalidExpireTime(ctx);
            return false;
        }
        return true;
    }

    /// <summary>addReplyErrorExpireTime: "ERR invalid expire time in 'set' command", naming the command.</summary>
    private static void WriteInvalidExpireTime(CommandContext ctx)
    {
        ReadOnlySpan<byte> prefix = "ERR invalid expire time in '"u8;
        ReadOnlySpan<byte> suffix = "' command"u8;
        byte[] name = ctx.Command.NameBytes;
        Span<byte> text = stackalloc byte[prefix.Length + name.Length + suffix.Length];
        prefix.CopyTo(text);
        name.CopyTo(text[prefix.Length..]);
        suffix.CopyTo(text[(prefix.Length + name.Length)..]);
        ctx.Reply.WriteError(text);
    }

    // GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
    // Options are checked first, then the key; the expire value only once the key is known to be a string.
    private static void Getex(CommandContext ctx, CommandArgs args)
    {
        SetFlags flags = SetFlags.None;
        int expireIndex = 0;
        if (!TryParseExtendedArguments(ctx, args, isSet: false, ref flags, ref expireIndex))
        {
            return;
        }
        ReadOnlySpan<byte> key = args[1];
        object? value = ctx.Db.Lookup(key, ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        long when = 0;
        if (expireIndex > 0 && !TryGetExpireTime(ctx, args[expireIndex], flags, out when))
        {
            return;
        }
        StringValue.WriteBulk(ctx.Reply, value);
        if ((flags & (SetFlags.ExAt | SetFlags.PxAt)) != 0 && when <= ctx.Now)
        {
            // An absolute time already past: the key is deleted now (propagated as DEL).
            ctx.Db.Delete(key);
            ctx.KeyModified(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            ctx.PropagateAs(2).Arg(ctx.Server.Options.LazyFreeLazyExpire ? "UNLINK"u8 : "DEL"u8).Arg(key);
        }
        else if (expireIndex > 0)
        {
            ctx.Db.SetExpire(key, when);
            ctx.KeyModified(key);
            ctx.Notify(NotifyFlags.Generic, "expire"u8, key);
            ctx.PropagateAs(3).Arg("PEXPIREAT"u8).Arg(key).Arg(when);
        }
        else if ((flags & SetFlags.Persist) != 0 && ctx.Db.Persist(key))
        {
            ctx.KeyModified(key);
            ctx.Notify(NotifyFlags.Generic, "persist"u8, key);
            ctx.PropagateAs(2).Arg("PERSIST"u8).Arg(key);
        }
    }

    // GETDEL key
    private static void Getdel(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        StringValue.WriteBulk(ctx.Reply, value);
        ctx.Db.Delete(args[1]);
        ctx.KeyModified(args[1]);
        ctx.Notify(NotifyFlags.Generic, "del"u8, args[1]);
        ctx.PropagateAs(2).Arg("DEL"u8).Arg(args[1]);
    }

    // GETSET key value
    // Replies like GET, then stores like SET without options: the TTL is dropped.
    private static void Getset(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
        }
        else if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        else
        {
            StringValue.WriteBulk(ctx.Reply, value);
        }
        ctx.Db.Set(args[1], StringValue.FromBytes(args[2]));
        ctx.KeyModified(args[1]);
        ctx.Notify(NotifyFlags.String, "set"u8, args[1]);
        ctx.PropagateAs(3).Arg("SET"u8).Arg(args[1]).Arg(args[2]);
    }

    // MGET key [key ...]
    // A key holding another type reads as nil, not as an error.
    private static void Mget(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteArrayLength(args.Count - 1);
        for (int i = 1; i < args.Count; i++)
        {
            object? value = ctx.Db.Lookup(args[i], ctx.Now);
            if (value is null || !StringValue.IsString(value))
            {
                ctx.Reply.WriteNull();
            }
            else
            {
                StringValue.WriteBulk(ctx.Reply, value);
            }
        }
    }

    // MSET key value [key value ...]
    private static void Mset(CommandContext ctx, CommandArgs args) => MsetGeneric(ctx, args, nx: false);

    // MSETNX key value [key value ...]
    private static void Msetnx(CommandContext ctx, CommandArgs args) => MsetGeneric(ctx, args, nx: true);

    /// <summary>
    /// msetGenericCommand: an odd number of arguments after the name is an arity error; with NX nothing is
    /// set if any key exists. A key given twice ends with its last value.
    /// </summary>
    private static void MsetGeneric(CommandContext ctx, CommandArgs args, bool nx)
    {
        if (args.Count % 2 == 0)
        {
            ctx.Reply.WriteError(Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{ctx.Command.Name}' command"));
            return;
        }
        if (nx)
        {
            for (int j = 1; j < args.Count; j += 2)
            {
                if (ctx.Db.LookupWrite(args[j], ctx.Now) is not null)
                {
                    ctx.Reply.WriteInteger(0);
                    return;
                }
            }
        }
        for (int j = 1; j < args.Count; j += 2)
        {
            ctx.Db.Set(args[j], StringValue.FromBytes(args[j + 1]));
            ctx.KeyModified(args[j]);
            ctx.Notify(NotifyFlags.String, "set"u8, args[j]);
        }
        if (nx)
        {
            ctx.Reply.WriteInteger(1);
        }
        else
        {
            ctx.Reply.WriteOk();
        }
    }
}
