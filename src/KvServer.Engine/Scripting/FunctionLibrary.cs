namespace KvServer.Engine.Scripting;

/// <summary>
/// A library loaded by FUNCTION LOAD (functions.h functionLibInfo): its name, its whole code (shebang line
/// included, as FUNCTION LIST WITHCODE and FUNCTION DUMP give it back) and its functions in registration order.
/// </summary>
public sealed class FunctionLibrary(string name, byte[] code)
{
    /// <summary>The only engine Redis 7.0 has.</summary>
    public const string EngineName = "LUA";

    public string Name { get; } = name;

    public byte[] Code { get; } = code;

    /// <summary>Functions in registration order (Redis lists them in dict order, which is not stable).</summary>
    public List<FunctionInfo> Functions { get; } = [];

    /// <summary>
    /// functionLibCreateFunction: adds a function, or returns Redis's error (a bad name, or a name already in
    /// this library; names are case-sensitive within a library).
    /// </summary>
    public string? AddFunction(string functionName, byte[]? description, ScriptFlags flags, int luaRef)
    {
        if (!FunctionLibraryContext.IsValidName(functionName))
        {
            return FunctionLibraryContext.InvalidNameError;
        }
        foreach (FunctionInfo existing in Functions)
        {
            if (existing.Name == functionName)
            {
                return "Function already exists in the library";
            }
        }
        Functions.Add(new FunctionInfo(functionName, description, flags, luaRef, this));
        return null;
    }
}
