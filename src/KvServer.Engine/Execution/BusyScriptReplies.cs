using KvServer.Engine.Protocol;
using KvServer.Engine.Scripting;

namespace KvServer.Engine.Execution;

/// <summary>
/// What other clients get while a script or function runs past busy-reply-threshold (Redis's processCommand
/// "BUSY" branch): SCRIPT KILL (for a script), FUNCTION KILL and FUNCTION STATS (for a function) and
/// SHUTDOWN NOSAVE act; everything else is refused with -BUSY, naming the kill command that applies. Runs on
/// the connection's thread without the executor (the script holds it), so it touches no data: only the Lua
/// engine's kill flag, what it publishes about the running function, and the client's own output buffer,
/// under its output lock.
/// </summary>
internal static class BusyScriptReplies
{
    public static bool IsBusy(ServerState server)
    {
        LuaRunner? running = Running(server);
        if (running is null)
        {
            return false;
        }
        long elapsedMs = (long)System.Diagnostics.Stopwatch.GetElapsedTime(running.StartTimestamp).TotalMilliseconds;
        return elapsedMs >= server.Options.BusyReplyThreshold;
    }

    // The engine running a script (EVAL's) or a function (the functions'), if any.
    private static LuaRunner? Running(ServerState server)
    {
        if (server.HasLua && server.Lua.Running)
        {
            return server.Lua;
        }
        LuaRunner? functions = server.HasFunctions ? server.Functions.EngineIfCreated : null;
        return functions is not null && functions.Running ? functions : null;
    }

    /// <summary>Answers every pending command of the batch.</summary>
    public static void Answer(ServerState server, ClientSession client, RequestBatch batch, ReadOnlySpan<byte> input)
    {
        while (batch.HasPending)
        {
            CommandArgs args = batch.GetCommand(batch.Position, input);
            batch.Position++;
            lock (client.OutputLock)
            {
                AnswerOne(server, client, args);
            }
        }
    }

    private static void AnswerOne(ServerState server, ClientSession client, CommandArgs args)
    {
        RespWriter reply = client.Reply;
        LuaRunner? running = Running(server);
        if (running is null)
        {
            reply.WriteError(RespErrors.Busy);
            return;
        }
        bool isFunction = !server.HasLua || running != server.Lua;
        ReadOnlySpan<byte> busy = isFunction ? RespErrors.BusyFunction : RespErrors.Busy;
        if (args.Count == 2 && Is(args[0], "script"u8) && Is(args[1], "kill"u8))
        {
            Kill(running, reply, killable: !isFunction, RespErrors.BusyFunction);
            return;
        }
        if (args.Count == 2 && Is(args[0], "function"u8) && Is(args[1], "kill"u8))
        {
            Kill(running, reply, killable: isFunction, RespErrors.Busy);
            return;
        }
        if (args.Count == 2 && Is(args[0], "function"u8) && Is(args[1], "stats"u8))
        {
            if (!isFunction)
            {
                reply.WriteError(RespErrors.Busy);
                return;
            }
            Commands.FunctionCommands.WriteStats(reply, server.Functions.Current, running.RunningFunction, running.RunningCommand, running.RunningMilliseconds);
            return;
        }
        if (args.Count == 2 && Is(args[0], "shutdown"u8) && Is(args[1], "nosave"u8))
        {
            // No reply, as with Redis: the server exits and the client sees its connection close.
            running.KillRequested = true;
            client.CloseRequested = true;
            server.ShutdownRequested?.Invoke(false);
            return;
        }
        reply.WriteError(busy);
    }

    // scriptKill: a script that wrote cannot be killed; SCRIPT KILL does not kill functions, FUNCTION KILL
    // does not kill scripts (they get the other one's BUSY reply).
    private static void Kill(LuaRunner running, RespWriter reply, bool killable, ReadOnlySpan<byte> wrongKind)
    {
        if (running.RunningScriptWrote)
        {
            reply.WriteError(RespErrors.Unkillable);
            return;
        }
        if (!killable)
        {
            reply.WriteError(wrongKind);
            return;
        }
        running.KillRequested = true;
        reply.WriteOk();
    }

    private static bool Is(ReadOnlySpan<byte> arg, ReadOnlySpan<byte> word) => System.Text.Ascii.EqualsIgnoreCase(arg, word);
}
