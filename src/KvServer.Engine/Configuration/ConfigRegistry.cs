using System.Globalization;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Configuration;

/// <summary>
/// Every configuration parameter KvServer accepts, with Redis 7.0's names, aliases, types, limits,
/// defaults and error texts. Serves the config file, the command line, CONFIG GET and CONFIG SET.
/// Parameters Redis has but KvServer does not act on are accepted and shown (so tools that read or set
/// them keep working) and listed in docs/compat.md.
/// </summary>
public sealed partial class ConfigRegistry
{
    private readonly Dictionary<string, ConfigEntry> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ConfigEntry> _entries = [];

    public ConfigRegistry(ServerOptions options)
    {
        Options = options;
        RegisterAll();
        foreach (ConfigEntry entry in _entries)
        {
            entry.Value = entry.Default;
            entry.Apply?.Invoke(entry.Value);
        }
    }

    public ServerOptions Options { get; }

    public IReadOnlyList<ConfigEntry> Entries => _entries;

    public ConfigEntry? Find(string name) => _byName.GetValueOrDefault(name);

    private void Add(ConfigEntry entry)
    {
        _entries.Add(entry);
        _byName.Add(entry.Name, entry);
        if (entry.Alias is not null)
        {
            _byName.Add(entry.Alias, entry);
        }
    }

    /// <summary>
    /// CONFIG GET: every (name, value) whose name matches one of the glob patterns, each parameter once;
    /// aliases are listed under their own name as Redis 7.0 does.
    /// </summary>
    public List<KeyValuePair<string, string>> Get(IReadOnlyList<string> patterns)
    {
        var result = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string pattern in patterns)
        {
            bool isPattern = pattern.AsSpan().IndexOfAny('*', '?', '[') >= 0;
            if (!isPattern)
            {
                ConfigEntry? entry = Find(pattern);
                if (entry is not null && seen.Add(pattern.ToLowerInvariant()))
                {
                    result.Add(new(pattern.ToLowerInvariant(), entry.Value));
                }
                continue;
            }
            foreach (ConfigEntry entry in _entries)
            {
                if (entry.Has(ConfigFlags.Hidden))
                {
                    continue;
                }
                TryAdd(entry.Name, entry);
                if (entry.Alias is not null)
                {
                    TryAdd(entry.Alias, entry);
                }
            }

            void TryAdd(string name, ConfigEntry entry)
            {
                if (GlobMatcher.IsMatch(System.Text.Encoding.ASCII.GetBytes(pattern), System.Text.Encoding.ASCII.GetBytes(name), ignoreCase: true)
                    && seen.Add(name))
                {
                    result.Add(new(name, entry.Value));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// CONFIG SET of several pairs at once, atomically: all are validated before any is applied, and if
    /// applying one fails the ones already applied are restored. Returns Redis's error text or null.
    /// </summary>
    public string? Set(IReadOnlyList<(string Name, string Value)> pairs, bool fromCommand = true)
    {
        var entries = new ConfigEntry[pairs.Count];
        var values = new string[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            ConfigEntry? entry = Find(pairs[i].Name);
            if (entry is null)
            {
                return $"Unknown option or number of arguments for CONFIG SET - '{pairs[i].Name}'";
            }
            if (fromCommand && entry.Has(ConfigFlags.Immutable))
            {
                return Failed(pairs[i].Name, "can't set immutable config");
            }
            if (fromCommand && entry.Has(ConfigFlags.Protected) && Options.EnableProtectedConfigs == "no")
            {
                return Failed(pairs[i].Name, "can't set protected config");
            }
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(entries[j], entry))
                {
                    return Failed(pairs[i].Name, "duplicate parameter");
                }
            }
            string? error = Validate(entry, pairs[i].Value, out string normalized);
            if (error is not null)
            {
                return Failed(pairs[i].Name, error);
            }
            entries[i] = entry;
            values[i] = normalized;
        }
        var previous = new string[pairs.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            previous[i] = entries[i].Value;
            entries[i].Value = values[i];
            string? error = entries[i].Apply?.Invoke(values[i]);
            if (error is not null)
            {
                for (int j = i; j >= 0; j--)
                {
                    entries[j].Value = previous[j];
                    entries[j].Apply?.Invoke(previous[j]);
                }
                return Failed(pairs[i].Name, error);
            }
        }
        return null;
    }

    private static string Failed(string name, string reason) =>
        $"CONFIG SET failed (possibly related to argument '{name}') - {reason}";

    /// <summary>Checks a value against the parameter's type; returns Redis's reason text or null.</summary>
    public static string? Validate(ConfigEntry entry, string value, out string normalized)
    {
        normalized = value;
        switch (entry.Kind)
        {
            case ConfigKind.Bool:
                if (value.Equals("yes", StringComparison.OrdinalIgnoreCase))
                {
                    normalized = "yes";
                    return null;
                }
                if (value.Equals("no", StringComparison.OrdinalIgnoreCase))
                {
                    normalized = "no";
                    return null;
                }
                return "argument must be 'yes' or 'no'";
            case ConfigKind.Integer:
            {
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
                {
                    return "argument couldn't be parsed into an integer";
                }
                if (number < entry.Min || number > entry.Max)
                {
                    return $"argument must be between {entry.Min} and {entry.Max} inclusive";
                }
                normalized = number.ToString(CultureInfo.InvariantCulture);
                return null;
            }
            case ConfigKind.Memory:
            {
                if (!TryParseMemory(value, out long bytes))
                {
                    return "argument must be a memory value";
                }
                if (bytes < entry.Min || bytes > entry.Max)
                {
                    return $"argument must be between {entry.Min} and {entry.Max} inclusive";
                }
                normalized = bytes.ToString(CultureInfo.InvariantCulture);
                return null;
            }
            case ConfigKind.Enum:
            {
                string[] words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || (words.Length > 1 && !entry.MultipleEnumValues))
                {
                    return EnumError(entry);
                }
                for (int i = 0; i < words.Length; i++)
                {
                    string? match = Array.Find(entry.EnumValues!, e => e.Equals(words[i], StringComparison.OrdinalIgnoreCase));
                    if (match is null)
                    {
                        return EnumError(entry);
                    }
                    words[i] = match;
                }
                normalized = string.Join(' ', words);
                return null;
            }
            case ConfigKind.Special:
            {
                (string? error, string result) = entry.Parse!(value);
                normalized = result;
                return error;
            }
            default:
                return null;
        }
    }

    private static string EnumError(ConfigEntry entry) =>
        "argument(s) must be one of the following: " + string.Join(", ", entry.EnumValues!);

    /// <summary>Redis's memtoull: a number with an optional k/kb/m/mb/g/gb unit (k = 1000, kb = 1024).</summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        string lower = text.ToLowerInvariant();
        long multiplier = 1;
        string digits = lower;
        (string Suffix, long Factor)[] units = [("kb", 1024), ("mb", 1024L * 1024), ("gb", 1024L * 1024 * 1024), ("k", 1000), ("m", 1000L * 1000), ("g", 1000L * 1000 * 1000), ("b", 1)];
        foreach ((string suffix, long factor) in units)
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                digits = lower[..^suffix.Length];
                break;
            }
        }
        if (digits.Length == 0 || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number))
        {
            return false;
        }
        ulong result = number * (ulong)multiplier;
        if (multiplier != 0 && result / (ulong)multiplier != number || result > long.MaxValue)
        {
            return false;
        }
        bytes = (long)result;
        return true;
    }

    private static Func<string, string?> Apply(Action<string> apply) => value =>
    {
        apply(value);
        return null;
    };

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static long Long(string value) => long.Parse(value, CultureInfo.InvariantCulture);

    private void Bool(string name, bool defaultValue, Action<bool>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Bool, Flags = flags, Default = defaultValue ? "yes" : "no",
            Apply = apply is null ? null : Apply(v => apply(v == "yes")),
        });

    private void Integer(string name, long min, long max, long defaultValue, Action<long>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Integer, Flags = flags, Min = min, Max = max,
            Default = defaultValue.ToString(CultureInfo.InvariantCulture),
            Apply = apply is null ? null : Apply(v => apply(Long(v))),
        });

    private void Memory(string name, long min, long max, long defaultValue, Action<long>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Memory, Flags = flags, Min = min, Max = max,
            Default = defaultValue.ToString(CultureInfo.InvariantCulture),
            Apply = apply is null ? null : Apply(v => apply(Long(v))),
        });

    private void Enum(string name, string[] values, string defaultValue, Action<string>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Enum, Flags = flags, EnumValues = values, Default = defaultValue,
            Apply = apply is null ? null : Apply(apply),
        });

    private void Text(string name, string defaultValue, Action<string>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.String, Flags = flags, Default = defaultValue,
            Apply = apply is null ? null : Apply(apply),
        });

    private void Special(string name, string defaultValue, Func<string, (string?, string)> parse, Func<string, string?>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Special, Flags = flags, Default = defaultValue, Parse = parse, Apply = apply,
        });
}
