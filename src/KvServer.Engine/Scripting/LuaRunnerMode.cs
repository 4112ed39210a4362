namespace KvServer.Engine.Scripting;

/// <summary>
/// Which Lua state a <see cref="LuaRunner"/> is: EVAL's (scripts cached by SHA1, KEYS/ARGV globals) or the
/// functions' (libraries loaded by FUNCTION LOAD, FCALL passing keys and args as arguments). Redis keeps the
/// two in separate Lua states too.
/// </summary>
public enum LuaRunnerMode
{
    Scripts,
    Functions,
}
