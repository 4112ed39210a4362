using KeraLua;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Scripting;

/// <summary>
/// Converts a script's return value into the reply for its caller, with Redis's rules
/// (script_lua.c luaReplyToRedisReply): string → bulk, number → integer (truncated), boolean → 1/nil in
/// RESP2 and true/false in RESP3, {err=} → error, {ok=} → status, {double=}, {big_number=}, {map=}, {set=},
/// {verbatim_string=}, other tables → arrays up to the first nil, anything else → nil.
/// </summary>
internal static class LuaToResp
{
    private const int MaxDepth = 1000;

    public static void Write(Lua lua, RespWriter reply, int index, RespVersion protocol, int depth = 0)
    {
        index = lua.AbsIndex(index);
        switch (lua.Type(index))
        {
            case LuaType.String:
                reply.WriteBulkString(lua.ToBuffer(index, false) ?? []);
                break;
            case LuaType.Number:
                reply.WriteInteger(ToInteger(lua, index));
                break;
            case LuaType.Boolean:
                if (protocol == RespVersion.Resp3)
                {
                    reply.WriteBool(lua.ToBoolean(index));
                }
                else if (lua.ToBoolean(index))
                {
                    reply.WriteInteger(1);
                }
                else
                {
                    reply.WriteNull();
                }
                break;
            case LuaType.Table when depth < MaxDepth:
                WriteTable(lua, reply, index, protocol, depth);
                break;
            case LuaType.Table:
                reply.WriteError("ERR reached lua stack limit");
                break;
            default:
                reply.WriteNull();
                break;
        }
    }

    // C's (long long) cast of an out-of-range double yields LLONG_MIN on x86-64, which Redis then replies.
    private static long ToInteger(Lua lua, int index)
    {
        if (lua.IsInteger(index))
        {
            return lua.ToInteger(index);
        }
        double value = lua.ToNumber(index);
        if (double.IsNaN(value) || value >= 9.2233720368547758E18 || value < -9.2233720368547758E18)
        {
            return long.MinValue;
        }
        return (long)value;
    }

    private static bool TryGetStringField(Lua lua, int index, string field, out byte[] value)
    {
        LuaType type = lua.GetField(index, field);
        if (type == LuaType.String)
        {
            value = lua.ToBuffer(-1, false) ?? [];
            lua.Pop(1);
            return true;
        }
        lua.Pop(1);
        value = [];
        return false;
    }

    private static void WriteTable(Lua lua, RespWriter reply, int index, RespVersion protocol, int depth)
    {
        lua.CheckStack(4);
        if (TryGetStringField(lua, index, "err", out byte[] error))
        {
            reply.WriteError(error);
            return;
        }
        if (TryGetStringField(lua, index, "ok", out byte[] status))
        {
            // A status reply cannot contain line breaks; Redis replaces them with spaces.
            Span<byte> text = status;
            text.Replace((byte)'\r', (byte)' ');
            text.Replace((byte)'\n', (byte)' ');
            reply.WriteSimpleString(text);
            return;
        }
        if (lua.GetField(index, "double") == LuaType.Number)
        {
            reply.WriteDouble(lua.ToNumber(-1));
            lua.Pop(1);
            return;
        }
        lua.Pop(1);
        if (TryGetStringField(lua, index, "big_number", out byte[] big))
        {
            if (protocol == RespVersion.Resp3)
            {
                reply.WriteRaw("("u8);
                reply.WriteRaw(big);
                reply.WriteRaw("\r\n"u8);
            }
            else
            {
                reply.WriteBulkString(big);
            }
            return;
        }
        if (lua.GetField(index, "map") == LuaType.Table)
        {
            WriteMap(lua, reply, lua.GetTop(), protocol, depth);
            lua.Pop(1);
            return;
        }
        lua.Pop(1);
        if (lua.GetField(index, "set") == LuaType.Table)
        {
            WriteSet(lua, reply, lua.GetTop());
            lua.Pop(1);
            return;
        }
        lua.Pop(1);
        if (lua.GetField(index, "verbatim_string") == LuaType.Table)
        {
            int verbatim = lua.GetTop();
            TryGetStringField(lua, verbatim, "format", out byte[] format);
            TryGetStringField(lua, verbatim, "string", out byte[] text);
            reply.WriteVerbatim(text, format.Length >= 3 ? format : "txt"u8);
            lua.Pop(1);
            return;
        }
        lua.Pop(1);
        WriteArray(lua, reply, index, protocol, depth);
    }

    private static void WriteArray(Lua lua, RespWriter reply, int index, RespVersion protocol, int depth)
    {
        int count = 0;
        while (lua.RawGetInteger(index, count + 1) != LuaType.Nil)
        {
            lua.Pop(1);
            count++;
        }
        lua.Pop(1);
        reply.WriteArrayLength(count);
        for (int i = 1; i <= count; i++)
        {
            lua.RawGetInteger(index, i);
            Write(lua, reply, -1, protocol, depth + 1);
            lua.Pop(1);
        }
    }

    private static void WriteMap(Lua lua, RespWriter reply, int index, RespVersion protocol, int depth)
    {
        int count = 0;
        lua.PushNil();
        while (lua.Next(index))
        {
            lua.Pop(1);
            count++;
        }
        reply.WriteMapLength(count);
        lua.PushNil();
        while (lua.Next(index))
        {
            Write(lua, reply, -2, protocol, depth + 1);
            Write(lua, reply, -1, protocol, depth + 1);
            lua.Pop(1);
        }
    }

    private static void WriteSet(Lua lua, RespWriter reply, int index)
    {
        int count = 0;
        lua.PushNil();
        while (lua.Next(index))
        {
            lua.Pop(1);
            count++;
        }
        reply.WriteSetLength(count);
        lua.PushNil();
        while (lua.Next(index))
        {
            Write(lua, reply, -2, RespVersion.Resp2, 1);
            lua.Pop(1);
        }
    }
}
