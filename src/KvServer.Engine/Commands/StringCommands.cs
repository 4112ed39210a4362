using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// String commands (Redis's t_string.c): SET and its variants, GET and its variants, counters, ranges, LCS.
/// Values are stored as described in <see cref="StringValue"/>.
/// </summary>
internal static class StringCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("get", Get);
        table.Bind("set", Set);
    }

    // GET key
    private static void Get(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
        }
        else if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
        }
        else
        {
            StringValue.WriteBulk(ctx.Reply, value);
        }
    }

    // SET key value (options come with the full string family)
    private static void Set(CommandContext ctx, CommandArgs args)
    {
        ctx.Db.Set(args[1], StringValue.FromBytes(args[2]));
        ctx.KeyModified(args[1]);
        ctx.Reply.WriteOk();
    }
}
