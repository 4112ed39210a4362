using KeraLua;

namespace KvServer.Engine.Scripting;

/// <summary>
/// cjson for scripts: <c>cjson.encode</c> / <c>cjson.decode</c>. Callbacks return (true, value) or
/// (false, message); the Lua side raises.
/// </summary>
internal static class LuaJson
{
    public static int Encode(IntPtr state) => LuaRunner.PushFailure(Lua.FromIntPtr(state), "cjson.encode is not available yet");

    public static int Decode(IntPtr state) => LuaRunner.PushFailure(Lua.FromIntPtr(state), "cjson.decode is not available yet");
}

/// <summary>cmsgpack for scripts: <c>cmsgpack.pack</c> / <c>cmsgpack.unpack</c>.</summary>
internal static class LuaMessagePack
{
    public static int Pack(IntPtr state) => LuaRunner.PushFailure(Lua.FromIntPtr(state), "cmsgpack.pack is not available yet");

    public static int Unpack(IntPtr state) => LuaRunner.PushFailure(Lua.FromIntPtr(state), "cmsgpack.unpack is not available yet");
}

/// <summary>struct for scripts: <c>struct.pack</c> / <c>struct.unpack</c> / <c>struct.size</c>.</summary>
internal static class LuaStruct
{
    public static int Dispatch(IntPtr state) => LuaRunner.PushFailure(Lua.FromIntPtr(state), "struct is not available yet");
}
