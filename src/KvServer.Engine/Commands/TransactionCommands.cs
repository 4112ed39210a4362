using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Transactions (Redis's multi.c): MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the
/// dispatcher, which sees every command first; these handlers open, run and close the queue.
/// </summary>
internal static class TransactionCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("multi", Multi);
        table.Bind("exec", Exec);
        table.Bind("discard", Discard);
        table.Bind("watch", Watch);
        table.Bind("unwatch", Unwatch);
    }

    // MULTI
    private static void Multi(CommandContext ctx, CommandArgs args)
    {
        if (ctx.Client.Multi is not null)
        {
            ctx.Reply.WriteError(RespErrors.MultiNested);
            return;
        }
        ctx.Client.Multi = new MultiState();
        ctx.Reply.WriteOk();
    }

    // EXEC: EXECABORT after a queueing error; a null array when a watched key changed; otherwise every
    // queued command's reply in one array. Errors inside do not stop the others.
    private static void Exec(CommandContext ctx, CommandArgs args)
    {
        ClientSession client = ctx.Client;
        MultiState? multi = client.Multi;
        if (multi is null)
        {
            ctx.Reply.WriteError(RespErrors.ExecWithoutMulti);
            return;
        }
        client.Multi = null;
        if (multi.DirtyExec)
        {
            ctx.Server.Watches.UnwatchAll(client);
            ctx.Reply.WriteError(RespErrors.ExecAbort);
            return;
        }
        if (client.DirtyCas || WatchManager.AnyWatchedKeyExpired(client, ctx.Now))
        {
            ctx.Server.Watches.UnwatchAll(client);
            ctx.Reply.WriteNullArray();
            return;
        }
        ctx.Server.Watches.UnwatchAll(client);
        ctx.Reply.WriteArrayLength(multi.Queue.Count);
        CommandSpec exec = ctx.Command;
        bool couldBlock = client.CannotBlock;
        client.CannotBlock = true;
        try
        {
            CommandDispatcher dispatcher = ctx.Server.Dispatcher;
            foreach (QueuedCommand queued in multi.Queue)
            {
                dispatcher.ExecuteQueued(client, queued.Args);
            }
        }
        finally
        {
            client.CannotBlock = couldBlock;
            ctx.Command = exec;
        }
    }

    // DISCARD
    private static void Discard(CommandContext ctx, CommandArgs args)
    {
        if (ctx.Client.Multi is null)
        {
            ctx.Reply.WriteError(RespErrors.DiscardWithoutMulti);
            return;
        }
        ctx.Client.Multi = null;
        ctx.Server.Watches.UnwatchAll(ctx.Client);
        ctx.Reply.WriteOk();
    }

    // WATCH key [key ...]
    private static void Watch(CommandContext ctx, CommandArgs args)
    {
        if (ctx.Client.Multi is not null)
        {
            ctx.Reply.WriteError(RespErrors.WatchInsideMulti);
            return;
        }
        // A client already marked dirty gains nothing from watching more keys (Redis returns OK early too).
        if (!ctx.Client.DirtyCas)
        {
            for (int i = 1; i < args.Count; i++)
            {
                long when = ctx.Db.GetExpire(args[i]);
                bool expired = when >= 0 && when <= ctx.Now;
                ctx.Server.Watches.Watch(ctx.Client, ctx.Db, args.ToArray(i), expired);
            }
        }
        ctx.Reply.WriteOk();
    }

    // UNWATCH
    private static void Unwatch(CommandContext ctx, CommandArgs args)
    {
        ctx.Server.Watches.UnwatchAll(ctx.Client);
        ctx.Reply.WriteOk();
    }
}
