using System.Globalization;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// The two ways Redis reads a double from a sorted-set argument, both built on C's strtod: scores and weights
/// (getDoubleFromObject: whole text, no leading blank, overflow and underflow to zero rejected) and range
/// bounds (<see cref="ScoreRange.TryParse"/>). Hex floats ("0x10") are accepted as strtod accepts them.
/// </summary>
public static class ZsetNumber
{
    /// <summary>getDoubleFromObject: a score, increment or weight argument.</summary>
    public static bool TryParseScore(ReadOnlySpan<byte> text, out double value)
    {
        if (text.IsEmpty || IsSpace(text[0]))
        {
            value = 0;
            return false;
        }
        int consumed = Strtod(text, out value, out bool outOfRange);
        return consumed == text.Length && !outOfRange && !double.IsNaN(value);
    }

    /// <summary>
    /// C's strtod: parses the longest valid prefix after optional blanks and returns its length, 0 if nothing
    /// converts. <paramref name="outOfRange"/> is errno == ERANGE restricted to what Redis tests: a finite
    /// text that overflows to ±inf or underflows to zero.
    /// </summary>
    public static int Strtod(ReadOnlySpan<byte> text, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        int i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }
        int start = i;
        bool negative = false;
        if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        ReadOnlySpan<byte> body = text[i..];
        if (StartsWithIgnoreCase(body, "inf"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return i + (StartsWithIgnoreCase(body, "infinity"u8) ? 8 : 3);
        }
        if (StartsWithIgnoreCase(body, "nan"u8))
        {
            value = double.NaN;
            return i + NanLength(body);
        }
        if (body.Length >= 2 && body[0] == (byte)'0' && (body[1] | 0x20) == (byte)'x')
        {
            int hexLength = ParseHex(body[2..], out double magnitude, out outOfRange);
            if (hexLength > 0)
            {
                value = negative ? -magnitude : magnitude;
                return i + 2 + hexLength;
            }
            // "0x" without hex digits: only the "0" converts.
            value = negative ? -0.0 : 0.0;
            return i + 1;
        }
        int length = DecimalLength(body, out bool nonZeroDigit);
        if (length == 0)
        {
            return 0;
        }
        int end = i + length;
        ReadOnlySpan<byte> number = text[start..end];
        Span<char> chars = number.Length <= 256 ? stackalloc char[number.Length] : new char[number.Length];
        for (int k = 0; k < number.Length; k++)
        {
            chars[k] = (char)number[k];
        }
        value = double.Parse(chars, NumberStyles.Float, CultureInfo.InvariantCulture);
        outOfRange = double.IsInfinity(value) || (value == 0 && nonZeroDigit);
        return end;
    }

    /// <summary>Length of [digits][.digits][e[sign]digits] with at least one mantissa digit, else 0.</summary>
    private static int DecimalLength(ReadOnlySpan<byte> s, out bool nonZeroDigit)
    {
        nonZeroDigit = false;
        int i = 0;
        int digits = 0;
        while (i < s.Length && IsDigit(s[i]))
        {
            nonZeroDigit |= s[i] != (byte)'0';
            i++;
            digits++;
        }
        if (i < s.Length && s[i] == (byte)'.')
        {
            int j = i + 1;
            while (j < s.Length && IsDigit(s[j]))
            {
                nonZeroDigit |= s[j] != (byte)'0';
                j++;
                digits++;
            }
            if (digits > 0)
            {
                i = j;
            }
        }
        if (digits == 0)
        {
            return 0;
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            int j = i + 1;
            if (j < s.Length && (s[j] == (byte)'+' || s[j] == (byte)'-'))
            {
                j++;
            }
            if (j < s.Length && IsDigit(s[j]))
            {
                while (j < s.Length && IsDigit(s[j]))
                {
                    j++;
                }
                i = j;
            }
        }
        return i;
    }

    /// <summary>A C99 hex float body (after "0x"): hexdigits[.hexdigits][p[sign]digits].</summary>
    private static int ParseHex(ReadOnlySpan<byte> s, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        ulong mantissa = 0;
        int exponent = 0;
        int digits = 0;
        bool nonZero = false;
        int i = 0;
        bool seenPoint = false;
        while (i < s.Length)
        {
            int d = HexValue(s[i]);
            if (d < 0)
            {
                if (s[i] == (byte)'.' && !seenPoint)
                {
                    seenPoint = true;
                    i++;
                    continue;
                }
                break;
            }
            digits++;
            nonZero |= d != 0;
            if (mantissa >> 60 == 0)
            {
                mantissa = (mantissa << 4) | (uint)d;
                if (seenPoint)
                {
                    exponent -= 4;
                }
            }
            else if (!seenPoint)
            {
                exponent += 4;   // digits beyond 64 bits only scale the value
            }
            i++;
        }
        if (digits == 0)
        {
            return 0;
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'p')
        {
            int j = i + 1;
            bool negativeExponent = false;
            if (j < s.Length && (s[j] == (byte)'+' || s[j] == (byte)'-'))
            {
                negativeExponent = s[j] == (byte)'-';
                j++;
            }
            if (j < s.Length && IsDigit(s[j]))
            {
                int e = 0;
                while (j < s.Length && IsDigit(s[j]))
                {
                    e = Math.Min(e * 10 + (s[j] - (byte)'0'), 100_000);
                    j++;
                }
                exponent += negativeExponent ? -e : e;
                i = j;
            }
        }
        value = Math.ScaleB(mantissa, exponent);
        outOfRange = double.IsInfinity(value) || (value == 0 && nonZero);
        return i;
    }

    private static int NanLength(ReadOnlySpan<byte> body)
    {
        // "nan" optionally followed by "(n-char-sequence)".
        if (body.Length > 3 && body[3] == (byte)'(')
        {
            int j = 4;
            while (j < body.Length && (IsDigit(body[j]) || (body[j] | 0x20) is >= (byte)'a' and <= (byte)'z' || body[j] == (byte)'_'))
            {
                j++;
            }
            if (j < body.Length && body[j] == (byte)')')
            {
                return j + 1;
            }
        }
        return 3;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - (byte)'0',
        >= (byte)'a' and <= (byte)'f' => b - (byte)'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - (byte)'A' + 10,
        _ => -1,
    };

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>C's isspace in the "C" locale.</summary>
    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
