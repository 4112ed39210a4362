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
        CommandContext ctx = client.Context;
        RespWriter reply = client.Reply;
        client.LastInteractionMs = _server.Clock.UnixTimeMilliseconds;

        CommandSpec? spec = _table.Lookup(args[0]);
        if (spec is not null && spec.SubcommandList is not null && args.Count >= 2)
        {
            CommandSpec? sub = CommandTable.LookupSubcommand(spec, args[1]);
            if (sub is null || sub.Handler is null)
            {
                Reject(reply, null, UnknownSubcommand(args, spec));
                return;
            }
            spec = sub;
        }
        if (spec is null || !spec.IsImplemented)
        {
            Reject(reply, null, UnknownCommand(args));
            return;
        }
        if (!spec.AcceptsArgumentCount(args.Count))
        {
            Reject(reply, spec, Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{spec.Name}' command"));
            return;
        }
        if (spec.Has(CommandFlags.Protected) && !ProtectedCommandAllowed(spec, client))
        {
            Reject(reply, spec, ProtectedCommandError(spec));
            return;
        }
        if (!client.Authenticated && !spec.Has(CommandFlags.NoAuth))
        {
            Reject(reply, spec, RespErrors.NoAuth);
            return;
        }

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
