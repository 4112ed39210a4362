using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>Whole-database commands (db.c): DBSIZE, FLUSHDB, FLUSHALL, SWAPDB.</summary>
internal static partial class KeyCommands
{
    private static void RegisterDatabases(CommandTable table)
    {
        table.Bind("dbsize", Dbsize);
        table.Bind("flushdb", Flushdb);
        table.Bind("flushall", Flushall);
        table.Bind("swapdb", Swapdb);
    }

    // DBSIZE: counts keys whose time has passed but that were not removed yet, as dictSize does.
    private static void Dbsize(CommandContext ctx, CommandArgs args) => ctx.Reply.WriteInteger(ctx.Db.Count);

    // FLUSHDB [ASYNC | SYNC]
    // Both modes free synchronously; every removed key counts as a change (dirty).
    private static void Flushdb(CommandContext ctx, CommandArgs args)
    {
        if (!IsValidFlushMode(args))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        FlushDatabase(ctx, ctx.Db);
        // Logged even when the database was already empty (forceCommandPropagation).
        ctx.ForcePropagation();
        ctx.Reply.WriteOk();
    }

    // FLUSHALL [ASYNC | SYNC]
    // Clears the keys of every database, abandons a running background save and, when save points are
    // configured, saves the empty data set (flushAllDataAndResetRDB).
    private static void Flushall(CommandContext ctx, CommandArgs args)
    {
        if (!IsValidFlushMode(args))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        foreach (Database db in ctx.Server.Databases)
        {
            FlushDatabase(ctx, db);
        }
        ctx.ForcePropagation();
        ServerCommands.SaveAfterFlushAll(ctx.Server);
        ctx.Reply.WriteOk();
    }

    /// <summary>getFlushCommandFlags: no argument, or exactly one of SYNC and ASYNC.</summary>
    private static bool IsValidFlushMode(CommandArgs args) =>
        args.Count == 1
        || (args.Count == 2 && (Ascii.EqualsIgnoreCase(args[1], "sync"u8) || Ascii.EqualsIgnoreCase(args[1], "async"u8)));

    private static void FlushDatabase(CommandContext ctx, Database db)
    {
        long removed = db.Count;
        ctx.DatabaseFlushing(db);
        db.Clear();
        ctx.DatabaseModified(db, removed);
    }

    // SWAPDB index1 index2
    private static void Swapdb(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseInt32(args[1], out int first))
        {
            ctx.Reply.WriteError(RespErrors.InvalidFirstDbIndex);
            return;
        }
        if (!TryParseInt32(args[2], out int second))
        {
            ctx.Reply.WriteError(RespErrors.InvalidSecondDbIndex);
            return;
        }
        Database[] databases = ctx.Server.Databases;
        if (first < 0 || first >= databases.Length || second < 0 || second >= databases.Length)
        {
            ctx.Reply.WriteError(RespErrors.DbIndexOutOfRange);
            return;
        }
        if (first != second)
        {
            ctx.DatabasesSwapping(databases[first], databases[second]);
            Database.SwapContents(databases[first], databases[second]);
            ctx.DatabaseModified(databases[first], 0);
            ctx.DatabaseModified(databases[second], 0);
        }
        ctx.AddDirty(1);
        ctx.Reply.WriteOk();
    }
}
