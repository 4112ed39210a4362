using System.Buffers;
using KvServer.Engine.Execution;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// The RDB file as a snapshot format (rdbSaveRio): header, aux fields and function libraries at the start
/// (taken then, so they are as of the start too), SELECTDB + RESIZEDB per database, one entry per key, EOF.
/// The checksum trailer is the file writer's. Each record is encoded by <see cref="RdbEncoder"/> into a
/// scratch buffer and copied to wherever the snapshot sends it.
/// </summary>
public sealed class RdbSnapshotFormat : ISnapshotFormat
{
    private readonly ServerState _server;
    private readonly RdbEncoder _encoder;
    private readonly bool _aofBase;

    public RdbSnapshotFormat(ServerState server, bool aofBase = false)
    {
        _server = server;
        _aofBase = aofBase;
        _encoder = new RdbEncoder(server.Options.RdbCompression)
        {
            QuicklistPackedThreshold = server.Options.QuicklistPackedThreshold,
        };
    }

    /// <summary>The factory <see cref="BackgroundSaver"/> uses for dump files.</summary>
    public static ISnapshotFormat Create(ServerState server) => new RdbSnapshotFormat(server);

    public void WriteStart(IBufferWriter<byte> output)
    {
        _encoder.WriteHeader();
        _encoder.WriteStandardAuxFields(_server, _aofBase);
        if (_server.HasFunctions)
        {
            _encoder.WriteFunctions(_server.Functions);
        }
        CopyTo(output);
    }

    public void WriteDatabaseStart(IBufferWriter<byte> output, int db, long keys, long expires)
    {
        _encoder.WriteSelectDb(db);
        _encoder.WriteResizeDb(keys, expires);
        CopyTo(output);
    }

    public void WriteEntry(IBufferWriter<byte> output, byte[] key, object value, long expireAtMs, long idleSeconds, int lfuFrequency)
    {
        _encoder.WriteEntry(key, value, expireAtMs, idleSeconds, lfuFrequency);
        CopyTo(output);
    }

    public void WriteEnd(IBufferWriter<byte> output)
    {
        _encoder.WriteEof();
        CopyTo(output);
    }

    private void CopyTo(IBufferWriter<byte> output)
    {
        output.Write(_encoder.WrittenSpan);
        _encoder.Clear();
    }
}
