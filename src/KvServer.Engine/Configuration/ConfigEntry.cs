namespace KvServer.Engine.Configuration;

/// <summary>How a configuration value is validated and printed (the config types of Redis's config.c).</summary>
public enum ConfigKind
{
    Bool,
    /// <summary>A number; <see cref="NumericFormat"/> says whether memory units, percentages or octal are accepted.</summary>
    Numeric,
    Enum,
    String,
    /// <summary>Parsed by its own function (save, bind, client-output-buffer-limit, ...).</summary>
    Special,
}

/// <summary>Config flags from config.c that change how CONFIG SET, CONFIG GET and CONFIG REWRITE treat a parameter.</summary>
[Flags]
public enum ConfigFlags
{
    None = 0,
    /// <summary>IMMUTABLE_CONFIG: only settable in the config file or on the command line.</summary>
    Immutable = 1,
    /// <summary>PROTECTED_CONFIG: settable at run time only when enable-protected-configs allows it.</summary>
    Protected = 2,
    /// <summary>SENSITIVE_CONFIG: the value is redacted from logs (passwords).</summary>
    Sensitive = 4,
    /// <summary>HIDDEN_CONFIG: not matched by a CONFIG GET pattern (an exact name still works).</summary>
    Hidden = 8,
    /// <summary>MULTI_ARG_CONFIG: the value is a list of words (several arguments in the config file).</summary>
    MultiArg = 16,
    /// <summary>DENY_LOADING_CONFIG: refused while a dataset is being loaded.</summary>
    DenyLoading = 32,
}

/// <summary>The numeric config flags of config.c (MEMORY_CONFIG, PERCENT_CONFIG, OCTAL_CONFIG).</summary>
[Flags]
public enum NumericFormat
{
    /// <summary>INTEGER_CONFIG: a plain integer (string2ll rules: no '+', no leading zeros).</summary>
    Integer = 0,
    /// <summary>Accepts k/kb/m/mb/g/gb units; CONFIG GET prints bytes, CONFIG REWRITE the largest exact unit.</summary>
    Memory = 1,
    /// <summary>Accepts "N%", stored as -N (maxmemory-clients).</summary>
    Percent = 2,
    /// <summary>Parsed and printed in octal (unixsocketperm).</summary>
    Octal = 4,
}

/// <summary>A word of an enum parameter and the value it stands for (aliases such as "yes"/"relative" share one).</summary>
public readonly record struct ConfigEnumValue(string Name, int Value);

/// <summary>
/// Validates and normalizes the words of a special parameter. <paramref name="current"/> is the value the
/// parameter has now (or was given earlier in the same config file); <paramref name="repeatInFile"/> says that
/// an earlier line of the file being loaded already set it (the "save" lines accumulate).
/// Returns Redis's error text, or null with the canonical value in <paramref name="value"/>.
/// </summary>
public delegate string? ConfigSpecialParser(string[] args, string current, bool repeatInFile, out string value);

/// <summary>Writes a special parameter's CONFIG REWRITE lines.</summary>
public delegate void ConfigSpecialRewriter(ConfigEntry entry, ConfigRewriter rewriter);

/// <summary>
/// One configuration parameter: name (and alias), type, limits, current value and the hook that applies
/// a new value to <see cref="ServerOptions"/>. The value is kept as text in Redis's canonical form (what
/// CONFIG GET prints), so every reader sees exactly what Redis would show.
/// </summary>
public sealed class ConfigEntry
{
    public required string Name { get; init; }

    public string? Alias { get; init; }

    public required ConfigKind Kind { get; init; }

    public ConfigFlags Flags { get; init; }

    public NumericFormat Format { get; init; }

    /// <summary>The C type is unsigned (unsigned int, size_t, unsigned long long): bounds compare unsigned.</summary>
    public bool Unsigned { get; init; }

    public long Min { get; init; } = long.MinValue;

    /// <summary>Upper bound; for unsigned parameters read as <c>(ulong)Max</c> (so -1 means ULLONG_MAX).</summary>
    public long Max { get; init; } = long.MaxValue;

    /// <summary>For numbers: adjusts an accepted value (hz is capped to 1..500 as updateHZ does).</summary>
    public Func<long, long>? Adjust { get; init; }

    /// <summary>Enum words in Redis's order (the order of its error message).</summary>
    public ConfigEnumValue[]? EnumValues { get; init; }

    /// <summary>For strings: an empty value means "unset" (EMPTY_STRING_IS_NULL), so CONFIG REWRITE drops the line.</summary>
    public bool EmptyIsNull { get; init; }

    /// <summary>For strings and enums: an extra check returning Redis's error text (dbfilename must be a file name, ...).</summary>
    public Func<string, string?>? Check { get; init; }

    /// <summary>The canonical text value, as CONFIG GET shows it.</summary>
    public string Value { get; set; } = "";

    /// <summary>The value config.c starts with (CONFIG REWRITE leaves out parameters still at it).</summary>
    public required string Default { get; init; }

    /// <summary>For <see cref="ConfigKind.Special"/>: validates and normalizes the words.</summary>
    public ConfigSpecialParser? Parse { get; init; }

    /// <summary>For <see cref="ConfigKind.Special"/>: writes the CONFIG REWRITE lines.</summary>
    public ConfigSpecialRewriter? Rewrite { get; init; }

    /// <summary>Applies the (validated, canonical) value to the running server; returns an error or null.</summary>
    public Func<string, string?>? Apply { get; init; }

    public bool Has(ConfigFlags flag) => (Flags & flag) != 0;

    /// <summary>The name a client used: the alias when it asked by the alias, else the primary name.</summary>
    public string NameFor(string requested) =>
        Alias is not null && requested.Equals(Alias, StringComparison.OrdinalIgnoreCase) ? Alias : Name;
}
