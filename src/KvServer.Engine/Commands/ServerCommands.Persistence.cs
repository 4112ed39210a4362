using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence;
using KvServer.Engine.Persistence.Snapshots;
using Microsoft.Extensions.Logging;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>SAVE and BGSAVE (rdb.c), DEBUG RELOAD; LASTSAVE reads the same state (ServerCommands.cs).</summary>
internal static partial class ServerCommands
{
    private static void RegisterPersistence(CommandTable table)
    {
        table.Bind("save", Save);
        table.Bind("bgsave", Bgsave);
    }

    // SAVE: writes the dump file now, holding the executor.
    private static void Save(CommandContext ctx, CommandArgs args)
    {
        BackgroundSaver saves = ctx.Server.Saves;
        if (saves.InProgress)
        {
            ctx.Reply.WriteError(RespErrors.BackgroundSaveInProgress);
            return;
        }
        if (saves.Save())
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.Bare);
        }
    }

    // BGSAVE [SCHEDULE]
    // Inside MULTI/EXEC Redis schedules the save instead of starting it (server.in_exec).
    private static void Bgsave(CommandContext ctx, CommandArgs args)
    {
        bool schedule = false;
        if (args.Count > 1)
        {
            if (args.Count == 2 && Ascii.EqualsIgnoreCase(args[1], "schedule"u8))
            {
                schedule = true;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
        }
        BackgroundSaver saves = ctx.Server.Saves;
        bool inExec = ctx.Client.CannotBlock;
        if (saves.InProgress)
        {
            ctx.Reply.WriteError(RespErrors.BackgroundSaveInProgress);
        }
        else if (saves.OtherJobActive || inExec)
        {
            if (schedule || inExec)
            {
                saves.Scheduled = true;
                ctx.Reply.WriteSimpleString("Background saving scheduled");
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.AnotherChildActive);
            }
        }
        else if (saves.StartBackground())
        {
            ctx.Reply.WriteSimpleString("Background saving started");
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.Bare);
        }
    }

    // DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save (unless NOSAVE), empty the databases (unless NOFLUSH), load
    // the dump file back (MERGE: keys already present are replaced instead of failing the load).
    private static void DebugReload(CommandContext ctx, CommandArgs args)
    {
        bool flush = true;
        bool save = true;
        RdbLoadFlags flags = RdbLoadFlags.None;
        for (int i = 2; i < args.Count; i++)
        {
            if (Ascii.EqualsIgnoreCase(args[i], "merge"u8))
            {
                flags |= RdbLoadFlags.AllowDuplicates;
            }
            else if (Ascii.EqualsIgnoreCase(args[i], "noflush"u8))
            {
                flush = false;
            }
            else if (Ascii.EqualsIgnoreCase(args[i], "nosave"u8))
            {
                save = false;
            }
            else
            {
                ctx.Reply.WriteError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."u8);
                return;
            }
        }
        ServerState server = ctx.Server;
        if (save && !server.Saves.Save())
        {
            ctx.Reply.WriteError(RespErrors.Bare);
            return;
        }
        if (flush)
        {
            foreach (Keyspace.Database db in server.Databases)
            {
                ctx.DatabaseFlushing(db);
                db.Clear();
            }
        }
        try
        {
            RdbLoader.LoadFile(server, server.Saves.FilePath, flags, server.Saves.Logger);
        }
        catch (Exception ex) when (ex is RdbLoadException or IOException or UnauthorizedAccessException)
        {
            server.Saves.Logger?.LogWarning("Error loading the RDB dump for DEBUG RELOAD: {Message}", ex.Message);
            ctx.Reply.WriteError("ERR Error trying to load the RDB dump"u8);
            return;
        }
        server.Saves.Logger?.LogWarning("DB reloaded by DEBUG RELOAD");
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// flushAllDataAndResetRDB's persistence part: a running background save is abandoned (its snapshot is
    /// of data that no longer exists) and, when save points are configured, the now empty data set is saved
    /// at once, leaving the dirty counter as it was so the flush itself still counts as a change.
    /// </summary>
    internal static void SaveAfterFlushAll(ServerState server)
    {
        BackgroundSaver saves = server.Saves;
        saves.Kill();
        if (server.Options.SavePoints.Length > 0)
        {
            long dirty = server.KeyspaceStats.Dirty;
            saves.Save();
            server.KeyspaceStats.Dirty = dirty;
        }
    }

    /// <summary>INFO persistence: the fields describing RDB saves and the running snapshot.</summary>
    private static StringBuilder AppendPersistenceSnapshot(this StringBuilder info, ServerState server)
    {
        BackgroundSaver saves = server.Saves;
        KeyspaceSnapshot? current = saves.Current;
        long total = current?.KeysTotal ?? 0;
        long processed = current?.KeysProcessed ?? 0;
        double percent = total > 0 ? processed * 100.0 / total : 0;
        return info.Field("current_cow_peak", current?.PeakExtraBytes ?? 0)
            .Field("current_cow_size", current?.ExtraBytes ?? 0)
            .Field("current_cow_size_age", 0)
            .Field("current_fork_perc", percent.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))
            .Field("current_save_keys_processed", processed)
            .Field("current_save_keys_total", total)
            .Field("rdb_changes_since_last_save", server.KeyspaceStats.Dirty)
            .Field("rdb_bgsave_in_progress", saves.InProgress ? 1 : 0)
            .Field("rdb_last_save_time", saves.LastSaveUnix)
            .Field("rdb_last_bgsave_status", saves.LastBackgroundSaveOk ? "ok" : "err")
            .Field("rdb_last_bgsave_time_sec", saves.LastBackgroundSaveSeconds)
            .Field("rdb_current_bgsave_time_sec", saves.CurrentSeconds)
            .Field("rdb_saves", saves.Saves)
            .Field("rdb_last_cow_size", saves.LastCowBytes);
    }
}
