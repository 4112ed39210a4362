using System.Buffers;
using System.Buffers.Binary;
using KeraLua;

namespace KvServer.Engine.Scripting;

/// <summary>
/// struct for scripts: Roberto Ierusalimschy's struct library (struct.c 1.4) as Redis 7.0 ships it
/// (deps/lua/src/lua_struct.c, with its integral-size overflow and offset checks), on x86-64 Linux:
/// formats &gt; &lt; ![n] x b B h H l L T i[n] I[n] f d s c[n] and ' ', little endian by default, long and
/// size_t of 8 bytes, int of 4, maximum alignment 8. pack(fmt, ...), unpack(fmt, data [, pos]) returning the
/// values then the next position, size(fmt).
/// </summary>
/// <remarks>The prelude calls <see cref="Dispatch"/> as raw_struct(operation, args...).</remarks>
internal static class LuaStruct
{
    private const int MaxIntSize = 32;
    private const int MaxAlign = 8;

    /// <summary>raw_struct(operation, args...) -> true, results... | false, message.</summary>
    public static int Dispatch(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        try
        {
            string operation = lua.ToString(1) ?? "";
            string? error;
            int pushed = 2;
            switch (operation)
            {
                case "pack":
                    error = Pack(lua);
                    break;
                case "unpack":
                    error = Unpack(lua, out int results);
                    pushed = results + 2;
                    break;
                default:
                    error = Size(lua);
                    break;
            }
            return error is null ? pushed : LuaRunner.PushFailure(lua, error);
        }
        catch (Exception ex)
        {
            return LuaRunner.PushFailure(lua, ex.Message);
        }
    }

    private struct Header
    {
        public bool Little;
        public int Align;
    }

    private sealed class Format(byte[] text)
    {
        private int _position;

        public bool AtEnd => _position >= text.Length || text[_position] == 0;

        public byte Next() => text[_position++];

        // getnum with Redis's overflow check.
        public bool TryGetNumber(int fallback, out int value, out string? error)
        {
            error = null;
            if (_position >= text.Length || !char.IsAsciiDigit((char)text[_position]))
            {
                value = fallback;
                return true;
            }
            int a = 0;
            do
            {
                int digit = text[_position] - '0';
                if (a > int.MaxValue / 10 || a * 10 > int.MaxValue - digit)
                {
                    value = 0;
                    error = "integral size overflow";
                    return false;
                }
                a = a * 10 + digit;
                _position++;
            }
            while (_position < text.Length && char.IsAsciiDigit((char)text[_position]));
            value = a;
            return true;
        }
    }

    // optsize: the size of one option (0 for controls, 's' and unknown letters).
    private static bool OptionSize(byte option, Format format, out long size, out string? error)
    {
        error = null;
        size = 0;
        switch (option)
        {
            case (byte)'B' or (byte)'b' or (byte)'x':
                size = 1;
                return true;
            case (byte)'H' or (byte)'h':
                size = 2;
                return true;
            case (byte)'L' or (byte)'l' or (byte)'T' or (byte)'d':
                size = 8;
                return true;
            case (byte)'f':
                size = 4;
                return true;
            case (byte)'c':
            {
                if (!format.TryGetNumber(1, out int n, out error))
                {
                    return false;
                }
                size = n;
                return true;
            }
            case (byte)'i' or (byte)'I':
            {
                if (!format.TryGetNumber(4, out int n, out error))
                {
                    return false;
                }
                if (n > MaxIntSize)
                {
                    error = $"integral size {n} is larger than limit of {MaxIntSize}";
                    return false;
                }
                size = n;
                return true;
            }
            default:
                return true;
        }
    }

    // gettoalign: padding before an item of 'size' at offset 'length' (never for 'c').
    private static long ToAlign(long length, Header header, byte option, long size)
    {
        if (size == 0 || option == 'c')
        {
            return 0;
        }
        if (size > header.Align)
        {
            size = header.Align;
        }
        return (size - (length & (size - 1))) & (size - 1);
    }

    // controloptions: ' ', '>', '<', '!'; anything else is an invalid option.
    private static string? ControlOption(byte option, Format format, ref Header header, string function)
    {
        switch (option)
        {
            case (byte)' ':
                return null;
            case (byte)'>':
                header.Little = false;
                return null;
            case (byte)'<':
                header.Little = true;
                return null;
            case (byte)'!':
            {
                if (!format.TryGetNumber(MaxAlign, out int a, out string? error))
                {
                    return error;
                }
                if (a <= 0 || (a & (a - 1)) != 0)
                {
                    return $"alignment {a} is not a power of 2";
                }
                header.Align = a;
                return null;
            }
            default:
                return Lua51.BadArgument(1, function, $"invalid format option '{(char)option}'");
        }
    }

    private static bool IsIntegerOption(byte option) => option is (byte)'b' or (byte)'B' or (byte)'h' or (byte)'H'
        or (byte)'l' or (byte)'L' or (byte)'T' or (byte)'i' or (byte)'I';

    // b_pack. Arguments start at stack index 2 (index 1 is the operation); argument numbers are the user's.
    private static string? Pack(Lua lua)
    {
        int arguments = lua.GetTop() - 1;
        if (!Lua51.CheckString(lua, 2, 1, "pack", out byte[] formatText, out string? error))
        {
            return error;
        }
        var format = new Format(formatText);
        var header = new Header { Little = true, Align = 1 };
        var output = new ArrayBufferWriter<byte>();
        int argument = 2;
        long totalSize = 0;
        while (!format.AtEnd)
        {
            byte option = format.Next();
            if (!OptionSize(option, format, out long size, out error))
            {
                return error;
            }
            long toAlign = ToAlign(totalSize, header, option, size);
            totalSize += toAlign;
            output.Write(new byte[toAlign]);
            if (IsIntegerOption(option))
            {
                if (!CheckNumberArgument(lua, argument++, arguments, out double number, out error))
                {
                    return error;
                }
                PutInteger(output, number, header.Little, (int)size);
            }
            else if (option == 'x')
            {
                output.Write("\0"u8);
            }
            else if (option == 'f')
            {
                if (!CheckNumberArgument(lua, argument++, arguments, out double number, out error))
                {
                    return error;
                }
                Span<byte> bytes = output.GetSpan(4);
                if (header.Little)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)number);
                }
                else
                {
                    BinaryPrimitives.WriteSingleBigEndian(bytes, (float)number);
                }
                output.Advance(4);
            }
            else if (option == 'd')
            {
                if (!CheckNumberArgument(lua, argument++, arguments, out double number, out error))
                {
                    return error;
                }
                Span<byte> bytes = output.GetSpan(8);
                if (header.Little)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes, number);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleBigEndian(bytes, number);
                }
                output.Advance(8);
            }
            else if (option is (byte)'c' or (byte)'s')
            {
                int index = argument++;
                if (!CheckStringArgument(lua, index, arguments, out byte[] text, out error))
                {
                    return error;
                }
                if (size == 0)
                {
                    size = text.Length;
                }
                if (text.Length < size)
                {
                    // luaL_argcheck after arg++: the message names the next argument, as struct.c does.
                    return Lua51.BadArgument(argument, "pack", "string too short");
                }
                output.Write(text.AsSpan(0, (int)size));
                if (option == 's')
                {
                    output.Write("\0"u8);
                    size++;
                }
            }
            else if ((error = ControlOption(option, format, ref header, "pack")) is not null)
            {
                return error;
            }
            totalSize += size;
        }
        lua.PushBoolean(true);
        lua.PushBuffer(output.WrittenSpan.ToArray());
        return null;
    }

    // b_pack pushes a nil after its arguments, so the first missing argument reads as nil, later ones as no value.
    private static bool CheckNumberArgument(Lua lua, int argument, int arguments, out double value, out string? error)
    {
        if (argument > arguments && argument == arguments + 1)
        {
            value = 0;
            error = Lua51.BadArgument(argument, "pack", "number expected, got nil");
            return false;
        }
        return Lua51.CheckNumber(lua, argument + 1, argument, "pack", out value, out error);
    }

    private static bool CheckStringArgument(Lua lua, int argument, int arguments, out byte[] value, out string? error)
    {
        if (argument > arguments && argument == arguments + 1)
        {
            value = [];
            error = Lua51.BadArgument(argument, "pack", "string expected, got nil");
            return false;
        }
        return Lua51.CheckString(lua, argument + 1, argument, "pack", out value, out error);
    }

    // putinteger: negative numbers through (long), others through (unsigned long); bytes past 8 are zero.
    private static void PutInteger(ArrayBufferWriter<byte> output, double number, bool little, int size)
    {
        ulong value = number < 0 ? (ulong)Lua51.DoubleToInt64(number) : Lua51.DoubleToUInt64(number);
        Span<byte> bytes = output.GetSpan(Math.Max(size, 1))[..size];
        for (int i = 0; i < size; i++)
        {
            bytes[little ? i : size - 1 - i] = (byte)(value & 0xff);
            value >>= 8;
        }
        output.Advance(size);
    }

    // b_unpack
    private static string? Unpack(Lua lua, out int results)
    {
        results = 0;
        if (!Lua51.CheckString(lua, 2, 1, "unpack", out byte[] formatText, out string? error)
            || !Lua51.CheckString(lua, 3, 2, "unpack", out byte[] data, out error)
            || !Lua51.OptInteger(lua, 4, 3, "unpack", 1, out long start, out error))
        {
            return error;
        }
        ulong position = unchecked((ulong)start);
        if (position == 0)
        {
            return Lua51.BadArgument(3, "unpack", "offset must be 1 or greater");
        }
        position--;
        lua.SetTop(3);
        lua.PushBoolean(true);
        var format = new Format(formatText);
        var header = new Header { Little = true, Align = 1 };
        ulong length = (ulong)data.Length;
        while (!format.AtEnd)
        {
            byte option = format.Next();
            if (!OptionSize(option, format, out long optionSize, out error))
            {
                return Fail(lua, error!);
            }
            ulong size = (ulong)optionSize;
            position += (ulong)ToAlign((long)position, header, option, optionSize);
            if (size > length || position > length - size)
            {
                return Fail(lua, Lua51.BadArgument(2, "unpack", "data string too short"));
            }
            // luaL_checkstack(L, 2, ...): the 5.1 stack holds fmt, data and the results so far.
            if (2 + results + 2 > Lua51.MaxCStack || !lua.CheckStack(4))
            {
                return Fail(lua, "stack overflow (too many results)");
            }
            int at = (int)position;
            if (IsIntegerOption(option))
            {
                Lua51.PushNumber(lua, GetInteger(data.AsSpan(at), header.Little, char.IsAsciiLetterLower((char)option), (int)size));
                results++;
            }
            else if (option == 'f')
            {
                float f = header.Little ? BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at)) : BinaryPrimitives.ReadSingleBigEndian(data.AsSpan(at));
                Lua51.PushNumber(lua, f);
                results++;
            }
            else if (option == 'd')
            {
                double d = header.Little ? BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(at)) : BinaryPrimitives.ReadDoubleBigEndian(data.AsSpan(at));
                Lua51.PushNumber(lua, d);
                results++;
            }
            else if (option == 'c')
            {
                if (size == 0)
                {
                    if (results == 0 || !Lua51.TryGetNumber(lua, -1, out double previous))
                    {
                        return Fail(lua, "format 'c0' needs a previous size");
                    }
                    size = (ulong)Lua51.DoubleToInt64(previous);
                    lua.Pop(1);
                    results--;
                    if (size > length || position > length - size)
                    {
                        return Fail(lua, Lua51.BadArgument(2, "unpack", "data string too short"));
                    }
                }
                lua.PushBuffer(data.AsSpan(at, (int)size).ToArray());
                results++;
            }
            else if (option == 's')
            {
                int end = Array.IndexOf(data, (byte)0, at);
                if (end < 0)
                {
                    return Fail(lua, "unfinished string in data");
                }
                size = (ulong)(end - at + 1);
                lua.PushBuffer(data.AsSpan(at, end - at).ToArray());
                results++;
            }
            else if (option != 'x' && (error = ControlOption(option, format, ref header, "unpack")) is not null)
            {
                return Fail(lua, error);
            }
            position += size;
        }
        lua.PushInteger((long)(position + 1));
        return null;
    }

    private static string Fail(Lua lua, string error)
    {
        lua.SetTop(3);
        return error;
    }

    // getinteger: accumulate into an unsigned long (C shifts are modulo 64), sign-extend signed formats.
    private static double GetInteger(ReadOnlySpan<byte> bytes, bool little, bool signed, int size)
    {
        ulong value = 0;
        for (int i = 0; i < size; i++)
        {
            value <<= 8;
            value |= bytes[little ? size - 1 - i : i];
        }
        if (!signed)
        {
            return value;
        }
        ulong mask = ulong.MaxValue << ((size * 8 - 1) & 63);
        if ((value & mask) != 0)
        {
            value |= mask;
        }
        return (long)value;
    }

    // b_size
    private static string? Size(Lua lua)
    {
        if (!Lua51.CheckString(lua, 2, 1, "size", out byte[] formatText, out string? error))
        {
            return error;
        }
        var format = new Format(formatText);
        var header = new Header { Little = true, Align = 1 };
        long position = 0;
        while (!format.AtEnd)
        {
            byte option = format.Next();
            if (!OptionSize(option, format, out long size, out error))
            {
                return error;
            }
            position += ToAlign(position, header, option, size);
            if (option == 's')
            {
                return Lua51.BadArgument(1, "size", "option 's' has no fixed size");
            }
            if (option == 'c' && size == 0)
            {
                return Lua51.BadArgument(1, "size", "option 'c0' has no fixed size");
            }
            if (!char.IsAsciiLetterOrDigit((char)option) && (error = ControlOption(option, format, ref header, "size")) is not null)
            {
                return error;
            }
            position += size;
        }
        lua.PushBoolean(true);
        lua.PushInteger(position);
        return null;
    }
}
