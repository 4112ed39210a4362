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
    /// asked to close (QUIT) or blocked (BLPOP): a blocked client's later commands wait, as in Redis.
    /// </summary>
    public void ExecuteBatch(ClientSession client, RequestBatch batch, ReadOnlySpan<byte> input)
    {
        while (batch.HasPending && !client.CloseRequested && client.Blocked is null)
        {
            CommandArgs args = batch.GetCommand(batch.Position, input);
            batch.Position++;
            Execute(client, args);
            if (_server.Blocking.HasWaiters)
            {
                _server.Blocking.ServeReadyKeys(_server);
            }
        }
    }

    public void Execute(ClientSession client, CommandArgs args)
    {
        RespWriter reply = client.Reply;
        int replyStart = reply.Length;
        ReplyMode mode = client.ReplyMode;

        ProcessCommand(client, args);

        // CLIENT REPLY OFF/SKIP: the command ran, its reply is dropped.
        if (mode == ReplyMode.Off || mode == ReplyMode.SkipNext)
        {
            reply.Truncate(replyStart);
            if (mode == ReplyMode.SkipNext && client.ReplyMode == ReplyMode.SkipNext)
            {
                client.ReplyMode = ReplyMode.On;
            }
        }
        if (client.ReplyMode == ReplyMode.Skip)
        {
            // SKIP applies to the next command, not to CLIENT REPLY SKIP itself (which has no reply).
            client.ReplyMode = ReplyMode.SkipNext;
        }
    }

    private void ProcessCommand(ClientSession client, CommandArgs args)
    {
        RespWriter reply = client.Reply;
        client.LastInteractionMs = _server.Clock.UnixTimeMilliseconds;

        CommandSpec? spec = _table.Lookup(args[0]);
        if (spec is not null && spec.SubcommandList is not null && args.Count >= 2)
        {
            CommandSpec? sub = CommandTable.LookupSubcommand(spec, args[1]);
            if (sub is null || sub.Handler is null)
            {
                Reject(client, null, UnknownSubcommand(args, spec));
                return;
            }
            spec = sub;
        }
        if (spec is null || !spec.IsImplemented)
        {
            Reject(client, null, UnknownCommand(args));
            return;
        }
        if (!spec.AcceptsArgumentCount(args.Count))
        {
            Reject(client, spec, Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{spec.Name}' command"));
            return;
        }
        if (spec.Has(CommandFlags.Protected) && !ProtectedCommandAllowed(spec, client))
        {
            Reject(client, spec, ProtectedCommandError(spec));
            return;
        }
        if (!client.Authenticated && !spec.Has(CommandFlags.NoAuth))
        {
            Reject(client, spec, RespErrors.NoAuth);
            return;
        }
        if (client.Multi is not null && spec.Has(CommandFlags.NoMulti))
        {
            Reject(client, spec, RespErrors.NotAllowedInMulti);
            return;
        }
        if (client.Protocol == RespVersion.Resp2 && client.SubscriptionCount > 0 && !AllowedInSubscribedContext(spec))
        {
            Reject(client, spec, Encoding.ASCII.GetBytes($"ERR Can't execute '{spec.Name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
            return;
        }
        if (client.Multi is not null && !RunsInsideMulti(spec))
        {
            client.Multi.Queue.Add(new QueuedCommand(args));
            reply.WriteQueued();
            return;
        }
        Call(client, spec, args);
    }

    /// <summary>Redis's call(): runs the handler and records the command's statistics.</summary>
    internal void Call(ClientSession client, CommandSpec spec, CommandArgs args)
    {
        CommandContext ctx = client.Context;
        RespWriter reply = client.Reply;
        ctx.Command = spec;
        ctx.Now = _server.Clock.UnixTimeMilliseconds;
        long errorsBefore = reply.ErrorCount;
        long started = Stopwatch.GetTimestamp();
        spec.Handler!(ctx, args);
        long elapsedTicks = Stopwatch.GetTimestamp() - started;

        spec.Calls++;
        spec.Microseconds += elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        _server.Stats.TotalCommandsProcessed++;
        client.CommandCount++;
        client.LastCommand = spec.Name;
        if (reply.ErrorCount != errorsBefore)
        {
            spec.FailedCalls++;
            _server.Stats.RecordError(reply.LastErrorPrefix);
        }
    }

    /// <summary>
    /// EXEC's loop: runs queued commands with the checks that can change between queueing and EXEC
    /// (authentication, subscribe context); arity and existence were checked when queueing.
    /// </summary>
    internal void ExecuteQueued(ClientSession client, CommandArgs args)
    {
        CommandSpec? spec = _table.Lookup(args[0]);
        if (spec?.SubcommandList is not null && args.Count >= 2)
        {
            spec = CommandTable.LookupSubcommand(spec, args[1]);
        }
        if (spec?.Handler is null)
        {
            Reject(client, null, UnknownCommand(args));
            return;
        }
        if (!client.Authenticated && !spec.Has(CommandFlags.NoAuth))
        {
            Reject(client, spec, RespErrors.NoAuth);
            return;
        }
        Call(client, spec, args);
    }

    /// <summary>
    /// redis.call from a script: the script-specific checks (script.c scriptCall) then the command.
    /// Returns Redis's error text when the call is refused, or null when the command ran (its reply,
    /// possibly an error reply, is in the script client's writer). <paramref name="wrote"/> tells whether
    /// the command was a write, for SCRIPT KILL's UNKILLABLE rule.
    /// </summary>
    internal string? ExecuteFromScript(ClientSession scriptClient, CommandArgs args, bool readOnly, out bool wrote)
    {
        wrote = false;
        CommandSpec? spec = _table.Lookup(args[0]);
        if (spec?.SubcommandList is not null && args.Count >= 2)
        {
            spec = CommandTable.LookupSubcommand(spec, args[1]);
        }
        if (spec is null || spec.Handler is null)
        {
            return "ERR Unknown Redis command called from script";
        }
        if (!spec.AcceptsArgumentCount(args.Count))
        {
            return "ERR Wrong number of args calling Redis command from script";
        }
        if (spec.Has(CommandFlags.NoScript))
        {
            return "ERR This Redis command is not allowed from script";
        }
        if (spec.Has(CommandFlags.Write))
        {
            if (readOnly)
            {
                return "ERR Write commands are not allowed from read-only scripts.";
            }
            wrote = true;
        }
        Call(scriptClient, spec, args);
        return null;
    }

    // MULTI queues everything except the commands that act on the transaction itself.
    private static bool RunsInsideMulti(CommandSpec spec) => spec.Name is "exec" or "discard" or "multi" or "watch" or "quit" or "reset";

    private static bool AllowedInSubscribedContext(CommandSpec spec) => spec.Name is "ping" or "subscribe" or "ssubscribe"
        or "unsubscribe" or "sunsubscribe" or "psubscribe" or "punsubscribe" or "quit" or "reset";

    /// <summary>
    /// rejectCommand: replies with the error, counts it, and inside MULTI marks the transaction so EXEC
    /// aborts. A rejected EXEC itself discards the transaction with the reason in its EXECABORT.
    /// </summary>
    private void Reject(ClientSession client, CommandSpec? spec, ReadOnlySpan<byte> error)
    {
        RespWriter reply = client.Reply;
        if (spec?.Name == "exec" && client.Multi is not null || spec?.Name == "exec" && client.SubscriptionCount > 0)
        {
            int space = error.IndexOf((byte)' ');
            reply.WriteError(Encoding.ASCII.GetBytes("EXECABORT Transaction discarded because of: " + Encoding.Latin1.GetString(error[(space + 1)..])));
            client.Multi = null;
            _server.Watches.UnwatchAll(client);
        }
        else
        {
            reply.WriteError(error);
            if (client.Multi is not null)
            {
                client.Multi.DirtyExec = true;
            }
        }
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
