using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KeraLua;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Scripting;

/// <summary>
/// The scripting engine: one Lua 5.4 state (KeraLua's native library), reused for every script, with Redis's
/// Lua 5.1 surface installed by LuaPrelude.lua. EVAL has one (<see cref="LuaRunnerMode.Scripts"/>) and Redis
/// functions another (<see cref="LuaRunnerMode.Functions"/>, see LuaRunner.Functions.cs), as in Redis. Scripts are compiled once per SHA1 and kept in the state's
/// registry. A script runs on the executor, atomically; its redis.call goes through the dispatcher as a
/// script client whose replies are converted to Lua values with Redis's rules, and the script's result is
/// converted back to a reply for the caller.
/// </summary>
/// <remarks>
/// No C# callback ever raises a Lua error (longjmp through managed frames is not safe): callbacks return
/// (ok, value | error) and the Lua side raises. SCRIPT KILL works the same way: the instruction-count hook
/// asks Lua to install a Lua hook that raises the error.
/// </remarks>
public sealed partial class LuaRunner : IDisposable
{
    private const int HookInstructionCount = 100_000;

    private readonly ServerState _server;
    private readonly Dictionary<string, int> _compiled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly ClientSession _scriptClient;

    // Delegates handed to native code must stay referenced for the state's lifetime.
    private readonly LuaFunction _call;
    private readonly LuaFunction _sha1hex;
    private readonly LuaFunction _log;
    private readonly LuaFunction _setResp;
    private readonly LuaFunction _json;
    private readonly LuaFunction _msgpack;
    private readonly LuaFunction _struct;
    private readonly LuaFunction _registerFunction;
    private readonly LuaHookFunction _hook;
    private readonly LuaJson _jsonLibrary = new();
    private readonly LuaRunnerMode _mode;

    private Lua _lua;
    private int _apiRef;

    // The coroutine scripts run in, its registry reference and native state (compared in the hook).
    private Lua? _thread;
    private int _threadRef;
    private IntPtr _threadState;

    // Suspension (see Execute): may the running script yield, did it, and which script waits to be resumed.
    private bool _mayYield;
    private bool _yielded;
    private string? _suspendedScriptId;

    // State of the script being run.
    private bool _readOnly;
    private bool _killInjected;
    private long _startTimestamp;

    public LuaRunner(ServerState server, LuaRunnerMode mode = LuaRunnerMode.Scripts)
    {
        _server = server;
        _mode = mode;
        _scriptClient = new ClientSession(0, server, null) { Authenticated = true, CannotBlock = true, Name = null };
        _call = RawCall;
        _sha1hex = RawSha1Hex;
        _log = RawLog;
        _setResp = RawSetResp;
        _json = _jsonLibrary.Dispatch;
        _msgpack = LuaMessagePack.Dispatch;
        _struct = LuaStruct.Dispatch;
        _registerFunction = RawRegisterFunction;
        _hook = Hook;
        _lua = CreateState();
    }

    /// <summary>Set by SCRIPT KILL from another thread; checked by the instruction hook.</summary>
    public volatile bool KillRequested;

    /// <summary>True while a script runs (read by other connections to answer BUSY).</summary>
    public volatile bool Running;

    /// <summary>Whether the running script has written (SCRIPT KILL is refused then: UNKILLABLE).</summary>
    public volatile bool RunningScriptWrote;

    /// <summary>Stopwatch timestamp when the running script started.</summary>
    public long StartTimestamp => _startTimestamp;

    public int CachedScripts => _compiled.Count;

    /// <summary>Approximate memory of the Lua state, in bytes (INFO used_memory_lua).</summary>
    public long MemoryBytes
    {
        get
        {
            int kb = _lua.GarbageCollector(LuaGC.Count, 0);
            return kb * 1024L;
        }
    }

    private Lua CreateState()
    {
        var lua = new Lua(openLibs: true);
        using Stream stream = typeof(LuaRunner).Assembly.GetManifestResourceStream("KvServer.Engine.LuaPrelude.lua")
            ?? throw new InvalidOperationException("the Lua prelude resource is missing");
        using var reader = new StreamReader(stream);
        if (lua.LoadString(reader.ReadToEnd(), "=redis_api") != LuaStatus.OK)
        {
            throw new InvalidOperationException("Lua prelude: " + lua.ToString(-1));
        }
        foreach (LuaFunction function in (ReadOnlySpan<LuaFunction>)[_call, _sha1hex, _log, _setResp, _json, _msgpack, _struct])
        {
            lua.PushCFunction(function);
        }
        // cjson.null: a NULL light userdata, as lua_cjson.c makes it.
        lua.PushLightUserData(IntPtr.Zero);
        lua.PushString(_mode == LuaRunnerMode.Functions ? "functions" : "scripts");
        lua.PushCFunction(_registerFunction);
        if (lua.PCall(10, 1, 0) != LuaStatus.OK)
        {
            throw new InvalidOperationException("Lua prelude: " + lua.ToString(-1));
        }
        _apiRef = lua.Ref(LuaRegistry.Index);
        return lua;
    }

    /// <summary>SCRIPT FLUSH: a fresh Lua state, as Redis does (scripts and their globals are gone).</summary>
    public void Reset()
    {
        _thread = null;
        _threadState = IntPtr.Zero;
        _lua.Dispose();
        _compiled.Clear();
        _bodies.Clear();
        _jsonLibrary.Reset();
        _lua = CreateState();
    }

    public static string Sha1Hex(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA1.HashData(body));

    public bool Exists(string sha) => _compiled.ContainsKey(sha);

    /// <summary>Compiles and caches <paramref name="body"/>; returns its SHA1, or null with Redis's error text.</summary>
    public string? Load(ReadOnlySpan<byte> body, out string? error)
    {
        string sha = Sha1Hex(body);
        error = null;
        if (_compiled.ContainsKey(sha))
        {
            return sha;
        }
        Lua lua = _lua;
        lua.RawGetInteger(LuaRegistry.Index, _apiRef);
        lua.GetField(-1, "compile");
        lua.PushBuffer(body.ToArray());
        lua.PushString("@user_script");
        if (lua.PCall(2, 2, 0) != LuaStatus.OK || lua.IsNil(-2))
        {
            error = "ERR Error compiling script (new function): " + lua.ToString(-1);
            lua.SetTop(0);
            return null;
        }
        lua.Pop(1);
        _compiled[sha] = lua.Ref(LuaRegistry.Index);
        _bodies[sha] = body.ToArray();
        lua.SetTop(0);
        return sha;
    }

    /// <summary>
    /// Runs a cached script for the caller and writes its reply (or Redis's error) to the caller.
    /// <paramref name="readOnly"/> is EVAL_RO/EVALSHA_RO (and scripts flagged no-writes).
    /// </summary>
    public void Run(CommandContext caller, string sha, CommandArgs keysAndArgs, int keyCount, bool readOnly) =>
        Execute(caller, "run", _compiled[sha], sha, keysAndArgs, keyCount, readOnly);

    /// <summary>
    /// Runs the function at <paramref name="functionRef"/> through the prelude's <paramref name="entry"/> (run
    /// for scripts, fcall for functions) with KEYS and ARGV, and writes its reply; errors name
    /// <paramref name="scriptId"/> (the SHA1, or the function name).
    /// </summary>
    /// <remarks>
    /// The script runs in a coroutine. On the socket event loop's thread
    /// (<see cref="ClientSession.MaySuspendScript"/>), a script still running after <see cref="SliceMilliseconds"/>
    /// yields from the instruction hook and is left suspended (<see cref="ClientSession.SuspendedScript"/>): the dispatcher keeps
    /// the executor for it and the connection resumes it from a pool thread (<see cref="Resume"/>), so the
    /// event loop stays free to answer other clients BUSY while it runs on. A short script never leaves the
    /// loop and pays no thread hop.
    /// </remarks>
    private void Execute(CommandContext caller, string entry, int functionRef, string scriptId, CommandArgs keysAndArgs, int keyCount, bool readOnly)
    {
        Lua co = ScriptThread();
        _readOnly = readOnly;
        _killInjected = false;
        KillRequested = false;
        RunningScriptWrote = false;
        _scriptClient.Database = caller.Db;
        _scriptClient.Protocol = RespVersion.Resp2;
        _startTimestamp = Stopwatch.GetTimestamp();
        _mayYield = caller.Client.MaySuspendScript;
        Running = true;
        co.SetHook(_hook, LuaHookMask.Count, HookInstructionCount);
        co.RawGetInteger(LuaRegistry.Index, _apiRef);
        co.GetField(-1, entry);
        co.Remove(-2);
        co.RawGetInteger(LuaRegistry.Index, functionRef);
        PushArgumentTable(co, keysAndArgs, 0, keyCount);
        PushArgumentTable(co, keysAndArgs, keyCount, keysAndArgs.Count - keyCount);
        Continue(caller, co, 3, scriptId);
    }

    /// <summary>Runs the suspended script to its end (never suspending again) and writes its reply.</summary>
    public void Resume(CommandContext caller)
    {
        string scriptId = _suspendedScriptId ?? throw new InvalidOperationException("no script is suspended");
        _suspendedScriptId = null;
        _mayYield = false;
        Continue(caller, _thread!, 0, scriptId);
    }

    private void Continue(CommandContext caller, Lua co, int arguments, string scriptId)
    {
        LuaStatus status = co.Resume(_lua, arguments, out _);
        if (status == LuaStatus.Yield && _yielded)
        {
            _yielded = false;
            _suspendedScriptId = scriptId;
            caller.Client.SuspendedScript = this;
            return;
        }
        try
        {
            if (status != LuaStatus.OK)
            {
                // Nothing escapes the prelude's xpcall but failures of the error handling itself; the
                // coroutine is dead then, and the next script gets a fresh one.
                caller.Reply.WriteError("ERR Error running script: " + co.ToString(-1));
                DropScriptThread();
            }
            else
            {
                // xpcall's (ok, value), exactly two as a pcall for two results gives: extra values dropped,
                // a missing value nil.
                co.SetTop(2);
                if (co.ToBoolean(1))
                {
                    LuaToResp.Write(co, caller.Reply, -1, caller.Client.Protocol, _scriptClient.Protocol);
                }
                else
                {
                    caller.Reply.WriteError(FormatScriptError(co, scriptId));
                }
            }
        }
        finally
        {
            if (_thread is { } thread)
            {
                thread.SetTop(0);
                thread.SetHook(null!, 0, 0);
            }
            Running = false;
            RunningFunction = null;
            RunningCommand = null;
        }
    }

    // The coroutine scripts run in: kept between scripts (a finished coroutine can run the next function).
    private Lua ScriptThread()
    {
        if (_thread is null)
        {
            _thread = _lua.NewThread();
            _threadRef = _lua.Ref(LuaRegistry.Index);
            _threadState = _thread.Handle;
        }
        return _thread;
    }

    private void DropScriptThread()
    {
        if (_thread is not null)
        {
            _lua.Unref(LuaRegistry.Index, _threadRef);
            _thread = null;
            _threadState = IntPtr.Zero;
        }
    }

    private static void PushArgumentTable(Lua lua, CommandArgs args, int start, int count)
    {
        lua.CreateTable(count, 0);
        for (int i = 0; i < count; i++)
        {
            lua.PushBuffer(args[start + i].ToArray());
            lua.RawSetInteger(-2, i + 1);
        }
    }

    // The error table built by the prelude's handler: err, and where in the user's script it happened.
    private static string FormatScriptError(Lua lua, string sha)
    {
        if (lua.Type(-1) != LuaType.Table)
        {
            return "ERR " + lua.ToString(-1);
        }
        lua.GetField(-1, "err");
        string message = lua.ToString(-1) ?? "ERR unknown error";
        lua.Pop(1);
        lua.GetField(-1, "source");
        string? source = lua.IsNil(-1) ? null : lua.ToString(-1);
        lua.Pop(1);
        lua.GetField(-1, "line");
        string? line = lua.IsNil(-1) ? null : lua.ToInteger(-1).ToString(CultureInfo.InvariantCulture);
        lua.Pop(1);
        return source is not null && line is not null ? $"{message} script: {sha}, on {source}:{line}." : message;
    }

    /// <summary>How long a script may run on the event loop's thread before it is suspended and moved off it.</summary>
    public const int SliceMilliseconds = 5;

    // Every HookInstructionCount instructions: make the script visible as busy, honour SCRIPT KILL, and move a
    // script that has run for a slice off the event loop (see Execute).
    private void Hook(IntPtr state, IntPtr debug)
    {
        if (_mayYield && state == _threadState && !KillRequested
            && Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds >= SliceMilliseconds)
        {
            Lua script = Lua.FromIntPtr(state);
            // Not across a C call (a table.sort comparator, a gsub callback): the next hook tries again.
            if (script.IsYieldable)
            {
                _mayYield = false;
                _yielded = true;
                script.Yield(0);
                return;
            }
        }
        if (_loadStarted != 0 && !_killInjected && LoadTimedOut())
        {
            _killInjected = true;
            Lua loading = Lua.FromIntPtr(state);
            loading.RawGetInteger(LuaRegistry.Index, _apiRef);
            loading.GetField(-1, "load_timeout");
            loading.Call(0, 0);
            loading.Pop(1);
            return;
        }
        if (KillRequested && !_killInjected)
        {
            _killInjected = true;
            Lua lua = Lua.FromIntPtr(state);
            lua.RawGetInteger(LuaRegistry.Index, _apiRef);
            lua.GetField(-1, "kill");
            lua.Call(0, 0);
            lua.Pop(1);
        }
    }

    // redis.call / redis.pcall: (protected, command, args...) -> true, value | false, {err=...}
    private int RawCall(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        try
        {
            int top = lua.GetTop();
            if (top < 2)
            {
                return PushError(lua, "ERR Please specify at least one argument for this redis lib call");
            }
            if (!TryCollectArguments(lua, top, out int length, out int rangeCount))
            {
                return PushError(lua, "ERR Lua redis lib command arguments must be strings or integers");
            }
            var args = new CommandArgs(_argumentData.AsSpan(0, length), default, _argumentRanges.AsSpan(0, rangeCount));
            RespWriter reply = _scriptClient.Reply;
            reply.Reset();
            string? rejection = _server.Dispatcher.ExecuteFromScript(_scriptClient, args, _readOnly, out bool wrote);
            if (wrote)
            {
                RunningScriptWrote = true;
            }
            if (rejection is not null)
            {
                return PushError(lua, rejection);
            }
            bool isError = reply.Length > 0 && reply.WrittenSpan[0] == (byte)'-';
            lua.PushBoolean(!isError);
            RespToLua.Push(lua, reply.WrittenSpan);
            reply.Reset();
            return 2;
        }
        catch (Exception ex)
        {
            return PushError(lua, "ERR " + ex.Message);
        }
    }

    // redis.call's arguments, gathered into buffers reused by every call (the command runs before the
    // next call can overwrite them).
    private byte[] _argumentData = new byte[256];
    private int[] _argumentRanges = new int[16];
    private readonly byte[] _numberScratch = new byte[64];

    private bool TryCollectArguments(Lua lua, int top, out int length, out int rangeCount)
    {
        length = 0;
        rangeCount = (top - 1) * 2;
        if (_argumentRanges.Length < rangeCount)
        {
            _argumentRanges = new int[Math.Max(rangeCount, _argumentRanges.Length * 2)];
        }
        for (int i = 2; i <= top; i++)
        {
            ReadOnlySpan<byte> bytes;
            switch (lua.Type(i))
            {
                case LuaType.String:
                    bytes = lua.ToBuffer(i, false) ?? [];
                    break;
                case LuaType.Number:
                    bytes = FormatNumberArgument(lua, i, _numberScratch);
                    break;
                default:
                    return false;
            }
            if (_argumentData.Length - length < bytes.Length)
            {
                Array.Resize(ref _argumentData, Math.Max(_argumentData.Length * 2, length + bytes.Length));
            }
            bytes.CopyTo(_argumentData.AsSpan(length));
            _argumentRanges[(i - 2) * 2] = length;
            _argumentRanges[(i - 2) * 2 + 1] = bytes.Length;
            length += bytes.Length;
        }
        return true;
    }

    // Lua 5.1 converts numbers to strings with "%.14g"; 5.4 integers print as integers, which agrees.
    private static ReadOnlySpan<byte> FormatNumberArgument(Lua lua, int index, byte[] scratch)
    {
        string text = lua.IsInteger(index)
            ? lua.ToInteger(index).ToString(CultureInfo.InvariantCulture)
            : FormatLua51Number(lua.ToNumber(index));
        int length = Encoding.ASCII.GetBytes(text, scratch);
        return scratch.AsSpan(0, length);
    }

    internal static string FormatLua51Number(double value)
    {
        if (double.IsNaN(value))
        {
            return value.ToString(CultureInfo.InvariantCulture) == "NaN" ? "nan" : "-nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        string text = value.ToString("G14", CultureInfo.InvariantCulture);
        return text.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }

    internal static int PushError(Lua lua, string message)
    {
        lua.PushBoolean(false);
        lua.CreateTable(0, 1);
        lua.PushString(message);
        lua.SetField(-2, "err");
        return 2;
    }

    /// <summary>A library callback's failure: (false, message); the Lua side raises the message.</summary>
    internal static int PushFailure(Lua lua, string message)
    {
        lua.PushBoolean(false);
        lua.PushString(message);
        return 2;
    }

    private int RawSha1Hex(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        byte[] bytes = lua.ToBuffer(1, false) ?? [];
        lua.PushString(Sha1Hex(bytes));
        return 1;
    }

    private int RawLog(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        long level = lua.ToInteger(1);
        string message = lua.ToString(2) ?? "";
        ScriptLog?.Invoke((int)level, message);
        return 0;
    }

    /// <summary>Receives redis.log lines (level 0..3 = debug, verbose, notice, warning).</summary>
    public Action<int, string>? ScriptLog { get; set; }

    private int RawSetResp(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        _scriptClient.Protocol = lua.ToInteger(1) == 3 ? RespVersion.Resp3 : RespVersion.Resp2;
        return 0;
    }

    /// <summary>The body of a cached script (SCRIPT LOAD replays, FUNCTION DUMP, AOF later).</summary>
    public byte[]? GetBody(string sha) => _bodies.GetValueOrDefault(sha);

    public void Dispose() => _lua.Dispose();
}
