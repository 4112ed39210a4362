using System.Numerics;

namespace KvServer.Engine.Protocol;

/// <summary>
/// A software model of the x87 80-bit <c>long double</c> that Redis computes INCRBYFLOAT and HINCRBYFLOAT
/// in: a 64-bit significand, round-to-nearest-even after every operation, glibc <c>strtold</c> parsing and
/// <c>"%.17Lf"</c> output. Neither double nor decimal reproduces Redis's replies: 12345.1 is stored as
/// 12345.0999999999999996447… and Redis prints "12345.09999999999999964". Exact work is done with
/// <see cref="BigInteger"/>; these commands are not on the hot path.
/// </summary>
public readonly struct LongDouble
{
    /// <summary>MAX_LONG_DOUBLE_CHARS: Redis rejects longer inputs and cannot print longer results.</summary>
    public const int MaxChars = 5 * 1024;

    /// <summary>The smallest subnormal is 2^-16445: no value has a finer binary exponent.</summary>
    private const int MinExponent = -16445;

    /// <summary>The largest finite value is (2^64 - 1) × 2^16320.</summary>
    private const int MaxExponent = 16320;

    private enum Kind : byte
    {
        Finite,
        Infinity,
        NaN,
    }

    // Value = (-1)^negative × significand × 2^exponent for finite values (significand 0 is a zero).
    private readonly ulong _significand;
    private readonly int _exponent;
    private readonly bool _negative;
    private readonly Kind _kind;

    private LongDouble(bool negative, ulong significand, int exponent, Kind kind)
    {
        _negative = negative;
        _significand = significand;
        _exponent = exponent;
        _kind = kind;
    }

    public bool IsNaN => _kind == Kind.NaN;

    public bool IsInfinity => _kind == Kind.Infinity;

    /// <summary>Neither NaN nor infinite (Redis's "would produce NaN or Infinity" check).</summary>
    public bool IsFinite => _kind == Kind.Finite;

    public bool IsZero => _kind == Kind.Finite && _significand == 0;

    public static LongDouble Zero => default;

    /// <summary>Every 64-bit integer is exact in a 64-bit significand.</summary>
    public static LongDouble FromInt64(long value)
    {
        bool negative = value < 0;
        ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return new LongDouble(negative, magnitude, 0, Kind.Finite);
    }

    /// <summary>
    /// Redis's string2ld: strtold over the whole text (cut at a NUL byte, as C sees it), rejecting an empty
    /// text, a leading space, trailing characters, NaN, and results that overflow or underflow to zero.
    /// Accepts what strtold does: "1.", ".5", "1e5", "inf", "infinity", hex floats ("0x1.8p3").
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = default;
        if (text.IsEmpty || text.Length >= MaxChars || IsSpace(text[0]))
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
            // strtold("") converts nothing and leaves the end pointer on the terminator: Redis takes 0.
            return true;
        }
        int i = 0;
        bool negative = false;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        ReadOnlySpan<byte> body = text[i..];
        if (System.Text.Ascii.EqualsIgnoreCase(body, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = new LongDouble(negative, 0, 0, Kind.Infinity);
            return true;
        }
        if (body.Length >= 2 && body[0] == (byte)'0' && (body[1] | 0x20) == (byte)'x')
        {
            return TryParseHex(body[2..], negative, out value);
        }
        return TryParseDecimal(body, negative, out value);
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> body, bool negative, out LongDouble value)
    {
        value = default;
        var mantissa = BigInteger.Zero;
        long exponent = 0;
        int digits = 0;
        int significantDigits = 0;
        int i = 0;
        bool seenPoint = false;
        // Accumulate digits in chunks of 18 so the BigInteger work stays linear.
        ulong chunk = 0;
        int chunkDigits = 0;
        for (; i < body.Length; i++)
        {
            byte b = body[i];
            if (b == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }
            uint digit = (uint)(b - (byte)'0');
            if (digit > 9)
            {
                break;
            }
            digits++;
            if (seenPoint)
            {
                exponent--;
            }
            if (significantDigits == 0 && digit == 0)
            {
                continue;
            }
            significantDigits++;
            chunk = chunk * 10 + digit;
            if (++chunkDigits == 18)
            {
                mantissa = mantissa * 1_000_000_000_000_000_000UL + chunk;
                chunk = 0;
                chunkDigits = 0;
            }
        }
        if (chunkDigits > 0)
        {
            mantissa = mantissa * BigInteger.Pow(10, chunkDigits) + chunk;
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < body.Length)
        {
            if ((body[i] | 0x20) != (byte)'e' || !TryParseExponent(body[(i + 1)..], out long written))
            {
                return false;
            }
            exponent += written;
        }
        value = FromDecimal(negative, mantissa, significantDigits, exponent);
        return value.IsFinite && (!value.IsZero || mantissa.IsZero);
    }

    /// <summary>An exponent's digits after 'e' or 'p': optional sign, at least one digit, saturating.</summary>
    private static bool TryParseExponent(ReadOnlySpan<byte> text, out long exponent)
    {
        exponent = 0;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        if (i == text.Length)
        {
            return false;
        }
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9)
            {
                return false;
            }
            // Far beyond any representable magnitude; saturating keeps overflow/underflow decisions right.
            exponent = Math.Min(exponent * 10 + digit, 1_000_000_000);
        }
        if (negative)
        {
            exponent = -exponent;
        }
        return true;
    }

    private static LongDouble FromDecimal(bool negative, BigInteger mantissa, int significantDigits, long exponent)
    {
        if (mantissa.IsZero)
        {
            return new LongDouble(negative, 0, 0, Kind.Finite);
        }
        // The value lies in [10^(d-1+e), 10^(d+e)): decide gross overflow and underflow without big powers.
        long magnitude = significantDigits + exponent;
        if (magnitude > 4934)
        {
            return new LongDouble(negative, 0, 0, Kind.Infinity);
        }
        if (magnitude < -4952)
        {
            return new LongDouble(negative, 0, 0, Kind.Finite);
        }
        if (exponent >= 0)
        {
            return Round(negative, mantissa * BigInteger.Pow(10, (int)exponent), BigInteger.One, 0);
        }
        return Round(negative, mantissa, BigInteger.Pow(10, (int)-exponent), 0);
    }

    private static bool TryParseHex(ReadOnlySpan<byte> body, bool negative, out LongDouble value)
    {
        value = default;
        var mantissa = BigInteger.Zero;
        long exponent = 0;
        int digits = 0;
        bool seenPoint = false;
        int i = 0;
        for (; i < body.Length; i++)
        {
            byte b = body[i];
            if (b == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }
            int digit = HexValue(b);
            if (digit < 0)
            {
                break;
            }
            digits++;
            if (seenPoint)
            {
                exponent -= 4;
            }
            if (!mantissa.IsZero || digit != 0)
            {
                mantissa = (mantissa << 4) + digit;
            }
        }
        if (digits == 0)
        {
            // "0x" without hex digits: strtold reads the "0" and stops at the 'x'.
            return false;
        }
        if (i < body.Length)
        {
            if ((body[i] | 0x20) != (byte)'p' || !TryParseExponent(body[(i + 1)..], out long written))
            {
                return false;
            }
            exponent += written;
        }
        if (mantissa.IsZero)
        {
            value = new LongDouble(negative, 0, 0, Kind.Finite);
            return true;
        }
        // Beyond these bounds the value overflows or underflows to zero (both rejected); checking first keeps
        // the shifts in Round small.
        long bits = mantissa.GetBitLength() + exponent;
        if (bits > MaxExponent + 65 || bits < MinExponent - 2)
        {
            return false;
        }
        value = Round(negative, mantissa, BigInteger.One, (int)exponent);
        return value.IsFinite && !value.IsZero;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    /// <summary>
    /// Rounds numerator/denominator × 2^exponent (numerator &gt; 0) to the nearest long double, ties to even,
    /// with subnormals and overflow to infinity as the x87 unit does them.
    /// </summary>
    private static LongDouble Round(bool negative, BigInteger numerator, BigInteger denominator, long exponent)
    {
        // Scale so the quotient carries at least 66 bits: 64 kept, one rounding bit, the rest sticky.
        long shift = 66 - (numerator.GetBitLength() - denominator.GetBitLength());
        if (shift > 0)
        {
            numerator <<= (int)shift;
            exponent -= shift;
        }
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        bool sticky = !remainder.IsZero;
        long drop = quotient.GetBitLength() - 64;
        if (exponent + drop < MinExponent)
        {
            drop = MinExponent - exponent;
        }
        BigInteger kept = quotient >> (int)Math.Min(drop, int.MaxValue);
        BigInteger rest = quotient - (kept << (int)drop);
        BigInteger half = BigInteger.One << (int)(drop - 1);
        int comparison = rest.CompareTo(half);
        if (comparison > 0 || (comparison == 0 && (sticky || !kept.IsEven)))
        {
            kept += 1;
            if (kept.GetBitLength() > 64)
            {
                kept >>= 1;
                drop++;
            }
        }
        long resultExponent = exponent + drop;
        if (kept.IsZero)
        {
            return new LongDouble(negative, 0, 0, Kind.Finite);
        }
        if (resultExponent > MaxExponent)
        {
            return new LongDouble(negative, 0, 0, Kind.Infinity);
        }
        return new LongDouble(negative, (ulong)kept, (int)resultExponent, Kind.Finite);
    }

    /// <summary>IEEE addition in extended precision, rounded to nearest even.</summary>
    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a._kind == Kind.NaN || b._kind == Kind.NaN)
        {
            return new LongDouble(false, 0, 0, Kind.NaN);
        }
        if (a._kind == Kind.Infinity || b._kind == Kind.Infinity)
        {
            if (a._kind == Kind.Infinity && b._kind == Kind.Infinity && a._negative != b._negative)
            {
                return new LongDouble(false, 0, 0, Kind.NaN);
            }
            return a._kind == Kind.Infinity ? a : b;
        }
        if (a._significand == 0)
        {
            return b._significand == 0 ? new LongDouble(a._negative && b._negative, 0, 0, Kind.Finite) : b;
        }
        if (b._significand == 0)
        {
            return a;
        }
        int exponent = Math.Min(a._exponent, b._exponent);
        BigInteger left = new BigInteger(a._significand) << (a._exponent - exponent);
        BigInteger right = new BigInteger(b._significand) << (b._exponent - exponent);
        BigInteger sum = (a._negative ? -left : left) + (b._negative ? -right : right);
        if (sum.IsZero)
        {
            return Zero;
        }
        return Round(sum.Sign < 0, BigInteger.Abs(sum), BigInteger.One, exponent);
    }

    /// <summary>
    /// Redis's ld2string in LD_STR_HUMAN mode: glibc "%.17Lf" (exact value, rounded half to even), trailing
    /// zeros and a trailing '.' removed, "-0" printed as "0", infinities as "inf"/"-inf". Returns null where
    /// Redis's buffer of <see cref="MaxChars"/> is too small (ld2string fails; the caller stores "").
    /// </summary>
    public byte[]? FormatHumanFriendly()
    {
        if (_kind == Kind.Infinity)
        {
            return _negative ? "-inf"u8.ToArray() : "inf"u8.ToArray();
        }
        if (_kind == Kind.NaN)
        {
            return "nan"u8.ToArray();
        }
        const int Decimals = 17;
        BigInteger scaled = new BigInteger(_significand) * BigInteger.Pow(10, Decimals);
        if (_exponent >= 0)
        {
            scaled <<= _exponent;
        }
        else
        {
            scaled = ShiftRightRoundingHalfEven(scaled, -_exponent);
        }
        string digits = scaled.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (digits.Length <= Decimals)
        {
            digits = new string('0', Decimals + 1 - digits.Length) + digits;
        }
        int integerDigits = digits.Length - Decimals;
        int printedLength = (_negative ? 1 : 0) + integerDigits + 1 + Decimals;
        if (printedLength + 1 > MaxChars)
        {
            return null;
        }
        int fractionLength = Decimals;
        while (fractionLength > 0 && digits[integerDigits + fractionLength - 1] == '0')
        {
            fractionLength--;
        }
        bool negative = _negative;
        if (negative && fractionLength == 0 && integerDigits == 1 && digits[0] == '0')
        {
            negative = false;
        }
        int length = (negative ? 1 : 0) + integerDigits + (fractionLength > 0 ? 1 + fractionLength : 0);
        byte[] text = new byte[length];
        int at = 0;
        if (negative)
        {
            text[at++] = (byte)'-';
        }
        for (int i = 0; i < integerDigits; i++)
        {
            text[at++] = (byte)digits[i];
        }
        if (fractionLength > 0)
        {
            text[at++] = (byte)'.';
            for (int i = 0; i < fractionLength; i++)
            {
                text[at++] = (byte)digits[integerDigits + i];
            }
        }
        return text;
    }

    private static BigInteger ShiftRightRoundingHalfEven(BigInteger value, int shift)
    {
        BigInteger kept = value >> shift;
        BigInteger rest = value - (kept << shift);
        BigInteger half = BigInteger.One << (shift - 1);
        int comparison = rest.CompareTo(half);
        if (comparison > 0 || (comparison == 0 && !kept.IsEven))
        {
            kept += 1;
        }
        return kept;
    }
}
