namespace KvServer.Engine.Scripting;

/// <summary>
/// A set of libraries and the functions they register (functions.c functionsLibCtx): the server's current one,
/// or a scratch one that FUNCTION RESTORE fills before joining it to the current one. Library names are
/// case-sensitive; function names are looked up case-insensitively (FCALL myFunc finds myfunc).
/// </summary>
public sealed class FunctionLibraryContext
{
    /// <summary>functionsVerifyName's error, used for library and function names alike.</summary>
    public const string InvalidNameError = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

    private readonly List<FunctionLibrary> _libraries = [];
    private readonly Dictionary<string, FunctionLibrary> _librariesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunctionInfo> _functions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Libraries in load order.</summary>
    public IReadOnlyList<FunctionLibrary> Libraries => _libraries;

    /// <summary>FUNCTION STATS functions_count: every registered function, as the engine stats count them.</summary>
    public int FunctionCount { get; private set; }

    public FunctionLibrary? FindLibrary(string name) => _librariesByName.GetValueOrDefault(name);

    public FunctionInfo? FindFunction(string name) => _functions.GetValueOrDefault(name);

    /// <summary>functionsVerifyName: [a-zA-Z0-9_]+.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The first function of <paramref name="library"/> whose name another library already uses.</summary>
    public FunctionInfo? FindCollision(FunctionLibrary library)
    {
        foreach (FunctionInfo function in library.Functions)
        {
            if (_functions.ContainsKey(function.Name))
            {
                return function;
            }
        }
        return null;
    }

    /// <summary>libraryLink. A case-insensitive duplicate inside one library keeps the first, as dictAdd does.</summary>
    public void Link(FunctionLibrary library)
    {
        foreach (FunctionInfo function in library.Functions)
        {
            _functions.TryAdd(function.Name, function);
        }
        _libraries.Add(library);
        _librariesByName.Add(library.Name, library);
        FunctionCount += library.Functions.Count;
    }

    /// <summary>libraryUnlink: the library and its functions leave the context (the caller frees or relinks it).</summary>
    public void Unlink(FunctionLibrary library)
    {
        foreach (FunctionInfo function in library.Functions)
        {
            if (_functions.TryGetValue(function.Name, out FunctionInfo? linked) && linked == function)
            {
                _functions.Remove(function.Name);
            }
        }
        _libraries.Remove(library);
        _librariesByName.Remove(library.Name);
        FunctionCount -= library.Functions.Count;
    }

    /// <summary>
    /// libraryJoin: moves every library of <paramref name="source"/> here. On a library name collision it fails
    /// ("Library x already exists") unless <paramref name="replace"/>, which drops the old library; any function
    /// name collision fails ("Function f already exists"). On failure nothing changes. Returns the replaced
    /// libraries (for the caller to free) or null with the error.
    /// </summary>
    public List<FunctionLibrary>? Join(FunctionLibraryContext source, bool replace, out string? error)
    {
        error = null;
        var replaced = new List<FunctionLibrary>();
        foreach (FunctionLibrary library in source.Libraries)
        {
            FunctionLibrary? old = FindLibrary(library.Name);
            if (old is null)
            {
                continue;
            }
            if (!replace)
            {
                error = $"Library {library.Name} already exists";
                Relink(replaced);
                return null;
            }
            Unlink(old);
            replaced.Add(old);
        }
        foreach (FunctionLibrary library in source.Libraries)
        {
            FunctionInfo? collision = FindCollision(library);
            if (collision is not null)
            {
                error = $"Function {collision.Name} already exists";
                Relink(replaced);
                return null;
            }
        }
        foreach (FunctionLibrary library in new List<FunctionLibrary>(source.Libraries))
        {
            source.Unlink(library);
            Link(library);
        }
        return replaced;
    }

    private void Relink(List<FunctionLibrary> libraries)
    {
        foreach (FunctionLibrary library in libraries)
        {
            Link(library);
        }
    }

    /// <summary>Removes every library; returns them for the caller to free.</summary>
    public List<FunctionLibrary> Clear()
    {
        var all = new List<FunctionLibrary>(_libraries);
        _libraries.Clear();
        _librariesByName.Clear();
        _functions.Clear();
        FunctionCount = 0;
        return all;
    }
}
