using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Server commands (Redis's "server" group): TIME, LASTSAVE, SHUTDOWN here; INFO (ServerCommands.Info.cs),
/// CONFIG (ServerCommands.Config.cs), COMMAND (ServerCommands.Command.cs) and DEBUG (ServerCommands.Debug.cs)
/// in partial files. They read and change server-wide state, never a key's value (except DEBUG POPULATE).
/// </summary>
internal static partial class ServerCommands
{
    private const long UnixEpochTicks = 621355968000000000;

    public static void Register(CommandTable table)
    {
        table.Bind("time", Time);
        table.Bind("lastsave", Lastsave);
        table.Bind("shutdown", Shutdown);
        table.Bind("info", Info);
        table.Bind("debug", Debug);
        RegisterConfig(table);
        RegisterCommand(table);
        RegisterMemory(table);
        RegisterAof(table);
        RegisterPersistence(table);
    }

    // TIME: [unix seconds, microseconds] as bulk strings.
    private static void Time(CommandContext ctx, CommandArgs args)
    {
        long micros = NowMicroseconds(ctx.Server.Clock);
        ctx.Reply.WriteArrayLength(2);
        ctx.Reply.WriteBulkInteger(micros / 1_000_000);
        ctx.Reply.WriteBulkInteger(micros % 1_000_000);
    }

    /// <summary>Unix time in microseconds: the real clock's full precision, a test clock's milliseconds.</summary>
    private static long NowMicroseconds(IClock clock) =>
        clock is SystemClock ? (DateTime.UtcNow.Ticks - UnixEpochTicks) / 10 : clock.UnixTimeMilliseconds * 1000;

    // LASTSAVE: the Unix time of the last successful save; before the first one, the start time, as Redis
    // reports (rdb_last_save_time).
    private static void Lastsave(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteInteger(LastSaveTime(ctx.Server));

    private static long LastSaveTime(ServerState server) => server.Saves.LastSaveUnix;

    // SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
    // Saves first when save points are configured (unless NOSAVE) or with SAVE; a failed save keeps the server
    // running unless FORCE. A successful shutdown sends no reply: the connection closes as the server stops.
    private static void Shutdown(CommandContext ctx, CommandArgs args)
    {
        bool noSave = false;
        bool save = false;
        bool flags = false;
        bool abort = false;
        bool force = false;
        for (int i = 1; i < args.Count; i++)
        {
            ReadOnlySpan<byte> arg = args[i];
            if (Ascii.EqualsIgnoreCase(arg, "nosave"u8))
            {
                noSave = true;
            }
            else if (Ascii.EqualsIgnoreCase(arg, "save"u8))
            {
                save = true;
            }
            else if (Ascii.EqualsIgnoreCase(arg, "force"u8))
            {
                force = true;
            }
            else if (!Ascii.EqualsIgnoreCase(arg, "now"u8))
            {
                if (!Ascii.EqualsIgnoreCase(arg, "abort"u8))
                {
                    ctx.Reply.WriteError(RespErrors.Syntax);
                    return;
                }
                abort = true;
                continue;
            }
            flags = true;
        }
        if ((abort && flags) || (save && noSave))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (abort)
        {
            // Shutdowns are immediate here (no replicas to wait for), so none is ever in progress.
            ctx.Reply.WriteError(RespErrors.NoShutdownInProgress);
            return;
        }
        if (!ctx.Server.Saves.PrepareForShutdown(save, noSave, force))
        {
            ctx.Reply.WriteError(RespErrors.ShutdownFailed);
            return;
        }
        ctx.Client.CloseRequested = true;
        ctx.Server.ShutdownRequested?.Invoke(save ? true : noSave ? false : null);
    }

    /// <summary>addReplyHelp: "NAME &lt;subcommand&gt; ..." then the lines, then HELP, each as a status reply.</summary>
    private static void WriteHelp(RespWriter reply, string command, string[] lines)
    {
        reply.WriteArrayLength(lines.Length + 3);
        reply.WriteSimpleString(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (string line in lines)
        {
            reply.WriteSimpleString(line);
        }
        reply.WriteSimpleString("HELP");
        reply.WriteSimpleString("    Prints this help.");
    }

    /// <summary>islocalClient: a Unix socket or a loopback address (in-process clients count as local).</summary>
    private static bool IsLocalClient(ClientSession client)
    {
        if (client.Transport is null)
        {
            return true;
        }
        string address = client.Transport.RemoteAddress;
        return address.StartsWith("127.", StringComparison.Ordinal) || address.StartsWith("[::1]", StringComparison.Ordinal)
            || address.StartsWith("::1", StringComparison.Ordinal) || address.StartsWith('/');
    }

    /// <summary>addReplySubcommandSyntaxError.</summary>
    private static void WriteSubcommandSyntaxError(CommandContext ctx, ReadOnlySpan<byte> subcommand, string command)
    {
        string name = Encoding.Latin1.GetString(subcommand.Length > 128 ? subcommand[..128] : subcommand);
        ctx.Reply.WriteError($"ERR unknown subcommand or wrong number of arguments for '{name}'. Try {command} HELP.");
    }
}
