using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Snapshots;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// Writes an AOF base file from the dataset (rewriteAppendOnlyFile): with <c>aof-use-rdb-preamble yes</c> an
/// RDB file (aux <c>aof-base</c> = 1), otherwise the RESP commands that rebuild it (rewriteAppendOnlyFileRio):
/// FUNCTION LOAD for each library, then per db a SELECT and per key SET / RPUSH / SADD / ZADD / HMSET (at
/// most 64 items per command, AOF_REWRITE_ITEMS_PER_CMD) followed by PEXPIREAT for a key with a TTL. The walk
/// is the snapshot's (<see cref="KeyspaceSnapshot.WriteAll"/>); the RESP form is <see cref="AofSnapshotFormat"/>,
/// which takes each key's commands from <see cref="AppendKey"/>.
/// </summary>
public static class AofRewriter
{
    private const int ItemsPerCommand = 64;

    /// <summary>
    /// Writes the base for the current dataset to <paramref name="path"/> and fsyncs it, holding the executor:
    /// the snapshot walk with the RDB (aof-base) or the RESP format, into a temporary file renamed over the path.
    /// </summary>
    public static void WriteBase(ServerState server, string path, ServerOptions options)
    {
        bool rdb = path.EndsWith(AofManifest.RdbFormatSuffix, StringComparison.Ordinal);
        string temp = path + ".tmp";
        ISnapshotFormat format = rdb ? new RdbSnapshotFormat(server, aofBase: true) : new AofSnapshotFormat(server);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            KeyspaceSnapshot.WriteAll(server, format, new StreamSnapshotOutput(stream, options.RdbChecksum, rdbTrailer: rdb));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The commands that recreate one key (rewriteAppendOnlyFileRio's per-key part): its value in batches of
    /// at most 64 items, then PEXPIREAT when it has a TTL (<paramref name="expireAt"/> -1: none).
    /// </summary>
    public static void AppendKey(RespCommandBuffer buffer, byte[] key, object value, long expireAt)
    {
        WriteValue(buffer, key, value);
        if (expireAt >= 0)
        {
            buffer.AppendArrayHeader(3);
            buffer.AppendBulk("PEXPIREAT"u8);
            buffer.AppendBulk(key);
            buffer.AppendBulk(expireAt);
        }
    }

    private static void WriteValue(RespCommandBuffer buffer, byte[] key, object value)
    {
        Span<byte> scratch = stackalloc byte[32];
        switch (value)
        {
            case ListValue list:
                WriteItems(buffer, "RPUSH"u8, key, list.Count, list);
                break;
            case SetValue set:
                WriteSet(buffer, key, set, scratch);
                break;
            case SortedSetValue zset:
                WriteSortedSet(buffer, key, zset);
                break;
            case HashValue hash:
                WriteHash(buffer, key, hash);
                break;
            default:
                buffer.AppendArrayHeader(3);
                buffer.AppendBulk("SET"u8);
                buffer.AppendBulk(key);
                buffer.AppendBulk(StringValue.GetBytes(value, scratch));
                break;
        }
    }

    /// <summary>
    /// Opens the next command of a key's batches (<paramref name="itemWidth"/> arguments per item, at most
    /// 64 items, AOF_REWRITE_ITEMS_PER_CMD) and returns how many items it takes.
    /// </summary>
    private static int StartCommand(RespCommandBuffer buffer, ReadOnlySpan<byte> command, byte[] key, ref long left, int itemWidth)
    {
        int batch = (int)Math.Min(left, ItemsPerCommand);
        buffer.AppendArrayHeader(2 + (batch * itemWidth));
        buffer.AppendBulk(command);
        buffer.AppendBulk(key);
        left -= batch;
        return batch;
    }

    private static void WriteItems(RespCommandBuffer buffer, ReadOnlySpan<byte> command, byte[] key, long count, ListValue list)
    {
        long left = count;
        int inCommand = 0;
        foreach (ReadOnlySpan<byte> item in list)
        {
            if (inCommand == 0)
            {
                inCommand = StartCommand(buffer, command, key, ref left, 1);
            }
            buffer.AppendBulk(item);
            inCommand--;
        }
    }

    private static void WriteSet(RespCommandBuffer buffer, byte[] key, SetValue set, Span<byte> scratch)
    {
        long left = set.Count;
        int inCommand = 0;
        foreach (int position in set)
        {
            if (inCommand == 0)
            {
                inCommand = StartCommand(buffer, "SADD"u8, key, ref left, 1);
            }
            buffer.AppendBulk(set.MemberAt(position, scratch));
            inCommand--;
        }
    }

    private static void WriteSortedSet(RespCommandBuffer buffer, byte[] key, SortedSetValue zset)
    {
        Span<byte> number = stackalloc byte[64];
        long left = zset.Count;
        int inCommand = 0;
        for (SortedSetValue.Position p = zset.First; p.IsValid; p = zset.Next(p))
        {
            if (inCommand == 0)
            {
                inCommand = StartCommand(buffer, "ZADD"u8, key, ref left, 2);
            }
            int length = Utf8Number.FormatDouble(zset.ScoreAt(p), number);
            buffer.AppendBulk(number[..length]);
            buffer.AppendBulk(zset.MemberAt(p));
            inCommand--;
        }
    }

    private static void WriteHash(RespCommandBuffer buffer, byte[] key, HashValue hash)
    {
        Span<byte> fieldScratch = stackalloc byte[32];
        Span<byte> valueScratch = stackalloc byte[32];
        long left = hash.Count;
        int inCommand = 0;
        foreach (int position in hash)
        {
            if (inCommand == 0)
            {
                inCommand = StartCommand(buffer, "HMSET"u8, key, ref left, 2);
            }
            buffer.AppendBulk(hash.FieldAt(position, fieldScratch));
            buffer.AppendBulk(hash.ValueAt(position, valueScratch));
            inCommand--;
        }
    }
}
