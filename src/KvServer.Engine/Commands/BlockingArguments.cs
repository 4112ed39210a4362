using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>Argument parsing shared by the blocking commands of every family (BLPOP, BZPOPMIN, ...).</summary>
internal static class BlockingArguments
{
    /// <summary>
    /// getTimeoutFromObjectOrReply (seconds, as a decimal): returns the absolute deadline in Unix ms, 0 for
    /// "forever". As in Redis 7.0 the seconds are converted with a C cast, so an overflowing or infinite value
    /// becomes negative and is refused as such.
    /// </summary>
    public static bool TryParseTimeout(CommandContext ctx, ReadOnlySpan<byte> text, out long deadlineMs)
    {
        deadlineMs = 0;
        if (!Utf8Number.TryParseDouble(text, out double seconds))
        {
            ctx.Reply.WriteError(RespErrors.TimeoutNotFloat);
            return false;
        }
        double milliseconds = seconds * 1000.0;
        long value = double.IsNaN(milliseconds) || milliseconds >= 9.2233720368547758E18 || milliseconds < -9.2233720368547758E18
            ? long.MinValue
            : (long)milliseconds;
        if (value < 0)
        {
            ctx.Reply.WriteError(RespErrors.TimeoutNegative);
            return false;
        }
        deadlineMs = value == 0 ? 0 : ctx.Now + value;
        return true;
    }

    /// <summary>The keys of a blocking command, copied (they outlive the request buffer while waiting).</summary>
    public static byte[][] CopyKeys(CommandArgs args, int first, int count)
    {
        var keys = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            keys[i] = args.ToArray(first + i);
        }
        return keys;
    }
}
