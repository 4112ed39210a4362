using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// Shared setup of the sorted-set command tests. Each collection test runs once per encoding, as Redis's
/// zset.tcl does: "listpack" with the default limits, "skiplist" with zset-max-listpack-entries 0 so every
/// set is a skiplist from its first member.
/// </summary>
internal static class SortedSetTestSupport
{
    public static CommandHarness Harness(string encoding, string extraConfig = "") => encoding switch
    {
        "listpack" => new CommandHarness(cfg => ConfigFileParser.Apply(cfg, extraConfig)),
        "skiplist" => new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "zset-max-listpack-entries 0\n" + extraConfig)),
        _ => throw new ArgumentException(encoding),
    };

    public static SortedSetValue? Zset(CommandHarness h, string key) =>
        h.Server.Databases[0].Peek(Encoding.Latin1.GetBytes(key), h.Clock.UnixTimeMilliseconds) as SortedSetValue;

    /// <summary>OBJECT ENCODING of a sorted set key, checking the structure's invariants on the way.</summary>
    public static string EncodingOf(CommandHarness h, string key)
    {
        SortedSetValue zset = Zset(h, key) ?? throw new InvalidOperationException("no sorted set at " + key);
        zset.Validate();
        return zset.Encoding;
    }

    public static bool Exists(CommandHarness h, string key) => h.KeyExists(key);

    public static long Dirty(CommandHarness h) => h.Server.KeyspaceStats.Dirty;

    /// <summary>RESP2 bulk strings of the given texts, concatenated ("$1\r\na\r\n$1\r\n1\r\n...").</summary>
    public static string Bulks(params string[] items)
    {
        var sb = new StringBuilder();
        foreach (string item in items)
        {
            sb.Append('$').Append(item.Length).Append("\r\n").Append(item).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>A RESP2 array of bulk strings.</summary>
    public static string Array(params string[] items) => "*" + items.Length + "\r\n" + Bulks(items);
}
