using System.Buffers;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// A snapshot output that writes each chunk straight into a caller-owned stream, on the caller's thread: for a
/// save that holds the executor and wants the bytes in a stream (the synchronous AOF base, tests, benchmarks).
/// With <c>rdbTrailer</c> it appends the RDB CRC-64 trailer on <see cref="Complete"/> (<see cref="RdbFileWriter"/>).
/// Nothing is ever pending, and an I/O error surfaces from the write that hit it.
/// </summary>
internal sealed class StreamSnapshotOutput : ISnapshotOutput
{
    private readonly RdbFileWriter _file;
    private readonly bool _rdbTrailer;

    public StreamSnapshotOutput(Stream output, bool checksum, bool rdbTrailer)
    {
        _file = new RdbFileWriter(output, checksum && rdbTrailer);
        _rdbTrailer = rdbTrailer;
    }

    public long PendingBytes => 0;

    public bool HasFailed => false;

    public void Write(byte[] chunk, int length)
    {
        try
        {
            _file.Append(chunk.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public void Complete()
    {
        if (_rdbTrailer)
        {
            _file.Finish();
        }
    }

    public void Abort()
    {
    }
}
