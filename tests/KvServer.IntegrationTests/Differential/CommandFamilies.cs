using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// The generated command families. Each family file lists its own commands (every Redis 7.0 command of the
/// group, with options and edge-case arguments) and a few helpers from other families so keys of every type
/// meet every command.
/// </summary>
public static partial class CommandFamilies
{
    private static readonly Lazy<Dictionary<string, CommandFamily>> s_all = new(() => new Dictionary<string, CommandFamily>(StringComparer.Ordinal)
    {
        ["strings"] = Strings(),
        ["bitmap"] = Bitmap(),
        ["keys"] = Keys(),
        ["lists"] = Lists(),
        ["hashes"] = Hashes(),
        ["sets"] = Sets(),
        ["sortedsets"] = SortedSets(),
    });

    public static IReadOnlyDictionary<string, CommandFamily> All => s_all.Value;

    public static CommandFamily Get(string name) => All[name];

    // Helpers shared by families: create keys of other types (on one key only, so that most keys keep
    // the family's type and WRONGTYPE stays one path among many), delete and inspect any key.
    private static CommandFamily WithTypeHelpers(this CommandFamily family, string except) => family
        .HelperUnless(except, "set", 2, g => C("SET", g.ForeignKey(), g.Value()))
        .HelperUnless(except, "rpush", 1, g => C("RPUSH", g.ForeignKey(), g.Several(g.Element, 3)))
        .HelperUnless(except, "sadd", 1, g => C("SADD", g.ForeignKey(), g.Several(g.Member, 3)))
        .HelperUnless(except, "hset", 1, g => C("HSET", g.ForeignKey(), g.Field(), g.Value()))
        .HelperUnless(except, "zadd", 1, g => C("ZADD", g.ForeignKey(), "1", g.Element()))
        .HelperUnless(except, "del", 1, g => C("DEL", g.Key()))
        .HelperUnless(except, "type", 1, g => C("TYPE", g.Key()))
        .HelperUnless(except, "object|encoding", 2, g => C("OBJECT", "ENCODING", g.Key()));

    private static CommandFamily HelperUnless(this CommandFamily family, string except, string command, int weight,
        Func<ArgumentSource, byte[][]> build) =>
        except.Split(',').Contains(command) ? family : family.Helper(command, weight, build);
}
