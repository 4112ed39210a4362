namespace KvServer.Engine.Keyspace;

/// <summary>
/// Redis's glob matching (util.c stringmatchlen) with its exact semantics: <c>*</c>, <c>?</c>,
/// <c>[abc]</c>, <c>[^a-z]</c> (reversed ranges allowed), <c>\</c> escapes, an unterminated <c>[</c> taken
/// literally as far as it goes, and the "skip longer matches" cut-off that keeps pathological patterns
/// like <c>*a*a*a*…b</c> linear instead of exponential, and the limit of 1000 nested <c>*</c> that keeps a
/// hostile pattern from exhausting the stack. Ranges compare bytes as C's signed char, as Redis built for x86-64
/// does (on ARM64 char is unsigned and Redis differs). Used by KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE.
/// </summary>
public static class GlobMatcher
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false)
    {
        bool skipLongerMatches = false;
        return Match(pattern, text, ignoreCase, ref skipLongerMatches, 0);
    }

    private static byte At(ReadOnlySpan<byte> span, int index) => index < span.Length ? span[index] : (byte)0;

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    /// <summary>tolower in the C locale, for a signed char widened to int.</summary>
    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c | 0x20 : c;

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase, ref bool skipLongerMatches, int depth)
    {
        // Deep recursion needs a pattern with thousands of '*' groups; refuse rather than overflow the stack.
        if (depth > 1000)
        {
            return false;
        }
        int p = 0;
        int s = 0;
        while (p < pattern.Length && s < text.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == (byte)'*')
                    {
                        p++;
                    }
                    if (p == pattern.Length - 1)
                    {
                        return true;
                    }
                    while (s < text.Length)
                    {
                        if (Match(pattern[(p + 1)..], text[s..], ignoreCase, ref skipLongerMatches, depth + 1))
                        {
                            return true;
                        }
                        if (skipLongerMatches)
                        {
                            return false;
                        }
                        s++;
                    }
                    skipLongerMatches = true;
                    return false;
                case (byte)'?':
                    s++;
                    break;
                case (byte)'[':
                {
                    p++;
                    bool negate = At(pattern, p) == (byte)'^';
                    if (negate)
                    {
                        p++;
                    }
                    bool match = false;
                    while (true)
                    {
                        int remaining = pattern.Length - p;
                        if (At(pattern, p) == (byte)'\\' && remaining >= 2)
                        {
                            p++;
                            if (pattern[p] == text[s])
                            {
                                match = true;
                            }
                        }
                        else if (remaining > 0 && pattern[p] == (byte)']')
                        {
                            break;
                        }
                        else if (remaining <= 0)
                        {
                            p--;
                            break;
                        }
                        else if (remaining >= 3 && pattern[p + 1] == (byte)'-')
                        {
                            // C's char is signed on x86-64, where the reference server runs: bytes 0x80-0xFF sort
                            // below 0x00 in a range, so [a-\xff] is really [\xff-a].
                            int start = (sbyte)pattern[p];
                            int end = (sbyte)pattern[p + 2];
                            int c = (sbyte)text[s];
                            if (start > end)
                            {
                                (start, end) = (end, start);
                            }
                            if (ignoreCase)
                            {
                                start = Lower(start);
                                end = Lower(end);
                                c = Lower(c);
                            }
                            p += 2;
                            if (c >= start && c <= end)
                            {
                                match = true;
                            }
                        }
                        else if (ignoreCase ? Lower(pattern[p]) == Lower(text[s]) : pattern[p] == text[s])
                        {
                            match = true;
                        }
                        p++;
                    }
                    if (negate)
                    {
                        match = !match;
                    }
                    if (!match)
                    {
                        return false;
                    }
                    s++;
                    break;
                }
                case (byte)'\\':
                    if (pattern.Length - p >= 2)
                    {
                        p++;
                    }
                    goto default;
                default:
                    if (ignoreCase ? Lower(pattern[p]) != Lower(text[s]) : pattern[p] != text[s])
                    {
                        return false;
                    }
                    s++;
                    break;
            }
            p++;
            if (s == text.Length)
            {
                while (p < pattern.Length && pattern[p] == (byte)'*')
                {
                    p++;
                }
                break;
            }
        }
        return p >= pattern.Length && s == text.Length;
    }
}
