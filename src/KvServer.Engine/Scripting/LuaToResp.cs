using KeraLua;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Scripting;

/// <summary>
/// Converts a script's return value into the reply for its caller, with Redis's rules
/// (script_lua.c luaReplyToRedisReply): string → bulk, number → integer (truncated), boolean → 1/nil while
/// the script is at RESP2 and a RESP boolean once redis.setresp(3) switched it, {err=} → error, {ok=} → status, {double=}, {big_number=}, {map=}, {set=},
/// {verbatim_string=}, other tables → arrays up to the first nil, anything else → nil.
/// </summary>
internal static class LuaToResp
{
    private const int MaxDepth = 1000;

    /// <param name="scriptProtocol">The script's own protocol (redis.setresp): Redis decides how a boolean
    /// replies by it, not by the caller's.</param>
    public static void Write(Lua lua, RespWriter reply, int index, RespVersion protocol, RespVersion scriptProtocol = RespVersion.Resp2, int depth = 0)
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
                if (scriptProtocol == RespVersion.Resp3)
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
                WriteTable(lua, reply, index, protocol, scriptProtocol, depth);
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

    private static void WriteTable(Lua lua, RespWriter reply, int index, RespVersion protocol, RespVersion scriptProtocol, int depth)
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
            WriteMap(lua, reply, lua.GetTop(), protocol, scriptProtocol, depth);
            lua.Pop(1);
            return;
        }
        lua.Pop(1);
        if (lua.GetField(index, "set") == LuaType.Table)
        {
            WriteSet(lua, reply, lua.GetTop(), scriptProtocol);
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
        WriteArray(lua, reply, index, protocol, scriptProtocol, depth);
    }

    private static void WriteArray(Lua lua, RespWriter reply, int index, RespVersion protocol, RespVersion scriptProtocol, int depth)
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
            Write(lua, reply, -1, protocol, scriptProtocol, depth + 1);
            lua.Pop(1);
        }
    }

    private static void WriteMap(Lua lua, RespWriter reply, int index, RespVersion protocol, RespVersion scriptProtocol, int depth)
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
            Write(lua, reply, -2, protocol, scriptProtocol, depth + 1);
            Write(lua, reply, -1, protocol, scriptProtocol, depth + 1);
            lua.Pop(1);
        }
    }

    private static void WriteSet(Lua lua, RespWriter reply, int index, RespVersion scriptProtocol)
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
            Write(lua, reply, -2, RespVersion.Resp2, scriptProtocol, 1);
            lua.Pop(1);
        }
    }
}
