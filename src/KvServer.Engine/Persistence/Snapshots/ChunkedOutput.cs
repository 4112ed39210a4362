using System.Buffers;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// The snapshot's stream as an <see cref="IBufferWriter{T}"/>: bytes go into pooled chunks, and each full
/// chunk is handed to the <see cref="ISnapshotOutput"/> (which returns it to the pool once written). A chunk
/// may end in the middle of a record; the consumer sees one ordered byte stream.
/// </summary>
internal sealed class ChunkedOutput : IBufferWriter<byte>
{
    /// <summary>Big enough that a file write is worth a syscall, small enough to keep the queue fine-grained.</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly ISnapshotOutput _output;
    private byte[]? _chunk;
    private int _written;

    public ChunkedOutput(ISnapshotOutput output)
    {
        _output = output;
    }

    /// <summary>Bytes produced so far (INFO and the log report it).</summary>
    public long TotalBytes { get; private set; }

    public void Advance(int count)
    {
        _written += count;
        TotalBytes += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _chunk.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _chunk.AsSpan(_written);
    }

    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_chunk is not null && _chunk.Length - _written >= needed)
        {
            return;
        }
        Flush();
        _chunk = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, needed));
    }

    /// <summary>Hands over a chunk once it is full enough, so the writer works while the walk goes on.</summary>
    public void FlushIfFull()
    {
        if (_written >= ChunkSize / 2)
        {
            Flush();
        }
    }

    /// <summary>Hands over whatever is buffered.</summary>
    public void Flush()
    {
        if (_chunk is null)
        {
            return;
        }
        if (_written > 0)
        {
            _output.Write(_chunk, _written);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_chunk);
        }
        _chunk = null;
        _written = 0;
    }

    /// <summary>Drops the buffered bytes (the snapshot was abandoned).</summary>
    public void Discard()
    {
        if (_chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
            _written = 0;
        }
    }
}
