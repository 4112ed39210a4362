using System.Globalization;
using System.Text;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Configuration;

/// <summary>
/// Every configuration parameter of Redis 7.0 (config.c's standardConfig table), with its names, aliases,
/// types, limits, defaults and error texts, plus KvServer's own hidden directives. Serves the config file,
/// the command line, CONFIG GET, CONFIG SET and CONFIG REWRITE. Parameters KvServer does not act on are
/// accepted and shown, so tools that read or set them keep working (docs/compat.md lists them).
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

    /// <summary>Every parameter, in config.c's table order (aliases are not separate entries).</summary>
    public IReadOnlyList<ConfigEntry> Entries => _entries;

    /// <summary><c>user</c> directives of the config file (arguments after the word "user"), for the ACL store.</summary>
    public List<string[]> UserDirectives { get; } = [];

    /// <summary><c>rename-command</c> directives: (command, new name; "" removes the command).</summary>
    public List<(string Command, string NewName)> RenamedCommands { get; } = [];

    /// <summary><c>loadmodule</c> directives (path and arguments). KvServer does not load modules.</summary>
    public List<string[]> ModuleDirectives { get; } = [];

    /// <summary>A parameter by primary name or alias, case-insensitively.</summary>
    public ConfigEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The current value of a parameter (for code that has no typed option for it).</summary>
    public string GetValue(string name) => Find(name)?.Value ?? throw new ArgumentException($"unknown config '{name}'", nameof(name));

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
    /// CONFIG GET (configGetCommand): every (name, value) matching one of <paramref name="patterns"/>, each
    /// name once (case-insensitively). A pattern without glob characters is looked up directly and answered
    /// under the name as written; a glob pattern matches primary names and aliases, never hidden parameters.
    /// </summary>
    public List<KeyValuePair<string, string>> Get(IReadOnlyList<string> patterns)
    {
        var result = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pattern in patterns)
        {
            if (pattern.AsSpan().IndexOfAny('[', '*', '?') < 0)
            {
                ConfigEntry? entry = Find(pattern);
                if (entry is not null && seen.Add(pattern))
                {
                    result.Add(new(pattern, entry.Value));
                }
                continue;
            }
            byte[] patternBytes = Encoding.UTF8.GetBytes(pattern);
            foreach (ConfigEntry entry in _entries)
            {
                if (entry.Has(ConfigFlags.Hidden))
                {
                    continue;
                }
                AddMatch(entry.Name, entry);
                if (entry.Alias is not null)
                {
                    AddMatch(entry.Alias, entry);
                }
            }

            void AddMatch(string name, ConfigEntry entry)
            {
                if (!seen.Contains(name) && GlobMatcher.IsMatch(patternBytes, Encoding.ASCII.GetBytes(name), ignoreCase: true))
                {
                    seen.Add(name);
                    result.Add(new(name, entry.Value));
                }
            }
        }
        return result;
    }

    /// <summary>CONFIG SET from trusted code (tests, the host): protected parameters are allowed.</summary>
    public string? Set(IReadOnlyList<(string Name, string Value)> pairs, bool fromCommand = true) =>
        Set(pairs, fromCommand, protectedAllowed: !fromCommand);

    /// <summary>
    /// CONFIG SET of several pairs, atomically (configSetCommand): names are checked first (unknown,
    /// immutable, protected, duplicate: the first problem wins), then every value is validated in order,
    /// and only then are the values applied; if applying one fails, all are restored.
    /// Returns Redis's error text or null.
    /// </summary>
    public string? Set(IReadOnlyList<(string Name, string Value)> pairs, bool fromCommand, bool protectedAllowed)
    {
        int count = pairs.Count;
        var entries = new ConfigEntry[count];
        string? unknownName = null;
        string? failedName = null;
        string? reason = null;
        bool invalid = false;
        for (int i = 0; i < count; i++)
        {
            string name = pairs[i].Name;
            ConfigEntry? entry = Find(name);
            if (entry is null)
            {
                if (!invalid)
                {
                    unknownName = name;
                    invalid = true;
                }
                continue;
            }
            if (invalid)
            {
                continue;
            }
            if (fromCommand && (entry.Has(ConfigFlags.Immutable) || (entry.Has(ConfigFlags.Protected) && !protectedAllowed)))
            {
                reason = entry.Has(ConfigFlags.Immutable) ? "can't set immutable config" : "can't set protected config";
                failedName = name;
                invalid = true;
                continue;
            }
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(entries[j], entry))
                {
                    reason = "duplicate parameter";
                    failedName = name;
                    invalid = true;
                    break;
                }
            }
            entries[i] = entry;
        }
        if (unknownName is not null)
        {
            return $"ERR Unknown option or number of arguments for CONFIG SET - '{unknownName}'";
        }
        if (invalid)
        {
            return Failed(failedName!, reason!);
        }

        var values = new string[count];
        for (int i = 0; i < count; i++)
        {
            ConfigEntry entry = entries[i];
            string[] args = entry.Has(ConfigFlags.MultiArg) ? SplitSetValue(pairs[i].Value) : [pairs[i].Value];
            string? error = Validate(entry, args, entry.Value, repeatInFile: false, out values[i]);
            if (error is not null)
            {
                return Failed(entry.NameFor(pairs[i].Name), error);
            }
        }

        var previous = new string[count];
        for (int i = 0; i < count; i++)
        {
            previous[i] = entries[i].Value;
            entries[i].Value = values[i];
        }
        for (int i = 0; i < count; i++)
        {
            string? error = entries[i].Apply?.Invoke(values[i]);
            if (error is not null)
            {
                for (int j = 0; j < count; j++)
                {
                    entries[j].Value = previous[j];
                    entries[j].Apply?.Invoke(previous[j]);
                }
                return Failed(entries[i].NameFor(pairs[i].Name), error);
            }
        }
        return null;
    }

    private static string Failed(string name, string reason) =>
        $"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}";

    /// <summary>
    /// sdssplitlen(value, " "): the words of a multi-word CONFIG SET value. Every single space separates,
    /// so doubled spaces give empty words (which the parsers reject, as Redis does); "" gives no words.
    /// </summary>
    public static string[] SplitSetValue(string value) => value.Length == 0 ? [] : value.Split(' ');

    /// <summary>
    /// Checks the words of a new value against the parameter's type and limits; returns Redis's reason text,
    /// or null with the canonical value (what CONFIG GET will print) in <paramref name="normalized"/>.
    /// </summary>
    public static string? Validate(ConfigEntry entry, string[] args, string current, bool repeatInFile, out string normalized)
    {
        normalized = current;
        switch (entry.Kind)
        {
            case ConfigKind.Bool:
                if (args[0].Equals("yes", StringComparison.OrdinalIgnoreCase))
                {
                    normalized = "yes";
                    return null;
                }
                if (args[0].Equals("no", StringComparison.OrdinalIgnoreCase))
                {
                    normalized = "no";
                    return null;
                }
                return "argument must be 'yes' or 'no'";
            case ConfigKind.Numeric:
            {
                string? error = ParseNumeric(entry, args[0], out long number) ?? CheckBounds(entry, number);
                if (error is not null)
                {
                    return error;
                }
                if (entry.Adjust is not null)
                {
                    number = entry.Adjust(number);
                }
                normalized = FormatNumeric(entry.Format, number);
                return null;
            }
            case ConfigKind.Enum:
                return ValidateEnum(entry, args, out normalized);
            case ConfigKind.String:
            {
                string? error = entry.Check?.Invoke(args[0]);
                if (error is not null)
                {
                    return error;
                }
                normalized = args[0];
                return null;
            }
            default:
                return entry.Parse!(args, current, repeatInFile, out normalized);
        }
    }

    /// <summary>Single-word convenience for <see cref="Validate(ConfigEntry, string[], string, bool, out string)"/>.</summary>
    public static string? Validate(ConfigEntry entry, string value, out string normalized) =>
        Validate(entry, entry.Has(ConfigFlags.MultiArg) ? SplitSetValue(value) : [value], entry.Value, repeatInFile: false, out normalized);

    private static string? ValidateEnum(ConfigEntry entry, string[] args, out string normalized)
    {
        normalized = "";
        ConfigEnumValue[] values = entry.EnumValues!;
        bool bitflags = entry.Has(ConfigFlags.MultiArg);
        int result = 0;
        bool ok = args.Length > 0 && (bitflags || args.Length == 1);
        for (int i = 0; ok && i < args.Length; i++)
        {
            int found = Array.FindIndex(values, v => v.Name.Equals(args[i], StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                ok = false;
            }
            else
            {
                result |= values[found].Value;
            }
        }
        if (!ok)
        {
            var text = new StringBuilder("argument(s) must be one of the following: ");
            for (int i = 0; i < values.Length; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append(values[i].Name);
            }
            return text.ToString();
        }
        normalized = EnumName(values, result, bitflags);
        return entry.Check?.Invoke(normalized);
    }

    /// <summary>configEnumGetName: the first word with exactly this value, else (bit flags) the set words in table order.</summary>
    public static string EnumName(ConfigEnumValue[] values, int value, bool bitflags)
    {
        foreach (ConfigEnumValue candidate in values)
        {
            if (candidate.Value == value)
            {
                return candidate.Name;
            }
        }
        if (!bitflags)
        {
            return "unknown";
        }
        var names = new StringBuilder();
        int unmatched = value;
        foreach (ConfigEnumValue candidate in values)
        {
            if (candidate.Value != 0 && (unmatched & candidate.Value) == candidate.Value)
            {
                names.Append(names.Length == 0 ? "" : " ").Append(candidate.Name);
                unmatched &= ~candidate.Value;
            }
        }
        return names.Length == 0 || unmatched != 0 ? "unknown" : names.ToString();
    }

    /// <summary>The numeric value of an enum parameter's current word(s).</summary>
    public static int EnumValue(ConfigEntry entry, string text)
    {
        int result = 0;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (ConfigEnumValue candidate in entry.EnumValues!)
            {
                if (candidate.Name == word)
                {
                    result |= candidate.Value;
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>numericParseString: memory units, then "N%", then octal, then a plain integer, as flags allow.</summary>
    private static string? ParseNumeric(ConfigEntry entry, string text, out long value)
    {
        NumericFormat format = entry.Format;
        if ((format & NumericFormat.Memory) != 0 && TryParseMemory(text, out ulong bytes))
        {
            value = (long)bytes;
            return null;
        }
        if ((format & NumericFormat.Percent) != 0 && text.Length > 1 && text[^1] == '%'
            && TryParseStrictInt64(text.AsSpan(0, text.Length - 1), out value) && value >= 0)
        {
            value = -value;
            return null;
        }
        if ((format & NumericFormat.Octal) != 0 && TryParseOctal(text, out value))
        {
            return null;
        }
        if (format == NumericFormat.Integer && TryParseStrictInt64(text, out value))
        {
            return null;
        }
        value = 0;
        if ((format & NumericFormat.Memory) != 0)
        {
            return (format & NumericFormat.Percent) != 0 ? "argument must be a memory or percent value" : "argument must be a memory value";
        }
        return (format & NumericFormat.Octal) != 0 ? "argument couldn't be parsed as an octal number" : "argument couldn't be parsed into an integer";
    }

    /// <summary>numericBoundaryCheck: unsigned types compare unsigned; negative percentages only against the lower bound.</summary>
    private static string? CheckBounds(ConfigEntry entry, long value)
    {
        if (entry.Unsigned)
        {
            ulong unsignedValue = (ulong)value;
            if (unsignedValue > (ulong)entry.Max || unsignedValue < (ulong)entry.Min)
            {
                return (entry.Format & NumericFormat.Octal) != 0
                    ? $"argument must be between {Convert.ToString(entry.Min, 8)} and {Convert.ToString(entry.Max, 8)} inclusive"
                    : $"argument must be between {(ulong)entry.Min} and {(ulong)entry.Max} inclusive";
            }
            return null;
        }
        if ((entry.Format & NumericFormat.Percent) != 0 && value < 0)
        {
            return value < entry.Min ? $"percentage argument must be less or equal to {-entry.Min}" : null;
        }
        if (value > entry.Max || value < entry.Min)
        {
            return $"argument must be between {entry.Min} and {entry.Max} inclusive";
        }
        return null;
    }

    /// <summary>numericConfigGet: "N%" for a percentage, unsigned bytes for memory, octal, or a plain integer.</summary>
    public static string FormatNumeric(NumericFormat format, long value)
    {
        if ((format & NumericFormat.Percent) != 0 && value < 0)
        {
            return (-value).ToString(CultureInfo.InvariantCulture) + "%";
        }
        if ((format & NumericFormat.Memory) != 0)
        {
            return ((ulong)value).ToString(CultureInfo.InvariantCulture);
        }
        if ((format & NumericFormat.Octal) != 0)
        {
            return Convert.ToString(value, 8);
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The stored number behind a numeric parameter's canonical text (a percentage is negative).</summary>
    public static long NumericValue(NumericFormat format, string text)
    {
        if (text.EndsWith('%'))
        {
            return -long.Parse(text.AsSpan(0, text.Length - 1), CultureInfo.InvariantCulture);
        }
        if ((format & NumericFormat.Octal) != 0)
        {
            return Convert.ToInt64(text, 8);
        }
        return (format & NumericFormat.Memory) != 0
            ? (long)ulong.Parse(text, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit (k = 1000, kb = 1024), case-insensitive.
    /// As in Redis, an empty number is 0, leading zeros are fine, a sign is not, and an overflowing number of
    /// digits saturates to ULLONG_MAX (strtoull) while an overflowing multiplication fails.
    /// </summary>
    public static bool TryParseMemory(string text, out ulong bytes)
    {
        bytes = 0;
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }
        string unit = text[digits..];
        ulong multiplier;
        if (unit.Length == 0 || unit.Equals("b", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1;
        }
        else if (unit.Equals("k", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1000;
        }
        else if (unit.Equals("kb", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024;
        }
        else if (unit.Equals("m", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1000 * 1000;
        }
        else if (unit.Equals("mb", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024 * 1024;
        }
        else if (unit.Equals("g", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1000UL * 1000 * 1000;
        }
        else if (unit.Equals("gb", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024UL * 1024 * 1024;
        }
        else
        {
            return false;
        }
        if (digits >= 128)
        {
            return false;
        }
        ulong number = 0;
        for (int i = 0; i < digits; i++)
        {
            ulong digit = (ulong)(text[i] - '0');
            if (number > (ulong.MaxValue - digit) / 10)
            {
                number = ulong.MaxValue;
                break;
            }
            number = number * 10 + digit;
        }
        if (number > ulong.MaxValue / multiplier)
        {
            return false;
        }
        bytes = number * multiplier;
        return true;
    }

    /// <summary>Compatibility overload: a memory value that fits a signed 64-bit integer.</summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bool ok = TryParseMemory(text, out ulong value) && value <= long.MaxValue;
        bytes = ok ? (long)value : 0;
        return ok;
    }

    /// <summary>Redis's string2ll: an optional '-', no '+', no spaces, no leading zeros, no overflow.</summary>
    public static bool TryParseStrictInt64(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 20)
        {
            return false;
        }
        if (text.Length == 1 && text[0] == '0')
        {
            return true;
        }
        bool negative = text[0] == '-';
        ReadOnlySpan<char> digits = negative ? text[1..] : text;
        if (digits.Length == 0 || digits[0] < '1' || digits[0] > '9')
        {
            return false;
        }
        ulong magnitude = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            ulong digit = (ulong)(c - '0');
            if (magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            magnitude = magnitude * 10 + digit;
        }
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - magnitude);
            return true;
        }
        if (magnitude > long.MaxValue)
        {
            return false;
        }
        value = (long)magnitude;
        return true;
    }

    /// <summary>strtoll(text, 8) accepting the whole string: leading blanks and a sign allowed, "" is 0.</summary>
    private static bool TryParseOctal(string text, out long value)
    {
        value = 0;
        int i = 0;
        while (i < text.Length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
        {
            i++;
        }
        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }
        int start = i;
        long number = 0;
        for (; i < text.Length && text[i] >= '0' && text[i] <= '7'; i++)
        {
            if (number > (long.MaxValue - (text[i] - '0')) / 8)
            {
                return false;
            }
            number = number * 8 + (text[i] - '0');
        }
        if (i == start)
        {
            // No digits: strtoll leaves the end pointer at the start of the string.
            return text.Length == 0;
        }
        if (i != text.Length)
        {
            return false;
        }
        value = negative ? -number : number;
        return true;
    }

    private static Func<string, string?> Apply(Action<string> apply) => value =>
    {
        apply(value);
        return null;
    };

    private void Bool(string name, bool defaultValue, Action<bool>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Bool, Flags = flags, Default = defaultValue ? "yes" : "no",
            Apply = apply is null ? null : Apply(v => apply(v == "yes")),
        });

    /// <summary>A signed integer parameter (int, long, long long, time_t, off_t, ssize_t in config.c).</summary>
    private void Integer(string name, long min, long max, long defaultValue, Action<long>? apply = null,
        ConfigFlags flags = ConfigFlags.None, string? alias = null, NumericFormat format = NumericFormat.Integer, Func<long, long>? adjust = null,
        string? rebindError = null) =>
        AddNumeric(name, alias, flags, format, unsigned: false, min, max, defaultValue, apply, adjust, rebindError);

    /// <summary>An unsigned integer parameter (unsigned int, size_t, unsigned long long in config.c).</summary>
    private void Unsigned(string name, long min, long max, long defaultValue, Action<long>? apply = null,
        ConfigFlags flags = ConfigFlags.None, string? alias = null, NumericFormat format = NumericFormat.Integer) =>
        AddNumeric(name, alias, flags, format, unsigned: true, min, max, defaultValue, apply, null, null);

    private void AddNumeric(string name, string? alias, ConfigFlags flags, NumericFormat format, bool unsigned, long min, long max,
        long defaultValue, Action<long>? apply, Func<long, long>? adjust, string? rebindError) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Numeric, Flags = flags, Format = format, Unsigned = unsigned,
            Min = min, Max = max, Adjust = adjust, Default = FormatNumeric(format, defaultValue),
            Apply = apply is null ? null
                : rebindError is null ? Apply(v => apply(NumericValue(format, v)))
                : v => { apply(NumericValue(format, v)); return Rebind(rebindError); },
        });

    /// <summary>
    /// Moves the listening sockets to the current port and bind addresses (CONFIG SET port / bind). Null
    /// until the server listens: a value from the config file or the command line is just recorded.
    /// Returns whether the new addresses could be bound.
    /// </summary>
    public Func<bool>? RebindListeners { get; set; }

    private string? Rebind(string error) => RebindListeners is null || RebindListeners() ? null : error;

    private void Enum(string name, ConfigEnumValue[] values, string defaultValue, Action<string>? apply = null,
        ConfigFlags flags = ConfigFlags.None, string? alias = null, Func<string, string?>? check = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Enum, Flags = flags, EnumValues = values, Default = defaultValue,
            Check = check, Apply = apply is null ? null : Apply(apply),
        });

    /// <summary>An enum whose words are its own values 0, 1, 2, ... in order.</summary>
    private static ConfigEnumValue[] Words(params string[] words)
    {
        var values = new ConfigEnumValue[words.Length];
        for (int i = 0; i < words.Length; i++)
        {
            values[i] = new ConfigEnumValue(words[i], i);
        }
        return values;
    }

    /// <summary>A string parameter; <paramref name="emptyIsNull"/> mirrors EMPTY_STRING_IS_NULL (default NULL).</summary>
    private void Text(string name, string defaultValue, Action<string>? apply = null, ConfigFlags flags = ConfigFlags.None,
        string? alias = null, bool emptyIsNull = false, Func<string, string?>? check = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.String, Flags = flags, Default = defaultValue, EmptyIsNull = emptyIsNull,
            Check = check, Apply = apply is null ? null : Apply(apply),
        });

    private void Special(string name, string defaultValue, ConfigSpecialParser parse, ConfigSpecialRewriter rewrite,
        Func<string, string?>? apply = null, ConfigFlags flags = ConfigFlags.None, string? alias = null) =>
        Add(new ConfigEntry
        {
            Name = name, Alias = alias, Kind = ConfigKind.Special, Flags = flags, Default = defaultValue, Parse = parse,
            Rewrite = rewrite, Apply = apply,
        });
}
