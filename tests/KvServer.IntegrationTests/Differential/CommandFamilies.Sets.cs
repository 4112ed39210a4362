using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily Sets() => new CommandFamily("sets")
        .Own("sadd", 6, g => C("SADD", g.Key(), SetMembers(g)))
        .Own("srem", 3, g => C("SREM", g.Key(), g.Several(g.Member, 3)))
        .Own("scard", 2, g => C("SCARD", g.Key()))
        .Own("sismember", 2, g => C("SISMEMBER", g.Key(), g.Member()))
        .Own("smismember", 2, g => C("SMISMEMBER", g.Key(), g.Several(g.Member, 3)))
        .Own("smembers", 3, g => C("SMEMBERS", g.Key()))
        .Own("srandmember", 2, g => C("SRANDMEMBER", g.Key(), RandomCount(g, withOption: null)))
        // Only counts that pop everything (or nothing, or fail): a partial pop is random and would make the two keyspaces differ.
        .Own("spop", 1, g => C("SPOP", g.Key(), g.Pick("100000", "0", "-1", "abc")), mutate: false)
        .Own("smove", 2, g => C("SMOVE", g.Key(), g.Key(), g.Member()))
        .Own("sinter", 2, g => C("SINTER", g.Several(g.Key, 3)))
        .Own("sunion", 2, g => C("SUNION", g.Several(g.Key, 3)))
        .Own("sdiff", 2, g => C("SDIFF", g.Several(g.Key, 3)))
        .Own("sinterstore", 1, g => C("SINTERSTORE", g.Key(), g.Several(g.Key, 3)))
        .Own("sunionstore", 1, g => C("SUNIONSTORE", g.Key(), g.Several(g.Key, 3)))
        .Own("sdiffstore", 1, g => C("SDIFFSTORE", g.Key(), g.Several(g.Key, 3)))
        .Own("sintercard", 2, g => IntercardArguments(g, "SINTERCARD"))
        .Own("sscan", 2, g => C("SSCAN", g.Key(), ScanArguments(g, withType: false)), mutate: false)
        .Helper("sort", 1, g => C("SORT", g.Key(), g.Chance(0.5) ? g.Option("ALPHA") : null))
        .WithTypeHelpers(except: "sadd");

    /// <summary>1-4 members; now and then 520 integers (past set-max-intset-entries) or 130 strings.</summary>
    private static List<byte[]> SetMembers(ArgumentSource g)
    {
        if (g.Chance(0.02))
        {
            var many = new List<byte[]>();
            bool integers = g.Chance(0.5);
            for (int i = 0; i < (integers ? 520 : 130); i++)
            {
                string member = (integers ? "" : "m") + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                many.Add(ArgumentSource.Bytes(member));
            }
            return many;
        }
        return g.Several(g.Member, 4);
    }

    /// <summary>SINTERCARD/ZINTERCARD numkeys key... [LIMIT n].</summary>
    private static byte[][] IntercardArguments(ArgumentSource g, string name)
    {
        List<byte[]> keys = g.Several(g.Key, 3);
        var args = new List<byte[]> { ArgumentSource.Bytes(name), g.NumKeys(keys.Count) };
        args.AddRange(keys);
        if (g.Chance(0.4))
        {
            args.Add(g.Option("LIMIT"));
            args.Add(g.Pick("0", "1", "2", "-1", "abc"));
        }
        return [.. args];
    }
}
