using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily SortedSets() => new CommandFamily("sortedsets")
        .Own("zadd", 7, g => C("ZADD", g.Key(), ZaddOptions(g), ScoreMemberPairs(g)))
        .Own("zadd", 3, g => C("ZADD", g.LexKey(), g.Chance(0.2) ? g.Option("NX", "XX", "CH") : null, LexMembers(g)))
        .Own("zincrby", 3, g => C("ZINCRBY", g.Key(), g.Score(), g.Element()))
        .Own("zrem", 2, g => C("ZREM", g.Key(), g.Several(g.Element, 3)))
        .Own("zcard", 2, g => C("ZCARD", g.Key()))
        .Own("zscore", 3, g => C("ZSCORE", g.Key(), g.Element()))
        .Own("zmscore", 2, g => C("ZMSCORE", g.Key(), g.Several(g.Element, 3)))
        .Own("zrank", 2, g => C("ZRANK", g.Key(), g.Element()))
        .Own("zrevrank", 2, g => C("ZREVRANK", g.Key(), g.Element()))
        .Own("zcount", 2, g => C("ZCOUNT", g.Key(), g.ScoreBound(), g.ScoreBound()))
        .Own("zlexcount", 2, g => C("ZLEXCOUNT", g.LexKey(), g.LexBound(), g.LexBound()))
        .Own("zrange", 5, g => Zrange(g, "ZRANGE", store: false))
        .Own("zrangestore", 2, g => Zrange(g, "ZRANGESTORE", store: true))
        .Own("zrevrange", 2, g => C("ZREVRANGE", g.Key(), g.Index(), g.Index(), WithScores(g)))
        .Own("zrangebyscore", 3, g => C("ZRANGEBYSCORE", g.Key(), g.ScoreBound(), g.ScoreBound(), WithScores(g), Limit(g)))
        .Own("zrevrangebyscore", 2, g => C("ZREVRANGEBYSCORE", g.Key(), g.ScoreBound(), g.ScoreBound(), WithScores(g), Limit(g)))
        .Own("zrangebylex", 2, g => C("ZRANGEBYLEX", g.LexKey(), g.LexBound(), g.LexBound(), Limit(g)))
        .Own("zrevrangebylex", 2, g => C("ZREVRANGEBYLEX", g.LexKey(), g.LexBound(), g.LexBound(), Limit(g)))
        .Own("zremrangebyrank", 1, g => C("ZREMRANGEBYRANK", g.Key(), g.Index(), g.Index()))
        .Own("zremrangebyscore", 1, g => C("ZREMRANGEBYSCORE", g.Key(), g.ScoreBound(), g.ScoreBound()))
        .Own("zremrangebylex", 1, g => C("ZREMRANGEBYLEX", g.LexKey(), g.LexBound(), g.LexBound()))
        .Own("zpopmin", 2, g => C("ZPOPMIN", g.Key(), g.Chance(0.5) ? g.Count() : null))
        .Own("zpopmax", 2, g => C("ZPOPMAX", g.Key(), g.Chance(0.5) ? g.Count() : null))
        .Own("zmpop", 2, g => ZmpopArguments(g, "ZMPOP", timeout: null))
        .Own("bzpopmin", 1, g => C("BZPOPMIN", g.Several(g.Key, 2), g.Timeout()))
        .Own("bzpopmax", 1, g => C("BZPOPMAX", g.Several(g.Key, 2), g.Timeout()))
        .Own("bzmpop", 1, g => ZmpopArguments(g, "BZMPOP", g.Timeout()))
        .Own("zunion", 2, g => ZsetAlgebra(g, "ZUNION", store: false, weights: true))
        .Own("zinter", 2, g => ZsetAlgebra(g, "ZINTER", store: false, weights: true))
        .Own("zdiff", 2, g => ZsetAlgebra(g, "ZDIFF", store: false, weights: false))
        .Own("zunionstore", 1, g => ZsetAlgebra(g, "ZUNIONSTORE", store: true, weights: true))
        .Own("zinterstore", 1, g => ZsetAlgebra(g, "ZINTERSTORE", store: true, weights: true))
        .Own("zdiffstore", 1, g => ZsetAlgebra(g, "ZDIFFSTORE", store: true, weights: false))
        .Own("zintercard", 1, g => IntercardArguments(g, "ZINTERCARD"))
        .Own("zrandmember", 2, g => C("ZRANDMEMBER", g.Key(), RandomCount(g, "WITHSCORES")))
        .Own("zscan", 2, g => C("ZSCAN", g.Key(), ScanArguments(g, withType: false)), mutate: false)
        .Helper("sadd", 1, g => C("SADD", g.Key(), g.Several(g.Element, 3)))
        .Helper("sort", 1, g => C("SORT", g.Key(), g.Chance(0.5) ? g.Option("ALPHA") : null))
        .WithTypeHelpers(except: "zadd,sadd");

    /// <summary>NX|XX, GT|LT, CH, INCR in random (sometimes conflicting) combinations.</summary>
    private static List<byte[]> ZaddOptions(ArgumentSource g)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.5))
        {
            return args;
        }
        int n = 1 + g.Next(2);
        for (int i = 0; i < n; i++)
        {
            args.Add(g.Option("NX", "XX", "GT", "LT", "CH", "INCR", "CH"));
        }
        return args;
    }

    /// <summary>Score/member pairs; now and then 130 pairs (past zset-max-listpack-entries), a big member or an odd count.</summary>
    private static List<byte[]> ScoreMemberPairs(ArgumentSource g)
    {
        var args = new List<byte[]>();
        int n = g.Chance(0.02) ? 130 : 1 + g.Next(3);
        for (int i = 0; i < n; i++)
        {
            args.Add(n == 130 ? ArgumentSource.Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : g.Score());
            args.Add(n == 130 ? ArgumentSource.Bytes("m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : g.Element());
        }
        if (g.Chance(0.05))
        {
            args.RemoveAt(args.Count - 1);
        }
        return args;
    }

    /// <summary>
    /// ZRANGE/ZRANGESTORE in the unified form: by rank, BYSCORE or BYLEX (on a same-score key only), REV,
    /// LIMIT, WITHSCORES.
    /// </summary>
    private static byte[][] Zrange(ArgumentSource g, string name, bool store)
    {
        int by = g.Next(3);
        var args = new List<byte[]> { ArgumentSource.Bytes(name) };
        if (store)
        {
            args.Add(g.Key());
        }
        args.Add(by == 2 ? g.LexKey() : g.Key());
        switch (by)
        {
            case 0: args.Add(g.Index()); args.Add(g.Index()); break;
            case 1: args.Add(g.ScoreBound()); args.Add(g.ScoreBound()); args.Add(g.Option("BYSCORE")); break;
            default: args.Add(g.LexBound()); args.Add(g.LexBound()); args.Add(g.Option("BYLEX")); break;
        }
        if (g.Chance(0.3))
        {
            args.Add(g.Option("REV"));
        }
        args.AddRange(Limit(g));
        if (!store)
        {
            args.AddRange(WithScores(g));
        }
        return [.. args];
    }

    /// <summary>Score 0 for every member: the only case where Redis specifies lex ranges.</summary>
    private static List<byte[]> LexMembers(ArgumentSource g)
    {
        var args = new List<byte[]>();
        int n = g.Chance(0.02) ? 130 : 1 + g.Next(3);
        for (int i = 0; i < n; i++)
        {
            args.Add(ArgumentSource.Bytes("0"));
            args.Add(n == 130 ? ArgumentSource.Bytes("m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : g.Element());
        }
        return args;
    }

    private static List<byte[]> WithScores(ArgumentSource g) => g.Chance(0.4) ? [g.Option("WITHSCORES")] : [];

    private static List<byte[]> Limit(ArgumentSource g) =>
        g.Chance(0.25) ? [g.Option("LIMIT"), g.Pick("0", "1", "2", "-1", "abc"), g.Pick("1", "2", "10", "-1", "0")] : [];

    /// <summary>[B]ZMPOP [timeout] numkeys key... MIN|MAX [COUNT n].</summary>
    private static byte[][] ZmpopArguments(ArgumentSource g, string name, byte[]? timeout)
    {
        List<byte[]> keys = g.Several(g.Key, 3);
        var args = new List<byte[]> { ArgumentSource.Bytes(name) };
        if (timeout is not null)
        {
            args.Add(timeout);
        }
        args.Add(g.NumKeys(keys.Count));
        args.AddRange(keys);
        args.Add(g.Option("MIN", "MAX", "MIN", "MAX", "LEFT"));
        if (g.Chance(0.5))
        {
            args.Add(g.Option("COUNT"));
            args.Add(g.Pick("1", "2", "5", "0", "-1", "abc"));
        }
        return [.. args];
    }

    /// <summary>ZUNION/ZINTER/ZDIFF[STORE] [dest] numkeys key... [WEIGHTS w...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES].</summary>
    private static byte[][] ZsetAlgebra(ArgumentSource g, string name, bool store, bool weights)
    {
        List<byte[]> keys = g.Several(g.Key, 3);
        var args = new List<byte[]> { ArgumentSource.Bytes(name) };
        if (store)
        {
            args.Add(g.Key());
        }
        args.Add(g.NumKeys(keys.Count));
        args.AddRange(keys);
        if (weights && g.Chance(0.3))
        {
            args.Add(g.Option("WEIGHTS"));
            int n = g.Chance(0.9) ? keys.Count : keys.Count + 1;
            for (int i = 0; i < n; i++)
            {
                args.Add(g.Pick("1", "2", "0", "-1", "0.5", "inf", "-inf", "abc", "nan"));
            }
        }
        if (weights && g.Chance(0.3))
        {
            args.Add(g.Option("AGGREGATE"));
            args.Add(g.Option("SUM", "MIN", "MAX", "AVG"));
        }
        if (!store && g.Chance(0.4))
        {
            args.Add(g.Option("WITHSCORES"));
        }
        return [.. args];
    }
}
