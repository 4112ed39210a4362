using System.Buffers.Text;
using System.Globalization;

namespace KvServer.Engine.Protocol;

/// <summary>
/// Number parsing and formatting with Redis's exact rules: <c>string2ll</c> (no '+', no leading zeros, no
/// spaces), <c>strtold</c>-style float parsing, and <c>%.17g</c> / humanfriendly long-double output.
/// </summary>
public static class Utf8Number
{
    /// <summary>Longest text of a 64-bit integer ("-9223372036854775808").</summary>
    public const int MaxInt64Chars = 20;

    /// <summary>Redis's string2ll: the canonical decimal form of a signed 64-bit integer, nothing else.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        int length = text.Length;
        if (length == 0 || length > MaxInt64Chars)
        {
            return false;
        }
        if (length == 1 && text[0] == (byte)'0')
        {
            return true;
        }
        int i = 0;
        bool negative = false;
        if (text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
            if (length == 1)
            {
                return false;
            }
        }
        // First digit must be 1-9: leading zeros (and "-0") are not canonical.
        if (text[i] < (byte)'1' || text[i] > (byte)'9')
        {
            return false;
        }
        ulong magnitude = 0;
        for (; i < length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9)
            {
                return false;
            }
            if (magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            magnitude = magnitude * 10 + digit;
        }
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - magnitude);
            return true;
        }
        if (magnitude > long.MaxValue)
        {
            return false;
        }
        value = (long)magnitude;
        return true;
    }

    /// <summary>Writes the decimal text of <paramref name="value"/>; returns the byte count.</summary>
    public static int FormatInt64(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    /// <summary>Number of bytes <see cref="FormatInt64"/> writes.</summary>
    public static int CountDigits(long value)
    {
        if (value < 0)
        {
            return value == long.MinValue ? 20 : 1 + CountDigits((ulong)(-value));
        }
        return CountDigits((ulong)value);
    }

    private static int CountDigits(ulong value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }

    /// <summary>
    /// Redis's strtod-based float argument parsing (getDoubleFromObject / getLongDoubleFromObject): the whole
    /// text must be a number, no leading or trailing space, "inf"/"-inf"/"+inf" accepted, NaN rejected.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 5000 || IsSpace(text[0]) || IsSpace(text[^1]))
        {
            return false;
        }
        if (TryParseInfinity(text, out value))
        {
            return true;
        }
        // Utf8Parser rejects some forms strtod accepts ("1.", ".5", "1e5"); the framework parser takes all of
        // them and hex floats are rare enough in arguments not to matter.
        Span<char> chars = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b >= 0x80)
            {
                return false;
            }
            chars[i] = (char)b;
        }
        if (!double.TryParse(chars, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        return !double.IsNaN(value);
    }

    private static bool TryParseInfinity(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        ReadOnlySpan<byte> body = text;
        double sign = 1;
        if (body[0] == (byte)'-' || body[0] == (byte)'+')
        {
            sign = body[0] == (byte)'-' ? -1 : 1;
            body = body[1..];
        }
        if (System.Text.Ascii.EqualsIgnoreCase(body, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }
        return false;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    /// <summary>C's <c>%.17g</c>, as Redis 7.0 formats doubles in replies ("inf", "-inf", "nan" included).</summary>
    public static int FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value))
        {
            "inf"u8.CopyTo(destination);
            return 3;
        }
        if (double.IsNegativeInfinity(value))
        {
            "-inf"u8.CopyTo(destination);
            return 4;
        }
        if (double.IsNaN(value))
        {
            "nan"u8.CopyTo(destination);
            return 3;
        }
        // .NET's G17 follows the same fixed/scientific rule as C's %.17g and prints at least two exponent
        // digits; only the exponent letter differs.
        value.TryFormat(destination, out int written, "G17", CultureInfo.InvariantCulture);
        for (int i = 0; i < written; i++)
        {
            if (destination[i] == (byte)'E')
            {
                destination[i] = (byte)'e';
            }
        }
        return written;
    }
}
