namespace KvServer.Engine.DataTypes;

/// <summary>
/// A string value that was modified in place (APPEND, SETRANGE, SETBIT, BITFIELD): a buffer with spare room,
/// like an sds with free space, so repeated appends are amortized O(1). Redis reports these as "raw".
/// </summary>
public sealed class KvRawString
{
    private byte[] _buffer;

    public KvRawString(ReadOnlySpan<byte> initial, int capacity = 0)
    {
        _buffer = new byte[Math.Max(initial.Length, capacity)];
        initial.CopyTo(_buffer);
        Length = initial.Length;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The writable bytes; valid until the next resize.</summary>
    public Span<byte> WritableSpan => _buffer.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> data)
    {
        EnsureLength(Length + data.Length);
        data.CopyTo(_buffer.AsSpan(Length - data.Length));
    }

    /// <summary>Grows to <paramref name="length"/> bytes, zero-filled (SETRANGE/SETBIT past the end).</summary>
    public void EnsureLength(int length)
    {
        if (length <= Length)
        {
            return;
        }
        if (length > _buffer.Length)
        {
            // Same growth policy as sdsMakeRoomFor: double while small, +1 MB when large.
            int capacity = length < 1024 * 1024 ? length * 2 : length + 1024 * 1024;
            if ((uint)capacity > (uint)Array.MaxLength)
            {
                capacity = length;
            }
            Array.Resize(ref _buffer, capacity);
        }
        _buffer.AsSpan(Length, length - Length).Clear();
        Length = length;
    }

    /// <summary>Bytes reserved beyond the length, counted in memory usage.</summary>
    public int Capacity => _buffer.Length;
}
