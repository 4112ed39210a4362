using KvServer.Engine.Execution;

namespace KvServer.Engine.Scripting;

/// <summary>
/// Redis functions (functions.c): the current libraries and the Lua engine they run in. Functions have their
/// own Lua state, apart from EVAL's, so SCRIPT FLUSH leaves them alone and FUNCTION FLUSH leaves scripts alone.
/// </summary>
public sealed class FunctionStore(ServerState server)
{
    /// <summary>LOAD_TIMEOUT_MS: how long a library's top-level code may run.</summary>
    public const int LoadTimeoutMs = 500;

    private LuaRunner? _engine;

    /// <summary>The libraries FCALL and FUNCTION LIST see.</summary>
    public FunctionLibraryContext Current { get; private set; } = new();

    /// <summary>The functions' Lua engine (created on first use).</summary>
    public LuaRunner Engine => _engine ??= new LuaRunner(server, LuaRunnerMode.Functions);

    /// <summary>The engine if it exists (the busy path reads it without creating it).</summary>
    public LuaRunner? EngineIfCreated => _engine;

    /// <summary>
    /// functionsCreateWithLibraryCtx: parses the metadata, runs the library code to collect its functions and
    /// links the library into <paramref name="context"/>, replacing a library of the same name when
    /// <paramref name="replace"/>. Returns the library name, or null with Redis's error text.
    /// </summary>
    public string? Create(byte[] code, bool replace, FunctionLibraryContext context, int timeoutMs, out string? error)
    {
        FunctionMetadata? parsed = FunctionMetadata.Parse(code, out error);
        if (parsed is not { } metadata)
        {
            return null;
        }
        if (!FunctionLibraryContext.IsValidName(metadata.Name))
        {
            error = FunctionLibraryContext.InvalidNameError;
            return null;
        }
        if (!metadata.Engine.Equals(FunctionLibrary.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            error = $"Engine '{metadata.Engine}' not found";
            return null;
        }
        FunctionLibrary? old = context.FindLibrary(metadata.Name);
        if (old is not null && !replace)
        {
            error = $"Library '{metadata.Name}' already exists";
            return null;
        }
        if (old is not null)
        {
            context.Unlink(old);
        }
        var library = new FunctionLibrary(metadata.Name, code);
        error = Engine.LoadLibrary(library, metadata.Code, timeoutMs);
        if (error is null && library.Functions.Count == 0)
        {
            error = "No functions registered";
        }
        if (error is null && context.FindCollision(library) is { } collision)
        {
            error = $"Function {collision.Name} already exists";
        }
        if (error is not null)
        {
            Free(library);
            if (old is not null)
            {
                context.Link(old);
            }
            return null;
        }
        context.Link(library);
        if (old is not null)
        {
            Free(old);
        }
        return metadata.Name;
    }

    /// <summary>FUNCTION DELETE.</summary>
    public void Delete(FunctionLibrary library)
    {
        Current.Unlink(library);
        Free(library);
    }

    /// <summary>FUNCTION FLUSH.</summary>
    public void Flush() => Free(Current.Clear());

    /// <summary>FUNCTION RESTORE ... FLUSH: <paramref name="replacement"/> becomes the current libraries.</summary>
    public void Swap(FunctionLibraryContext replacement)
    {
        Free(Current.Clear());
        Current = replacement;
    }

    /// <summary>Releases the Lua closures of libraries that are gone.</summary>
    public void Free(IEnumerable<FunctionLibrary> libraries)
    {
        foreach (FunctionLibrary library in libraries)
        {
            Free(library);
        }
    }

    private void Free(FunctionLibrary library)
    {
        foreach (FunctionInfo function in library.Functions)
        {
            _engine?.ReleaseFunction(function.LuaRef);
        }
    }
}
