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
        _systemClock = server.Clock as Keyspace.SystemClock;
    }

    // The real clock, when the server uses it (tests use a manual clock, read directly).
    private readonly Keyspace.SystemClock? _systemClock;

    private bool _loading;

    /// <summary>Runs <paramref name="load"/> (AOF replay) with the command time held at 0, so nothing expires meanwhile.</summary>
    internal void RunLoading(Action load)
    {
        _loading = true;
        try
        {
            load();
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>
    /// Runs the batch's commands from <see cref="RequestBatch.Position"/> on, stopping early when the client
    /// asked to close (QUIT), blocked (BLPOP) or is held by CLIENT PAUSE: its later commands wait, as in Redis.
    /// A held command stays pending (<see cref="ClientSession.PauseHeld"/>); the connection calls again later.
    /// </summary>
    /// <remarks>
    /// Pipelined commands share timestamps: the Stopwatch reading that ends one command's timing starts the
    /// next one's, so a batch costs one clock read per command plus one. What runs between two handlers
    /// (lookup and checks) is then counted in the second command's commandstats usec, a few tens of
    /// nanoseconds; anything heavier in between (serving blocked clients, a rejected or queued command)
    /// drops the running timestamp so the next command reads a fresh one.
    /// </remarks>
    public void ExecuteBatch(ClientSession client, RequestBatch batch, ReadOnlySpan<byte> input)
    {
        client.PauseHeld = false;
        client.ScriptDeferred = false;
        long timestamp = 0;
        if (client.SuspendedScript is not null)
        {
            // Before anything else, even a close request: the executor is reserved until the script ends.
            ResumeSuspended(client, batch.GetCommand(batch.Position, input));
            batch.Position++;
            ServeBlockedClients(ref timestamp);
        }
        int warmedUpTo = batch.Position;
        while (batch.HasPending && !client.CloseRequested && client.Blocked is null)
        {
            if (batch.Position >= warmedUpTo)
            {
                warmedUpTo = WarmKeys(client, batch, input);
            }
            CommandArgs args = batch.GetCommand(batch.Position, input);
            batch.Position++;
            if (!Execute(client, args, honourPause: true, ref timestamp))
            {
                batch.Position--;
                client.PauseHeld = !client.ScriptDeferred;
                return;
            }
            ServeBlockedClients(ref timestamp);
        }
        _server.Aof?.AfterBatch(client);
    }

    private void ServeBlockedClients(ref long timestamp)
    {
        if (_server.Blocking.HasWaiters)
        {
            _server.Blocking.ServeReadyKeys(_server);
            timestamp = 0;
        }
    }

    private const int WarmCommands = 32;
    private const int WarmKeysMax = 64;
    private int _warmSink;

    /// <summary>
    /// Before a group of pipelined commands (or one command with several keys) runs, brings their keys'
    /// table memory into the cache in one pass
    /// (<see cref="Keyspace.KeyTable{TValue}.Warm"/>), so their cache misses overlap instead of each command
    /// stalling on its own. With a large keyspace these misses are most of a GET or SET's cost. A hint only:
    /// keys come from the command table's first/last/step positions, and a command that changes the database
    /// (SELECT) or the table just makes the hint stale. Returns the batch position it warmed up to.
    /// </summary>
    private int WarmKeys(ClientSession client, RequestBatch batch, ReadOnlySpan<byte> input)
    {
        int end = Math.Min(batch.Count, batch.Position + WarmCommands);
        // One command with at most one key (an unpipelined GET or SET) has no misses to overlap; one with
        // several keys (MSET, MGET, DEL k1 k2 ...) does.
        if (_loading || (end - batch.Position == 1 && batch.GetCommand(batch.Position, input).Count <= 3))
        {
            return end;
        }
        Span<uint> hashes = stackalloc uint[WarmKeysMax];
        int count = 0;
        for (int i = batch.Position; i < end && count < WarmKeysMax; i++)
        {
            CommandArgs args = batch.GetCommand(i, input);
            CommandSpec? spec = _table.Lookup(args[0]);
            if (spec is null || spec.FirstKey <= 0)
            {
                continue;
            }
            int last = spec.LastKey < 0 ? args.Count + spec.LastKey : Math.Min(spec.LastKey, args.Count - 1);
            int step = Math.Max(1, spec.KeyStep);
            for (int k = spec.FirstKey; k <= last && count < WarmKeysMax; k += step)
            {
                hashes[count++] = Keyspace.KeyTable<object>.HashKey(args[k]);
            }
        }
        if (count > 1)
        {
            Span<int> slots = stackalloc int[WarmKeysMax];
            _warmSink += client.Database.Keys.Warm(hashes[..count], slots);
        }
        return end;
    }

    /// <summary>Runs one command now (CLIENT PAUSE does not hold it).</summary>
    public void Execute(ClientSession client, CommandArgs args)
    {
        long timestamp = 0;
        Execute(client, args, honourPause: false, ref timestamp);
    }

    // False when CLIENT PAUSE held the command: nothing ran and nothing was replied. timestamp: see ExecuteBatch.
    private bool Execute(ClientSession client, CommandArgs args, bool honourPause, ref long timestamp)
    {
        RespWriter reply = client.Reply;
        int replyStart = reply.Length;
        if (!ProcessCommand(client, args, honourPause, ref timestamp))
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
    // timestamp: the running Stopwatch reading (0 = none), replaced by the end of the handler's timing when
    // the command runs and dropped when it does not.
    private bool ProcessCommand(ClientSession client, CommandArgs args, bool honourPause, ref long timestamp)
    {
        long started = timestamp;
        timestamp = 0;
        RespWriter reply = client.Reply;
        long now;
        if (_loading)
        {
            // Replaying the AOF: time stands still at 0, so no key expires before the whole file is applied
            // (Redis's keyIsExpired answers "no" while loading); keys whose time has passed go afterwards.
            now = 0;
        }
        else if (_systemClock is not null)
        {
            // One Stopwatch reading serves both the command's timing and its wall-clock "now".
            if (started == 0)
            {
                started = Stopwatch.GetTimestamp();
            }
            now = _systemClock.FromTimestamp(started);
        }
        else
        {
            now = _server.Clock.UnixTimeMilliseconds;
        }
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
                Reject(client, null, UnknownSubcommand(args, spec));
                return true;
            }
            spec = sub;
        }
        if (spec is null || !spec.IsImplemented)
        {
            client.LastCommand = "NULL";
            Reject(client, null, UnknownCommand(args));
            return true;
        }
        client.LastCommand = spec.Name;
        if (!spec.AcceptsArgumentCount(args.Count))
        {
            Reject(client, spec, Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{spec.Name}' command"));
            return true;
        }
        if (spec.Has(CommandFlags.Protected) && !ProtectedCommandAllowed(spec, client))
        {
            Reject(client, spec, ProtectedCommandError(spec));
            return true;
        }
        if (!client.Authenticated && !spec.Has(CommandFlags.NoAuth))
        {
            Reject(client, spec, RespErrors.NoAuth);
            return true;
        }
        if (client.Multi is not null && spec.Has(CommandFlags.NoMulti))
        {
            Reject(client, spec, RespErrors.NotAllowedInMulti);
            return true;
        }
        if (DiskErrorDeniesWrites() && DeniedByDiskError(spec))
        {
            Reject(client, spec, DiskError());
            return true;
        }
        if (client.Protocol == RespVersion.Resp2 && client.SubscriptionCount > 0 && !AllowedInSubscribedContext(spec))
        {
            Reject(client, spec, Encoding.ASCII.GetBytes($"ERR Can't execute '{spec.Name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
            return true;
        }
        if (honourPause && _server.PauseUntilMs > now && PauseApplies(spec))
        {
            return false;
        }
        if (client.Multi is not null && !RunsInsideMulti(spec))
        {
            client.Multi.Queue.Add(new QueuedCommand(args));
            reply.WriteQueued();
            return true;
        }
        if (client.OnEventLoop && honourPause && ExecQueuesScript(client, spec))
        {
            client.ScriptDeferred = true;
            return false;
        }
        client.MaySuspendScript = honourPause && client.OnEventLoop && spec.RunsScript;
        timestamp = Call(client, spec, args, now, started);
        client.MaySuspendScript = false;
        if (client.SuspendedScript is not null)
        {
            // The script runs on from a pool thread (ClientSession.OnEventLoop); the command stays pending.
            client.ScriptDeferred = true;
            return false;
        }
        return true;
    }

    // An EXEC whose queue holds a script: see ClientSession.OnEventLoop. (Suspending a script in the middle
    // of EXEC's loop would need EXEC itself to resume; running the whole EXEC off the loop is simpler.)
    private static bool ExecQueuesScript(ClientSession client, CommandSpec spec)
    {
        if (client.Multi is null || spec.Name != "exec")
        {
            return false;
        }
        foreach (QueuedCommand queued in client.Multi.Queue)
        {
            if (CommandSpec.IsScriptCommand(queued.Args[0]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// processCommand's disk-error rule: after a failed background save, write commands are refused, and so
    /// is PING, so that a monitoring client notices.
    /// </summary>
    private static bool DeniedByDiskError(CommandSpec spec) => spec.Has(CommandFlags.Write) || spec.Name == "ping";

    // writeCommandsDeniedByDiskError: a failed background save (stop-writes-on-bgsave-error) or a failed AOF
    // write or fsync; the RDB's error first, as Redis checks it first.
    private bool DiskErrorDeniesWrites() => _server.Saves.WritesDenied || _server.Aof is { WritesDenied: true };

    private ReadOnlySpan<byte> DiskError() =>
        _server.Saves.WritesDenied ? RespErrors.MisconfBgsave : _server.Aof!.DiskError;

    /// <summary>Redis's call(): runs the handler and records the command's statistics.</summary>
    internal void Call(ClientSession client, CommandSpec spec, CommandArgs args, long now) =>
        Call(client, spec, args, now, started: 0);

    /// <summary>
    /// <see cref="Call(ClientSession, CommandSpec, CommandArgs, long)"/> timed from <paramref name="started"/>
    /// (a Stopwatch timestamp; 0 reads one now). Returns the Stopwatch timestamp taken when the handler
    /// returned, which the next pipelined command can start from (0 for a script left suspended).
    /// The handler runs with propagation around it when the AOF is on: a call that made the dataset dirty
    /// records its effect for the append-only file (itself, or the rewrite it asked for). EXEC and scripts
    /// never propagate themselves, only the commands they ran (call() skips execCommand; scripts replicate
    /// effects). A script left suspended keeps its call open until it is resumed and ends
    /// (<see cref="ResumeSuspended"/>), so its effects still go out as one unit.
    /// </summary>
    private long Call(ClientSession client, CommandSpec spec, CommandArgs args, long now, long started)
    {
        CommandContext ctx = client.Context;
        ctx.Command = spec;
        ctx.Now = now;
        long errorsBefore = client.Reply.ErrorCount;
        if (started == 0)
        {
            started = Stopwatch.GetTimestamp();
        }
        Propagation propagation = _server.Propagation;
        bool propagating = propagation.Enabled;
        Propagation.CallState saved = propagating ? propagation.BeginCall() : default;
        long dirtyBefore = _server.KeyspaceStats.Dirty;
        try
        {
            spec.Handler!(ctx, args);
        }
        catch when (propagating)
        {
            EndPropagating(propagation, client, spec, args, saved, dirtyBefore);
            throw;
        }
        if (client.SuspendedScript is not null)
        {
            client.SuspendedCall = new SuspendedCall(spec, started, errorsBefore, propagating, saved, dirtyBefore);
            return 0;
        }
        if (propagating)
        {
            EndPropagating(propagation, client, spec, args, saved, dirtyBefore);
        }
        return FinishCall(client, spec, started, errorsBefore);
    }

    // call()'s bookkeeping once the command has ended: commandstats, errorstats, counters.
    private long FinishCall(ClientSession client, CommandSpec spec, long started, long errorsBefore)
    {
        RespWriter reply = client.Reply;
        long ended = Stopwatch.GetTimestamp();
        long elapsedTicks = ended - started;

        spec.Calls++;
        spec.Microseconds += elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        _server.Stats.TotalCommandsProcessed++;
        client.CommandCount++;
        if (reply.ErrorCount != errorsBefore)
        {
            spec.FailedCalls++;
            _server.Stats.RecordError(reply.LastErrorPrefix);
        }
        return ended;
    }

    private void EndPropagating(Propagation propagation, ClientSession client, CommandSpec spec, CommandArgs args,
        Propagation.CallState saved, long dirtyBefore)
    {
        bool dirty = _server.KeyspaceStats.Dirty != dirtyBefore && !Propagation.PropagatesEffectsOnly(spec);
        propagation.EndCall(args, client.Database.Index, dirty, saved);
    }

    /// <summary>
    /// Runs a script the client left suspended on the event loop to its end (from a pool thread), then ends
    /// its call as <see cref="Call"/> would have: propagation, statistics, CLIENT REPLY.
    /// </summary>
    private void ResumeSuspended(ClientSession client, CommandArgs args)
    {
        Scripting.LuaRunner runner = client.SuspendedScript!;
        SuspendedCall call = client.SuspendedCall!;
        client.SuspendedScript = null;
        client.SuspendedCall = null;
        RespWriter reply = client.Reply;
        int replyStart = reply.Length;
        try
        {
            runner.Resume(client.Context);
        }
        finally
        {
            if (call.Propagating)
            {
                EndPropagating(_server.Propagation, client, call.Spec, args, call.Saved, call.DirtyBefore);
            }
        }
        FinishCall(client, call.Spec, call.Started, call.ErrorsBefore);
        if (client.ReplyMode != ReplyMode.On)
        {
            ApplyReplyMode(client, reply, replyStart);
        }
    }

    /// <summary>
    /// EXEC's loop: runs queued commands with the checks that can change between queueing and EXEC
    /// (authentication); arity and existence were checked when queueing.
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
        client.LastCommand = spec.Name;
        Call(client, spec, args, _loading ? 0 : _server.Clock.UnixTimeMilliseconds);
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
            if (DiskErrorDeniesWrites())
            {
                // scriptVerifyWriteCommandAllow: a failed background save or AOF write refuses a script's writes too.
                return Encoding.ASCII.GetString(DiskError());
            }
            wrote = true;
        }
        Call(scriptClient, spec, args, _server.Clock.UnixTimeMilliseconds);
        return null;
    }

    // MULTI queues everything except the commands that act on the transaction itself.
    private static bool RunsInsideMulti(CommandSpec spec) => spec.Name is "exec" or "discard" or "multi" or "watch" or "quit" or "reset";

    private static bool AllowedInSubscribedContext(CommandSpec spec) => spec.Name is "ping" or "subscribe" or "ssubscribe"
        or "unsubscribe" or "sunsubscribe" or "psubscribe" or "punsubscribe" or "quit" or "reset";

    /// <summary>
    /// CLIENT PAUSE ALL holds every command; CLIENT PAUSE WRITE only those that may change data or be
    /// propagated (Redis: CMD_WRITE or CMD_MAY_REPLICATE, so EVAL and PUBLISH wait too).
    /// </summary>
    private bool PauseApplies(CommandSpec spec) =>
        !_server.PauseWritesOnly || spec.Has(CommandFlags.Write | CommandFlags.MayReplicate);

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

    // Redis formats these with %.*s / %.128s: a C string, so an argument ends at its first NUL byte.
    private static string Truncate(ReadOnlySpan<byte> value, int max)
    {
        int nul = value.IndexOf((byte)0);
        if (nul >= 0)
        {
            value = value[..nul];
        }
        return Encoding.Latin1.GetString(value.Length > max ? value[..max] : value);
    }

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

/// <summary>A suspended script's call as the dispatcher started it: what ending it needs.</summary>
internal sealed record SuspendedCall(CommandSpec Spec, long Started, long ErrorsBefore, bool Propagating,
    Propagation.CallState Saved, long DirtyBefore);
