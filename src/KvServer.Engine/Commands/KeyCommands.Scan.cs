using System.Buffers.Text;
using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>SCAN over the keyspace (db.c scanGenericCommand for the database dictionary).</summary>
internal static partial class KeyCommands
{
    /// <summary>The default COUNT of SCAN, HSCAN, SSCAN and ZSCAN.</summary>
    internal const long DefaultScanCount = 10;

    // SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
    // The cursor is KeyTable's reverse-binary bucket cursor, so a full iteration returns every key that
    // existed for its whole duration, even when the table grows or shrinks in between.
    private static void Scan(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseScanCursor(args[1], out ulong cursor))
        {
            ctx.Reply.WriteError(RespErrors.InvalidCursor);
            return;
        }
        if (!TryParseScanOptions(ctx, args, out ScanOptions options))
        {
            return;
        }

        Database db = ctx.Db;
        KeyTable<object> table = db.Keys;
        var indexes = new List<int>();
        // At most ten buckets per wanted key, so a sparse table cannot make one call walk it all.
        long maxIterations = options.Count > long.MaxValue / 10 ? long.MaxValue : options.Count * 10;
        do
        {
            cursor = table.Scan(cursor, indexes);
        }
        while (cursor != 0 && maxIterations-- != 0 && indexes.Count < options.Count);

        // Copy the names first: filtering may expire keys, which clears their table slots.
        var keys = new List<byte[]>(indexes.Count);
        foreach (int index in indexes)
        {
            keys.Add(table.KeyAt(index));
        }
        int kept = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            if (KeepScannedKey(ctx, db, keys[i], options))
            {
                keys[kept++] = keys[i];
            }
        }

        ctx.Reply.WriteArrayLength(2);
        Span<byte> digits = stackalloc byte[Utf8Number.MaxInt64Chars];
        Utf8Formatter.TryFormat(cursor, digits, out int length);
        ctx.Reply.WriteBulkString(digits[..length]);
        ctx.Reply.WriteArrayLength(kept);
        for (int i = 0; i < kept; i++)
        {
            ctx.Reply.WriteBulkString(keys[i]);
        }
    }

    /// <summary>
    /// Step 3 of scanGenericCommand, in its order: the pattern, then the type (looked up with LOOKUP_NOTOUCH,
    /// so it counts a keyspace hit or miss), then expiry. As in Redis 7.0, TYPE none returns keys that the
    /// type lookup itself just expired.
    /// </summary>
    private static bool KeepScannedKey(CommandContext ctx, Database db, byte[] key, in ScanOptions options)
    {
        if (options.Pattern is not null && !GlobMatcher.IsMatch(options.Pattern, key))
        {
            return false;
        }
        if (options.Type is not null)
        {
            object? value = db.LookupNoTouch(key, ctx.Now);
            if (!Ascii.EqualsIgnoreCase(CString(options.Type), TypeName(value)))
            {
                return false;
            }
        }
        return !db.ExpireIfNeeded(key, ctx.Now);
    }

    /// <summary>The text C sees in an argument: up to its first NUL byte.</summary>
    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> text)
    {
        int nul = text.IndexOf((byte)0);
        return nul < 0 ? text : text[..nul];
    }

    private readonly record struct ScanOptions(long Count, byte[]? Pattern, byte[]? Type);

    /// <summary>
    /// Step 1 of scanGenericCommand: MATCH, COUNT (an integer of at least 1) and TYPE, each needing its value;
    /// anything else is a syntax error. MATCH "*" disables matching, as it matches everything.
    /// </summary>
    private static bool TryParseScanOptions(CommandContext ctx, CommandArgs args, out ScanOptions options)
    {
        long count = DefaultScanCount;
        byte[]? pattern = null;
        byte[]? type = null;
        options = default;
        for (int i = 2; i < args.Count; i += 2)
        {
            int remaining = args.Count - i;
            ReadOnlySpan<byte> option = args[i];
            if (Ascii.EqualsIgnoreCase(option, "count"u8) && remaining >= 2)
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
            else if (Ascii.EqualsIgnoreCase(option, "match"u8) && remaining >= 2)
            {
                ReadOnlySpan<byte> text = args[i + 1];
                pattern = text.Length == 1 && text[0] == (byte)'*' ? null : text.ToArray();
            }
            else if (Ascii.EqualsIgnoreCase(option, "type"u8) && remaining >= 2)
            {
                type = args.ToArray(i + 1);
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        options = new ScanOptions(count, pattern, type);
        return true;
    }

    /// <summary>
    /// parseScanCursorOrReply: C's strtoul in base 10 over the argument (up to its first NUL), refusing a
    /// leading space, trailing characters and overflow. Like strtoul it takes an optional sign ("-1" is
    /// 2^64-1) and an empty string as 0. Shared with HSCAN, SSCAN and ZSCAN.
    /// </summary>
    internal static bool TryParseScanCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        text = CString(text);
        if (text.IsEmpty)
        {
            return true;
        }
        if (IsCSpace(text[0]))
        {
            return false;
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
            return false;   // a sign without digits: strtoul parses nothing, so the text is left over
        }
        ulong value = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9)
            {
                return false;
            }
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return false;   // ERANGE
            }
            value = value * 10 + digit;
        }
        cursor = negative ? 0 - value : value;
        return true;
    }

    private static bool IsCSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
