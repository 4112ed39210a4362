using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily Keys() => new CommandFamily("keys")
        .Own("del", 3, g => C("DEL", g.Several(g.Key, 3)))
        .Own("unlink", 2, g => C("UNLINK", g.Several(g.Key, 3)))
        .Own("exists", 3, g => C("EXISTS", g.Several(g.Key, 4)))
        .Own("type", 3, g => C("TYPE", g.Key()))
        .Own("touch", 1, g => C("TOUCH", g.Several(g.Key, 3)))
        .Own("expire", 3, g => RelativeExpire(g, "EXPIRE"))
        .Own("pexpire", 2, g => RelativeExpire(g, "PEXPIRE"))
        .Own("expireat", 2, g => C("EXPIREAT", g.Key(), g.UnixSeconds(), ExpireCondition(g)))
        .Own("pexpireat", 2, g => C("PEXPIREAT", g.Key(), g.UnixMilliseconds(), ExpireCondition(g)))
        .Own("ttl", 3, g => C("TTL", g.Key()))
        .Own("pttl", 2, g => C("PTTL", g.Key()))
        .Own("expiretime", 1, g => C("EXPIRETIME", g.Key()))
        .Own("pexpiretime", 1, g => C("PEXPIRETIME", g.Key()))
        .Own("persist", 2, g => C("PERSIST", g.Key()))
        .Own("rename", 2, g => C("RENAME", g.Key(), g.Key()))
        .Own("renamenx", 2, g => C("RENAMENX", g.Key(), g.Key()))
        .Own("copy", 2, g => C("COPY", g.Key(), g.Key(), CopyOptions(g)))
        .Own("move", 2, g => C("MOVE", g.Key(), g.Pick("1", "2", "0", "15", "16", "-1", "abc")))
        .Own("keys", 2, g => C("KEYS", g.Pattern()))
        .Own("scan", 2, g => C("SCAN", ScanArguments(g, withType: true)), mutate: false)
        .Own("randomkey", 1, g => C("RANDOMKEY"))
        .Own("dbsize", 1, g => C("DBSIZE"))
        .Own("select", 1, g => C("SELECT", g.Pick("0", "0", "1", "2", "15", "16", "-1", "abc")))
        .Own("swapdb", 1, g => C("SWAPDB", g.Pick("0", "1", "2", "16", "a"), g.Pick("0", "1", "2", "-1")))
        .Own("flushdb", 1, g => C("FLUSHDB", g.Chance(0.3) ? g.Option("ASYNC", "SYNC", "NOSUCH") : null))
        .Own("object|encoding", 2, g => C("OBJECT", "ENCODING", g.Key()))
        .Own("sort", 2, g => C("SORT", g.Key(), SortOptions(g, store: true)))
        .Own("sort_ro", 1, g => C("SORT_RO", g.Key(), SortOptions(g, store: false)))
        .Own("dump", 1, g => C("DUMP", g.Key()))
        .Helper("set", 4, g => C("SET", g.Key(), g.Value(), g.Chance(0.3) ? C("EX", "100") : null))
        .Helper("rpush", 2, g => C("RPUSH", g.Key(), g.Several(g.Element, 4)))
        .Helper("sadd", 2, g => C("SADD", g.Key(), g.Several(g.Member, 4)))
        .Helper("hset", 2, g => C("HSET", g.Key(), g.Field(), g.Value()))
        .Helper("zadd", 2, g => C("ZADD", g.Key(), g.Pick("1", "2", "3", "-1"), g.Element()))
        .Helper("get", 1, g => C("GET", g.Key()));

    /// <summary>EXPIRE/PEXPIRE key ttl [condition]; with GT or LT the TTL is one not used before (see <see cref="ArgumentSource.UniqueSeconds"/>).</summary>
    private static byte[][] RelativeExpire(ArgumentSource g, string name)
    {
        List<byte[]> condition = ExpireCondition(g);
        bool ordered = condition.Exists(c => c.AsSpan().SequenceEqual("GT"u8) || c.AsSpan().SequenceEqual("LT"u8)
            || c.AsSpan().SequenceEqual("gt"u8) || c.AsSpan().SequenceEqual("lt"u8));
        bool milliseconds = name == "PEXPIRE";
        byte[] ttl = ordered
            ? (g.Chance(0.9) ? g.UniqueSeconds(milliseconds) : g.Pick("abc", "-1", "0"))
            : milliseconds ? g.Milliseconds() : g.Seconds();
        return C(name, g.Key(), ttl, condition);
    }

    /// <summary>EXPIRE's NX/XX/GT/LT (7.0), sometimes two of them (an error) or an unknown one.</summary>
    private static List<byte[]> ExpireCondition(ArgumentSource g)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.6))
        {
            return args;
        }
        args.Add(g.Option("NX", "XX", "GT", "LT", "NOSUCH"));
        if (g.Chance(0.2))
        {
            args.Add(g.Option("NX", "XX", "GT", "LT"));
        }
        return args;
    }

    private static List<byte[]> CopyOptions(ArgumentSource g)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.3))
        {
            args.Add(g.Option("DB"));
            args.Add(g.Pick("0", "1", "2", "16", "abc"));
        }
        if (g.Chance(0.4))
        {
            args.Add(g.Option("REPLACE"));
        }
        if (g.Chance(0.05))
        {
            args.Add(g.Option("NOSUCH"));
        }
        return args;
    }

    /// <summary>
    /// A full-keyspace SCAN: cursor 0 and COUNT 1000, so both servers return everything in one call and the
    /// elements can be compared as a set; plus invalid cursors, counts and options.
    /// </summary>
    private static List<byte[]> ScanArguments(ArgumentSource g, bool withType)
    {
        var args = new List<byte[]> { g.Chance(0.9) ? g.Pick("0") : g.Pick("abc", "", "18446744073709551616", "1.5") };
        if (g.Chance(0.4))
        {
            args.Add(g.Option("MATCH"));
            args.Add(g.Pattern());
        }
        if (withType && g.Chance(0.3))
        {
            args.Add(g.Option("TYPE"));
            args.Add(g.Pick("string", "list", "set", "zset", "hash", "stream", "nosuch", "STRING"));
        }
        args.Add(g.Option("COUNT"));
        args.Add(g.Chance(0.95) ? g.Pick("1000") : g.Pick("0", "-1", "abc"));
        if (g.Chance(0.03))
        {
            args.Add(g.Option("NOSUCH", "COUNT"));
        }
        return args;
    }

    /// <summary>SORT's options without BY (ties would follow hashtable order): LIMIT, GET, ASC/DESC, ALPHA, STORE.</summary>
    private static List<byte[]> SortOptions(ArgumentSource g, bool store)
    {
        var args = new List<byte[]>();
        if (g.Chance(0.3))
        {
            args.Add(g.Option("LIMIT"));
            args.Add(g.Pick("0", "1", "2", "-1", "abc"));
            args.Add(g.Pick("1", "2", "10", "-1", "0"));
        }
        if (g.Chance(0.3))
        {
            args.Add(g.Option("GET"));
            args.Add(g.Pick("#", "k*", "k*->f0", "nosuch*", "#"));
        }
        if (g.Chance(0.4))
        {
            args.Add(g.Option("ASC", "DESC"));
        }
        if (g.Chance(0.5))
        {
            args.Add(g.Option("ALPHA"));
        }
        if (store && g.Chance(0.2))
        {
            args.Add(g.Option("STORE"));
            args.Add(g.Key());
        }
        if (g.Chance(0.03))
        {
            args.Add(g.Option("NOSUCH", "BY"));
        }
        return args;
    }
}
