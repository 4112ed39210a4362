using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Snapshots;

namespace KvServer.Engine.Persistence;

/// <summary>
/// A complete synchronous save of the whole server (rdb.c rdbSave / rdbSaveRio) holding the executor: header,
/// aux fields, function libraries, then every non-empty database (SELECTDB, RESIZEDB, its keys), EOF and the
/// checksum. The walk and the encoding are the snapshot's (<see cref="KeyspaceSnapshot.WriteAll"/> with
/// <see cref="RdbSnapshotFormat"/>), the same ones SAVE and BGSAVE use; this only chooses where the bytes go.
/// </summary>
public static class RdbSaver
{
    /// <summary>
    /// Writes the RDB to a temporary file "temp-&lt;pid&gt;.rdb" in the target's directory, flushes and fsyncs
    /// it, then renames it over <paramref name="path"/>: a crash leaves the old file or the new one, never a
    /// broken one. On failure the temporary file is removed and the exception propagates.
    /// </summary>
    public static void Save(ServerState server, string path) => Save(server, path, new RdbSnapshotFormat(server));

    /// <summary><see cref="Save(ServerState, string)"/> in the given format (SAVE takes its server's format).</summary>
    public static void Save(ServerState server, string path, ISnapshotFormat format)
    {
        string target = Path.GetFullPath(path);
        var writer = new BackgroundFileWriter(TempFilePath(target), target, server.Options.RdbChecksum, server.Options.RdbSaveIncrementalFsync);
        KeyspaceSnapshot.WriteAll(server, format, writer);
        writer.Completion.GetAwaiter().GetResult();
    }

    /// <summary>The temporary file rdbSave writes first: "temp-&lt;pid&gt;.rdb" beside <paramref name="target"/>.</summary>
    public static string TempFilePath(string target) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".", $"temp-{Environment.ProcessId}.rdb");

    /// <summary>
    /// rdbSaveRio: the whole RDB into <paramref name="output"/> (rdbcompression and rdbchecksum from the
    /// configuration). <paramref name="aofBase"/> sets the aof-base aux field, for an AOF rewrite's base file.
    /// </summary>
    public static void Write(ServerState server, Stream output, bool aofBase = false) =>
        KeyspaceSnapshot.WriteAll(server, new RdbSnapshotFormat(server, aofBase),
            new StreamSnapshotOutput(output, server.Options.RdbChecksum, rdbTrailer: true));
}
