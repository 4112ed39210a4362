using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily Hashes() => new CommandFamily("hashes")
        .Own("hset", 6, g => C("HSET", g.Key(), HashPairs(g)))
        .Own("hmset", 2, g => C("HMSET", g.Key(), HashPairs(g)))
        .Own("hsetnx", 2, g => C("HSETNX", g.Key(), g.Field(), g.Value()))
        .Own("hget", 4, g => C("HGET", g.Key(), g.Field()))
        .Own("hmget", 2, g => C("HMGET", g.Key(), g.Several(g.Field, 3)))
        .Own("hdel", 3, g => C("HDEL", g.Key(), g.Several(g.Field, 3)))
        .Own("hexists", 2, g => C("HEXISTS", g.Key(), g.Field()))
        .Own("hlen", 2, g => C("HLEN", g.Key()))
        .Own("hstrlen", 2, g => C("HSTRLEN", g.Key(), g.Field()))
        .Own("hincrby", 3, g => C("HINCRBY", g.Key(), g.Field(), g.Integer()))
        .Own("hincrbyfloat", 3, g => C("HINCRBYFLOAT", g.Key(), g.Field(), g.Float()))
        .Own("hkeys", 2, g => C("HKEYS", g.Key()))
        .Own("hvals", 2, g => C("HVALS", g.Key()))
        .Own("hgetall", 3, g => C("HGETALL", g.Key()))
        .Own("hrandfield", 2, g => C("HRANDFIELD", g.Key(), RandomCount(g, "WITHVALUES")))
        .Own("hscan", 2, g => C("HSCAN", g.Key(), ScanArguments(g, withType: false)), mutate: false)
        .WithTypeHelpers(except: "hset");

    /// <summary>Field/value pairs; now and then 130 of them (past hash-max-listpack-entries) or an odd count.</summary>
    private static List<byte[]> HashPairs(ArgumentSource g)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.02))
        {
            for (int i = 0; i < 130; i++)
            {
                args.Add(ArgumentSource.Bytes("big" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                args.Add(g.Value());
            }
            return args;
        }
        int n = 1 + g.Next(3);
        for (int i = 0; i < n; i++)
        {
            args.Add(g.Field());
            args.Add(g.Value());
        }
        if (g.Chance(0.05))
        {
            args.RemoveAt(args.Count - 1);
        }
        return args;
    }

    /// <summary>[count [WITH...]] for HRANDFIELD/SRANDMEMBER/ZRANDMEMBER; counts stay small (negative ones repeat).</summary>
    private static List<byte[]> RandomCount(ArgumentSource g, string? withOption)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.3))
        {
            return args;
        }
        args.Add(g.Pick("0", "1", "2", "5", "-1", "-5", "100", "-100", "abc", "-9223372036854775808"));
        if (withOption is not null && g.Chance(0.4))
        {
            args.Add(g.Option(withOption, withOption, "NOSUCH"));
        }
        return args;
    }
}
