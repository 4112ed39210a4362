using System.Globalization;
using System.Text;
using KeraLua;

namespace KvServer.Engine.Scripting;

/// <summary>
/// What the C libraries Redis bundles (cjson, cmsgpack, struct) see of Lua 5.1, rebuilt on Lua 5.4 for their
/// C# ports (<see cref="LuaJson"/>, <see cref="LuaMessagePack"/>, <see cref="LuaStruct"/>): argument checks with
/// lauxlib's error texts ("bad argument #1 to 'pack' (number expected, got nil)"), 5.1 numbers (every number
/// is a double; integral ones print without ".0") and the C library's number parsing and printing.
/// </summary>
/// <remarks>
/// Callers never raise Lua errors: a failed check returns the message and the callback returns
/// (false, message) for the prelude to raise.
/// </remarks>
internal static class Lua51
{
    /// <summary>
    /// Lua 5.1 refuses to grow a C function's stack past LUAI_MAXCSTACK slots; the libraries report that as
    /// "stack overflow (...)", which decides how many values cmsgpack.unpack and struct.unpack can return.
    /// </summary>
    public const int MaxCStack = 8000;

    /// <summary>lua_typename for the type at <paramref name="index"/> ("no value" past the top).</summary>
    public static string TypeName(Lua lua, int index) => index > lua.GetTop() ? "no value" : TypeName(lua.Type(index));

    public static string TypeName(LuaType type) => type switch
    {
        LuaType.None => "no value",
        LuaType.Nil => "nil",
        LuaType.Boolean => "boolean",
        LuaType.LightUserData or LuaType.UserData => "userdata",
        LuaType.Number => "number",
        LuaType.String => "string",
        LuaType.Table => "table",
        LuaType.Function => "function",
        _ => "thread",
    };

    /// <summary>luaL_argerror's text.</summary>
    public static string BadArgument(int argument, string function, string message) =>
        $"bad argument #{argument.ToString(CultureInfo.InvariantCulture)} to '{function}' ({message})";

    /// <summary>luaL_typerror's text, e.g. "bad argument #2 to 'pack' (number expected, got nil)".</summary>
    public static string TypeError(Lua lua, int index, int argument, string function, string expected) =>
        BadArgument(argument, function, $"{expected} expected, got {TypeName(lua, index)}");

    /// <summary>lua_isnumber + lua_tonumber: numbers, and strings that convert (as 5.1's luaO_str2d does).</summary>
    public static bool TryGetNumber(Lua lua, int index, out double value)
    {
        value = 0;
        if (index > lua.GetTop())
        {
            return false;
        }
        switch (lua.Type(index))
        {
            case LuaType.Number:
                value = lua.IsInteger(index) ? lua.ToInteger(index) : lua.ToNumber(index);
                return true;
            case LuaType.String:
                return TryParseNumber(lua.ToBuffer(index, false) ?? [], out value);
            default:
                return false;
        }
    }

    /// <summary>luaL_checknumber.</summary>
    public static bool CheckNumber(Lua lua, int index, int argument, string function, out double value, out string? error)
    {
        error = null;
        if (TryGetNumber(lua, index, out value))
        {
            return true;
        }
        error = TypeError(lua, index, argument, function, "number");
        return false;
    }

    /// <summary>luaL_checkinteger: a number truncated toward zero (lua_Integer is 64-bit).</summary>
    public static bool CheckInteger(Lua lua, int index, int argument, string function, out long value, out string? error)
    {
        value = 0;
        if (!CheckNumber(lua, index, argument, function, out double number, out error))
        {
            return false;
        }
        value = DoubleToInt64(number);
        return true;
    }

    /// <summary>luaL_optinteger: <paramref name="fallback"/> when the argument is absent or nil.</summary>
    public static bool OptInteger(Lua lua, int index, int argument, string function, long fallback, out long value, out string? error)
    {
        if (index > lua.GetTop() || lua.Type(index) == LuaType.Nil)
        {
            value = fallback;
            error = null;
            return true;
        }
        return CheckInteger(lua, index, argument, function, out value, out error);
    }

    /// <summary>luaL_checklstring: strings, and numbers converted with 5.1's "%.14g".</summary>
    public static bool CheckString(Lua lua, int index, int argument, string function, out byte[] value, out string? error)
    {
        error = null;
        if (TryGetString(lua, index, out value))
        {
            return true;
        }
        error = TypeError(lua, index, argument, function, "string");
        return false;
    }

    /// <summary>lua_isstring + lua_tolstring without touching the stack slot (safe inside lua_next loops).</summary>
    public static bool TryGetString(Lua lua, int index, out byte[] value)
    {
        value = [];
        if (index > lua.GetTop())
        {
            return false;
        }
        switch (lua.Type(index))
        {
            case LuaType.String:
                value = lua.ToBuffer(index, false) ?? [];
                return true;
            case LuaType.Number:
                value = Encoding.ASCII.GetBytes(NumberToString(lua, index));
                return true;
            default:
                return false;
        }
    }

    /// <summary>How Lua 5.1 prints the number at <paramref name="index"/> (tostring, lua_tolstring).</summary>
    public static string NumberToString(Lua lua, int index) => lua.IsInteger(index)
        ? lua.ToInteger(index).ToString(CultureInfo.InvariantCulture)
        : FormatG(lua.ToNumber(index), 14);

    /// <summary>
    /// Pushes a number the way a 5.1 library pushes a lua_Number, so that scripts see what they see in Redis:
    /// integral values within %.14g's integer range become Lua integers (tostring gives "1", not "1.0"),
    /// anything else stays a float.
    /// </summary>
    public static void PushNumber(Lua lua, double value)
    {
        if (Math.Abs(value) < 1e14 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            lua.PushInteger((long)value);
        }
        else
        {
            lua.PushNumber(value);
        }
    }

    /// <summary>C's (long long) cast of a double as x86-64 does it: out of range and NaN give LLONG_MIN.</summary>
    public static long DoubleToInt64(double value)
    {
        if (double.IsNaN(value) || value >= 9.2233720368547758E18 || value < -9.2233720368547758E18)
        {
            return long.MinValue;
        }
        return (long)value;
    }

    /// <summary>C's (unsigned long) cast of a non-negative double as gcc compiles it on x86-64.</summary>
    public static ulong DoubleToUInt64(double value)
    {
        if (double.IsNaN(value))
        {
            return 0x8000000000000000UL;
        }
        if (value < 9.2233720368547758E18)
        {
            return (ulong)DoubleToInt64(value);
        }
        // gcc subtracts 2^63, converts, and sets the top bit; past 2^64 the conversion overflows to LLONG_MIN.
        return (ulong)DoubleToInt64(value - 9.2233720368547758E18) ^ 0x8000000000000000UL;
    }

    /// <summary>C's (int) cast of a double as x86-64 does it (cvttsd2si): out of range gives INT_MIN.</summary>
    public static int DoubleToInt32(double value)
    {
        if (double.IsNaN(value) || value >= 2147483648.0 || value <= -2147483649.0)
        {
            return int.MinValue;
        }
        return (int)value;
    }

    /// <summary>5.1's luaO_str2d: strtod, or strtoul for "0x" numbers, with only trailing whitespace after it.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, out double value)
    {
        value = Strtod(text, 0, out int end);
        if (end == 0)
        {
            return false;
        }
        while (end < text.Length && IsSpace(text[end]))
        {
            end++;
        }
        return end == text.Length;
    }

    public static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool MatchesIgnoreCase(ReadOnlySpan<byte> text, int position, string word)
    {
        if (position + word.Length > text.Length)
        {
            return false;
        }
        for (int i = 0; i < word.Length; i++)
        {
            if ((text[position + i] | 0x20) != word[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// glibc's strtod from <paramref name="start"/>: leading whitespace, a sign, then a decimal or hexadecimal
    /// floating number, "inf"/"infinity" or "nan[(...)]". <paramref name="end"/> is the index after the number,
    /// or <paramref name="start"/> when nothing converts. Overflow gives ±inf, as strtod does.
    /// </summary>
    public static double Strtod(ReadOnlySpan<byte> text, int start, out int end)
    {
        end = start;
        int p = start;
        while (p < text.Length && IsSpace(text[p]))
        {
            p++;
        }
        bool negative = false;
        if (p < text.Length && (text[p] == '+' || text[p] == '-'))
        {
            negative = text[p] == '-';
            p++;
        }
        double magnitude;
        if (MatchesIgnoreCase(text, p, "inf"))
        {
            p += MatchesIgnoreCase(text, p, "infinity") ? 8 : 3;
            magnitude = double.PositiveInfinity;
        }
        else if (MatchesIgnoreCase(text, p, "nan"))
        {
            p += 3;
            if (p < text.Length && text[p] == '(')
            {
                int q = p + 1;
                while (q < text.Length && (IsDigit(text[q]) || (text[q] | 0x20) is >= 'a' and <= 'z' || text[q] == '_'))
                {
                    q++;
                }
                if (q < text.Length && text[q] == ')')
                {
                    p = q + 1;
                }
            }
            // strtod's NaN has the sign bit clear (.NET's double.NaN has it set).
            magnitude = BitConverter.Int64BitsToDouble(0x7FF8000000000000);
        }
        else if (p + 1 < text.Length && text[p] == '0' && (text[p + 1] | 0x20) == 'x'
                 && (HexValue(At(text, p + 2)) >= 0 || (At(text, p + 2) == '.' && HexValue(At(text, p + 3)) >= 0)))
        {
            magnitude = ParseHex(text, p + 2, out p);
        }
        else if (!TryParseDecimal(text, p, out p, out magnitude))
        {
            return 0;
        }
        end = p;
        return negative ? -magnitude : magnitude;
    }

    private static byte At(ReadOnlySpan<byte> text, int index) => index < text.Length ? text[index] : (byte)0;

    private static bool TryParseDecimal(ReadOnlySpan<byte> text, int start, out int end, out double value)
    {
        int p = start;
        int digits = 0;
        while (p < text.Length && IsDigit(text[p]))
        {
            p++;
            digits++;
        }
        if (p < text.Length && text[p] == '.')
        {
            p++;
            while (p < text.Length && IsDigit(text[p]))
            {
                p++;
                digits++;
            }
        }
        if (digits == 0)
        {
            end = start;
            value = 0;
            return false;
        }
        if (p < text.Length && (text[p] | 0x20) == 'e')
        {
            int q = p + 1;
            if (q < text.Length && (text[q] == '+' || text[q] == '-'))
            {
                q++;
            }
            if (q < text.Length && IsDigit(text[q]))
            {
                while (q < text.Length && IsDigit(text[q]))
                {
                    q++;
                }
                p = q;
            }
        }
        end = p;
        string number = Encoding.ASCII.GetString(text[start..p]);
        if (number[0] == '.')
        {
            number = "0" + number;
        }
        value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    // Hexadecimal floating constants ("0x1A", "0x1.8p3"): the digits then an optional binary exponent.
    private static double ParseHex(ReadOnlySpan<byte> text, int start, out int end)
    {
        int p = start;
        double mantissa = 0;
        int exponent = 0;
        while (HexValue(At(text, p)) >= 0)
        {
            mantissa = mantissa * 16 + HexValue(text[p]);
            p++;
        }
        if (At(text, p) == '.')
        {
            p++;
            while (HexValue(At(text, p)) >= 0)
            {
                mantissa = mantissa * 16 + HexValue(text[p]);
                exponent -= 4;
                p++;
            }
        }
        if ((At(text, p) | 0x20) == 'p')
        {
            int q = p + 1;
            bool negative = false;
            if (At(text, q) == '+' || At(text, q) == '-')
            {
                negative = text[q] == '-';
                q++;
            }
            if (IsDigit(At(text, q)))
            {
                int e = 0;
                while (IsDigit(At(text, q)))
                {
                    e = Math.Min(e * 10 + (text[q] - '0'), 100_000);
                    q++;
                }
                exponent += negative ? -e : e;
                p = q;
            }
        }
        end = p;
        return Math.ScaleB(mantissa, exponent);
    }

    /// <summary>C's printf("%.<paramref name="precision"/>g", value), as glibc prints it.</summary>
    public static string FormatG(double value, int precision)
    {
        if (double.IsNaN(value))
        {
            return double.IsNegative(value) ? "-nan" : "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (precision == 0)
        {
            precision = 1;
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }
        // The rounded scientific form gives the digits and the exponent printf decides with.
        string scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int ePosition = scientific.IndexOf('E');
        int exponent = int.Parse(scientific.AsSpan(ePosition + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string text;
        if (exponent < -4 || exponent >= precision)
        {
            string mantissa = TrimFraction(scientific[..ePosition]);
            string sign = exponent < 0 ? "-" : "+";
            int absolute = Math.Abs(exponent);
            text = mantissa + "e" + sign + (absolute < 10 ? "0" : "") + absolute.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            text = TrimFraction(value.ToString("F" + (precision - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
        return text;
    }

    private static string TrimFraction(string number)
    {
        if (number.IndexOf('.') < 0)
        {
            return number;
        }
        number = number.TrimEnd('0');
        return number.EndsWith('.') ? number[..^1] : number;
    }
}
