using System.Buffers;
using System.Buffers.Binary;
using KeraLua;

namespace KvServer.Engine.Scripting;

/// <summary>
/// cmsgpack for scripts, with the behaviour of lua-cmsgpack 0.4.0 as Redis 7.0 builds it for Lua 5.1
/// (deps/lua/src/lua_cmsgpack.c): pack(...) concatenates the encoding of every argument; unpack(s) returns
/// every value in s; unpack_one(s [, offset]) and unpack_limit(s, limit [, offset]) return the next offset
/// (-1 at the end) first. Numbers are doubles: integral ones are packed as the smallest integer type, others
/// as float32 when exact, else float64. A table is an array when its keys are exactly 1..n, else a map;
/// tables nested 16 deep and values without a msgpack type (functions, cjson.null) are packed as nil.
/// </summary>
/// <remarks>The prelude calls <see cref="Dispatch"/> as raw_msgpack(operation, args...).</remarks>
internal static class LuaMessagePack
{
    private const int MaxNesting = 16;

    /// <summary>raw_msgpack(operation, args...) -> true, results... | false, message [, runtime].</summary>
    public static int Dispatch(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        try
        {
            string operation = lua.ToString(1) ?? "";
            return operation switch
            {
                "pack" => Pack(lua),
                "unpack" => Unpack(lua, "unpack", 0, 0),
                "unpack_one" => UnpackOne(lua),
                _ => UnpackLimit(lua),
            };
        }
        catch (Exception ex)
        {
            return LuaRunner.PushFailure(lua, ex.Message);
        }
    }

    // mp_pack
    private static int Pack(Lua lua)
    {
        int count = lua.GetTop() - 1;
        if (count == 0)
        {
            return LuaRunner.PushFailure(lua, Lua51.BadArgument(0, "pack", "MessagePack pack needs input."));
        }
        var buffer = new ArrayBufferWriter<byte>();
        for (int i = 2; i <= count + 1; i++)
        {
            lua.PushCopy(i);
            EncodeValue(lua, buffer, 0);
            lua.Pop(1);
        }
        lua.PushBoolean(true);
        lua.PushBuffer(buffer.WrittenSpan.ToArray());
        return 2;
    }

    private static void EncodeValue(Lua lua, ArrayBufferWriter<byte> buffer, int level)
    {
        lua.CheckStack(4);
        LuaType type = lua.Type(-1);
        if (type == LuaType.Table && level == MaxNesting)
        {
            type = LuaType.Nil;
        }
        switch (type)
        {
            case LuaType.String:
                EncodeBytes(buffer, lua.ToBuffer(-1, false) ?? []);
                break;
            case LuaType.Boolean:
                Write(buffer, lua.ToBoolean(-1) ? (byte)0xc3 : (byte)0xc2);
                break;
            case LuaType.Number:
                EncodeNumber(buffer, lua.IsInteger(-1) ? lua.ToInteger(-1) : lua.ToNumber(-1));
                break;
            case LuaType.Table:
                if (IsArray(lua, out int length))
                {
                    EncodeArrayHeader(buffer, (uint)length);
                    for (int i = 1; i <= length; i++)
                    {
                        lua.RawGetInteger(-1, i);
                        EncodeValue(lua, buffer, level + 1);
                        lua.Pop(1);
                    }
                }
                else
                {
                    EncodeMap(lua, buffer, level);
                }
                break;
            default:
                Write(buffer, 0xc0);
                break;
        }
    }

    private static void EncodeMap(Lua lua, ArrayBufferWriter<byte> buffer, int level)
    {
        uint count = 0;
        lua.PushNil();
        while (lua.Next(-2))
        {
            lua.Pop(1);
            count++;
        }
        EncodeMapHeader(buffer, count);
        lua.PushNil();
        while (lua.Next(-2))
        {
            lua.PushCopy(-2);
            EncodeValue(lua, buffer, level + 1);
            lua.Pop(1);
            EncodeValue(lua, buffer, level + 1);
            lua.Pop(1);
        }
    }

    // table_is_an_array (5.1 build): every key a number whose (int) cast is itself and > 0, and max == count.
    private static bool IsArray(Lua lua, out int length)
    {
        int count = 0;
        int max = 0;
        length = 0;
        lua.PushNil();
        while (lua.Next(-2))
        {
            lua.Pop(1);
            if (lua.Type(-1) != LuaType.Number)
            {
                lua.Pop(1);
                return false;
            }
            double key = lua.IsInteger(-1) ? lua.ToInteger(-1) : lua.ToNumber(-1);
            if (key <= 0 || Lua51.DoubleToInt32(key) != key)
            {
                lua.Pop(1);
                return false;
            }
            max = key > max ? (int)key : max;
            count++;
        }
        length = count;
        return max == count;
    }

    private static void Write(ArrayBufferWriter<byte> buffer, byte b)
    {
        buffer.GetSpan(1)[0] = b;
        buffer.Advance(1);
    }

    private static void WriteBigEndian(ArrayBufferWriter<byte> buffer, byte marker, ulong value, int size)
    {
        Span<byte> span = buffer.GetSpan(size + 1);
        span[0] = marker;
        for (int i = 0; i < size; i++)
        {
            span[size - i] = (byte)(value >> (8 * i));
        }
        buffer.Advance(size + 1);
    }

    private static void EncodeBytes(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        int length = bytes.Length;
        if (length < 32)
        {
            Write(buffer, (byte)(0xa0 | length));
        }
        else if (length <= 0xff)
        {
            WriteBigEndian(buffer, 0xd9, (ulong)length, 1);
        }
        else if (length <= 0xffff)
        {
            WriteBigEndian(buffer, 0xda, (ulong)length, 2);
        }
        else
        {
            WriteBigEndian(buffer, 0xdb, (ulong)length, 4);
        }
        buffer.Write(bytes);
    }

    // mp_encode_lua_number: integral doubles in int64 range as integers, others as float32 when exact.
    private static void EncodeNumber(ArrayBufferWriter<byte> buffer, double number)
    {
        if (!double.IsInfinity(number) && Lua51.DoubleToInt64(number) == number)
        {
            EncodeInteger(buffer, (long)number);
            return;
        }
        float single = (float)number;
        if (number == single)
        {
            WriteBigEndian(buffer, 0xca, BitConverter.SingleToUInt32Bits(single), 4);
        }
        else
        {
            WriteBigEndian(buffer, 0xcb, BitConverter.DoubleToUInt64Bits(number), 8);
        }
    }

    private static void EncodeInteger(ArrayBufferWriter<byte> buffer, long n)
    {
        if (n >= 0)
        {
            if (n <= 127)
            {
                Write(buffer, (byte)n);
            }
            else if (n <= 0xff)
            {
                WriteBigEndian(buffer, 0xcc, (ulong)n, 1);
            }
            else if (n <= 0xffff)
            {
                WriteBigEndian(buffer, 0xcd, (ulong)n, 2);
            }
            else if (n <= 0xffffffffL)
            {
                WriteBigEndian(buffer, 0xce, (ulong)n, 4);
            }
            else
            {
                WriteBigEndian(buffer, 0xcf, (ulong)n, 8);
            }
        }
        else if (n >= -32)
        {
            Write(buffer, (byte)(sbyte)n);
        }
        else if (n >= -128)
        {
            WriteBigEndian(buffer, 0xd0, (ulong)n, 1);
        }
        else if (n >= -32768)
        {
            WriteBigEndian(buffer, 0xd1, (ulong)n, 2);
        }
        else if (n >= -2147483648L)
        {
            WriteBigEndian(buffer, 0xd2, (ulong)n, 4);
        }
        else
        {
            WriteBigEndian(buffer, 0xd3, (ulong)n, 8);
        }
    }

    private static void EncodeArrayHeader(ArrayBufferWriter<byte> buffer, uint n)
    {
        if (n <= 15)
        {
            Write(buffer, (byte)(0x90 | n));
        }
        else if (n <= 65535)
        {
            WriteBigEndian(buffer, 0xdc, n, 2);
        }
        else
        {
            WriteBigEndian(buffer, 0xdd, n, 4);
        }
    }

    private static void EncodeMapHeader(ArrayBufferWriter<byte> buffer, uint n)
    {
        if (n <= 15)
        {
            Write(buffer, (byte)(0x80 | n));
        }
        else if (n <= 65535)
        {
            WriteBigEndian(buffer, 0xde, n, 2);
        }
        else
        {
            WriteBigEndian(buffer, 0xdf, n, 4);
        }
    }

    // mp_unpack_one(s [, offset])
    private static int UnpackOne(Lua lua)
    {
        if (!Lua51.OptInteger(lua, 3, 2, "unpack_one", 0, out long offset, out string? error))
        {
            return LuaRunner.PushFailure(lua, error!);
        }
        lua.SetTop(2);
        return Unpack(lua, "unpack_one", 1, offset);
    }

    // mp_unpack_limit(s, limit [, offset])
    private static int UnpackLimit(Lua lua)
    {
        if (!Lua51.CheckInteger(lua, 3, 2, "unpack_limit", out long limit, out string? error)
            || !Lua51.OptInteger(lua, 4, 3, "unpack_limit", 0, out long offset, out error))
        {
            return LuaRunner.PushFailure(lua, error!);
        }
        lua.SetTop(2);
        return Unpack(lua, "unpack_limit", limit, offset);
    }

    // mp_unpack_full: the first argument is at stack index 2 (index 1 is the operation).
    private static int Unpack(Lua lua, string function, long limit, long offset)
    {
        if (!Lua51.CheckString(lua, 2, 1, function, out byte[] data, out string? error))
        {
            return LuaRunner.PushFailure(lua, error!);
        }
        if (offset < 0 || limit < 0)
        {
            return LuaRunner.PushFailure(lua, $"Invalid request to unpack with offset of {(int)offset} and limit of {data.Length}.");
        }
        if (offset > data.Length)
        {
            return LuaRunner.PushFailure(lua, $"Start offset {(int)offset} greater than input length {data.Length}.");
        }
        bool decodeAll = limit == 0 && offset == 0;
        if (decodeAll)
        {
            limit = int.MaxValue;
        }
        int top = lua.GetTop();
        lua.PushBoolean(true);
        var decoder = new Decoder(lua, data, (int)offset, top - 1);
        int count = 0;
        for (; decoder.Left > 0 && count < limit; count++)
        {
            decoder.DecodeValue();
            if (decoder.Failure is not null)
            {
                lua.SetTop(top);
                lua.PushBoolean(false);
                lua.PushString(decoder.Failure);
                if (decoder.RuntimeFailure)
                {
                    lua.PushBoolean(true);
                    return 3;
                }
                return 2;
            }
            if (decoder.Status != DecodeStatus.Ok)
            {
                lua.SetTop(top);
                return LuaRunner.PushFailure(lua, decoder.Status == DecodeStatus.Eof ? "Missing bytes in input." : "Bad data format in input.");
            }
        }
        if (!decodeAll)
        {
            lua.PushInteger(decoder.Left == 0 ? -1 : data.Length - decoder.Left);
            lua.Insert(top + 2);
            count++;
        }
        return count + 1;
    }

    private enum DecodeStatus
    {
        Ok,
        Eof,
        BadFormat,
    }

    /// <summary>
    /// mp_decode_to_lua_type over a cursor. <see cref="_cStackTop"/> follows the 5.1 C stack so that
    /// unpacking too many values at once fails as it does in Redis.
    /// </summary>
    private sealed class Decoder(Lua lua, byte[] data, int position, int cStackTop)
    {
        private int _position = position;
        private int _cStackTop = cStackTop;

        public int Left => data.Length - _position;

        public DecodeStatus Status { get; private set; }

        /// <summary>A Lua error raised while decoding (stack overflow, a nil or NaN map key).</summary>
        public string? Failure { get; private set; }

        /// <summary>Whether <see cref="Failure"/> is a runtime error (no script position in its text).</summary>
        public bool RuntimeFailure { get; private set; }

        private bool Need(int count)
        {
            if (Left < count)
            {
                Status = DecodeStatus.Eof;
                return false;
            }
            return true;
        }

        private bool CheckStack(string message)
        {
            if (_cStackTop + 1 > Lua51.MaxCStack || !lua.CheckStack(4))
            {
                Failure = $"stack overflow ({message})";
                return false;
            }
            return true;
        }

        private ulong ReadBigEndian(int offset, int size)
        {
            ulong value = 0;
            for (int i = 0; i < size; i++)
            {
                value = (value << 8) | data[_position + offset + i];
            }
            return value;
        }

        private bool PushBytes(int headerSize, int lengthSize)
        {
            if (!Need(headerSize))
            {
                return false;
            }
            ulong length = lengthSize == 0 ? (ulong)(data[_position] & 0x1f) : ReadBigEndian(1, lengthSize);
            if ((ulong)Left < (ulong)headerSize + length)
            {
                Status = DecodeStatus.Eof;
                return false;
            }
            lua.PushBuffer(data.AsSpan(_position + headerSize, (int)length).ToArray());
            _position += headerSize + (int)length;
            return true;
        }

        private bool PushScalar(int size, double value)
        {
            Lua51.PushNumber(lua, value);
            _position += size;
            return true;
        }

        /// <summary>Decodes one value and leaves it on the stack; on failure sets Status or Failure.</summary>
        public bool DecodeValue()
        {
            if (!Need(1))
            {
                return false;
            }
            if (!CheckStack("too many return values at once; use unpack_one or unpack_limit instead."))
            {
                return false;
            }
            byte marker = data[_position];
            bool ok = marker switch
            {
                0xcc => Need(2) && PushScalar(2, data[_position + 1]),
                0xd0 => Need(2) && PushScalar(2, (sbyte)data[_position + 1]),
                0xcd => Need(3) && PushScalar(3, (ushort)ReadBigEndian(1, 2)),
                0xd1 => Need(3) && PushScalar(3, (short)ReadBigEndian(1, 2)),
                0xce => Need(5) && PushScalar(5, (uint)ReadBigEndian(1, 4)),
                0xd2 => Need(5) && PushScalar(5, (int)ReadBigEndian(1, 4)),
                // lua_pushinteger of the unsigned value: ptrdiff_t wraps past 2^63.
                0xcf => Need(9) && PushScalar(9, (long)ReadBigEndian(1, 8)),
                0xd3 => Need(9) && PushScalar(9, (long)ReadBigEndian(1, 8)),
                0xc0 => PushSimple(() => lua.PushNil()),
                0xc3 => PushSimple(() => lua.PushBoolean(true)),
                0xc2 => PushSimple(() => lua.PushBoolean(false)),
                0xca => Need(5) && PushScalar(5, BinaryPrimitives.ReadSingleBigEndian(data.AsSpan(_position + 1, 4))),
                0xcb => Need(9) && PushScalar(9, BinaryPrimitives.ReadDoubleBigEndian(data.AsSpan(_position + 1, 8))),
                0xd9 => PushBytes(2, 1),
                0xda => PushBytes(3, 2),
                0xdb => PushBytes(5, 4),
                0xdc => Need(3) && DecodeArray(3, ReadBigEndian(1, 2)),
                0xdd => Need(5) && DecodeArray(5, ReadBigEndian(1, 4)),
                0xde => Need(3) && DecodeMap(3, ReadBigEndian(1, 2)),
                0xdf => Need(5) && DecodeMap(5, ReadBigEndian(1, 4)),
                _ when (marker & 0x80) == 0 => PushScalar(1, marker),
                _ when (marker & 0xe0) == 0xe0 => PushScalar(1, (sbyte)marker),
                _ when (marker & 0xe0) == 0xa0 => PushBytes(1, 0),
                _ when (marker & 0xf0) == 0x90 => DecodeArray(1, (ulong)(marker & 0xf)),
                _ when (marker & 0xf0) == 0x80 => DecodeMap(1, (ulong)(marker & 0xf)),
                _ => BadFormat(),
            };
            if (ok)
            {
                _cStackTop++;
            }
            return ok;
        }

        private bool PushSimple(Action push)
        {
            push();
            _position++;
            return true;
        }

        private bool BadFormat()
        {
            Status = DecodeStatus.BadFormat;
            return false;
        }

        private bool DecodeArray(int headerSize, ulong length)
        {
            _position += headerSize;
            lua.CreateTable(0, 0);
            _cStackTop++;
            if (!CheckStack("in function mp_decode_to_lua_array"))
            {
                return false;
            }
            for (ulong i = 1; i <= length; i++)
            {
                _cStackTop++;
                if (!DecodeValue())
                {
                    return false;
                }
                _cStackTop -= 2;
                lua.RawSetInteger(-2, (long)i);
            }
            _cStackTop--;
            return true;
        }

        private bool DecodeMap(int headerSize, ulong length)
        {
            _position += headerSize;
            lua.CreateTable(0, 0);
            _cStackTop++;
            for (ulong i = 0; i < length; i++)
            {
                if (!DecodeValue() || !DecodeValue())
                {
                    return false;
                }
                _cStackTop -= 2;
                if (!SetField())
                {
                    return false;
                }
            }
            _cStackTop--;
            return true;
        }

        // lua_settable raises for a nil or NaN key; we report the same runtime error instead.
        private bool SetField()
        {
            LuaType keyType = lua.Type(-2);
            if (keyType == LuaType.Nil)
            {
                return RuntimeError("table index is nil");
            }
            if (keyType == LuaType.Number && !lua.IsInteger(-2) && double.IsNaN(lua.ToNumber(-2)))
            {
                return RuntimeError("table index is NaN");
            }
            lua.RawSet(-3);
            return true;
        }

        private bool RuntimeError(string message)
        {
            Failure = message;
            RuntimeFailure = true;
            return false;
        }
    }
}
