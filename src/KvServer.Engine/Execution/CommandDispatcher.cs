using System.Diagnostics;
using System.Text;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>
/// Runs one parsed command for one client: Redis's processCommand + call, in the same order of checks
/// (unknown command or subcommand, arity, protected command, authentication, ...), then the handler,
/// then statistics. Every cross-cutting rule lives here once; handlers never repeat it.
/// </summary>
public sealed class CommandDispatcher
{
    private readonly ServerState _server;
    private readonly CommandTable _table;

    public CommandDispatcher(ServerState server)
    {
        _server = server;
        _table = server.Commands;
    }

    /// <summary>
    /// Runs the batch's commands from <see cref="RequestBatch.Position"/> on, stopping early when the client
    /// asked to close (QUIT), blocked (BLPOP) or is held by CLIENT PAUSE: its later commands wait, as in Redis.
    /// A held command stays pending (<see cref="ClientSession.PauseHeld"/>); the connection calls again later.
    /// </summary>
    public void ExecuteBatch(ClientSession client, RequestBatch batch, ReadOnlySpan<byte> input)
    {
        client.PauseHeld = false;
        while (batch.HasPending && !client.CloseRequested && client.Blocked is null)
        {
            CommandArgs args = batch.GetCommand(batch.Position, input);
            batch.Position++;
            if (!Execute(client, args, honourPause: true))
            {
                batch.Position--;
                client.PauseHeld = true;
                return;
            }
            if (_server.Blocking.HasWaiters)
            {
                _server.Blocking.ServeReadyKeys(_server);
            }
        }
    }

    /// <summary>Runs one command now (CLIENT PAUSE does not hold it).</summary>
    public void Execute(ClientSession client, CommandArgs args) => Execute(client, args, honourPause: false);

    // False when CLIENT PAUSE held the command: nothing ran and nothing was replied.
    private bool Execute(ClientSession client, CommandArgs args, bool honourPause)
    {
        RespWriter reply = client.Reply;
        int replyStart = reply.Length;
        if (!ProcessCommand(client, args, honourPause))
        {
            return false;
        }
        if (client.ReplyMode != ReplyMode.On)
        {
            ApplyReplyMode(client, reply, replyStart);
        }
        return true;
    }

    /// <summary>
    /// CLIENT REPLY. Redis drops output while CLIENT_REPLY_OFF or CLIENT_REPLY_SKIP is set (prepareClientToWrite)
    /// and, after every command, rejected ones included, turns SKIP_NEXT into SKIP and clears SKIP (resetClient).
    /// The mode is read after the command ran, because CLIENT REPLY ON and RESET clear it before replying.
    /// </summary>
    private static void ApplyReplyMode(ClientSession client, RespWriter reply, int replyStart)
    {
        switch (client.ReplyMode)
        {
            case ReplyMode.Off:
                reply.Truncate(replyStart);
                break;
            case ReplyMode.Skip:
                reply.Truncate(replyStart);
                client.ReplyMode = ReplyMode.On;
                break;
            case ReplyMode.SkipNext:
                client.ReplyMode = ReplyMode.Skip;
                break;
        }
    }

    // False when CLIENT PAUSE holds the command (checked where Redis's processCommand checks it: after the
    // unknown-command, arity and authentication rejections, which are replied to even while paused).
    private bool ProcessCommand(ClientSession client, CommandArgs args, bool honourPause)
    {
        CommandContext ctx = client.Context;
        RespWriter reply = client.Reply;
        long now = _server.Clock.UnixTimeMilliseconds;
        client.LastInteractionMs = now;

        // As Redis's c->lastcmd (CLIENT LIST cmd=), set at lookup: "NULL" for an unknown command, the
        // command's name even when it is then rejected.
        CommandSpec? spec = _table.Lookup(args[0]);
        if (spec is not null && spec.SubcommandList is not null && args.Count >= 2)
        {
            CommandSpec? sub = CommandTable.LookupSubcommand(spec, args[1]);
            if (sub is null || sub.Handler is null)
            {
                client.LastCommand = "NULL";
                Reject(reply, null, UnknownSubcommand(args, spec));
                return true;
            }
            spec = sub;
        }
        if (spec is null || !spec.IsImplemented)
        {
            client.LastCommand = "NULL";
            Reject(reply, null, UnknownCommand(args));
            return true;
        }
        client.LastCommand = spec.Name;
        if (!spec.AcceptsArgumentCount(args.Count))
        {
            Reject(reply, spec, Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{spec.Name}' command"));
            return true;
        }
        if (spec.Has(CommandFlags.Protected) && !ProtectedCommandAllowed(spec, client))
        {
            Reject(reply, spec, ProtectedCommandError(spec));
            return true;
        }
        if (!client.Authenticated && !spec.Has(CommandFlags.NoAuth))
        {
            Reject(reply, spec, RespErrors.NoAuth);
            return true;
        }
        if (honourPause && _server.PauseUntilMs > now && PauseApplies(spec))
        {
            return false;
        }

        ctx.Command = spec;
        ctx.Now = now;
        long errorsBefore = reply.ErrorCount;
        long started = Stopwatch.GetTimestamp();
        spec.Handler!(ctx, args);
        long elapsedTicks = Stopwatch.GetTimestamp() - started;

        spec.Calls++;
        spec.Microseconds += elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        _server.Stats.TotalCommandsProcessed++;
        client.CommandCount++;
        if (reply.ErrorCount != errorsBefore)
        {
            spec.FailedCalls++;
            _server.Stats.RecordError(reply.LastErrorPrefix);
        }
        return true;
    }

    /// <summary>
    /// CLIENT PAUSE ALL holds every command; CLIENT PAUSE WRITE only those that may change data or be
    /// propagated (Redis: CMD_WRITE or CMD_MAY_REPLICATE, so EVAL and PUBLISH wait too).
    /// </summary>
    private bool PauseApplies(CommandSpec spec) =>
        !_server.PauseWritesOnly || spec.Has(CommandFlags.Write | CommandFlags.MayReplicate);

    private void Reject(RespWriter reply, CommandSpec? spec, ReadOnlySpan<byte> error)
    {
        reply.WriteError(error);
        if (spec is not null)
        {
            spec.RejectedCalls++;
        }
        _server.Stats.RecordError(reply.LastErrorPrefix);
    }

    /// <summary>"unknown command 'x', with args beginning with: 'a' 'b' " (at most 128 bytes of args).</summary>
    private static byte[] UnknownCommand(CommandArgs args)
    {
        var text = new StringBuilder("ERR unknown command '");
        text.Append(Truncate(args[0], 128)).Append("', with args beginning with: ");
        int argsLength = 0;
        for (int i = 1; i < args.Count && argsLength < 128; i++)
        {
            string arg = Truncate(args[i], 128 - argsLength);
            text.Append('\'').Append(arg).Append("' ");
            argsLength += arg.Length + 3;
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static byte[] UnknownSubcommand(CommandArgs args, CommandSpec container) =>
        Encoding.Latin1.GetBytes($"ERR unknown subcommand '{Truncate(args[1], 128)}'. Try {container.Name.ToUpperInvariant()} HELP.");

    private static string Truncate(ReadOnlySpan<byte> value, int max) =>
        Encoding.Latin1.GetString(value.Length > max ? value[..max] : value);

    private bool ProtectedCommandAllowed(CommandSpec spec, ClientSession client)
    {
        string setting = spec.Name.StartsWith("debug", StringComparison.Ordinal)
            ? _server.Options.EnableDebugCommand
            : spec.Name.StartsWith("module", StringComparison.Ordinal) ? "no" : "yes";
        return setting switch
        {
            "yes" => true,
            "local" => client.Transport is null || IsLocal(client.Transport.RemoteAddress),
            _ => false,
        };
    }

    private static bool IsLocal(string address) =>
        address.StartsWith("127.", StringComparison.Ordinal) || address.StartsWith("[::1]", StringComparison.Ordinal) || address.StartsWith("/", StringComparison.Ordinal);

    private static byte[] ProtectedCommandError(CommandSpec spec)
    {
        string command = spec.Name.StartsWith("debug", StringComparison.Ordinal) ? "DEBUG" : "MODULE";
        string option = command == "DEBUG" ? "enable-debug-command" : "enable-module-command";
        return Encoding.ASCII.GetBytes($"ERR {command} command not allowed. If the {option} option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.");
    }
}
