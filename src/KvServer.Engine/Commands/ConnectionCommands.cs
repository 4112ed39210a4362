using System.Security.Cryptography;
using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Connection commands (Redis's "connection" group): PING, ECHO, QUIT, RESET, HELLO, SELECT, AUTH and the
/// CLIENT subcommands (ConnectionCommands.Client.cs). They change the state of the calling client only,
/// except CLIENT KILL and CLIENT PAUSE, which act on other clients.
/// </summary>
internal static partial class ConnectionCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("ping", Ping);
        table.Bind("echo", Echo);
        table.Bind("quit", Quit);
        table.Bind("reset", Reset);
        table.Bind("select", Select);
        table.Bind("auth", Auth);
        table.Bind("hello", Hello);
        RegisterClient(table);
    }

    // PING [message]
    // The table's arity is -1, so more than one message is rejected here, as pingCommand does.
    private static void Ping(CommandContext ctx, CommandArgs args)
    {
        if (args.Count > 2)
        {
            WriteArityError(ctx);
        }
        else if (ctx.Client.Protocol == RespVersion.Resp2 && ctx.Client.SubscriptionCount > 0)
        {
            // In RESP2 subscribed mode PING answers in the push shape: ["pong", message or ""].
            ctx.Reply.WriteArrayLength(2);
            ctx.Reply.WriteBulkString("pong"u8);
            ctx.Reply.WriteBulkString(args.Count == 2 ? args[1] : []);
        }
        else if (args.Count == 1)
        {
            ctx.Reply.WritePong();
        }
        else
        {
            ctx.Reply.WriteBulkString(args[1]);
        }
    }

    // ECHO message
    private static void Echo(CommandContext ctx, CommandArgs args) => ctx.Reply.WriteBulkString(args[1]);

    // QUIT: replies OK, then the connection closes once the reply is sent; later pipelined commands are dropped.
    // Arguments are ignored, as in Redis 7.0.
    private static void Quit(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteOk();
        ctx.Client.CloseRequested = true;
    }

    // RESET
    private static void Reset(CommandContext ctx, CommandArgs args)
    {
        ClearConnectionState(ctx.Client);
        ctx.Reply.WriteSimpleString("RESET"u8);
    }

    /// <summary>
    /// Redis's clearClientConnectionState: back to how a new connection starts. Database 0, RESP2, no name,
    /// CLIENT NO-EVICT off, CLIENT REPLY OFF and a pending SKIP cleared (a SKIP already applying to this very
    /// command stays, so RESET's own reply is then dropped, as in Redis), and the default user's
    /// authentication (so with requirepass the client must AUTH again).
    /// </summary>
    /// <remarks>
    /// As Redis, it also discards a MULTI transaction, forgets watched keys and unsubscribes every channel,
    /// pattern and shard channel (tracking does not exist in KvServer).
    /// </remarks>
    internal static void ClearConnectionState(ClientSession client)
    {
        client.Multi = null;
        client.Server.Watches.UnwatchAll(client);
        client.Server.PubSub.RemoveClient(client);
        client.Database = client.Server.Databases[0];
        client.Protocol = RespVersion.Resp2;
        client.User = DefaultUser;
        client.Authenticated = !client.Server.Options.RequiresAuthentication;
        client.Name = null;
        client.NoEvict = false;
        if (client.ReplyMode != ReplyMode.Skip)
        {
            client.ReplyMode = ReplyMode.On;
        }
    }

    // SELECT index
    private static void Select(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[1], out long index))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        // getIntFromObjectOrReply: a valid long that does not fit an int has its own message.
        if (index < int.MinValue || index > int.MaxValue)
        {
            ctx.Reply.WriteError(RespErrors.SelectIndexNotInt);
            return;
        }
        Keyspace.Database[] databases = ctx.Server.Databases;
        if (index < 0 || index >= databases.Length)
        {
            ctx.Reply.WriteError(RespErrors.DbIndexOutOfRange);
            return;
        }
        ctx.Client.Database = databases[index];
        ctx.Reply.WriteOk();
    }

    // AUTH [username] password
    // The one-argument form means the "default" user, and is refused when that user has no password.
    private static void Auth(CommandContext ctx, CommandArgs args)
    {
        if (args.Count > 3)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        bool authenticated;
        if (args.Count == 2)
        {
            if (!ctx.Server.Options.RequiresAuthentication)
            {
                ctx.Reply.WriteError(RespErrors.AuthNoPassword);
                return;
            }
            authenticated = Authenticate(ctx.Client, DefaultUserBytes, args[1]);
        }
        else
        {
            authenticated = Authenticate(ctx.Client, args[1], args[2]);
        }
        if (authenticated)
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Reply.WriteError(RespErrors.WrongPass);
        }
    }

    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    // As helloCommand in 7.0: the options are applied one by one as they are parsed, so an AUTH or SETNAME
    // before a bad option (or before the NOAUTH check) takes effect although HELLO replies with an error.
    // The protocol switches only once everything succeeded.
    private static void Hello(CommandContext ctx, CommandArgs args)
    {
        ClientSession client = ctx.Client;
        long version = 0;
        if (args.Count >= 2)
        {
            if (!Utf8Number.TryParseInt64(args[1], out version))
            {
                ctx.Reply.WriteError(RespErrors.HelloProtocolNotInteger);
                return;
            }
            if (version < 2 || version > 3)
            {
                ctx.Reply.WriteError(RespErrors.NoProto);
                return;
            }
        }
        for (int i = 2; i < args.Count; i++)
        {
            int more = args.Count - 1 - i;
            if (Ascii.EqualsIgnoreCase(args[i], "AUTH"u8) && more >= 2)
            {
                if (!Authenticate(client, args[i + 1], args[i + 2]))
                {
                    ctx.Reply.WriteError(RespErrors.WrongPass);
                    return;
                }
                i += 2;
            }
            else if (Ascii.EqualsIgnoreCase(args[i], "SETNAME"u8) && more >= 1)
            {
                if (!SetNameOrReply(ctx, args[i + 1]))
                {
                    return;
                }
                i++;
            }
            else
            {
                WriteErrorWithArgument(ctx.Reply, "ERR Syntax error in HELLO option '"u8, args[i], "'"u8);
                return;
            }
        }
        if (!client.Authenticated)
        {
            ctx.Reply.WriteError(RespErrors.HelloNoAuth);
            return;
        }
        if (version != 0)
        {
            client.Protocol = (RespVersion)version;
        }
        WriteHelloMap(ctx.Reply, client);
    }

    // The server description HELLO replies with: a map in RESP3, a flat array in RESP2.
    private static void WriteHelloMap(RespWriter reply, ClientSession client)
    {
        reply.WriteMapLength(7);
        reply.WriteBulkString("server"u8);
        reply.WriteBulkString("redis"u8);
        reply.WriteBulkString("version"u8);
        reply.WriteBulkString(RedisVersionBytes);
        reply.WriteBulkString("proto"u8);
        reply.WriteInteger((int)client.Protocol);
        reply.WriteBulkString("id"u8);
        reply.WriteInteger(client.Id);
        reply.WriteBulkString("mode"u8);
        reply.WriteBulkString("standalone"u8);
        reply.WriteBulkString("role"u8);
        reply.WriteBulkString("master"u8);
        reply.WriteBulkString("modules"u8);
        reply.WriteEmptyArray();
    }

    private const string DefaultUser = "default";

    private static ReadOnlySpan<byte> DefaultUserBytes => "default"u8;

    private static readonly byte[] RedisVersionBytes = Encoding.ASCII.GetBytes(EngineInfo.RedisVersion);

    /// <summary>
    /// ACLAuthenticateUser for the only user KvServer has, "default" (names are case-sensitive): its password
    /// is requirepass, and without one it is "nopass", accepting any password. The comparison takes the same
    /// time wherever the first difference is. A failure leaves the client as it was (still authenticated
    /// if it was).
    /// </summary>
    internal static bool Authenticate(ClientSession client, ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        if (!user.SequenceEqual(DefaultUserBytes))
        {
            return false;
        }
        string? required = client.Server.Options.RequirePass;
        if (required is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(required), password))
        {
            return false;
        }
        client.User = DefaultUser;
        client.Authenticated = true;
        return true;
    }

    /// <summary>
    /// clientSetNameOrReply (CLIENT SETNAME, HELLO SETNAME): an empty name removes the name; otherwise only
    /// printable ASCII without spaces ('!' to '~') is accepted, so a CLIENT LIST line always splits on spaces.
    /// </summary>
    private static bool SetNameOrReply(CommandContext ctx, ReadOnlySpan<byte> name)
    {
        if (name.Length == 0)
        {
            ctx.Client.Name = null;
            return true;
        }
        foreach (byte b in name)
        {
            if (b < (byte)'!' || b > (byte)'~')
            {
                ctx.Reply.WriteError(RespErrors.ClientNameInvalid);
                return false;
            }
        }
        ctx.Client.Name = Encoding.ASCII.GetString(name);
        return true;
    }

    /// <summary>addReplyErrorArity: "wrong number of arguments" for a count the table's arity lets through.</summary>
    private static void WriteArityError(CommandContext ctx) =>
        ctx.Reply.WriteError($"ERR wrong number of arguments for '{ctx.Command.Name}' command");

    /// <summary>
    /// An error built as addReplyErrorFormat with one "%s" argument: binary-safe, and like C's %s the argument
    /// ends at its first NUL byte. WriteError turns any CR/LF into spaces.
    /// </summary>
    private static void WriteErrorWithArgument(RespWriter reply, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> argument, ReadOnlySpan<byte> suffix, int maxArgument = int.MaxValue)
    {
        int nul = argument.IndexOf((byte)0);
        if (nul >= 0)
        {
            argument = argument[..nul];
        }
        if (argument.Length > maxArgument)
        {
            argument = argument[..maxArgument];
        }
        byte[] text = new byte[prefix.Length + argument.Length + suffix.Length];
        prefix.CopyTo(text);
        argument.CopyTo(text.AsSpan(prefix.Length));
        suffix.CopyTo(text.AsSpan(prefix.Length + argument.Length));
        reply.WriteError(text);
    }
}
