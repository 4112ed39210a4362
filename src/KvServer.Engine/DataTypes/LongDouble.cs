using System.Numerics;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// A software model of the x87 80-bit <c>long double</c> that Redis computes INCRBYFLOAT (and HINCRBYFLOAT)
/// in: a 64-bit significand with round-to-nearest-even, exponents down to the subnormal limit, and
/// infinities. Redis's replies show this precision directly ("%.17Lf" prints 1000 + 0.1 as
/// "1000.09999999999999998"), so neither double nor decimal can reproduce them; the three operations
/// those commands need are modelled exactly: glibc strtold parsing, addition, and ld2string's
/// humanfriendly "%.17Lf" formatting. Arbitrary-precision integers keep every step exact before rounding.
/// </summary>
public readonly struct LongDouble
{
    /// <summary>Significand bits of the x87 extended format (the integer bit is explicit).</summary>
    private const int Precision = 64;

    /// <summary>Exponent of the least significant significand bit for the smallest normal and all subnormals.</summary>
    private const int MinExponent = -16382 - (Precision - 1);

    /// <summary>Largest exponent of the least significant significand bit before the value overflows.</summary>
    private const int MaxExponent = 16383 - (Precision - 1);

    /// <summary>MAX_LONG_DOUBLE_CHARS: string2ld rejects texts this long or longer.</summary>
    public const int MaxChars = 5 * 1024;

    /// <summary>Digits after the point in humanfriendly output ("%.17Lf").</summary>
    private const int FractionDigits = 17;

    private static readonly BigInteger s_fractionScale = BigInteger.Pow(10, FractionDigits);

    // value = (-1)^negative * significand * 2^exponent
    private readonly ulong _significand;
    private readonly int _exponent;
    private readonly bool _negative;
    private readonly bool _infinite;

    private LongDouble(bool negative, ulong significand, int exponent, bool infinite)
    {
        _negative = negative;
        _significand = significand;
        _exponent = exponent;
        _infinite = infinite;
    }

    public bool IsInfinity => _infinite;

    public bool IsZero => !_infinite && _significand == 0;

    /// <summary>A 64-bit integer, exactly (it always fits the 64-bit significand).</summary>
    public static LongDouble FromInt64(long value)
    {
        if (value == 0)
        {
            return default;
        }
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return new LongDouble(value < 0, magnitude, 0, false);
    }

    /// <summary>
    /// Redis's string2ld: the whole text (an embedded NUL included) must be what glibc's strtold accepts
    /// (decimal or hexadecimal, "inf"/"infinity"), with no leading space, no NaN, and no overflow to
    /// infinity or underflow to zero.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = default;
        if (text.IsEmpty || text.Length >= MaxChars || IsSpace(text[0]))
        {
            return false;
        }
        bool negative = false;
        int i = 0;
        if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        ReadOnlySpan<byte> body = text[i..];
        if (System.Text.Ascii.EqualsIgnoreCase(body, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = new LongDouble(negative, 0, 0, true);
            return true;
        }
        if (body.Length > 2 && body[0] == (byte)'0' && (body[1] | 0x20) == (byte)'x' && StartsHexNumber(body[2..]))
        {
            return TryParseHex(body[2..], negative, out value);
        }
        return TryParseDecimal(body, negative, out value);
    }

    private static bool StartsHexNumber(ReadOnlySpan<byte> s) =>
        HexValue(s[0]) >= 0 || (s[0] == (byte)'.' && s.Length > 1 && HexValue(s[1]) >= 0);

    private static bool TryParseDecimal(ReadOnlySpan<byte> s, bool negative, out LongDouble value)
    {
        value = default;
        int i = 0;
        BigInteger digits = BigInteger.Zero;
        int digitCount = 0;
        int significantDigits = 0;
        int fractionDigits = 0;
        bool seenPoint = false;
        // Accumulate in ulong chunks of 18 digits: far fewer big-integer operations than digit by digit.
        ulong chunk = 0;
        int chunkDigits = 0;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }
            uint digit = (uint)(c - (byte)'0');
            if (digit > 9)
            {
                break;
            }
            chunk = chunk * 10 + digit;
            chunkDigits++;
            digitCount++;
            if (significantDigits > 0 || digit != 0)
            {
                significantDigits++;
            }
            if (seenPoint)
            {
                fractionDigits++;
            }
            if (chunkDigits == 18)
            {
                digits = digits * 1_000_000_000_000_000_000 + chunk;
                chunk = 0;
                chunkDigits = 0;
            }
        }
        if (digitCount == 0)
        {
            return false;
        }
        if (chunkDigits > 0)
        {
            digits = digits * Pow10UInt64(chunkDigits) + chunk;
        }
        long exponent = 0;
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            if (!TryParseExponent(s[(i + 1)..], out exponent))
            {
                return false;
            }
            i = s.Length;
        }
        if (i != s.Length)
        {
            return false;
        }
        if (digits.IsZero)
        {
            value = new LongDouble(negative, 0, 0, false);
            return true;
        }
        long scale = exponent - fractionDigits;
        // The value lies in [10^(magnitude-1), 10^magnitude). Beyond these bounds it is certainly infinite
        // (max ≈ 1.19e4932) or rounds to zero (min subnormal ≈ 3.6e-4951): strtold reports ERANGE and
        // Redis rejects both. Inside them, rounding decides exactly.
        long magnitude = scale + significantDigits;
        if (magnitude > 4934 || magnitude < -4952)
        {
            return false;
        }
        value = scale >= 0
            ? Round(negative, digits * BigInteger.Pow(10, (int)scale), BigInteger.One, 0)
            : Round(negative, digits, BigInteger.Pow(10, (int)-scale), 0);
        return !value.IsInfinity && !value.IsZero;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> s, bool negative, out LongDouble value)
    {
        value = default;
        int i = 0;
        BigInteger digits = BigInteger.Zero;
        int fractionDigits = 0;
        bool seenPoint = false;
        int significantBits = 0;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }
            int digit = HexValue(c);
            if (digit < 0)
            {
                break;
            }
            digits = (digits << 4) + digit;
            if (!digits.IsZero)
            {
                significantBits += 4;
            }
            if (seenPoint)
            {
                fractionDigits++;
            }
        }
        long exponent = 0;
        if (i < s.Length && (s[i] | 0x20) == (byte)'p')
        {
            if (!TryParseExponent(s[(i + 1)..], out exponent))
            {
                return false;
            }
            i = s.Length;
        }
        if (i != s.Length)
        {
            return false;
        }
        if (digits.IsZero)
        {
            value = new LongDouble(negative, 0, 0, false);
            return true;
        }
        long binaryExponent = exponent - 4L * fractionDigits;
        long magnitude = binaryExponent + significantBits;
        if (magnitude > 16400 || magnitude < -16500)
        {
            return false;
        }
        value = Round(negative, digits, BigInteger.One, (int)binaryExponent);
        return !value.IsInfinity && !value.IsZero;
    }

    /// <summary>An exponent: optional sign and at least one digit, saturated far beyond any finite range.</summary>
    private static bool TryParseExponent(ReadOnlySpan<byte> s, out long exponent)
    {
        exponent = 0;
        bool negative = false;
        int i = 0;
        if (i < s.Length && (s[i] == (byte)'+' || s[i] == (byte)'-'))
        {
            negative = s[i] == (byte)'-';
            i++;
        }
        if (i == s.Length)
        {
            return false;
        }
        for (; i < s.Length; i++)
        {
            uint digit = (uint)(s[i] - (byte)'0');
            if (digit > 9)
            {
                return false;
            }
            if (exponent < 1_000_000_000)
            {
                exponent = exponent * 10 + digit;
            }
        }
        if (negative)
        {
            exponent = -exponent;
        }
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static ulong Pow10UInt64(int exponent)
    {
        ulong result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }
        return result;
    }

    /// <summary>The correctly rounded sum, as the FPU computes it (an exact zero sum is +0).</summary>
    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a._infinite || b._infinite)
        {
            // inf + -inf is NaN; callers treat it like infinity (both are rejected by INCRBYFLOAT).
            return new LongDouble(a._infinite ? a._negative : b._negative, 0, 0, true);
        }
        if (a.IsZero)
        {
            return b.IsZero ? new LongDouble(a._negative && b._negative, 0, 0, false) : b;
        }
        if (b.IsZero)
        {
            return a;
        }
        int exponent = Math.Min(a._exponent, b._exponent);
        BigInteger x = new BigInteger(a._significand) << (a._exponent - exponent);
        BigInteger y = new BigInteger(b._significand) << (b._exponent - exponent);
        BigInteger sum = (a._negative ? -x : x) + (b._negative ? -y : y);
        if (sum.IsZero)
        {
            return default;
        }
        bool negative = sum.Sign < 0;
        return Round(negative, BigInteger.Abs(sum), BigInteger.One, exponent);
    }

    /// <summary>
    /// Rounds the exact positive value numerator / denominator * 2^binaryExponent to the nearest long double
    /// (ties to even), with gradual underflow to subnormals and overflow to infinity.
    /// </summary>
    private static LongDouble Round(bool negative, BigInteger numerator, BigInteger denominator, int binaryExponent)
    {
        // floor(log2(numerator / denominator)), exactly.
        long log2 = (long)numerator.GetBitLength() - (long)denominator.GetBitLength();
        bool below = log2 >= 0 ? numerator < (denominator << (int)log2) : (numerator << (int)-log2) < denominator;
        if (below)
        {
            log2--;
        }
        long top = log2 + binaryExponent;
        long exponent = Math.Max(top - (Precision - 1), MinExponent);
        if (exponent > MaxExponent)
        {
            return new LongDouble(negative, 0, 0, true);
        }
        // significand = numerator * 2^(binaryExponent - exponent) / denominator, with its remainder.
        long shift = binaryExponent - exponent;
        BigInteger scaledNumerator = numerator;
        BigInteger scaledDenominator = denominator;
        if (shift >= 0)
        {
            scaledNumerator <<= (int)shift;
        }
        else
        {
            scaledDenominator <<= (int)-shift;
        }
        BigInteger quotient = BigInteger.DivRem(scaledNumerator, scaledDenominator, out BigInteger remainder);
        int half = (remainder << 1).CompareTo(scaledDenominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient += 1;
        }
        if (quotient.GetBitLength() > Precision)
        {
            quotient >>= 1;
            exponent++;
            if (exponent > MaxExponent)
            {
                return new LongDouble(negative, 0, 0, true);
            }
        }
        return new LongDouble(negative, (ulong)quotient, (int)exponent, false);
    }

    /// <summary>
    /// ld2string with LD_STR_HUMAN: "%.17Lf" (exact decimal expansion rounded half-even at 17 decimals, as
    /// glibc prints), then trailing zeros and a trailing '.' removed; "-0" becomes "0". Infinity
    /// prints as "inf"/"-inf" (never stored: INCRBYFLOAT rejects it first).
    /// </summary>
    public byte[] FormatHumanFriendly()
    {
        if (_infinite)
        {
            return _negative ? "-inf"u8.ToArray() : "inf"u8.ToArray();
        }
        BigInteger integerPart;
        BigInteger fraction = BigInteger.Zero;
        if (_exponent >= 0)
        {
            integerPart = new BigInteger(_significand) << _exponent;
        }
        else
        {
            BigInteger scaled = new BigInteger(_significand) * s_fractionScale;
            int shift = -_exponent;
            BigInteger quotient = scaled >> shift;
            BigInteger remainder = scaled - (quotient << shift);
            int half = (remainder << 1).CompareTo(BigInteger.One << shift);
            if (half > 0 || (half == 0 && !quotient.IsEven))
            {
                quotient += 1;
            }
            integerPart = BigInteger.DivRem(quotient, s_fractionScale, out fraction);
        }
        string digits = integerPart.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string text;
        if (fraction.IsZero)
        {
            text = digits;
        }
        else
        {
            string decimals = fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)
                .PadLeft(FractionDigits, '0').TrimEnd('0');
            text = digits + "." + decimals;
        }
        if (_negative && text != "0")
        {
            text = "-" + text;
        }
        return System.Text.Encoding.ASCII.GetBytes(text);
    }
}
