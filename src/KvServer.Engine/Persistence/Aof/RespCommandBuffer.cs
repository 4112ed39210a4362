using System.Buffers;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// A growable byte buffer that commands are appended to in RESP multibulk form (<c>*N</c> then <c>$len</c>
/// bulks), as Redis's catAppendOnlyGenericCommand writes them. Pooled and reused: appending allocates only
/// when the buffer must grow.
/// </summary>
public sealed class RespCommandBuffer : IDisposable
{
    private const int InitialSize = 4096;

    // A buffer that grew past this is given back after it is drained, so one huge command does not pin it.
    private const int RetainLimit = 1 << 20;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    public void AppendArrayHeader(int count) => AppendPrefixed((byte)'*', count);

    public void AppendBulk(ReadOnlySpan<byte> value)
    {
        AppendPrefixed((byte)'$', value.Length);
        Span<byte> target = Reserve(value.Length + 2);
        value.CopyTo(target);
        target[value.Length] = (byte)'\r';
        target[value.Length + 1] = (byte)'\n';
        _length += value.Length + 2;
    }

    public void AppendBulk(long value)
    {
        Span<byte> digits = stackalloc byte[24];
        int length = Utf8Number.FormatInt64(value, digits);
        AppendBulk(digits[..length]);
    }

    /// <summary>Copies bytes already in RESP form (a pending operation into the file buffer).</summary>
    public void AppendRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>Empties the buffer, giving an oversized array back to the pool.</summary>
    public void Clear()
    {
        _length = 0;
        if (_buffer.Length > RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    /// <summary>Drops bytes written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => _length = length;

    private void AppendPrefixed(byte prefix, long value)
    {
        Span<byte> target = Reserve(24);
        target[0] = prefix;
        int digits = Utf8Number.FormatInt64(value, target[1..]);
        target[digits + 1] = (byte)'\r';
        target[digits + 2] = (byte)'\n';
        _length += digits + 3;
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        return _buffer.AsSpan(_length, count);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}
