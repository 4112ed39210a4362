using System.Buffers.Binary;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Streams encoded chunks of an RDB file into a <see cref="Stream"/> while computing the CRC64 Redis checks on
/// load; <see cref="Finish"/> writes the 8-byte little-endian checksum (zeros when rdbchecksum is no, which a
/// loader takes as "not checked"). Callers hand over large chunks (an <see cref="RdbEncoder"/> buffer), so
/// the stream sees big sequential writes.
/// </summary>
public sealed class RdbFileWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _checksum;
    private readonly bool _ownsStream;
    private ulong _crc;
    private bool _finished;

    /// <param name="output">Where the file goes.</param>
    /// <param name="checksum">rdbchecksum: compute the CRC64 (else the trailer is eight zeros).</param>
    /// <param name="ownsStream">Dispose <paramref name="output"/> with this writer.</param>
    public RdbFileWriter(Stream output, bool checksum, bool ownsStream = false)
    {
        _output = output;
        _checksum = checksum;
        _ownsStream = ownsStream;
    }

    /// <summary>Bytes appended so far (the checksum trailer included once finished).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The CRC64 of everything appended so far (0 without checksum).</summary>
    public ulong Checksum => _crc;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_finished)
        {
            throw new InvalidOperationException("the RDB file is already finished");
        }
        if (_checksum)
        {
            _crc = Crc64.Compute(_crc, bytes);
        }
        _output.Write(bytes);
        BytesWritten += bytes.Length;
    }

    /// <summary>Writes the checksum trailer and flushes the stream (durability is the caller's: fsync).</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, _checksum ? _crc : 0);
        _output.Write(trailer);
        BytesWritten += 8;
        _output.Flush();
        _finished = true;
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _output.Dispose();
        }
    }
}
