using System.Buffers;
using KvServer.Engine.Execution;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// The RDB file as a snapshot format (rdbSaveRio): header, aux fields and function libraries at the start
/// (taken then, so they are as of the start too), SELECTDB + RESIZEDB per database, one entry per key, EOF.
/// The checksum trailer is the file writer's. Each record is encoded by <see cref="RdbEncoder"/> into a
/// scratch buffer and copied to wherever the snapshot sends it; a big collection is handed over in pieces of
/// about <see cref="StreamingThreshold"/> bytes as it is encoded, so the scratch buffer never grows to the size
/// of the biggest value.
/// </summary>
public sealed class RdbSnapshotFormat : ISnapshotFormat
{
    private readonly ServerState _server;
    private readonly RdbEncoder _encoder;
    private readonly bool _aofBase;
    private readonly ForwardingStream _sink = new();

    /// <summary>Encoded bytes of one value that make the encoder hand them over before the value ends.</summary>
    public const int StreamingThreshold = 1 << 20;

    public RdbSnapshotFormat(ServerState server, bool aofBase = false)
    {
        _server = server;
        _aofBase = aofBase;
        _encoder = new RdbEncoder(server.Options.RdbCompression)
        {
            QuicklistPackedThreshold = server.Options.QuicklistPackedThreshold,
            // The checksum is the output's; this only forwards what the encoder flushes mid-value.
            Output = new RdbFileWriter(_sink, checksum: false),
            FlushThreshold = StreamingThreshold,
        };
    }

    /// <summary>The factory <see cref="BackgroundSaver"/> uses for dump files.</summary>
    public static ISnapshotFormat Create(ServerState server) => new RdbSnapshotFormat(server);

    public void WriteStart(IBufferWriter<byte> output)
    {
        _sink.Target = output;
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
        _sink.Target = output;
        _encoder.WriteSelectDb(db);
        _encoder.WriteResizeDb(keys, expires);
        CopyTo(output);
    }

    public void WriteEntry(IBufferWriter<byte> output, byte[] key, object value, long expireAtMs, long idleSeconds, int lfuFrequency)
    {
        // The snapshot may send an entry to the stream or to a database's side buffer: flushes follow it.
        _sink.Target = output;
        _encoder.WriteEntry(key, value, expireAtMs, idleSeconds, lfuFrequency);
        CopyTo(output);
    }

    public void WriteEnd(IBufferWriter<byte> output)
    {
        _sink.Target = output;
        _encoder.WriteEof();
        CopyTo(output);
    }

    private void CopyTo(IBufferWriter<byte> output)
    {
        output.Write(_encoder.WrittenSpan);
        _encoder.Clear();
    }

    /// <summary>The encoder's mid-value flushes, forwarded to the output of the record being written.</summary>
    private sealed class ForwardingStream : Stream
    {
        public IBufferWriter<byte>? Target { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer) =>
            (Target ?? throw new InvalidOperationException("no record is being written")).Write(buffer);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
