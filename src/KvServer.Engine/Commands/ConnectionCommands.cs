using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Connection commands (Redis's "connection" group): PING, ECHO, QUIT, RESET, HELLO, SELECT, AUTH and the
/// CLIENT subcommands (ConnectionCommands.Client.cs). They change the state of the calling client only.
/// </summary>
internal static partial class ConnectionCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("ping", Ping);
        table.Bind("echo", Echo);
        table.Bind("quit", Quit);
        RegisterClient(table);
    }

    // PING [message]
    private static void Ping(CommandContext ctx, CommandArgs args)
    {
        if (args.Count == 1)
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
    private static void Quit(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteOk();
        ctx.Client.CloseRequested = true;
    }
}
