using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// The blocking list commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP. Each first behaves like its
/// non-blocking twin; if every key is empty it parks the client (<see cref="CommandContext.Block"/>) with a
/// serve function that reuses the same pop/move code once a key gets data. Inside MULTI or a script they
/// never block: they reply as if the timeout had passed.
/// </summary>
internal static partial class ListCommands
{
    private static void RegisterBlocking(CommandTable table)
    {
        table.Bind("blpop", Blpop);
        table.Bind("brpop", Brpop);
        table.Bind("blmove", Blmove);
        table.Bind("brpoplpush", Brpoplpush);
        table.Bind("blmpop", Blmpop);
    }

    // BLPOP key [key ...] timeout
    private static void Blpop(CommandContext ctx, CommandArgs args) => BlockingPop(ctx, args, left: true);

    // BRPOP key [key ...] timeout
    private static void Brpop(CommandContext ctx, CommandArgs args) => BlockingPop(ctx, args, left: false);

    private static void BlockingPop(CommandContext ctx, CommandArgs args, bool left)
    {
        if (!BlockingArguments.TryParseTimeout(ctx, args[^1], out long deadline))
        {
            return;
        }
        int keyCount = args.Count - 2;
        for (int i = 1; i <= keyCount; i++)
        {
            object? value = ctx.Db.LookupWrite(args[i], ctx.Now);
            if (value is null)
            {
                continue;
            }
            if (value is not ListValue list)
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            PopAndReply(ctx, args[i], list, left, 1, ListPopReply.KeyAndElement);
            return;
        }
        BlockOrTimeOut(ctx, BlockingArguments.CopyKeys(args, 1, keyCount), deadline,
            (c, key) => TryPopAndReply(c, key, left, 1, ListPopReply.KeyAndElement));
    }

    // BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
    // As lmpopGenericCommand, numkeys, the side and COUNT are checked before the timeout.
    private static void Blmpop(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseMpopArguments(ctx, args, 2, out int keyCount, out bool left, out long count))
        {
            return;
        }
        if (!BlockingArguments.TryParseTimeout(ctx, args[1], out long deadline))
        {
            return;
        }
        for (int i = 0; i < keyCount; i++)
        {
            object? value = ctx.Db.LookupWrite(args[3 + i], ctx.Now);
            if (value is null)
            {
                continue;
            }
            if (value is not ListValue list)
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            PopAndReply(ctx, args[3 + i], list, left, count, ListPopReply.KeyAndElements);
            return;
        }
        BlockOrTimeOut(ctx, BlockingArguments.CopyKeys(args, 3, keyCount), deadline,
            (c, key) => TryPopAndReply(c, key, left, count, ListPopReply.KeyAndElements));
    }

    // BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
    private static void Blmove(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseSide(args[3], out bool fromLeft) || !TryParseSide(args[4], out bool toLeft))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        BlockingMove(ctx, args, fromLeft, toLeft, timeoutIndex: 5);
    }

    // BRPOPLPUSH source destination timeout
    private static void Brpoplpush(CommandContext ctx, CommandArgs args) => BlockingMove(ctx, args, fromLeft: false, toLeft: true, timeoutIndex: 3);

    private static void BlockingMove(CommandContext ctx, CommandArgs args, bool fromLeft, bool toLeft, int timeoutIndex)
    {
        if (!BlockingArguments.TryParseTimeout(ctx, args[timeoutIndex], out long deadline))
        {
            return;
        }
        bool rpoplpush = timeoutIndex == 3;
        switch (TryMoveAndReply(ctx, args[1], args[2], fromLeft, toLeft))
        {
            case ListMoveResult.Moved:
                // Ran at once: LMOVE keeps the sides as typed (Redis reuses the client's arguments).
                PropagateMove(ctx, args[1], args[2], rpoplpush ? default : args[3], rpoplpush ? default : args[4], rpoplpush);
                return;
            case ListMoveResult.WrongType:
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
        }
        byte[] destination = args.ToArray(2);
        BlockOrTimeOut(ctx, BlockingArguments.CopyKeys(args, 1, 1), deadline, (c, key) =>
        {
            switch (TryMoveAndReply(c, key, destination, fromLeft, toLeft))
            {
                case ListMoveResult.Moved:
                    PropagateMove(c, key, destination, fromLeft ? "left"u8 : "right"u8, toLeft ? "left"u8 : "right"u8, rpoplpush);
                    return true;
                case ListMoveResult.WrongType:
                    // The destination changed type while waiting: the client gets the error, as in Redis.
                    c.Reply.WriteError(RespErrors.WrongType);
                    return true;
                default:
                    return false;
            }
        });
    }

    // BLMOVE and BRPOPLPUSH are replayed as LMOVE / RPOPLPUSH.
    private static void PropagateMove(CommandContext ctx, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, bool rpoplpush)
    {
        if (!ctx.Propagating)
        {
            return;
        }
        if (rpoplpush)
        {
            ctx.AlsoPropagate(3).Arg("RPOPLPUSH"u8).Arg(source).Arg(destination);
        }
        else
        {
            ctx.AlsoPropagate(5).Arg("LMOVE"u8).Arg(source).Arg(destination).Arg(from).Arg(to);
        }
        ctx.PreventPropagation();
    }

    // Timeouts of every blocking list command reply with a null array (*-1, or _ in RESP3).
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
