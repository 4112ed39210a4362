using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Aof;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>BGREWRITEAOF and the aof_* fields of INFO persistence.</summary>
internal static partial class ServerCommands
{
    private static void RegisterAof(CommandTable table)
    {
        table.Bind("bgrewriteaof", Bgrewriteaof);
    }

    // BGREWRITEAOF
    // Runs on the point-in-time snapshot in executor slices; while a BGSAVE runs it is scheduled instead.
    private static void Bgrewriteaof(CommandContext ctx, CommandArgs args)
    {
        AppendOnlyFile? aof = ctx.Server.Aof;
        AppendOnlyFile.RewriteRequest result = aof?.RequestRewrite() ?? AppendOnlyFile.RewriteRequest.Failed;
        switch (result)
        {
            case AppendOnlyFile.RewriteRequest.Started:
                ctx.Reply.WriteSimpleString("Background append only file rewriting started"u8);
                break;
            case AppendOnlyFile.RewriteRequest.Scheduled:
                ctx.Reply.WriteSimpleString("Background append only file rewriting scheduled"u8);
                break;
            case AppendOnlyFile.RewriteRequest.AlreadyInProgress:
                ctx.Reply.WriteError("ERR Background append only file rewriting already in progress"u8);
                break;
            default:
                ctx.Reply.WriteError("ERR Can't execute an AOF background rewriting. Please check the server logs for more information."u8);
                break;
        }
    }

    /// <summary>INFO persistence from aof_enabled to module_fork_last_cow_size, plus the aof_* sizes when on.</summary>
    private static StringBuilder AppendPersistenceAof(this StringBuilder info, ServerState server)
    {
        AppendOnlyFile? aof = server.Aof;
        bool on = aof?.IsOn == true;
        info.Field("aof_enabled", on ? 1 : 0)
            .Field("aof_rewrite_in_progress", aof?.RewriteInProgress == true ? 1 : 0)
            .Field("aof_rewrite_scheduled", aof?.RewriteScheduled == true ? 1 : 0)
            .Field("aof_last_rewrite_time_sec", aof?.LastRewriteSeconds ?? -1)
            .Field("aof_current_rewrite_time_sec", aof?.CurrentRewriteSeconds ?? -1)
            .Field("aof_last_bgrewrite_status", aof?.LastRewriteOk == false ? "err" : "ok")
            .Field("aof_rewrites", aof?.Rewrites ?? 0)
            .Field("aof_rewrites_consecutive_failures", aof?.ConsecutiveRewriteFailures ?? 0)
            .Field("aof_last_write_status", aof?.LastWriteOk == false ? "err" : "ok")
            .Field("aof_last_cow_size", aof?.LastCowBytes ?? 0)
            .Field("module_fork_in_progress", 0)
            .Field("module_fork_last_cow_size", 0);
        if (on)
        {
            info.Field("aof_current_size", aof!.CurrentSize)
                .Field("aof_base_size", aof.BaseSize)
                .Field("aof_pending_rewrite", 0)
                .Field("aof_buffer_length", aof.BufferLength)
                .Field("aof_pending_bio_fsync", 0)
                .Field("aof_delayed_fsync", aof.DelayedFsyncs);
        }
        return info;
    }
}
