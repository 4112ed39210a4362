using System.Globalization;
using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// SORT and SORT_RO (Redis's sort.c, "generic" group): sorts the elements of a list, set or sorted set
/// numerically or lexicographically (ALPHA), by the elements themselves or by external keys (BY pattern,
/// including <c>key*->field</c> hash fields), returning the elements or external values (GET pattern, GET #),
/// within LIMIT, or storing the result as a list (STORE). Collections are read through
/// <see cref="ISortableCollection"/>, hash fields through <see cref="IHashFieldSource"/>.
/// </summary>
/// <remarks>
/// Known differences from Redis 7.0: ALPHA without STORE compares bytes where Redis calls strcoll (the same
/// order under the C locale Redis normally runs with); Redis's numeric check can fail spuriously on a value
/// after an earlier ERANGE in the same process (errno is not cleared before strtod), which is not reproduced;
/// ties that Redis leaves to qsort/pqsort keep the load order here; the scripting rule that sorts a set ALPHA
/// even without STORE waits for scripting.
/// </remarks>
internal static class SortCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("sort", Sort);
        table.Bind("sort_ro", SortRo);
    }

    // SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]
    private static void Sort(CommandContext ctx, CommandArgs args) => SortGeneric(ctx, args, readOnly: false);

    // SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
    // STORE is not an option here, so it is a syntax error.
    private static void SortRo(CommandContext ctx, CommandArgs args) => SortGeneric(ctx, args, readOnly: true);

    /// <summary>The parsed options of one SORT call; patterns are argument indexes.</summary>
    private sealed class SortOptions
    {
        public bool Descending;
        public bool Alpha;

        /// <summary>BY with a pattern without '*' (e.g. "nosort"): keep the native order. Never reset by a later BY.</summary>
        public bool DontSort;
        public long LimitStart;
        public long LimitCount = -1;
        public int ByIndex = -1;
        public int StoreIndex = -1;
        public readonly List<int> GetIndexes = [];
    }

    /// <summary>One element of the sorting vector (redisSortObject).</summary>
    private struct SortItem
    {
        public byte[] Element;
        public double Score;

        /// <summary>The BY value for ALPHA with a pattern; null when the external key is missing.</summary>
        public byte[]? CompareBy;

        /// <summary>Load position: ties keep it, as glibc's merge-sort qsort keeps them.</summary>
        public int Order;
    }

    /// <summary>sortCommandGeneric: options (errors first), lookup, load, score, sort, then reply or STORE.</summary>
    private static void SortGeneric(CommandContext ctx, CommandArgs args, bool readOnly)
    {
        SortOptions? options = ParseOptions(ctx, args, readOnly);
        if (options is null)
        {
            return;
        }
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        KvType type = value is null ? KvType.List : ValueTypes.TypeOf(value);
        if (type is not (KvType.List or KvType.Set or KvType.SortedSet))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        // sortCommandGeneric converts a listpack sorted set to a skiplist, for good, before loading it (even
        // SORT_RO): OBJECT ENCODING shows it afterwards.
        (value as SortedSetValue)?.ConvertToSkiplist();
        // A set has no order of its own: with STORE the stored result must not depend on it, so sort ALPHA.
        if (options.DontSort && type == KvType.Set && options.StoreIndex >= 0)
        {
            options.DontSort = false;
            options.Alpha = true;
            options.ByIndex = -1;
        }
        // sortCommandGeneric: "Destructively convert encoded sorted sets for SORT" (visible in OBJECT ENCODING).
        if (value is SortedSetValue zset)
        {
            zset.ConvertToSkiplist();
        }

        // A collection type that cannot list its elements yet sorts as empty.
        long vectorLength = value is ISortableCollection and IKvCollection collection ? collection.Count : 0;
        // LIMIT sanity checks, with the inputs clamped to the collection size against overflow.
        long start = Math.Min(Math.Max(options.LimitStart, 0), vectorLength);
        long limitCount = Math.Min(Math.Max(options.LimitCount, -1), vectorLength);
        long end = limitCount < 0 ? vectorLength - 1 : start + limitCount - 1;
        if (start >= vectorLength)
        {
            start = vectorLength - 1;
            end = vectorLength - 2;
        }
        if (end >= vectorLength)
        {
            end = vectorLength - 1;
        }

        SortItem[] items;
        if (options.DontSort && type != KvType.Set)
        {
            // Native order (DESC reverses it) and only the LIMIT range is loaded.
            items = LoadOrderedRange(value, start, end, options.Descending);
            if (end >= start)
            {
                end -= start;
                start = 0;
            }
        }
        else
        {
            items = LoadAll(value);
        }

        if (!options.DontSort)
        {
            if (!ComputeSortKeys(ctx, args, options, items))
            {
                ctx.Reply.WriteError(RespErrors.SortScoreNotDouble);
                return;
            }
            Array.Sort(items, new SortItemComparer(options.Descending, options.Alpha, options.ByIndex >= 0));
        }

        long rangeLength = end >= start ? end - start + 1 : 0;
        long outputLength = options.GetIndexes.Count > 0 ? options.GetIndexes.Count * rangeLength : rangeLength;
        if (options.StoreIndex < 0)
        {
            WriteResult(ctx, args, options, items, start, rangeLength, outputLength);
        }
        else
        {
            StoreResult(ctx, args, options, items, start, rangeLength, outputLength);
        }
    }

    /// <summary>The option loop of sortCommandGeneric; replies the error and returns null on bad input.</summary>
    private static SortOptions? ParseOptions(CommandContext ctx, CommandArgs args, bool readOnly)
    {
        var options = new SortOptions();
        for (int j = 2; j < args.Count; j++)
        {
            ReadOnlySpan<byte> option = args[j];
            int left = args.Count - j - 1;
            if (Ascii.EqualsIgnoreCase(option, "asc"u8))
            {
                options.Descending = false;
            }
            else if (Ascii.EqualsIgnoreCase(option, "desc"u8))
            {
                options.Descending = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "alpha"u8))
            {
                options.Alpha = true;
            }
            else if (left >= 2 && Ascii.EqualsIgnoreCase(option, "limit"u8))
            {
                if (!Utf8Number.TryParseInt64(args[j + 1], out options.LimitStart)
                    || !Utf8Number.TryParseInt64(args[j + 2], out options.LimitCount))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return null;
                }
                j += 2;
            }
            else if (!readOnly && left >= 1 && Ascii.EqualsIgnoreCase(option, "store"u8))
            {
                options.StoreIndex = ++j;
            }
            else if (left >= 1 && Ascii.EqualsIgnoreCase(option, "by"u8))
            {
                options.ByIndex = ++j;
                if (args[j].IndexOf((byte)'*') < 0)
                {
                    options.DontSort = true;
                }
            }
            else if (left >= 1 && Ascii.EqualsIgnoreCase(option, "get"u8))
            {
                options.GetIndexes.Add(++j);
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return null;
            }
        }
        return options;
    }

    private static SortItem[] LoadAll(object? value)
    {
        if (value is not ISortableCollection collection)
        {
            return [];
        }
        var elements = new List<byte[]>((int)Math.Min(((IKvCollection)collection).Count, 1 << 20));
        collection.CollectElements(elements);
        return ToItems(elements);
    }

    /// <summary>Elements start..end of a list or sorted set in native order, from the tail when descending.</summary>
    private static SortItem[] LoadOrderedRange(object? value, long start, long end, bool descending)
    {
        if (end < start || value is null)
        {
            return [];
        }
        long length = end - start + 1;
        var elements = new List<byte[]>((int)Math.Min(length, 1 << 20));
        if (value is ListValue list)
        {
            ListValue.Enumerator enumerator = list.Enumerate(descending ? list.Count - start - 1 : start, descending);
            for (long i = 0; i < length && enumerator.MoveNext(); i++)
            {
                elements.Add(enumerator.Current.ToArray());
            }
            return ToItems(elements);
        }
        if (value is ISortableCollection collection)
        {
            var all = new List<byte[]>();
            collection.CollectElements(all);
            for (long i = 0; i < length; i++)
            {
                long rank = descending ? all.Count - 1 - start - i : start + i;
                elements.Add(all[(int)rank]);
            }
        }
        return ToItems(elements);
    }

    private static SortItem[] ToItems(List<byte[]> elements)
    {
        var items = new SortItem[elements.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i].Element = elements[i];
            items[i].Order = i;
        }
        return items;
    }

    /// <summary>
    /// Loads the score (numeric) or comparison bytes (ALPHA with BY) of every item. A missing BY key leaves score
    /// 0 / no comparison value. Returns false if any numeric value is not a double (every item is checked first,
    /// so the error does not depend on LIMIT).
    /// </summary>
    private static bool ComputeSortKeys(CommandContext ctx, CommandArgs args, SortOptions options, SortItem[] items)
    {
        bool valid = true;
        bool hasBy = options.ByIndex >= 0;
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        for (int i = 0; i < items.Length; i++)
        {
            object? by = hasBy ? LookupByPattern(ctx, args[options.ByIndex], items[i].Element) : items[i].Element;
            if (by is null)
            {
                continue;
            }
            if (options.Alpha)
            {
                if (hasBy)
                {
                    items[i].CompareBy = StringValue.ToArray(by);
                }
            }
            else if (by is KvInt number)
            {
                items[i].Score = number.Value;
            }
            else
            {
                if (!TryParseStrtod(StringValue.GetBytes(by, scratch), out items[i].Score))
                {
                    valid = false;
                }
            }
        }
        return valid;
    }

    private static void WriteResult(CommandContext ctx, CommandArgs args, SortOptions options, SortItem[] items, long start, long rangeLength, long outputLength)
    {
        RespWriter reply = ctx.Reply;
        reply.WriteArrayLength(outputLength);
        for (long j = start; j < start + rangeLength; j++)
        {
            byte[] element = items[j].Element;
            if (options.GetIndexes.Count == 0)
            {
                reply.WriteBulkString(element);
                continue;
            }
            foreach (int pattern in options.GetIndexes)
            {
                object? value = LookupByPattern(ctx, args[pattern], element);
                if (value is null)
                {
                    reply.WriteNull();
                }
                else
                {
                    StringValue.WriteBulk(reply, value);
                }
            }
        }
    }

    /// <summary>
    /// STORE: the result replaces the destination as a list (TTL dropped) and raises "sortstore"; an empty
    /// result deletes the destination ("del").
    /// </summary>
    private static void StoreResult(CommandContext ctx, CommandArgs args, SortOptions options, SortItem[] items, long start, long rangeLength, long outputLength)
    {
        ListValue result = ListCommands.NewList(ctx);
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        for (long j = start; j < start + rangeLength; j++)
        {
            byte[] element = items[j].Element;
            if (options.GetIndexes.Count == 0)
            {
                result.PushTail(element);
                continue;
            }
            foreach (int pattern in options.GetIndexes)
            {
                object? value = LookupByPattern(ctx, args[pattern], element);
                result.PushTail(value is null ? [] : StringValue.GetBytes(value, scratch));
            }
        }
        ReadOnlySpan<byte> destination = args[options.StoreIndex];
        if (outputLength > 0)
        {
            ctx.Db.Set(destination, result);
            ctx.KeyModified(destination, outputLength);
            ctx.Notify(NotifyFlags.List, "sortstore"u8, destination);
        }
        else if (ctx.Db.Delete(destination))
        {
            ctx.KeyModified(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
        }
        ctx.Reply.WriteInteger(outputLength);
    }

    /// <summary>
    /// lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by the element and the
    /// key read as a string, or, when "->field" (non-empty) follows the '*', as a hash field. A pattern without
    /// '*', a missing key or a key of another type gives null. Returns a string value (see <see cref="StringValue"/>).
    /// </summary>
    private static object? LookupByPattern(CommandContext ctx, ReadOnlySpan<byte> pattern, byte[] element)
    {
        if (pattern.Length == 1 && pattern[0] == (byte)'#')
        {
            return element;
        }
        int star = pattern.IndexOf((byte)'*');
        if (star < 0)
        {
            return null;
        }
        ReadOnlySpan<byte> postfix = pattern[(star + 1)..];
        ReadOnlySpan<byte> field = default;
        bool hashField = false;
        int arrow = postfix.IndexOf("->"u8);
        if (arrow >= 0 && arrow + 2 < postfix.Length)
        {
            field = postfix[(arrow + 2)..];
            postfix = postfix[..arrow];
            hashField = true;
        }
        int keyLength = star + element.Length + postfix.Length;
        Span<byte> key = keyLength <= 256 ? stackalloc byte[256] : new byte[keyLength];
        key = key[..keyLength];
        pattern[..star].CopyTo(key);
        element.CopyTo(key[star..]);
        postfix.CopyTo(key[(star + element.Length)..]);

        Database db = ctx.Db;
        object? value = db.Lookup(key, ctx.Now);
        if (value is null)
        {
            return null;
        }
        if (hashField)
        {
            return ValueTypes.TypeOf(value) == KvType.Hash && value is IHashFieldSource hash && hash.TryGetField(field, out byte[] fieldValue)
                ? fieldValue
                : null;
        }
        return StringValue.IsString(value) ? value : null;
    }

    /// <summary>
    /// The check SORT makes with C's strtod: the whole value (up to a NUL byte, as a C string) must be a number,
    /// leading whitespace allowed, decimal or hex ("0x1p3"), "inf"/"infinity"; the empty string is 0. NaN,
    /// overflow and underflow (ERANGE, subnormal results included) are errors.
    /// </summary>
    internal static bool TryParseStrtod(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
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
        while (i < text.Length && IsCSpace(text[i]))
        {
            i++;
        }
        int numberStart = i;
        bool negative = false;
        if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        ReadOnlySpan<byte> body = text[i..];
        if (StartsWithIgnoreCase(body, "inf"u8))
        {
            bool whole = body.Length == 3 || (body.Length == 8 && StartsWithIgnoreCase(body, "infinity"u8));
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return whole;
        }
        if (body.Length >= 2 && body[0] == (byte)'0' && (body[1] | 0x20) == (byte)'x' && HexFollows(body[2..]))
        {
            return TryParseHexFloat(body[2..], negative, out value);
        }
        if (!IsDecimalFloat(body))
        {
            return false;
        }
        ReadOnlySpan<byte> number = text[numberStart..];
        Span<char> chars = number.Length <= 128 ? stackalloc char[number.Length] : new char[number.Length];
        for (int k = 0; k < number.Length; k++)
        {
            chars[k] = (char)number[k];
        }
        if (!double.TryParse(chars, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        return InRange(value, HasNonZeroDigit(body));
    }

    /// <summary>digits [. digits] [e [sign] digits], at least one mantissa digit, nothing after.</summary>
    private static bool IsDecimalFloat(ReadOnlySpan<byte> body)
    {
        int i = 0;
        int digits = 0;
        while (i < body.Length && char.IsAsciiDigit((char)body[i]))
        {
            i++;
            digits++;
        }
        if (i < body.Length && body[i] == (byte)'.')
        {
            i++;
            while (i < body.Length && char.IsAsciiDigit((char)body[i]))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < body.Length && (body[i] | 0x20) == (byte)'e')
        {
            // strtod leaves an exponent without digits unparsed, so the text would not end there.
            i++;
            if (i < body.Length && (body[i] == (byte)'+' || body[i] == (byte)'-'))
            {
                i++;
            }
            int exponentDigits = 0;
            while (i < body.Length && char.IsAsciiDigit((char)body[i]))
            {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0)
            {
                return false;
            }
        }
        return i == body.Length;
    }

    /// <summary>Whether the mantissa of a decimal number has a digit other than 0 (zero never underflows).</summary>
    private static bool HasNonZeroDigit(ReadOnlySpan<byte> body)
    {
        foreach (byte b in body)
        {
            if ((b | 0x20) == (byte)'e')
            {
                return false;
            }
            if (b is >= (byte)'1' and <= (byte)'9')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>ERANGE: overflow to infinity, or a non-zero number that came out zero or subnormal.</summary>
    private static bool InRange(double value, bool nonZeroMantissa)
    {
        if (double.IsInfinity(value))
        {
            return false;
        }
        return !nonZeroMantissa || (value != 0 && !double.IsSubnormal(value));
    }

    private static bool HexFollows(ReadOnlySpan<byte> rest) =>
        (rest.Length > 0 && char.IsAsciiHexDigit((char)rest[0]))
        || (rest.Length > 1 && rest[0] == (byte)'.' && char.IsAsciiHexDigit((char)rest[1]));

    /// <summary>The hex digits after "0x": [hex] [. hex] [p [sign] digits]; up to 15 significant digits are kept.</summary>
    private static bool TryParseHexFloat(ReadOnlySpan<byte> digits, bool negative, out double value)
    {
        value = 0;
        ulong mantissa = 0;
        long exponent = 0;
        int i = 0;
        bool afterPoint = false;
        for (; i < digits.Length; i++)
        {
            byte b = digits[i];
            if (b == (byte)'.' && !afterPoint)
            {
                afterPoint = true;
                continue;
            }
            if (!char.IsAsciiHexDigit((char)b))
            {
                break;
            }
            int digit = HexValue(b);
            if (mantissa < 1UL << 56)
            {
                mantissa = mantissa * 16 + (uint)digit;
                if (afterPoint)
                {
                    exponent -= 4;
                }
            }
            else if (!afterPoint)
            {
                exponent += 4;
            }
        }
        if (i < digits.Length && (digits[i] | 0x20) == (byte)'p')
        {
            int j = i + 1;
            bool negativeExponent = false;
            if (j < digits.Length && (digits[j] == (byte)'+' || digits[j] == (byte)'-'))
            {
                negativeExponent = digits[j] == (byte)'-';
                j++;
            }
            long power = 0;
            int powerDigits = 0;
            for (; j < digits.Length && char.IsAsciiDigit((char)digits[j]); j++)
            {
                power = Math.Min(power * 10 + (digits[j] - '0'), 100_000);
                powerDigits++;
            }
            if (powerDigits > 0)
            {
                exponent += negativeExponent ? -power : power;
                i = j;
            }
        }
        if (i != digits.Length)
        {
            return false;
        }
        double magnitude = Math.ScaleB(mantissa, (int)Math.Clamp(exponent, -100_000, 100_000));
        value = negative ? -magnitude : magnitude;
        return InRange(value, mantissa != 0);
    }

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool IsCSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    /// <summary>
    /// sortCompare: numeric by score, ties by the elements' bytes; ALPHA by the BY value (missing first) or by
    /// the elements' bytes. DESC negates. Remaining ties keep load order, so the sort is deterministic.
    /// </summary>
    private sealed class SortItemComparer(bool descending, bool alpha, bool byPattern) : IComparer<SortItem>
    {
        public int Compare(SortItem a, SortItem b)
        {
            int cmp;
            if (!alpha)
            {
                cmp = a.Score > b.Score ? 1 : a.Score < b.Score ? -1 : a.Element.AsSpan().SequenceCompareTo(b.Element);
            }
            else if (byPattern)
            {
                if (a.CompareBy is null || b.CompareBy is null)
                {
                    cmp = a.CompareBy is null ? (b.CompareBy is null ? 0 : -1) : 1;
                }
                else
                {
                    cmp = a.CompareBy.AsSpan().SequenceCompareTo(b.CompareBy);
                }
            }
            else
            {
                cmp = a.Element.AsSpan().SequenceCompareTo(b.Element);
            }
            if (descending)
            {
                cmp = -cmp;
            }
            return cmp != 0 ? cmp : a.Order.CompareTo(b.Order);
        }
    }
}
