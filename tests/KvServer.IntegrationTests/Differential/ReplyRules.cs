using System.Text;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// The allow-list of what Redis leaves unspecified: replies in hashtable iteration order, random picks,
/// server-specific content (INFO, CLIENT LIST, HELLO), and clock readings. Everything else must match byte
/// for byte. Keep this list short: each entry hides a whole class of differences.
/// </summary>
public static class ReplyRules
{
    private static readonly Dictionary<string, CompareMode> s_modes = new(StringComparer.Ordinal)
    {
        // Hashtable iteration order (sets are intset or hashtable in 7.0; big hashes and zsets too).
        ["smembers"] = CompareMode.Sorted,
        ["sinter"] = CompareMode.Sorted,
        ["sunion"] = CompareMode.Sorted,
        ["sdiff"] = CompareMode.Sorted,
        ["keys"] = CompareMode.Sorted,
        ["hkeys"] = CompareMode.Sorted,
        ["hvals"] = CompareMode.Sorted,
        ["hgetall"] = CompareMode.SortedPairs,
        ["scan"] = CompareMode.Scan,
        ["sscan"] = CompareMode.Scan,
        ["hscan"] = CompareMode.ScanPairs,
        ["zscan"] = CompareMode.ScanPairs,

        // Random picks: only the shape is specified.
        ["randomkey"] = CompareMode.Shape,
        ["srandmember"] = CompareMode.Shape,
        ["hrandfield"] = CompareMode.Shape,
        ["zrandmember"] = CompareMode.Shape,

        // Clocks, idle times, memory sizes and serialized payloads.
        ["time"] = CompareMode.Shape,
        ["lastsave"] = CompareMode.Shape,
        ["object|idletime"] = CompareMode.Shape,
        ["object|freq"] = CompareMode.Shape,
        ["memory|usage"] = CompareMode.Shape,
        ["dump"] = CompareMode.Shape,
        ["ttl"] = CompareMode.Approximate,
        ["pttl"] = CompareMode.Approximate,
        ["expiretime"] = CompareMode.Approximate,
        ["pexpiretime"] = CompareMode.Approximate,

        // Server-specific content.
        ["info"] = CompareMode.Ignore,
        ["hello"] = CompareMode.Ignore,
        ["client|id"] = CompareMode.Ignore,
        ["client|list"] = CompareMode.Ignore,
        ["client|info"] = CompareMode.Ignore,
        ["lolwut"] = CompareMode.Ignore,
        ["debug"] = CompareMode.Ignore,
    };

    /// <summary>The comparison for <paramref name="command"/> and, for <see cref="CompareMode.Approximate"/>, its tolerance.</summary>
    public static CompareMode For(byte[][] command, out long tolerance)
    {
        string name = Name(command);
        tolerance = name.StartsWith('p') ? 2000 : 2;
        if (name == "spop")
        {
            // SPOP key: one random member; SPOP key count (generated only with count >= size): all of them.
            return command.Length == 2 ? CompareMode.Shape : CompareMode.Sorted;
        }
        return s_modes.GetValueOrDefault(name, CompareMode.Exact);
    }

    /// <summary>
    /// A command to send to redis-server (only) right before <paramref name="command"/>, its reply dropped; null
    /// for almost every command. Redis 7.0's SORT converts elements with strtod and tests errno == ERANGE
    /// without clearing errno first, so a numeric SORT fails with "One or more scores can't be converted into
    /// double" whenever an earlier command left ERANGE behind (SCAN with a cursor past 2^64, a score of 1e309,
    /// ...). ZADD XX on a missing key parses its score with string2d, which clears errno, and changes nothing.
    /// </summary>
    public static byte[][]? RedisOnlyPreamble(byte[][] command) =>
        Name(command) is "sort" or "sort_ro" ? s_clearErrno : null;

    private static readonly byte[][] s_clearErrno =
        [Encoding.ASCII.GetBytes("ZADD"), Encoding.ASCII.GetBytes("__differential:errno"), Encoding.ASCII.GetBytes("XX"),
         Encoding.ASCII.GetBytes("0"), Encoding.ASCII.GetBytes("m")];

    /// <summary>"get", or "object|encoding" for a container command with a subcommand.</summary>
    public static string Name(byte[][] command)
    {
        string name = Encoding.Latin1.GetString(command[0]).ToLowerInvariant();
        if (command.Length > 1 && name is "object" or "client" or "memory" or "config" or "command" or "debug")
        {
            return name is "debug" ? name : name + "|" + Encoding.Latin1.GetString(command[1]).ToLowerInvariant();
        }
        return name;
    }
}
