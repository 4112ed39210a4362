using System.Diagnostics;
using KeraLua;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Scripting;

/// <summary>
/// The functions side of the engine (function_lua.c): running a library's code at FUNCTION LOAD with only
/// redis.register_function / redis.log available and a load timeout, and calling a registered function for
/// FCALL / FCALL_RO.
/// </summary>
public sealed partial class LuaRunner
{
    // State of the library being loaded.
    private FunctionLibrary? _loadingLibrary;
    private long _loadStarted;
    private int _loadTimeoutMs;

    /// <summary>The function FCALL is running (FUNCTION STATS while busy), or null for EVAL.</summary>
    public volatile string? RunningFunction;

    /// <summary>The arguments of the FCALL that is running (FUNCTION STATS while busy).</summary>
    public volatile byte[][]? RunningCommand;

    private bool LoadTimedOut() =>
        _loadTimeoutMs > 0 && Stopwatch.GetElapsedTime(_loadStarted).TotalMilliseconds > _loadTimeoutMs;

    /// <summary>
    /// luaEngineCreate: compiles <paramref name="code"/> (the library without its shebang line) and runs it,
    /// registering its functions into <paramref name="library"/>. Returns null, or Redis's error text
    /// ("Error compiling function: ...", "Error registering functions: ...").
    /// </summary>
    internal string? LoadLibrary(FunctionLibrary library, byte[] code, int timeoutMs)
    {
        Lua lua = _lua;
        _loadingLibrary = library;
        _loadStarted = Stopwatch.GetTimestamp();
        _loadTimeoutMs = timeoutMs;
        _killInjected = false;
        KillRequested = false;
        lua.SetHook(_hook, LuaHookMask.Count, HookInstructionCount);
        try
        {
            lua.RawGetInteger(LuaRegistry.Index, _apiRef);
            lua.GetField(-1, "load_library");
            lua.PushBuffer(code);
            if (lua.PCall(1, 2, 0) != LuaStatus.OK)
            {
                return "Error registering functions: ERR " + Latin1(lua, -1);
            }
            return lua.ToBoolean(-2) ? null : Latin1(lua, -1);
        }
        finally
        {
            lua.SetTop(0);
            lua.SetHook(null!, 0, 0);
            _loadingLibrary = null;
            _loadStarted = 0;
            lua.GarbageCollector(LuaGC.Step, 0);
        }
    }

    private static string Latin1(Lua lua, int index) => System.Text.Encoding.Latin1.GetString(lua.ToBuffer(index, false) ?? []);

    /// <summary>Drops a function's closure from the registry (its library was deleted or replaced).</summary>
    internal void ReleaseFunction(int luaRef) => _lua.Unref(LuaRegistry.Index, luaRef);

    /// <summary>
    /// FCALL / FCALL_RO: runs <paramref name="function"/> with its keys and args and writes its reply.
    /// <paramref name="readOnly"/> refuses write commands (FCALL_RO, or a no-writes function).
    /// </summary>
    public void RunFunction(CommandContext caller, FunctionInfo function, CommandArgs command, CommandArgs keysAndArgs, int keyCount, bool readOnly)
    {
        byte[][] arguments = new byte[command.Count][];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = command.ToArray(i);
        }
        RunningCommand = arguments;
        RunningFunction = function.Name;
        // Cleared when the function ends, which may be after a suspension (see Execute).
        Execute(caller, "fcall", function.LuaRef, function.Name, keysAndArgs, keyCount, readOnly);
    }

    /// <summary>How long the running script or function has run, in milliseconds.</summary>
    public long RunningMilliseconds => (long)Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    // redis.register_function(name, callback) or redis.register_function{function_name=..., callback=...,
    // flags={...}, description=...}: -> true | false, message (raised by the prelude as "ERR message").
    private int RawRegisterFunction(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        try
        {
            if (_loadingLibrary is null)
            {
                return PushFailure(lua, "redis.register_function can only be called on FUNCTION LOAD command");
            }
            int count = lua.GetTop();
            if (count < 1 || count > 2)
            {
                return PushFailure(lua, "wrong number of arguments to redis.register_function");
            }
            string? error = count == 1
                ? ReadNamedArguments(lua, out string? name, out byte[]? description, out ScriptFlags flags, out int callback)
                : ReadPositionalArguments(lua, out name, out description, out flags, out callback);
            if (error is not null)
            {
                return PushFailure(lua, error);
            }
            error = _loadingLibrary.AddFunction(name!, description, flags, callback);
            if (error is not null)
            {
                lua.Unref(LuaRegistry.Index, callback);
                return PushFailure(lua, error);
            }
            lua.PushBoolean(true);
            return 1;
        }
        catch (Exception ex)
        {
            return PushFailure(lua, ex.Message);
        }
    }

    private static string? ReadPositionalArguments(Lua lua, out string? name, out byte[]? description, out ScriptFlags flags, out int callback)
    {
        description = null;
        flags = ScriptFlags.None;
        callback = 0;
        name = null;
        if (!Lua51.TryGetString(lua, 1, out byte[] nameBytes))
        {
            return "first argument to redis.register_function must be a string";
        }
        if (lua.Type(2) != LuaType.Function)
        {
            return "second argument to redis.register_function must be a function";
        }
        name = System.Text.Encoding.Latin1.GetString(nameBytes);
        lua.PushCopy(2);
        callback = lua.Ref(LuaRegistry.Index);
        return null;
    }

    // luaRegisterFunctionReadNamedArgs: keys are matched case-insensitively, in the table's iteration order.
    private static string? ReadNamedArguments(Lua lua, out string? name, out byte[]? description, out ScriptFlags flags, out int callback)
    {
        name = null;
        description = null;
        flags = ScriptFlags.None;
        callback = 0;
        if (lua.Type(1) != LuaType.Table)
        {
            return "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).";
        }
        string? error = null;
        lua.PushNil();
        while (error is null && lua.Next(1))
        {
            error = ReadNamedArgument(lua, ref name, ref description, ref flags, ref callback);
            lua.Pop(1);
        }
        if (error is null && name is null)
        {
            error = "redis.register_function must get a function name argument";
        }
        if (error is null && callback == 0)
        {
            error = "redis.register_function must get a callback argument";
        }
        if (error is not null)
        {
            lua.SetTop(1);
            if (callback != 0)
            {
                lua.Unref(LuaRegistry.Index, callback);
                callback = 0;
            }
        }
        return error;
    }

    private static string? ReadNamedArgument(Lua lua, ref string? name, ref byte[]? description, ref ScriptFlags flags, ref int callback)
    {
        if (!Lua51.TryGetString(lua, -2, out byte[] key))
        {
            return "named argument key given to redis.register_function is not a string";
        }
        if (System.Text.Ascii.EqualsIgnoreCase(key, "function_name"u8))
        {
            if (!Lua51.TryGetString(lua, -1, out byte[] value))
            {
                return "function_name argument given to redis.register_function must be a string";
            }
            name = System.Text.Encoding.Latin1.GetString(value);
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(key, "description"u8))
        {
            if (!Lua51.TryGetString(lua, -1, out byte[] value))
            {
                return "description argument given to redis.register_function must be a string";
            }
            description = value;
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(key, "callback"u8))
        {
            if (lua.Type(-1) != LuaType.Function)
            {
                return "callback argument given to redis.register_function must be a function";
            }
            if (callback != 0)
            {
                lua.Unref(LuaRegistry.Index, callback);
            }
            lua.PushCopy(-1);
            callback = lua.Ref(LuaRegistry.Index);
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(key, "flags"u8))
        {
            if (lua.Type(-1) != LuaType.Table)
            {
                return "flags argument to redis.register_function must be a table representing function flags";
            }
            if (!TryReadFlags(lua, out flags))
            {
                return "unknown flag given";
            }
        }
        else
        {
            return "unknown argument given to redis.register_function";
        }
        return null;
    }

    // luaRegisterFunctionReadFlags: flags[1], flags[2], ... up to the first nil; each a known flag name.
    private static bool TryReadFlags(Lua lua, out ScriptFlags flags)
    {
        flags = ScriptFlags.None;
        for (long i = 1; ; i++)
        {
            LuaType type = lua.RawGetInteger(-1, i);
            if (type == LuaType.Nil)
            {
                lua.Pop(1);
                return true;
            }
            bool known = Lua51.TryGetString(lua, -1, out byte[] text) && ScriptFlagNames.Parse(text) != ScriptFlags.None;
            if (known)
            {
                flags |= ScriptFlagNames.Parse(text);
            }
            lua.Pop(1);
            if (!known)
            {
                return false;
            }
        }
    }
}
