using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// The blocking sorted-set commands: BZPOPMIN, BZPOPMAX, BZMPOP (t_zset.c blockingGenericZpopCommand).
/// They pop at once when a key holds a sorted set, otherwise park the client on the keys with a serve
/// function that pops with the same code when one is created. Inside MULTI or a script they never block.
/// </summary>
internal static partial class SortedSetCommands
{
    private static void RegisterBlocking(CommandTable table)
    {
        table.Bind("bzpopmin", Bzpopmin);
        table.Bind("bzpopmax", Bzpopmax);
        table.Bind("bzmpop", Bzmpop);
    }

    // BZPOPMIN key [key ...] timeout
    private static void Bzpopmin(CommandContext ctx, CommandArgs args) => BlockingPop(ctx, args, max: false);

    // BZPOPMAX key [key ...] timeout
    private static void Bzpopmax(CommandContext ctx, CommandArgs args) => BlockingPop(ctx, args, max: true);

    private static void BlockingPop(CommandContext ctx, CommandArgs args, bool max)
    {
        if (!BlockingArguments.TryParseTimeout(ctx, args[^1], out long deadline))
        {
            return;
        }
        int keyCount = args.Count - 2;
        if (!TryFindPopSource(ctx, args, 1, keyCount, out int keyIndex, out SortedSetValue? zset))
        {
            return;
        }
        if (zset is not null)
        {
            PopAndReply(ctx, args[keyIndex], zset, max, 1, PopReplyShape.FlatWithKey);
            return;
        }
        BlockOrTimeOut(ctx, BlockingArguments.CopyKeys(args, 1, keyCount), deadline,
            (c, key) => TryServe(c, key, max, 1, PopReplyShape.FlatWithKey));
    }

    // BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
    // As zmpopGenericCommand, numkeys, MIN|MAX and COUNT are checked before the timeout.
    private static void Bzmpop(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseZmpopArguments(ctx, args, 2, out long numkeys, out bool max, out long count))
        {
            return;
        }
        if (!BlockingArguments.TryParseTimeout(ctx, args[1], out long deadline))
        {
            return;
        }
        if (!TryFindPopSource(ctx, args, 3, (int)numkeys, out int keyIndex, out SortedSetValue? zset))
        {
            return;
        }
        if (zset is not null)
        {
            PopAndReply(ctx, args[keyIndex], zset, max, count, PopReplyShape.NestedWithKey);
            return;
        }
        BlockOrTimeOut(ctx, BlockingArguments.CopyKeys(args, 3, (int)numkeys), deadline,
            (c, key) => TryServe(c, key, max, count, PopReplyShape.NestedWithKey));
    }

    // A woken client pops from the key that became ready, if it holds a sorted set by then.
    private static bool TryServe(CommandContext ctx, byte[] key, bool max, long count, PopReplyShape shape)
    {
        if (ctx.Db.LookupWrite(key, ctx.Now) is not SortedSetValue zset || zset.Count == 0)
        {
            return false;
        }
        PopAndReply(ctx, key, zset, max, count, shape);
        return true;
    }

    // Timeouts reply with a null array (*-1, or _ in RESP3), as for the list commands.
    private static void BlockOrTimeOut(CommandContext ctx, byte[][] keys, long deadline, BlockedServe serve)
    {
        if (ctx.Client.CannotBlock)
        {
            ctx.Reply.WriteNullArray();
            return;
        }
        ctx.Block(keys, deadline, serve, static c => c.Reply.WriteNullArray());
    }
}
