using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// CLIENT ID | SETNAME | GETNAME | LIST | INFO | KILL | REPLY | NO-EVICT | PAUSE | UNPAUSE | HELP
/// (Redis's clientCommand in networking.c). TRACKING, CACHING, GETREDIR, TRACKINGINFO and UNBLOCK are not
/// bound, so they answer as unknown subcommands.
/// </summary>
internal static partial class ConnectionCommands
{
    private static void RegisterClient(CommandTable table)
    {
        table.Bind("client|id", ClientId);
        table.Bind("client|setname", ClientSetname);
        table.Bind("client|getname", ClientGetname);
        table.Bind("client|list", ClientList);
        table.Bind("client|info", ClientInfo);
        table.Bind("client|kill", ClientKill);
        table.Bind("client|reply", ClientReply);
        table.Bind("client|no-evict", ClientNoEvict);
        table.Bind("client|pause", ClientPause);
        table.Bind("client|unpause", ClientUnpause);
        table.Bind("client|help", ClientHelp);
        table.Bind("client|unblock", ClientUnblock);
    }

    /// <summary>Client types as CLIENT LIST TYPE and CLIENT KILL TYPE name them (getClientTypeByName).</summary>
    private enum ClientType
    {
        Invalid,
        Normal,
        Replica,
        PubSub,
        Master,
    }

    // CLIENT ID
    private static void ClientId(CommandContext ctx, CommandArgs args) => ctx.Reply.WriteInteger(ctx.Client.Id);

    // CLIENT SETNAME connection-name
    private static void ClientSetname(CommandContext ctx, CommandArgs args)
    {
        if (SetNameOrReply(ctx, args[2]))
        {
            ctx.Reply.WriteOk();
        }
    }

    // CLIENT GETNAME
    private static void ClientGetname(CommandContext ctx, CommandArgs args)
    {
        if (ctx.Client.Name is null)
        {
            ctx.Reply.WriteNull();
        }
        else
        {
            ctx.Reply.WriteBulkString(ctx.Client.Name);
        }
    }

    // CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
    // As Redis 7.0, TYPE and ID cannot be combined: ID lists the given ids in the order given (an id that
    // is not connected is skipped), anything else after LIST is a syntax error.
    private static void ClientList(CommandContext ctx, CommandArgs args)
    {
        var text = new StringBuilder();
        if (args.Count == 4 && Ascii.EqualsIgnoreCase(args[2], "type"u8))
        {
            ClientType type = ParseClientType(args[3]);
            if (type == ClientType.Invalid)
            {
                WriteErrorWithArgument(ctx.Reply, "ERR Unknown client type '"u8, args[3], "'"u8);
                return;
            }
            foreach (ClientSession client in ctx.Server.Clients.Snapshot())
            {
                if (TypeOf(client) == type)
                {
                    AppendClientLine(text, ctx, client, args);
                }
            }
        }
        else if (args.Count > 3 && Ascii.EqualsIgnoreCase(args[2], "id"u8))
        {
            for (int i = 3; i < args.Count; i++)
            {
                if (!Utf8Number.TryParseInt64(args[i], out long id))
                {
                    ctx.Reply.WriteError(RespErrors.InvalidClientId);
                    return;
                }
                if (ctx.Server.Clients.Find(id) is { } client)
                {
                    AppendClientLine(text, ctx, client, args);
                }
            }
        }
        else if (args.Count != 2)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        else
        {
            foreach (ClientSession client in ctx.Server.Clients.Snapshot())
            {
                AppendClientLine(text, ctx, client, args);
            }
        }
        ctx.Reply.WriteVerbatim(Encoding.UTF8.GetBytes(text.ToString()), "txt"u8);
    }

    // CLIENT INFO
    private static void ClientInfo(CommandContext ctx, CommandArgs args)
    {
        var text = new StringBuilder();
        AppendClientLine(text, ctx, ctx.Client, args);
        ctx.Reply.WriteVerbatim(Encoding.UTF8.GetBytes(text.ToString()), "txt"u8);
    }

    // CLIENT KILL ip:port
    // CLIENT KILL <ID client-id | TYPE NORMAL|MASTER|REPLICA|PUBSUB | USER username | ADDR ip:port |
    //             LADDR ip:port | SKIPME yes|no> [...]
    // The old form replies +OK or "No such client" and may kill the caller; the new form replies the number
    // killed and skips the caller unless SKIPME no. Filters combine (all must match). A killed caller gets
    // its reply, then the connection closes.
    private static void ClientKill(CommandContext ctx, CommandArgs args)
    {
        var filter = new KillFilter();
        if (args.Count == 3)
        {
            filter.Address = Encoding.Latin1.GetString(args[2]);
            filter.SkipMe = false;
        }
        else if (!ParseKillFilter(ctx, args, filter))
        {
            return;
        }

        int killed = 0;
        foreach (ClientSession client in ctx.Server.Clients.Snapshot())
        {
            if (!filter.Matches(client) || (client == ctx.Client && filter.SkipMe))
            {
                continue;
            }
            CloseClient(ctx.Server, client, client == ctx.Client);
            killed++;
        }

        if (args.Count == 3)
        {
            if (killed == 0)
            {
                ctx.Reply.WriteError(RespErrors.NoSuchClient);
            }
            else
            {
                ctx.Reply.WriteOk();
            }
        }
        else
        {
            ctx.Reply.WriteInteger(killed);
        }
    }

    /// <summary>The new-style CLIENT KILL options, parsed in pairs; false after replying with an error.</summary>
    private static bool ParseKillFilter(CommandContext ctx, CommandArgs args, KillFilter filter)
    {
        for (int i = 2; i < args.Count; i += 2)
        {
            ReadOnlySpan<byte> option = args[i];
            bool more = args.Count > i + 1;
            if (!more)
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
            ReadOnlySpan<byte> value = args[i + 1];
            if (Ascii.EqualsIgnoreCase(option, "id"u8))
            {
                if (!Utf8Number.TryParseInt64(value, out long id) || id < 1)
                {
                    ctx.Reply.WriteError(RespErrors.ClientIdNotPositive);
                    return false;
                }
                filter.Id = id;
            }
            else if (Ascii.EqualsIgnoreCase(option, "type"u8))
            {
                filter.Type = ParseClientType(value);
                if (filter.Type == ClientType.Invalid)
                {
                    WriteErrorWithArgument(ctx.Reply, "ERR Unknown client type '"u8, value, "'"u8);
                    return false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(option, "addr"u8))
            {
                filter.Address = Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(option, "laddr"u8))
            {
                filter.LocalAddress = Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(option, "user"u8))
            {
                // "default" is the only user until ACL users exist.
                if (!value.SequenceEqual(DefaultUserBytes))
                {
                    WriteErrorWithArgument(ctx.Reply, "ERR No such user '"u8, value, "'"u8);
                    return false;
                }
                filter.User = DefaultUser;
            }
            else if (Ascii.EqualsIgnoreCase(option, "skipme"u8))
            {
                if (Ascii.EqualsIgnoreCase(value, "yes"u8))
                {
                    filter.SkipMe = true;
                }
                else if (Ascii.EqualsIgnoreCase(value, "no"u8))
                {
                    filter.SkipMe = false;
                }
                else
                {
                    ctx.Reply.WriteError(RespErrors.Syntax);
                    return false;
                }
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Closes a killed client. Another client is gone at once, as after Redis's freeClient: it leaves the
    /// registry (so CLIENT LIST no longer shows it), a blocking command it waits in is cancelled without
    /// a reply, and its connection closes. The caller itself is only marked: its reply is sent first
    /// (CLIENT_CLOSE_AFTER_REPLY).
    /// </summary>
    private static void CloseClient(ServerState server, ClientSession client, bool isCaller)
    {
        if (client.Transport is null)
        {
            client.CloseRequested = true;
        }
        else if (isCaller)
        {
            client.Transport.Close();
        }
        else
        {
            client.Transport.Kill();
        }
        if (isCaller)
        {
            return;
        }
        if (client.Blocked is not null)
        {
            server.Blocking.Unblock(client);
        }
        server.Clients.Remove(client);
    }

    // CLIENT REPLY ON|OFF|SKIP
    // Only ON replies; the dispatcher drops the replies (CommandDispatcher.ApplyReplyMode). SKIP is ignored
    // while OFF is in force.
    private static void ClientReply(CommandContext ctx, CommandArgs args)
    {
        ReadOnlySpan<byte> mode = args[2];
        if (Ascii.EqualsIgnoreCase(mode, "on"u8))
        {
            ctx.Client.ReplyMode = ReplyMode.On;
            ctx.Reply.WriteOk();
        }
        else if (Ascii.EqualsIgnoreCase(mode, "off"u8))
        {
            ctx.Client.ReplyMode = ReplyMode.Off;
        }
        else if (Ascii.EqualsIgnoreCase(mode, "skip"u8))
        {
            if (ctx.Client.ReplyMode != ReplyMode.Off)
            {
                ctx.Client.ReplyMode = ReplyMode.SkipNext;
            }
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
        }
    }

    // CLIENT NO-EVICT ON|OFF
    private static void ClientNoEvict(CommandContext ctx, CommandArgs args)
    {
        if (Ascii.EqualsIgnoreCase(args[2], "on"u8))
        {
            ctx.Client.NoEvict = true;
        }
        else if (Ascii.EqualsIgnoreCase(args[2], "off"u8))
        {
            ctx.Client.NoEvict = false;
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        ctx.Reply.WriteOk();
    }

    // CLIENT PAUSE timeout [WRITE|ALL]
    // The mode is checked before the timeout, as in Redis. The pause itself is enforced by the dispatcher,
    // which holds the matching commands of every client (this one included) until the pause ends.
    private static void ClientPause(CommandContext ctx, CommandArgs args)
    {
        if (args.Count > 4)
        {
            WriteErrorWithArgument(ctx.Reply, "ERR unknown subcommand or wrong number of arguments for '"u8, args[1], "'. Try CLIENT HELP."u8, 128);
            return;
        }
        bool writesOnly = false;
        if (args.Count == 4)
        {
            if (Ascii.EqualsIgnoreCase(args[3], "write"u8))
            {
                writesOnly = true;
            }
            else if (!Ascii.EqualsIgnoreCase(args[3], "all"u8))
            {
                ctx.Reply.WriteError(RespErrors.ClientPauseMode);
                return;
            }
        }
        if (!Utf8Number.TryParseInt64(args[2], out long timeout))
        {
            ctx.Reply.WriteError(RespErrors.PauseTimeoutNotInteger);
            return;
        }
        if (timeout < 0)
        {
            ctx.Reply.WriteError(RespErrors.PauseTimeoutNegative);
            return;
        }
        // getTimeoutFromObjectOrReply in 7.0 adds the current time without an overflow check: a timeout
        // near LLONG_MAX wraps to an end in the past, i.e. no pause. 0 also means no pause.
        long end = timeout > 0 ? unchecked(timeout + ctx.Now) : 0;
        PauseClients(ctx.Server, end, writesOnly, ctx.Now);
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// pauseClients: a pause in force can only get longer and stricter (WRITE becomes ALL, never the reverse);
    /// once it has ended, a new one starts from scratch.
    /// </summary>
    internal static void PauseClients(ServerState server, long endMs, bool writesOnly, long now)
    {
        if (server.PauseUntilMs > now)
        {
            server.PauseUntilMs = Math.Max(server.PauseUntilMs, endMs);
            server.PauseWritesOnly &= writesOnly;
        }
        else
        {
            server.PauseUntilMs = endMs;
            server.PauseWritesOnly = writesOnly;
        }
    }

    // CLIENT UNPAUSE
    private static void ClientUnpause(CommandContext ctx, CommandArgs args)
    {
        ctx.Server.PauseUntilMs = 0;
        ctx.Server.PauseWritesOnly = false;
        ctx.Reply.WriteOk();
    }

    // CLIENT HELP: Redis 7.0's text, subcommands KvServer does not implement included.
    private static void ClientHelp(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteArrayLength(HelpLines.Length);
        foreach (string line in HelpLines)
        {
            ctx.Reply.WriteSimpleString(line);
        }
    }

    private static readonly string[] HelpLines =
    [
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "HELP",
        "    Prints this help.",
    ];

    /// <summary>getClientTypeByName: normal, slave/replica, pubsub, master (any case).</summary>
    private static ClientType ParseClientType(ReadOnlySpan<byte> name)
    {
        if (Ascii.EqualsIgnoreCase(name, "normal"u8))
        {
            return ClientType.Normal;
        }
        if (Ascii.EqualsIgnoreCase(name, "slave"u8) || Ascii.EqualsIgnoreCase(name, "replica"u8))
        {
            return ClientType.Replica;
        }
        if (Ascii.EqualsIgnoreCase(name, "pubsub"u8))
        {
            return ClientType.PubSub;
        }
        if (Ascii.EqualsIgnoreCase(name, "master"u8))
        {
            return ClientType.Master;
        }
        return ClientType.Invalid;
    }

    /// <summary>getClientType: KvServer has no replication links, so a client is pubsub or normal.</summary>
    private static ClientType TypeOf(ClientSession client) => client.IsPubSub ? ClientType.PubSub : ClientType.Normal;

    // Memory a client costs besides its buffers (the session, context and writer objects), for tot-mem.
    private const long ClientOverheadBytes = 1024;

    /// <summary>
    /// One CLIENT LIST / CLIENT INFO line with its newline, fields as Redis 7.0.15's catClientInfoString. Real
    /// figures: id, addresses, fd, name, age, idle, flags, db, subscriptions, MULTI queue, query buffer bytes,
    /// the caller's argv-mem, output buffer size and pending bytes, cmd, user, resp. KvServer has no
    /// equivalents for qbuf-free, multi-mem, the reply list (oll, omem) or tracking (redir), reported as
    /// 0 or -1; tot-mem adds what is known.
    /// </summary>
    private static void AppendClientLine(StringBuilder text, CommandContext ctx, ClientSession client, CommandArgs args)
    {
        long nowSeconds = ctx.Now / 1000;
        IClientTransport? transport = client.Transport;
        long queryBuffer = client.QueryBufferLength;
        long argvMemory = client == ctx.Client ? ArgumentBytes(args) : 0;
        int pending = client.Reply.Length;
        int bufferSize = client.Reply.Capacity;
        text.Append("id=").Append(client.Id)
            .Append(" addr=").Append(transport?.RemoteAddress)
            .Append(" laddr=").Append(transport?.LocalAddress)
            .Append(" fd=").Append(transport?.Descriptor ?? -1)
            .Append(" name=").Append(client.Name)
            .Append(" age=").Append(nowSeconds - client.CreatedMs / 1000)
            .Append(" idle=").Append(nowSeconds - client.LastInteractionMs / 1000)
            .Append(" flags=");
        AppendFlags(text, client);
        text.Append(" db=").Append(client.Database.Index)
            .Append(" sub=").Append(client.SubscribedChannels)
            .Append(" psub=").Append(client.SubscribedPatterns)
            .Append(" ssub=").Append(client.SubscribedShardChannels)
            .Append(" multi=").Append(client.MultiQueued)
            .Append(" qbuf=").Append(queryBuffer)
            .Append(" qbuf-free=0")
            .Append(" argv-mem=").Append(argvMemory)
            .Append(" multi-mem=0")
            .Append(" rbs=").Append(bufferSize)
            .Append(" rbp=").Append(pending)
            .Append(" obl=").Append(pending)
            .Append(" oll=0 omem=0")
            .Append(" tot-mem=").Append(ClientOverheadBytes + queryBuffer + argvMemory + bufferSize)
            .Append(" events=r")
            .Append(" cmd=").Append(client.LastCommand)
            .Append(" user=").Append(client.User)
            .Append(" redir=-1")
            .Append(" resp=").Append((int)client.Protocol)
            .Append('\n');
    }

    /// <summary>The flag letters Redis would show for this client, in Redis's order; N when none applies.</summary>
    private static void AppendFlags(StringBuilder text, ClientSession client)
    {
        int start = text.Length;
        if (client.IsPubSub)
        {
            text.Append('P');
        }
        if (client.MultiQueued >= 0)
        {
            text.Append('x');
        }
        if (client.Blocked is not null || client.PauseHeld)
        {
            text.Append('b');
        }
        if (client.CloseRequested)
        {
            text.Append('c');
        }
        if (client.NoEvict)
        {
            text.Append('e');
        }
        if (text.Length == start)
        {
            text.Append('N');
        }
    }

    // argv_len_sum: the bytes of the running command's arguments.
    private static long ArgumentBytes(CommandArgs args)
    {
        long total = 0;
        for (int i = 0; i < args.Count; i++)
        {
            total += args[i].Length;
        }
        return total;
    }

    /// <summary>The filters of a new-style CLIENT KILL; all given ones must match.</summary>
    private sealed class KillFilter
    {
        public long Id { get; set; }

        public ClientType Type { get; set; } = ClientType.Invalid;

        public string? Address { get; set; }

        public string? LocalAddress { get; set; }

        public string? User { get; set; }

        public bool SkipMe { get; set; } = true;

        public bool Matches(ClientSession client)
        {
            IClientTransport? transport = client.Transport;
            return (Address is null || Address == (transport?.RemoteAddress ?? ""))
                && (LocalAddress is null || LocalAddress == (transport?.LocalAddress ?? ""))
                && (Type == ClientType.Invalid || TypeOf(client) == Type)
                && (Id == 0 || client.Id == Id)
                && (User is null || client.User == User);
        }
    }

    // CLIENT UNBLOCK client-id [TIMEOUT|ERROR]: ends another client's blocking command with its timeout
    // reply (default) or with -UNBLOCKED. 1 if that client was blocked, 0 otherwise.
    private static void ClientUnblock(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long id))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        bool error = false;
        if (args.Count == 4)
        {
            if (Ascii.EqualsIgnoreCase(args[3], "ERROR"u8))
            {
                error = true;
            }
            else if (!Ascii.EqualsIgnoreCase(args[3], "TIMEOUT"u8))
            {
                ctx.Reply.WriteError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"u8);
                return;
            }
        }
        else if (args.Count > 4)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        ClientSession? target = ctx.Server.Clients.Find(id);
        if (target?.Blocked is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (error)
        {
            ctx.Server.Blocking.Fail(target, RespErrors.Unblocked);
        }
        else
        {
            ctx.Server.Blocking.TimeOut(target);
        }
        ctx.Reply.WriteInteger(1);
    }
}
