namespace KvServer.Engine.Scripting;

/// <summary>
/// One registered function (functions.h functionInfo): its name, optional description, flags, and the
/// reference of its Lua closure in the functions engine's registry.
/// </summary>
public sealed class FunctionInfo(string name, byte[]? description, ScriptFlags flags, int luaRef, FunctionLibrary library)
{
    public string Name { get; } = name;

    public byte[]? Description { get; } = description;

    public ScriptFlags Flags { get; } = flags;

    /// <summary>The closure's slot in the Lua registry (released when the library goes away).</summary>
    public int LuaRef { get; } = luaRef;

    public FunctionLibrary Library { get; } = library;
}
