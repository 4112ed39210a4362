using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily Strings() => new CommandFamily("strings")
        .Own("get", 6, g => C("GET", g.Key()))
        .Own("set", 8, g => C("SET", g.Key(), g.Chance(0.05) ? g.Long() : g.Value(), SetOptions(g)))
        .Own("setnx", 2, g => C("SETNX", g.Key(), g.Value()))
        .Own("setex", 2, g => C("SETEX", g.Key(), g.Seconds(), g.Value()))
        .Own("psetex", 2, g => C("PSETEX", g.Key(), g.Milliseconds(), g.Value()))
        .Own("getset", 2, g => C("GETSET", g.Key(), g.Value()))
        .Own("getdel", 2, g => C("GETDEL", g.Key()))
        .Own("getex", 3, g => C("GETEX", g.Key(), GetexOptions(g)))
        .Own("append", 3, g => C("APPEND", g.Key(), g.ShortValue()))
        .Own("strlen", 2, g => C("STRLEN", g.Key()))
        .Own("getrange", 3, g => C("GETRANGE", g.Key(), g.Index(), g.Index()))
        .Own("substr", 1, g => C("SUBSTR", g.Key(), g.Index(), g.Index()))
        .Own("setrange", 3, g => C("SETRANGE", g.Key(), RangeOffset(g), g.ShortValue()))
        .Own("incr", 3, g => C("INCR", g.Key()))
        .Own("decr", 2, g => C("DECR", g.Key()))
        .Own("incrby", 3, g => C("INCRBY", g.Key(), g.Integer()))
        .Own("decrby", 2, g => C("DECRBY", g.Key(), g.Integer()))
        .Own("incrbyfloat", 3, g => C("INCRBYFLOAT", g.Key(), g.Float()))
        .Own("mget", 2, g => C("MGET", g.Several(g.Key, 4)))
        .Own("mset", 2, g => C("MSET", Pairs(g, g.Key, g.Value, 3)))
        .Own("msetnx", 2, g => C("MSETNX", Pairs(g, g.Key, g.Value, 3)))
        .Own("lcs", 2, g => C("LCS", g.Key(), g.Key(), LcsOptions(g)))
        .Helper("ttl", 1, g => C("TTL", g.Key()))
        .WithTypeHelpers(except: "set");

    /// <summary>SET's options in random combinations: valid ones, conflicting ones, unknown and missing values.</summary>
    private static List<byte[]> SetOptions(ArgumentSource g)
    {
        var options = new List<byte[]>();
        int n = g.Chance(0.4) ? 0 : 1 + g.Next(3);
        for (int i = 0; i < n; i++)
        {
            switch (g.Next(12))
            {
                case 0: options.Add(g.Option("NX")); break;
                case 1: options.Add(g.Option("XX")); break;
                case 2: options.Add(g.Option("GET")); break;
                case 3: options.Add(g.Option("KEEPTTL")); break;
                case 4 or 5: options.Add(g.Option("EX")); options.Add(g.Seconds()); break;
                case 6: options.Add(g.Option("PX")); options.Add(g.Milliseconds()); break;
                case 7: options.Add(g.Option("EXAT")); options.Add(g.UnixSeconds()); break;
                case 8: options.Add(g.Option("PXAT")); options.Add(g.UnixMilliseconds()); break;
                case 9: options.Add(g.Option("EX")); break;
                case 10: options.Add(g.Option("NOSUCHOPT", "PERSIST")); break;
                default: options.Add(g.Option("EX")); options.Add(g.Pick("100")); break;
            }
        }
        return options;
    }

    private static List<byte[]> GetexOptions(ArgumentSource g)
    {
        var options = new List<byte[]>();
        switch (g.Next(9))
        {
            case 0 or 1: break;
            case 2: options.Add(g.Option("EX")); options.Add(g.Seconds()); break;
            case 3: options.Add(g.Option("PX")); options.Add(g.Milliseconds()); break;
            case 4: options.Add(g.Option("EXAT")); options.Add(g.UnixSeconds()); break;
            case 5: options.Add(g.Option("PXAT")); options.Add(g.UnixMilliseconds()); break;
            case 6: options.Add(g.Option("PERSIST")); break;
            case 7: options.Add(g.Option("PERSIST")); options.Add(g.Option("EX")); options.Add(g.Pick("100")); break;
            default: options.Add(g.Option("KEEPTTL", "NOSUCHOPT", "EX")); break;
        }
        return options;
    }

    private static List<byte[]> LcsOptions(ArgumentSource g)
    {
        var options = new List<byte[]>();
        switch (g.Next(6))
        {
            case 0 or 1: break;
            case 2: options.Add(g.Option("LEN")); break;
            case 3:
                options.Add(g.Option("IDX"));
                if (g.Chance(0.5))
                {
                    options.Add(g.Option("MINMATCHLEN"));
                    options.Add(g.Pick("0", "1", "2", "4", "-1", "abc"));
                }
                if (g.Chance(0.5))
                {
                    options.Add(g.Option("WITHMATCHLEN"));
                }
                break;
            case 4: options.Add(g.Option("LEN")); options.Add(g.Option("IDX")); break;
            default: options.Add(g.Option("MINMATCHLEN", "WITHMATCHLEN", "NOSUCHOPT")); break;
        }
        return options;
    }

    /// <summary>SETRANGE offsets: small, negative, invalid, or past 512 MB (rejected, never allocated).</summary>
    private static byte[] RangeOffset(ArgumentSource g) =>
        g.Pick("0", "1", "3", "10", "50", "1000", "-1", "abc", "536870912", "9223372036854775807");

    /// <summary>1 to <paramref name="max"/> key/value pairs, sometimes one value short.</summary>
    private static List<byte[]> Pairs(ArgumentSource g, Func<byte[]> first, Func<byte[]> second, int max)
    {
        var args = new List<byte[]>();
        int n = 1 + g.Next(max);
        for (int i = 0; i < n; i++)
        {
            args.Add(first());
            args.Add(second());
        }
        if (g.Chance(0.05))
        {
            args.RemoveAt(args.Count - 1);
        }
        return args;
    }
}
