using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Persistence.Snapshots;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>
/// A snapshot format that records what it is given: every entry becomes a deep copy (taken at the moment
/// the snapshot hands it over, so later changes cannot leak in) and a small record in the byte stream, so
/// the stream's order (database sections, side buffers) is checked as well.
/// </summary>
internal sealed class RecordingFormat : ISnapshotFormat
{
    public List<(byte[] Key, object Value, long ExpireAt)> Entries { get; } = [];

    public void WriteStart(IBufferWriter<byte> output) => output.Write("S"u8);

    public void WriteDatabaseStart(IBufferWriter<byte> output, int db, long keys, long expires)
    {
        output.Write("D"u8);
        WriteInt(output, db);
    }

    public void WriteEntry(IBufferWriter<byte> output, byte[] key, object value, long expireAtMs, long idleSeconds, int lfuFrequency)
    {
        Entries.Add((key, ValueTypes.Clone(value), expireAtMs));
        output.Write("E"u8);
        WriteInt(output, Entries.Count - 1);
    }

    public void WriteEnd(IBufferWriter<byte> output) => output.Write("Z"u8);

    private static void WriteInt(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    /// <summary>Reads the stream back: (db, key) → (value, expire); fails on a key written twice.</summary>
    public Dictionary<(int Db, string Key), (object Value, long ExpireAt)> Parse(byte[] stream)
    {
        var result = new Dictionary<(int, string), (object, long)>();
        Assert.Equal((byte)'S', stream[0]);
        Assert.Equal((byte)'Z', stream[^1]);
        int db = -1;
        for (int i = 1; i < stream.Length - 1; i += 5)
        {
            int number = BinaryPrimitives.ReadInt32LittleEndian(stream.AsSpan(i + 1));
            if (stream[i] == (byte)'D')
            {
                db = number;
                continue;
            }
            Assert.Equal((byte)'E', stream[i]);
            Assert.True(db >= 0, "an entry before any database section");
            (byte[] key, object value, long expireAt) = Entries[number];
            Assert.True(result.TryAdd((db, Encoding.Latin1.GetString(key)), (value, expireAt)), $"key {Encoding.Latin1.GetString(key)} written twice");
        }
        return result;
    }
}

/// <summary>An in-memory snapshot output (what a file writer would receive, in order).</summary>
internal sealed class MemoryOutput : ISnapshotOutput
{
    private readonly MemoryStream _bytes = new();

    public bool Completed { get; private set; }

    public bool Aborted { get; private set; }

    public long PendingBytes => 0;

    public bool HasFailed => false;

    public byte[] Bytes => _bytes.ToArray();

    public void Write(byte[] chunk, int length)
    {
        _bytes.Write(chunk, 0, length);
        ArrayPool<byte>.Shared.Return(chunk);
    }

    public void Complete() => Completed = true;

    public void Abort() => Aborted = true;
}

internal static class SnapshotTestSupport
{
    /// <summary>
    /// The whole keyspace as sorted text lines (db, key, type, content, absolute expiry), read through
    /// commands so that every value representation is compared by what a client sees.
    /// </summary>
    public static List<string> Dump(CommandHarness h)
    {
        var lines = new List<string>();
        var client = h.NewClient();
        for (int db = 0; db < h.Server.Databases.Length; db++)
        {
            h.RunAs(client, "SELECT", db.ToString(System.Globalization.CultureInfo.InvariantCulture));
            RespValue keys = RespValue.Parse(h.RunAs(client, "KEYS", "*"));
            foreach (RespValue key in keys.Items!)
            {
                string name = key.Text!;
                string type = RespValue.Parse(h.RunAs(client, "TYPE", name)).Text!;
                string content = type switch
                {
                    "string" => RespValue.Parse(h.RunAs(client, "GET", name)).Text!,
                    "list" => Join(RespValue.Parse(h.RunAs(client, "LRANGE", name, "0", "-1")), sort: false),
                    "set" => Join(RespValue.Parse(h.RunAs(client, "SMEMBERS", name)), sort: true),
                    "zset" => Join(RespValue.Parse(h.RunAs(client, "ZRANGE", name, "0", "-1", "WITHSCORES")), sort: false),
                    "hash" => Pairs(RespValue.Parse(h.RunAs(client, "HGETALL", name))),
                    _ => "?",
                };
                long expire = RespValue.Parse(h.RunAs(client, "PEXPIRETIME", name)).Integer;
                lines.Add($"{db}|{name}|{type}|{content}|{expire}");
            }
        }
        h.Server.Clients.Remove(client);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Join(RespValue array, bool sort)
    {
        var items = array.Items!.ConvertAll(item => item.Text!);
        if (sort)
        {
            items.Sort(StringComparer.Ordinal);
        }
        return string.Join(",", items);
    }

    private static string Pairs(RespValue array)
    {
        var pairs = new List<string>();
        for (int i = 0; i < array.Items!.Count; i += 2)
        {
            pairs.Add(array.Items[i].Text + "=" + array.Items[i + 1].Text);
        }
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }

    /// <summary>A server holding exactly what the snapshot wrote (same start time as every harness).</summary>
    public static CommandHarness Load(Dictionary<(int Db, string Key), (object Value, long ExpireAt)> entries)
    {
        var h = new CommandHarness();
        foreach (((int db, string key), (object value, long expireAt)) in entries)
        {
            h.Server.Databases[db].Add(Encoding.Latin1.GetBytes(key), value, expireAt);
        }
        return h;
    }

    /// <summary>Keys of every type and encoding in databases 0, 1 and 2, some with a TTL.</summary>
    public static void Populate(CommandHarness h, int stringKeys = 100)
    {
        for (int i = 0; i < stringKeys; i++)
        {
            h.Run("SET", $"s:{i}", $"value-{i}");
        }
        h.Run("SET", "counter", "10");
        h.Run("SET", "raw", new string('r', 100));
        h.Run("APPEND", "grown", "abc");
        h.Run("RPUSH", "list", "a", "b", "c", "d");
        h.Run(["RPUSH", "biglist", .. Enumerable.Range(0, 200).Select(i => $"element-{i}")]);
        h.Run("HSET", "hash", "f1", "v1", "f2", "v2");
        h.Run(["HSET", "bighash", .. Enumerable.Range(0, 200).SelectMany(i => new[] { $"f{i}", $"v{i}" })]);
        h.Run("SADD", "intset", "1", "2", "3");
        h.Run("SADD", "set", "a", "b", "c");
        h.Run(["SADD", "bigset", .. Enumerable.Range(0, 200).Select(i => $"m{i}")]);
        h.Run("ZADD", "zset", "1", "a", "2", "b", "3", "c");
        h.Run(["ZADD", "bigzset", .. Enumerable.Range(0, 200).SelectMany(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"m{i}" })]);
        h.Run("SET", "ttl:1", "x", "PX", "1000");
        h.Run("SET", "ttl:2", "y", "PX", "500000");
        h.Run("SET", "bits", "\u00ff");
        h.Run("SELECT", "1");
        for (int i = 0; i < 40; i++)
        {
            h.Run("SET", $"one:{i}", $"v{i}");
        }
        h.Run("RPUSH", "list1", "x", "y");
        h.Run("SELECT", "2");
        for (int i = 0; i < 40; i++)
        {
            h.Run("SET", $"two:{i}", $"w{i}");
        }
        h.Run("HSET", "hash2", "a", "1");
        h.Run("SELECT", "0");
    }
}
