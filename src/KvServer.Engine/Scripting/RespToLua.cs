using System.Buffers.Text;
using System.Globalization;
using KeraLua;

namespace KvServer.Engine.Scripting;

/// <summary>
/// Converts a command's reply (the RESP the script client received) into a Lua value with Redis's rules
/// (script_lua.c redisProtocolToLuaType): integer → number, bulk → string, nil → false (RESP2) or nil
/// (RESP3), status → {ok=...}, error → {err=...}, array → table; RESP3 maps, sets, doubles, booleans, big
/// numbers and verbatim strings → {map=}, {set=}, {double=}, boolean, {big_number=}, {verbatim_string=}.
/// </summary>
internal static class RespToLua
{
    public static void Push(Lua lua, ReadOnlySpan<byte> resp)
    {
        int position = 0;
        PushValue(lua, resp, ref position);
    }

    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> resp, ref int position)
    {
        int end = resp[position..].IndexOf("\r\n"u8);
        ReadOnlySpan<byte> line = resp.Slice(position, end);
        position += end + 2;
        return line;
    }

    private static long Number(ReadOnlySpan<byte> text)
    {
        Utf8Parser.TryParse(text, out long value, out _);
        return value;
    }

    private static void PushValue(Lua lua, ReadOnlySpan<byte> resp, ref int position)
    {
        lua.CheckStack(4);
        byte type = resp[position++];
        ReadOnlySpan<byte> line = Line(resp, ref position);
        switch (type)
        {
            case (byte)':':
                lua.PushInteger(Number(line));
                break;
            case (byte)'$':
            {
                long length = Number(line);
                if (length < 0)
                {
                    lua.PushBoolean(false);
                    break;
                }
                lua.PushBuffer(resp.Slice(position, (int)length).ToArray());
                position += (int)length + 2;
                break;
            }
            case (byte)'+':
                PushSingleField(lua, "ok", line);
                break;
            case (byte)'-':
                PushSingleField(lua, "err", line);
                break;
            case (byte)'*':
            {
                long count = Number(line);
                if (count < 0)
                {
                    lua.PushBoolean(false);
                    break;
                }
                PushArray(lua, resp, ref position, count);
                break;
            }
            case (byte)'_':
                lua.PushNil();
                break;
            case (byte)'#':
                lua.PushBoolean(line[0] == (byte)'t');
                break;
            case (byte)',':
            {
                lua.CreateTable(0, 1);
                lua.PushNumber(ParseDouble(line));
                lua.SetField(-2, "double");
                break;
            }
            case (byte)'(':
                PushSingleField(lua, "big_number", line);
                break;
            case (byte)'=':
            {
                long length = Number(line);
                ReadOnlySpan<byte> body = resp.Slice(position, (int)length);
                position += (int)length + 2;
                lua.CreateTable(0, 1);
                lua.CreateTable(0, 2);
                lua.PushBuffer(body[..3].ToArray());
                lua.SetField(-2, "format");
                lua.PushBuffer(body[4..].ToArray());
                lua.SetField(-2, "string");
                lua.SetField(-2, "verbatim_string");
                break;
            }
            case (byte)'%':
            {
                long count = Number(line);
                lua.CreateTable(0, 1);
                lua.CreateTable(0, (int)Math.Min(count, 1024));
                for (long i = 0; i < count; i++)
                {
                    PushValue(lua, resp, ref position);
                    PushValue(lua, resp, ref position);
                    lua.SetTable(-3);
                }
                lua.SetField(-2, "map");
                break;
            }
            case (byte)'~':
            {
                long count = Number(line);
                lua.CreateTable(0, 1);
                lua.CreateTable(0, (int)Math.Min(count, 1024));
                for (long i = 0; i < count; i++)
                {
                    PushValue(lua, resp, ref position);
                    lua.PushBoolean(true);
                    lua.SetTable(-3);
                }
                lua.SetField(-2, "set");
                break;
            }
            case (byte)'>':
                PushArray(lua, resp, ref position, Number(line));
                break;
            default:
                lua.PushNil();
                break;
        }
    }

    private static void PushArray(Lua lua, ReadOnlySpan<byte> resp, ref int position, long count)
    {
        lua.CreateTable((int)Math.Min(count, 1 << 20), 0);
        for (long i = 0; i < count; i++)
        {
            PushValue(lua, resp, ref position);
            lua.RawSetInteger(-2, i + 1);
        }
    }

    private static void PushSingleField(Lua lua, string field, ReadOnlySpan<byte> value)
    {
        lua.CreateTable(0, 1);
        lua.PushBuffer(value.ToArray());
        lua.SetField(-2, field);
    }

    private static double ParseDouble(ReadOnlySpan<byte> text)
    {
        string s = System.Text.Encoding.ASCII.GetString(text);
        return s switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" => double.NaN,
            _ => double.Parse(s, CultureInfo.InvariantCulture),
        };
    }
}
