using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Persistence;

/// <summary>
/// A complete synchronous save of the whole server, as SAVE does (rdb.c rdbSave / rdbSaveRio): header, aux
/// fields, function libraries, then every non-empty database (SELECTDB, RESIZEDB, its keys), EOF and the
/// checksum. Runs on the executor, which owns the data.
/// </summary>
public static class RdbSaver
{
    /// <summary>The encoder hands its bytes to the file in chunks of about this size: big sequential writes.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>
    /// Writes the RDB to a temporary file "temp-&lt;pid&gt;.rdb" in the target's directory, flushes and fsyncs
    /// it, then renames it over <paramref name="path"/>: a crash leaves the old file or the new one, never a
    /// broken one. On failure the temporary file is removed and the exception propagates.
    /// </summary>
    public static void Save(ServerState server, string path)
    {
        string target = Path.GetFullPath(path);
        string temp = TempFilePath(target);
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                Write(server, file, aofBase: false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The temporary file rdbSave writes first: "temp-&lt;pid&gt;.rdb" beside <paramref name="target"/>.</summary>
    public static string TempFilePath(string target) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".", $"temp-{Environment.ProcessId}.rdb");

    /// <summary>
    /// rdbSaveRio: the whole RDB into <paramref name="output"/> (rdbcompression and rdbchecksum from the
    /// configuration). <paramref name="aofBase"/> sets the aof-base aux field, for an AOF rewrite's base file.
    /// </summary>
    public static void Write(ServerState server, Stream output, bool aofBase = false)
    {
        var file = new RdbFileWriter(output, server.Options.RdbChecksum);
        var encoder = new RdbEncoder(server.Options.RdbCompression, ChunkSize + (64 * 1024))
        {
            QuicklistPackedThreshold = server.Options.QuicklistPackedThreshold,
            Output = file,
            FlushThreshold = ChunkSize,
        };
        encoder.WriteHeader();
        encoder.WriteStandardAuxFields(server, aofBase);
        if (server.HasFunctions)
        {
            encoder.WriteFunctions(server.Functions);
        }
        long now = server.Clock.UnixTimeMilliseconds;
        // rdbSaveKeyValuePair: MAXMEMORY_FLAG_LRU policies save the idle time, MAXMEMORY_FLAG_LFU ones the counter.
        bool saveIdle = server.Options.MaxMemoryPolicy.EndsWith("-lru", StringComparison.Ordinal);
        bool saveFrequency = server.Options.UsesLfu;
        foreach (Database db in server.Databases)
        {
            WriteDatabase(encoder, db, now, saveIdle, saveFrequency);
        }
        encoder.WriteEof();
        file.Append(encoder.WrittenSpan);
        file.Finish();
    }

    /// <summary>
    /// rdbSaveDb: nothing for an empty database, else SELECTDB, RESIZEDB and every key (keys whose time has
    /// passed but were not yet removed included, as Redis saves them; a loading master drops them).
    /// </summary>
    private static void WriteDatabase(RdbEncoder encoder, Database db, long now, bool saveIdle, bool saveFrequency)
    {
        if (db.Count == 0)
        {
            return;
        }
        encoder.WriteSelectDb(db.Index);
        encoder.WriteResizeDb(db.Count, db.ExpiresCount);
        KeyTable<object> keys = db.Keys;
        KeyTable<long> expires = db.Expires;
        bool hasExpires = expires.Count > 0;
        foreach (int index in keys)
        {
            byte[] key = keys.KeyAt(index);
            long expireAt = hasExpires && expires.TryGetValue(key, out long when) ? when : -1;
            long idleSeconds = saveIdle ? db.IdleSeconds(key, now) : -1;
            int frequency = saveFrequency ? (int)db.LfuFrequency(key, now) : -1;
            encoder.WriteEntry(key, keys.ValueAt(index), expireAt, idleSeconds, frequency);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
