using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// What HSCAN, SSCAN and ZSCAN share with Redis's scanGenericCommand (db.c): the cursor syntax, the
/// COUNT/MATCH options and the reply shape. Each command keeps its own iteration.
/// </summary>
internal static class CollectionScan
{
    /// <summary>COUNT's default.</summary>
    public const long DefaultCount = 10;

    /// <summary>
    /// parseScanCursorOrReply: C's strtoul in base 10 over the whole argument. A leading space is refused;
    /// an optional sign is accepted ("-1" wraps to 2^64 - 1, as strtoul does); an empty argument is cursor 0;
    /// more than 64 bits is refused (ERANGE).
    /// </summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (!text.IsEmpty && text[0] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f')
        {
            return false;
        }
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        if (text.IsEmpty)
        {
            return true;
        }
        int i = 0;
        bool negative = false;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        if (i == text.Length)
        {
            return false;
        }
        ulong value = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9 || value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            value = value * 10 + digit;
        }
        cursor = negative ? 0 - value : value;
        return true;
    }

    /// <summary>
    /// Step 1 of scanGenericCommand: COUNT n (an integer of at least 1) and MATCH pattern, from
    /// <paramref name="start"/> on; any other word (TYPE included: it belongs to SCAN only) is a syntax
    /// error. <paramref name="patternIndex"/> is -1 when every element matches (no MATCH, or "*").
    /// Writes the error reply itself.
    /// </summary>
    public static bool TryParseOptions(CommandContext ctx, CommandArgs args, int start, out long count, out int patternIndex)
    {
        count = DefaultCount;
        patternIndex = -1;
        for (int i = start; i < args.Count; i += 2)
        {
            bool hasValue = i + 1 < args.Count;
            ReadOnlySpan<byte> option = args[i];
            if (hasValue && System.Text.Ascii.EqualsIgnoreCase(option, "count"u8))
            {
                if (!Utf8Number.TryParseInt64(args[i + 1], out count))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return false;
                }
                if (count < 1)
                {
                    ctx.Reply.WriteError(RespErrors.Syntax);
                    return false;
                }
            }
            else if (hasValue && System.Text.Ascii.EqualsIgnoreCase(option, "match"u8))
            {
                patternIndex = args[i + 1].SequenceEqual("*"u8) ? -1 : i + 1;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        return true;
    }

    /// <summary>A type-checked key lookup: false after replying WRONGTYPE; true with null for a missing key.</summary>
    public delegate bool Lookup<T>(CommandContext ctx, ReadOnlySpan<byte> key, out T? collection) where T : class;

    /// <summary>
    /// What HSCAN, SSCAN and ZSCAN check before iterating, in Redis's order: the cursor (invalid cursor), the
    /// key (WRONGTYPE; a missing key gets the empty scan reply), then COUNT and MATCH. False when the reply
    /// has been written; true with the collection to scan.
    /// </summary>
    public static bool TryBegin<T>(CommandContext ctx, CommandArgs args, Lookup<T> lookup, [NotNullWhen(true)] out T? collection,
        out ulong cursor, out long count, out int patternIndex) where T : class
    {
        count = DefaultCount;
        patternIndex = -1;
        collection = null;
        if (!TryParseCursor(args[2], out cursor))
        {
            ctx.Reply.WriteError(RespErrors.InvalidCursor);
            return false;
        }
        if (!lookup(ctx, args[1], out collection))
        {
            return false;
        }
        if (collection is null)
        {
            WriteEmpty(ctx.Reply);
            return false;
        }
        return TryParseOptions(ctx, args, 3, out count, out patternIndex);
    }

    /// <summary>shared.emptyscan: the reply for a missing key.</summary>
    public static void WriteEmpty(RespWriter reply) => reply.WriteRaw("*2\r\n$1\r\n0\r\n*0\r\n"u8);

    /// <summary>The first half of the reply: a two-element array whose first element is the next cursor.</summary>
    public static void WriteCursor(RespWriter reply, ulong cursor)
    {
        reply.WriteArrayLength(2);
        Span<byte> digits = stackalloc byte[Utf8Number.MaxInt64Chars];
        Utf8Formatter.TryFormat(cursor, digits, out int written);
        reply.WriteBulkString(digits[..written]);
    }

    /// <summary>The element text at a scan position (formatted into <c>scratch</c> for integer encodings).</summary>
    public delegate ReadOnlySpan<byte> ElementAt(int position, Span<byte> scratch);

    /// <summary>MATCH: keeps, in order, only the positions whose element matches <paramref name="pattern"/>.</summary>
    public static void KeepMatching(List<int> positions, ReadOnlySpan<byte> pattern, ElementAt elementAt)
    {
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        int kept = 0;
        for (int i = 0; i < positions.Count; i++)
        {
            if (GlobMatcher.IsMatch(pattern, elementAt(positions[i], scratch)))
            {
                positions[kept++] = positions[i];
            }
        }
        positions.RemoveRange(kept, positions.Count - kept);
    }
}
