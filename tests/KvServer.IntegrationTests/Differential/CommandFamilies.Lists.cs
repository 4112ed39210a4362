using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily Lists() => new CommandFamily("lists")
        .Own("lpush", 5, g => C("LPUSH", g.Key(), ListElements(g)))
        .Own("rpush", 5, g => C("RPUSH", g.Key(), ListElements(g)))
        .Own("lpushx", 1, g => C("LPUSHX", g.Key(), g.Several(g.Element, 3)))
        .Own("rpushx", 1, g => C("RPUSHX", g.Key(), g.Several(g.Element, 3)))
        .Own("lpop", 3, g => C("LPOP", g.Key(), g.Chance(0.5) ? g.Count() : null))
        .Own("rpop", 3, g => C("RPOP", g.Key(), g.Chance(0.5) ? g.Count() : null))
        .Own("llen", 2, g => C("LLEN", g.Key()))
        .Own("lindex", 3, g => C("LINDEX", g.Key(), g.Index()))
        .Own("lset", 2, g => C("LSET", g.Key(), g.Index(), g.Element()))
        .Own("linsert", 2, g => C("LINSERT", g.Key(), g.Option("BEFORE", "AFTER", "BEFORE", "AFTER", "MIDDLE"), g.Element(), g.Element()))
        .Own("lrange", 4, g => C("LRANGE", g.Key(), g.Index(), g.Index()))
        .Own("ltrim", 2, g => C("LTRIM", g.Key(), g.Index(), g.Index()))
        .Own("lrem", 2, g => C("LREM", g.Key(), g.Pick("0", "1", "2", "-1", "-2", "100", "abc"), g.Element()))
        .Own("lpos", 2, g => C("LPOS", g.Key(), g.Element(), LposOptions(g)))
        .Own("lmove", 2, g => C("LMOVE", g.Key(), g.Key(), ListSide(g), ListSide(g)))
        .Own("rpoplpush", 1, g => C("RPOPLPUSH", g.Key(), g.Key()))
        .Own("lmpop", 2, g => LmpopArguments(g, "LMPOP", timeout: null))
        .Own("blpop", 1, g => C("BLPOP", g.Several(g.Key, 2), g.Timeout()))
        .Own("brpop", 1, g => C("BRPOP", g.Several(g.Key, 2), g.Timeout()))
        .Own("blmove", 1, g => C("BLMOVE", g.Key(), g.Key(), ListSide(g), ListSide(g), g.Timeout()))
        .Own("brpoplpush", 1, g => C("BRPOPLPUSH", g.Key(), g.Key(), g.Timeout()))
        .Own("blmpop", 1, g => LmpopArguments(g, "BLMPOP", g.Timeout()))
        .Helper("sort", 1, g => C("SORT", g.Key(), g.Chance(0.5) ? g.Option("ALPHA") : null))
        .WithTypeHelpers(except: "rpush");

    /// <summary>1-4 elements; now and then 130 (past 128) or big ones, to grow quicklist nodes.</summary>
    private static List<byte[]> ListElements(ArgumentSource g)
    {
        if (g.Chance(0.02))
        {
            var many = new List<byte[]>();
            int n = g.Chance(0.5) ? 130 : 30;
            for (int i = 0; i < n; i++)
            {
                many.Add(n == 30 ? g.Long() : g.Element());
            }
            return many;
        }
        return g.Several(g.Element, 4);
    }

    private static byte[] ListSide(ArgumentSource g) => g.Option("LEFT", "RIGHT", "LEFT", "RIGHT", "UP");

    private static List<byte[]> LposOptions(ArgumentSource g)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.4))
        {
            args.Add(g.Option("RANK"));
            args.Add(g.Pick("1", "2", "-1", "-2", "0", "abc", "-9223372036854775808", "9223372036854775807"));
        }
        if (g.Chance(0.4))
        {
            args.Add(g.Option("COUNT"));
            args.Add(g.Pick("0", "1", "2", "-1", "abc"));
        }
        if (g.Chance(0.3))
        {
            args.Add(g.Option("MAXLEN"));
            args.Add(g.Pick("0", "1", "2", "10", "-1", "abc"));
        }
        if (g.Chance(0.03))
        {
            args.Add(g.Option("NOSUCH", "RANK"));
        }
        return args;
    }

    /// <summary>[B]LMPOP [timeout] numkeys key... LEFT|RIGHT [COUNT n].</summary>
    private static byte[][] LmpopArguments(ArgumentSource g, string name, byte[]? timeout)
    {
        List<byte[]> keys = g.Several(g.Key, 3);
        var args = new List<byte[]> { ArgumentSource.Bytes(name) };
        if (timeout is not null)
        {
            args.Add(timeout);
        }
        args.Add(g.NumKeys(keys.Count));
        args.AddRange(keys);
        args.Add(ListSide(g));
        if (g.Chance(0.5))
        {
            args.Add(g.Option("COUNT"));
            args.Add(g.Pick("1", "2", "5", "0", "-1", "abc"));
        }
        return [.. args];
    }
}
