using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>
/// What other clients get while a script runs past busy-reply-threshold (Redis's processCommand "BUSY"
/// branch): SCRIPT KILL and SHUTDOWN NOSAVE act; everything else is refused with -BUSY. Runs on the
/// connection's thread without the executor (the script holds it), so it touches no data: only the Lua
/// engine's kill flag and the client's own output buffer, under its output lock.
/// </summary>
internal static class BusyScriptReplies
{
    public static bool IsBusy(ServerState server)
    {
        if (!server.HasLua || !server.Lua.Running)
        {
            return false;
        }
        long elapsedMs = (long)System.Diagnostics.Stopwatch.GetElapsedTime(server.Lua.StartTimestamp).TotalMilliseconds;
        return elapsedMs >= server.Options.BusyReplyThreshold;
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
        if (args.Count == 2 && Is(args[0], "script"u8) && Is(args[1], "kill"u8))
        {
            if (server.Lua.RunningScriptWrote)
            {
                reply.WriteError(RespErrors.Unkillable);
                return;
            }
            server.Lua.KillRequested = true;
            reply.WriteOk();
            return;
        }
        if (args.Count == 2 && Is(args[0], "shutdown"u8) && Is(args[1], "nosave"u8))
        {
            server.Lua.KillRequested = true;
            server.ShutdownRequested?.Invoke(false);
            reply.WriteOk();
            return;
        }
        reply.WriteError(RespErrors.Busy);
    }

    private static bool Is(ReadOnlySpan<byte> arg, ReadOnlySpan<byte> word) => System.Text.Ascii.EqualsIgnoreCase(arg, word);
}
