using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Generic key commands (Redis's "generic" group, db.c): DEL, UNLINK, EXISTS, TYPE, KEYS, RANDOMKEY, RENAME,
/// RENAMENX, COPY, MOVE, TOUCH here; SCAN in KeyCommands.Scan.cs; the expiry commands in
/// KeyCommands.Expire.cs; OBJECT in KeyCommands.Object.cs; the database commands (DBSIZE, FLUSHDB, FLUSHALL,
/// SWAPDB) in KeyCommands.Databases.cs. They work on any value type.
/// </summary>
/// <remarks>
/// Which lookup each command uses decides the keyspace_hits/misses statistics and the LRU/LFU clock, exactly
/// as in Redis: <see cref="Database.Lookup"/> (lookupKeyRead) for TOUCH and COPY's source,
/// <see cref="Database.LookupNoTouch"/> (LOOKUP_NOTOUCH) for EXISTS, TYPE, TTL and OBJECT,
/// <see cref="Database.LookupWrite"/> for the writers, and no lookup at all for DEL, KEYS and RANDOMKEY.
/// The read lookups raise the "keymiss" keyspace event on a miss (OBJECT excepted); the writers raise the
/// generic events (NOTIFY_GENERIC) Redis does: "del", "rename_from"/"rename_to", "copy_to",
/// "move_from"/"move_to", plus "new" for the key RENAME, COPY or MOVE creates.
/// </remarks>
internal static partial class KeyCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("del", Del);
        table.Bind("unlink", Unlink);
        table.Bind("exists", Exists);
        table.Bind("type", Type);
        table.Bind("keys", Keys);
        table.Bind("randomkey", Randomkey);
        table.Bind("rename", Rename);
        table.Bind("renamenx", Renamenx);
        table.Bind("copy", Copy);
        table.Bind("move", Move);
        table.Bind("touch", Touch);
        table.Bind("scan", Scan);
        RegisterExpire(table);
        RegisterObject(table);
        RegisterDatabases(table);
        RegisterDump(table);
        RegisterRestore(table);
    }

    // DEL key [key ...]
    private static void Del(CommandContext ctx, CommandArgs args) => DeleteKeys(ctx, args);

    // UNLINK key [key ...]: KvServer frees values synchronously, so UNLINK is DEL (same reply, same effects).
    private static void Unlink(CommandContext ctx, CommandArgs args) => DeleteKeys(ctx, args);

    /// <summary>delGenericCommand: an expired key is expired (not counted as deleted), the others deleted.</summary>
    private static void DeleteKeys(CommandContext ctx, CommandArgs args)
    {
        Database db = ctx.Db;
        long deleted = 0;
        for (int i = 1; i < args.Count; i++)
        {
            db.ExpireIfNeeded(args[i], ctx.Now);
            if (db.Delete(args[i]))
            {
                ctx.KeyModified(args[i]);
                ctx.Notify(NotifyFlags.Generic, "del"u8, args[i]);
                deleted++;
            }
        }
        ctx.Reply.WriteInteger(deleted);
    }

    // EXISTS key [key ...]: a key named twice counts twice.
    private static void Exists(CommandContext ctx, CommandArgs args)
    {
        long count = 0;
        for (int i = 1; i < args.Count; i++)
        {
            if (ctx.Db.LookupNoTouch(args[i], ctx.Now) is not null)
            {
                count++;
            }
        }
        ctx.Reply.WriteInteger(count);
    }

    // TYPE key
    private static void Type(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.LookupNoTouch(args[1], ctx.Now);
        ctx.Reply.WriteSimpleString(TypeName(value));
    }

    /// <summary>getObjectTypeName: "none" for a missing key.</summary>
    private static ReadOnlySpan<byte> TypeName(object? value) =>
        value is null ? "none"u8 : ValueTypes.TypeName(ValueTypes.TypeOf(value));

    // KEYS pattern
    // As in Redis, keys whose time has passed are left out but not removed, and "*" skips matching.
    private static void Keys(CommandContext ctx, CommandArgs args)
    {
        Database db = ctx.Db;
        ReadOnlySpan<byte> pattern = args[1];
        bool allKeys = pattern.Length == 1 && pattern[0] == (byte)'*';
        var matches = new List<byte[]>();
        KeyTable<object> keys = db.Keys;
        foreach (int index in keys)
        {
            byte[] key = keys.KeyAt(index);
            if ((allKeys || GlobMatcher.IsMatch(pattern, key)) && !db.IsExpired(key, ctx.Now))
            {
                matches.Add(key);
            }
        }
        ctx.Reply.WriteArrayLength(matches.Count);
        foreach (byte[] key in matches)
        {
            ctx.Reply.WriteBulkString(key);
        }
    }

    // RANDOMKEY
    private static void Randomkey(CommandContext ctx, CommandArgs args)
    {
        byte[]? key = ctx.Db.RandomKey(ctx.Now, ctx.Server.Random);
        if (key is null)
        {
            ctx.Reply.WriteNull();
        }
        else
        {
            ctx.Reply.WriteBulkString(key);
        }
    }

    // RENAME key newkey
    private static void Rename(CommandContext ctx, CommandArgs args) => RenameGeneric(ctx, args, nx: false);

    // RENAMENX key newkey
    private static void Renamenx(CommandContext ctx, CommandArgs args) => RenameGeneric(ctx, args, nx: true);

    /// <summary>
    /// renameGenericCommand: a missing source is an error even when both names are the same; renaming a key
    /// to itself changes nothing. The value keeps its TTL and its LRU/LFU clock. Events: "new" on the new name
    /// (dbAdd, even when it replaced a value), "rename_from" on the old one, then "rename_to".
    /// </summary>
    private static void RenameGeneric(CommandContext ctx, CommandArgs args, bool nx)
    {
        Database db = ctx.Db;
        ReadOnlySpan<byte> key = args[1];
        ReadOnlySpan<byte> newKey = args[2];
        if (db.LookupWrite(key, ctx.Now) is null)
        {
            ctx.Reply.WriteError(RespErrors.NoSuchKey);
            return;
        }
        if (key.SequenceEqual(newKey))
        {
            WriteRenameReply(ctx, nx, renamed: false);
            return;
        }
        if (db.LookupWrite(newKey, ctx.Now) is not null && nx)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        db.MoveKey(key, db, newKey);
        ctx.KeyModified(key);
        ctx.KeyModified(newKey, changes: 0);
        ctx.Notify(NotifyFlags.Generic, "rename_from"u8, key);
        ctx.Notify(NotifyFlags.Generic, "rename_to"u8, newKey);
        WriteRenameReply(ctx, nx, renamed: true);
    }

    private static void WriteRenameReply(CommandContext ctx, bool nx, bool renamed)
    {
        if (nx)
        {
            ctx.Reply.WriteInteger(renamed ? 1 : 0);
        }
        else
        {
            ctx.Reply.WriteOk();
        }
    }

    // COPY source destination [DB destination-db] [REPLACE]
    // Events: "keymiss" for a missing source, else "new" then "copy_to" on the destination, in its database.
    private static void Copy(CommandContext ctx, CommandArgs args)
    {
        Database source = ctx.Db;
        Database destination = ctx.Db;
        bool replace = false;
        for (int i = 3; i < args.Count; i++)
        {
            int additional = args.Count - i - 1;
            if (Ascii.EqualsIgnoreCase(args[i], "replace"u8))
            {
                replace = true;
            }
            else if (Ascii.EqualsIgnoreCase(args[i], "db"u8) && additional >= 1)
            {
                if (!TryGetDatabase(ctx, args[i + 1], out Database? selected))
                {
                    return;
                }
                destination = selected;
                i++;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }
        ReadOnlySpan<byte> key = args[1];
        ReadOnlySpan<byte> newKey = args[2];
        if (source == destination && key.SequenceEqual(newKey))
        {
            ctx.Reply.WriteError(RespErrors.SameObject);
            return;
        }
        object? value = source.Lookup(key, ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long expireAt = source.GetExpire(key);
        if (destination.LookupWrite(newKey, ctx.Now) is not null)
        {
            if (!replace)
            {
                ctx.Reply.WriteInteger(0);
                return;
            }
            destination.Delete(newKey);
        }
        destination.Add(newKey.ToArray(), ValueTypes.Clone(value), expireAt);
        ctx.KeyModified(destination, newKey);
        ctx.Notify(destination, NotifyFlags.Generic, "copy_to"u8, newKey);
        ctx.Reply.WriteInteger(1);
    }

    // MOVE key db
    // Events: "new" in the target database, "move_from" in the source one, then "move_to" in the target.
    private static void Move(CommandContext ctx, CommandArgs args)
    {
        Database source = ctx.Db;
        if (!TryGetDatabase(ctx, args[2], out Database? destination))
        {
            return;
        }
        if (source == destination)
        {
            ctx.Reply.WriteError(RespErrors.SameObject);
            return;
        }
        ReadOnlySpan<byte> key = args[1];
        if (source.LookupWrite(key, ctx.Now) is null || destination.LookupWrite(key, ctx.Now) is not null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        source.MoveKey(key, destination, key);
        ctx.KeyModified(source, key);
        ctx.KeyModified(destination, key, changes: 0);
        ctx.Notify(source, NotifyFlags.Generic, "move_from"u8, key);
        ctx.Notify(destination, NotifyFlags.Generic, "move_to"u8, key);
        ctx.Reply.WriteInteger(1);
    }

    // TOUCH key [key ...]
    private static void Touch(CommandContext ctx, CommandArgs args)
    {
        long touched = 0;
        for (int i = 1; i < args.Count; i++)
        {
            if (ctx.Db.Lookup(args[i], ctx.Now) is not null)
            {
                touched++;
            }
        }
        ctx.Reply.WriteInteger(touched);
    }

    /// <summary>
    /// getIntFromObjectOrReply then selectDb's range check, as MOVE and COPY do them: "value is not an
    /// integer or out of range" for a non-integer, "value is out of range, ..." for one beyond an int,
    /// then "DB index is out of range".
    /// </summary>
    private static bool TryGetDatabase(CommandContext ctx, ReadOnlySpan<byte> text, out Database database)
    {
        database = null!;
        if (!Utf8Number.TryParseInt64(text, out long index))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return false;
        }
        if (index < int.MinValue || index > int.MaxValue)
        {
            ctx.Reply.WriteError(RespErrors.Int32ArgumentOutOfRange);
            return false;
        }
        Database[] databases = ctx.Server.Databases;
        if (index < 0 || index >= databases.Length)
        {
            ctx.Reply.WriteError(RespErrors.DbIndexOutOfRange);
            return false;
        }
        database = databases[index];
        return true;
    }

    /// <summary>getIntFromObject: a canonical 64-bit integer that also fits in an int.</summary>
    private static bool TryParseInt32(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (!Utf8Number.TryParseInt64(text, out long number) || number < int.MinValue || number > int.MaxValue)
        {
            return false;
        }
        value = (int)number;
        return true;
    }

    /// <summary>Formats an error built from arguments (rare paths only: it allocates).</summary>
    private static byte[] FormatError(string text) => Encoding.Latin1.GetBytes(text);
}
