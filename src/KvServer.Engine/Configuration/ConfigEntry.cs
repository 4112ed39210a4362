namespace KvServer.Engine.Configuration;

/// <summary>How a configuration value is validated and printed (the types of Redis's config.c).</summary>
public enum ConfigKind
{
    Bool,
    Integer,
    Memory,
    Enum,
    String,
    /// <summary>Parsed by its own function (save, bind, client-output-buffer-limit, ...).</summary>
    Special,
}

/// <summary>Config flags from config.c that change how CONFIG SET and CONFIG GET treat a parameter.</summary>
[Flags]
public enum ConfigFlags
{
    None = 0,
    /// <summary>Only settable in the config file or on the command line.</summary>
    Immutable = 1,
    /// <summary>Settable at run time only with enable-protected-configs.</summary>
    Protected = 2,
    /// <summary>Never logged (passwords).</summary>
    Sensitive = 4,
    /// <summary>Not shown by CONFIG GET * (but CONFIG GET name works).</summary>
    Hidden = 8,
    /// <summary>The value is a list of args that may be given over several lines of the config file.</summary>
    MultiArg = 16,
}

/// <summary>
/// One configuration parameter: name (and alias), type, limits, current value and the hook that applies
/// a new value to <see cref="ServerOptions"/>. The text value is kept in Redis's canonical form so that
/// CONFIG GET prints exactly what Redis prints.
/// </summary>
public sealed class ConfigEntry
{
    public required string Name { get; init; }

    public string? Alias { get; init; }

    public required ConfigKind Kind { get; init; }

    public ConfigFlags Flags { get; init; }

    public long Min { get; init; } = long.MinValue;

    public long Max { get; init; } = long.MaxValue;

    /// <summary>Allowed words for an enum (in Redis's order, used in its error message).</summary>
    public string[]? EnumValues { get; init; }

    /// <summary>Enum parameters that take several words at once (e.g. <c>enable-debug-command</c>: no).</summary>
    public bool MultipleEnumValues { get; init; }

    /// <summary>The canonical text value, as CONFIG GET shows it.</summary>
    public string Value { get; set; } = "";

    public required string Default { get; init; }

    /// <summary>
    /// For <see cref="ConfigKind.Special"/>: validates and normalizes the raw argument; returns the error
    /// text (Redis's words) or null.
    /// </summary>
    public Func<string, (string? Error, string Normalized)>? Parse { get; init; }

    /// <summary>Applies the (validated, canonical) value to the running server; returns an error or null.</summary>
    public Func<string, string?>? Apply { get; init; }

    public bool Has(ConfigFlags flag) => (Flags & flag) != 0;
}
