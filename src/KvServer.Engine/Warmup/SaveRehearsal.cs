using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Persistence;

namespace KvServer.Engine.Warmup;

/// <summary>
/// A save of a small scratch server into nowhere, run once by the warm-up after the start
/// (<see cref="CodeWarmup.AfterStart"/>): it compiles what preparing methods cannot reach, the interface methods
/// of the snapshot walk and the generic framework code on its path, and starts the thread pool thread a big
/// list's save shares its nodes with.
/// </summary>
/// <remarks>
/// Every type in both of its encodings, one expiring key, and a list of more than 128 nodes so that its nodes
/// are compressed on two threads. Small encoding limits keep the rest cheap to build: about 1.5 MB of
/// garbage in all. The scratch server shares nothing with the real one.
/// </remarks>
internal static class SaveRehearsal
{
    // About 150 nodes of 8 KB: real-sized nodes, so that their per-node code (LZF, the integer recheck) runs
    // as long as in a real save before the first one.
    private const int ListElements = 80_000;
    private const int CompactLimit = 8;
    private const int CollectionMembers = 600;

    /// <param name="commands">The scratch servers' command table, never the real server's: its specs count their calls.</param>
    public static void Run(CommandTable commands)
    {
        var options = new ServerOptions
        {
            Databases = 1,
            HashMaxListpackEntries = CompactLimit,
            SetMaxIntsetEntries = CompactLimit,
            ZsetMaxListpackEntries = CompactLimit,
        };
        var server = new ServerState(options, new ConfigRegistry(options), commands: commands);
        Fill(server.Databases[0], options);
        RdbSaver.Write(server, Stream.Null);
    }

    private static void Fill(Database db, ServerOptions options)
    {
        db.Set("string"u8, "value"u8.ToArray());
        db.Set("expiring"u8, Encoding.ASCII.GetBytes(new string('x', 100)));
        db.SetExpire("expiring"u8, DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds());

        var list = new ListValue(options.ListMaxListpackSize);
        Span<byte> element = stackalloc byte[32];
        for (int i = 0; i < ListElements; i++)
        {
            list.PushTail(Element("element:", i, element));
        }
        db.Set("list"u8, list);

        db.Set("small-hash"u8, Hash(4, options));
        db.Set("hash"u8, Hash(CollectionMembers, options));
        db.Set("intset"u8, Set(4, numeric: true, options));
        db.Set("set"u8, Set(CollectionMembers, numeric: false, options));
        db.Set("small-zset"u8, SortedSet(4, options));
        db.Set("zset"u8, SortedSet(CollectionMembers, options));
    }

    private static HashValue Hash(int fields, ServerOptions options)
    {
        var hash = new HashValue();
        Span<byte> field = stackalloc byte[32];
        for (int i = 0; i < fields; i++)
        {
            hash.Set(Element("field:", i, field), "value"u8, options.HashMaxListpackEntries, options.HashMaxListpackValue);
        }
        return hash;
    }

    private static SetValue Set(int members, bool numeric, ServerOptions options)
    {
        Span<byte> member = stackalloc byte[32];
        SetValue set = SetValue.CreateFor(numeric ? Element("", 0, member) : Element("member:", 0, member), members);
        for (int i = 0; i < members; i++)
        {
            set.Add(numeric ? Element("", i, member) : Element("member:", i, member), options.SetMaxIntsetEntries);
        }
        return set;
    }

    private static SortedSetValue SortedSet(int members, ServerOptions options)
    {
        var zset = new SortedSetValue();
        Span<byte> member = stackalloc byte[32];
        for (int i = 0; i < members; i++)
        {
            zset.Add(Element("member:", i, member), i * 1.5, ZaddFlags.None,
                options.ZsetMaxListpackEntries, options.ZsetMaxListpackValue, out _);
        }
        return zset;
    }

    /// <summary>prefix followed by the decimal digits of <paramref name="number"/>, in <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> Element(string prefix, int number, Span<byte> buffer)
    {
        int length = Encoding.ASCII.GetBytes(prefix, buffer);
        number.TryFormat(buffer[length..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return buffer[..(length + digits)];
    }
}
