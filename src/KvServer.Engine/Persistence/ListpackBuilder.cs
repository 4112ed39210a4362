using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Builds a listpack in Redis's own byte format (listpack.c), the blob RDB stores for listpack-encoded hashes,
/// sorted sets and quicklist nodes. KvServer's in-memory listpacks drop the back-lengths and the header, so
/// the writer re-encodes every entry: a 6-byte header (total bytes, then the entry count, both little endian;
/// the count saturates at 65535), each entry as its encoding + data + back-length, and a 0xFF terminator.
/// </summary>
/// <remarks>
/// Entry encodings are lpEncodeGetType's: a canonical integer (string2ll) becomes the narrowest of 7-bit
/// unsigned, 13-, 16-, 24-, 32- or 64-bit signed; anything else a 6-bit, 12-bit or 32-bit length string.
/// One builder is reused for every value of a save. Not thread-safe.
/// </remarks>
public sealed class ListpackBuilder
{
    private byte[] _buffer;
    private int _length = ListpackEncoding.HeaderSize;

    public ListpackBuilder(int initialCapacity = 1024)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
    }

    /// <summary>Entries appended since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>lpBytes: the size the finished listpack has, terminator included.</summary>
    public int TotalBytes => _length + 1;

    /// <summary>Starts an empty listpack, keeping the buffer.</summary>
    public void Reset()
    {
        _length = ListpackEncoding.HeaderSize;
        Count = 0;
    }

    /// <summary>lpAppend of a string: integer-encoded when it is a canonical integer, else as bytes.</summary>
    public void AppendText(ReadOnlySpan<byte> text)
    {
        if (ListpackEncoding.TryParseInteger(text, out long value))
        {
            AppendInteger(value);
        }
        else
        {
            AppendString(text);
        }
    }

    /// <summary>lpAppendInteger.</summary>
    public void AppendInteger(long value)
    {
        Span<byte> entry = Reserve(9 + 1);
        int size = EncodeInteger(value, entry);
        entry[size] = (byte)size; // every integer encoding is at most 9 bytes: a one-byte back-length
        Commit(size + 1);
    }

    /// <summary>Appends <paramref name="text"/> with a string encoding, whatever its content.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendString(ReadOnlySpan<byte> text)
    {
        int size = ListpackEncoding.WriteStringEntry(text, Reserve(ListpackEncoding.StringEntrySize(text.Length)));
        Commit(size);
    }

    /// <summary>
    /// The finished listpack (header and terminator written). Valid until the next append or reset; appending
    /// after finishing continues the same listpack.
    /// </summary>
    public ReadOnlySpan<byte> Finish()
    {
        Reserve(1);
        Span<byte> listpack = _buffer.AsSpan(0, _length + 1);
        ListpackEncoding.WriteFrame(listpack, Count);
        return listpack;
    }

    /// <summary>Bytes the entry for <paramref name="text"/> takes in a listpack, back-length included.</summary>
    public static int EntrySize(ReadOnlySpan<byte> text)
    {
        if (ListpackEncoding.TryParseInteger(text, out long value))
        {
            return ListPack.IntegerSize(value) + 1;
        }
        return ListpackEncoding.StringEntrySize(text.Length);
    }

    private static int EncodeInteger(long value, Span<byte> destination)
    {
        int size = ListPack.IntegerSize(value);
        switch (size)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                // 13-bit two's complement: the top 5 bits go in the encoding byte.
                int bits = (int)(value & 0x1FFF);
                destination[0] = (byte)(0xC0 | (bits >> 8));
                destination[1] = (byte)bits;
                break;
            case 3:
                destination[0] = 0xF1;
                BinaryPrimitives.WriteInt16LittleEndian(destination[1..], (short)value);
                break;
            case 4:
                destination[0] = 0xF2;
                destination[1] = (byte)value;
                destination[2] = (byte)(value >> 8);
                destination[3] = (byte)(value >> 16);
                break;
            case 5:
                destination[0] = 0xF3;
                BinaryPrimitives.WriteInt32LittleEndian(destination[1..], (int)value);
                break;
            default:
                destination[0] = 0xF4;
                BinaryPrimitives.WriteInt64LittleEndian(destination[1..], value);
                break;
        }
        return size;
    }

    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _length < size)
        {
            long wanted = Math.Max((long)_buffer.Length * 2, (long)_length + size);
            Array.Resize(ref _buffer, (int)Math.Min(wanted, Array.MaxLength));
        }
        return _buffer.AsSpan(_length, size);
    }

    private void Commit(int size)
    {
        _length += size;
        Count++;
    }
}
