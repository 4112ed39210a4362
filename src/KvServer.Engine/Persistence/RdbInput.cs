using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// The byte source the RDB reader decodes from (Redis's rio for loading): a file or stream read in large
/// blocks, or a DUMP payload already in memory. It hands out spans into its buffer, so a value is copied once,
/// into the structure that keeps it, and it folds every consumed byte into the running CRC-64 that the file's
/// trailing checksum is compared with.
/// </summary>
/// <remarks>
/// A span returned by a read is valid until the next read. Reading past the end throws
/// <see cref="RdbLoadException.ShortRead"/>. The per-byte methods here, the packed-blob readers and the
/// loader's loops are compiled fully optimized from the start (AggressiveOptimization): a load runs them a
/// million times once, at start-up, before tiered compilation would have promoted them (see
/// docs/ARCHITECTURE.md for the measurement). Over a stream the input reads ahead of what it decodes;
/// <see cref="Position"/> says how far the decoder got, which is where the RDB part of a file ends.
/// </remarks>
internal sealed class RdbInput
{
    // Below the large object heap's threshold: at start-up its small budget made a 1 MB block (plus the
    // host's own large arrays) trigger a compacting gen-2 collection early in every load.
    private const int BlockSize = 1 << 16;
    private const long UnknownLengthPresizeLimit = 1 << 20;

    private readonly Stream? _stream;
    private readonly bool _trackCrc;
    private byte[] _buffer;
    private int _start;          // next byte to decode
    private int _end;            // end of the valid bytes
    private int _crcFrom;        // consumed bytes from here to _start are not in _crc yet
    private long _bufferOffset;  // stream offset of _buffer[0], relative to where reading began
    private ulong _crc;
    private byte[] _scratch = new byte[64];

    /// <summary>Reads <paramref name="stream"/> from its current position in 64 KB blocks.</summary>
    public RdbInput(Stream stream, bool trackCrc = true)
    {
        _stream = stream;
        _trackCrc = trackCrc;
        _buffer = new byte[BlockSize];
    }

    /// <summary>Reads <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
    public RdbInput(byte[] data, int offset, int length, bool trackCrc = false)
    {
        _trackCrc = trackCrc;
        _buffer = data;
        _start = offset;
        _crcFrom = offset;
        _end = offset + length;
        _bufferOffset = -offset;
    }

    /// <summary>Bytes decoded so far.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The CRC-64 of every byte decoded so far.</summary>
    public ulong Crc
    {
        get
        {
            FoldCrc();
            return _crc;
        }
    }

    /// <summary>
    /// Bytes left to decode, when known (a seekable stream or a buffer); otherwise long.MaxValue. Sizes read
    /// from the data are capped by it before anything is allocated, so a corrupt length cannot make the loader
    /// reserve gigabytes for a file of kilobytes.
    /// </summary>
    public long RemainingBytes
    {
        get
        {
            long buffered = _end - _start;
            if (_stream is null)
            {
                return buffered;
            }
            return _stream.CanSeek ? buffered + Math.Max(0, _stream.Length - _stream.Position) : long.MaxValue;
        }
    }

    /// <summary>
    /// A count read from the data, for pre-sizing: capped by the bytes left (every element takes at least one),
    /// or at a million when the input's length is unknown (tables still grow past it as elements arrive).
    /// </summary>
    public int PlausibleCount(long count)
    {
        long remaining = RemainingBytes;
        long limit = remaining == long.MaxValue ? UnknownLengthPresizeLimit : remaining;
        return (int)Math.Min(Math.Min(count, limit), int.MaxValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte ReadByte()
    {
        if (_start == _end)
        {
            Fill(1, throwAtEnd: true);
        }
        return _buffer[_start++];
    }

    /// <summary>The next <paramref name="count"/> bytes, valid until the next read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (_end - _start < count)
        {
            Fill(count, throwAtEnd: true);
        }
        var span = new ReadOnlySpan<byte>(_buffer, _start, count);
        _start += count;
        return span;
    }

    public int ReadInt32LittleEndian() => BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4));

    public long ReadInt64LittleEndian() => BinaryPrimitives.ReadInt64LittleEndian(ReadSpan(8));

    public ulong ReadUInt64LittleEndian() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    /// <summary>rdbLoadLen: a length; <paramref name="encoded"/> when it is instead a special string encoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong ReadLength(out bool encoded)
    {
        encoded = false;
        byte first = ReadByte();
        switch (first >> 6)
        {
            case 0:
                return (ulong)(first & 0x3F);
            case 1:
                return ((ulong)(first & 0x3F) << 8) | ReadByte();
            case 3:
                encoded = true;
                return (ulong)(first & 0x3F);
            default:
                if (first == 0x80)
                {
                    return BinaryPrimitives.ReadUInt32BigEndian(ReadSpan(4));
                }
                if (first == 0x81)
                {
                    return BinaryPrimitives.ReadUInt64BigEndian(ReadSpan(8));
                }
                throw RdbLoadException.Corrupt($"Unknown length encoding {first} in rdbLoadLen()");
        }
    }

    /// <summary>A plain length (not a string encoding), as counts and ids are stored.</summary>
    public ulong ReadLength()
    {
        ulong length = ReadLength(out bool encoded);
        if (encoded)
        {
            throw RdbLoadException.Corrupt($"Unknown length encoding {length} in rdbLoadLen()");
        }
        return length;
    }

    /// <summary>A length that must also be a valid element count or byte size here.</summary>
    public int ReadCount()
    {
        ulong length = ReadLength();
        if (length > int.MaxValue)
        {
            throw RdbLoadException.Corrupt($"Length {length} is too large");
        }
        return (int)length;
    }

    /// <summary>
    /// rdbGenericLoadStringObject(RDB_LOAD_PLAIN): a string's bytes, valid until the next read. Integer-encoded
    /// strings are formatted and LZF strings decompressed into a scratch buffer the input reuses.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> ReadStringSpan()
    {
        ulong length = ReadLength(out bool encoded);
        if (!encoded)
        {
            return ReadSpan(CheckSize(length));
        }
        if (length == RdbStringEncoding.Lzf)
        {
            return ReadLzf();
        }
        long number = ReadEncodedInteger(length);
        int size = Utf8Number.FormatInt64(number, _scratch);
        return new ReadOnlySpan<byte>(_scratch, 0, size);
    }

    /// <summary>A string's bytes as a new array the caller keeps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] ReadStringArray()
    {
        ulong length = ReadLength(out bool encoded);
        if (!encoded)
        {
            return ReadSpan(CheckSize(length)).ToArray();
        }
        if (length == RdbStringEncoding.Lzf)
        {
            return ReadLzfArray();
        }
        long number = ReadEncodedInteger(length);
        int size = Utf8Number.FormatInt64(number, _scratch);
        return _scratch.AsSpan(0, size).ToArray();
    }

    /// <summary>
    /// A string value as the keyspace stores it (rdbLoadEncodedStringObject + tryObjectEncoding): an
    /// integer-encoded or canonical integer string becomes a <see cref="KvInt"/>, anything else a byte array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object ReadStringValue()
    {
        ulong length = ReadLength(out bool encoded);
        if (encoded && length != RdbStringEncoding.Lzf)
        {
            return new KvInt(ReadEncodedInteger(length));
        }
        if (!encoded && length <= Utf8Number.MaxInt64Chars)
        {
            ReadOnlySpan<byte> small = ReadSpan((int)length);
            return StringValue.FromBytes(small);
        }
        byte[] bytes = encoded ? ReadLzfArray() : ReadSpan(CheckSize(length)).ToArray();
        if (bytes.Length <= Utf8Number.MaxInt64Chars && bytes.Length > 0 && Utf8Number.TryParseInt64(bytes, out long value))
        {
            return new KvInt(value);
        }
        return bytes;
    }

    /// <summary>rdbLoadDoubleValue: the text form of RDB_TYPE_ZSET scores (a length byte, 253–255 for nan/inf/-inf).</summary>
    public double ReadTextDouble()
    {
        byte length = ReadByte();
        switch (length)
        {
            case 255:
                return double.NegativeInfinity;
            case 254:
                return double.PositiveInfinity;
            case 253:
                return double.NaN;
            default:
                ReadOnlySpan<byte> text = ReadSpan(length);
                if (!Utf8Number.TryParseDouble(text, out double value))
                {
                    throw RdbLoadException.Corrupt("Error reading double value");
                }
                return value;
        }
    }

    /// <summary>rdbLoadBinaryDoubleValue: an IEEE double, little endian (RDB_TYPE_ZSET_2).</summary>
    public double ReadBinaryDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadSpan(8));

    private long ReadEncodedInteger(ulong encoding) => encoding switch
    {
        RdbStringEncoding.Int8 => (sbyte)ReadByte(),
        RdbStringEncoding.Int16 => BinaryPrimitives.ReadInt16LittleEndian(ReadSpan(2)),
        RdbStringEncoding.Int32 => BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4)),
        _ => throw RdbLoadException.Corrupt($"Unknown RDB string encoding type {encoding}"),
    };

    private ReadOnlySpan<byte> ReadLzf()
    {
        ReadOnlySpan<byte> compressed = ReadLzfHeaderAndBytes(out int length);
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }
        DecompressOrThrow(compressed, _scratch.AsSpan(0, length));
        return new ReadOnlySpan<byte>(_scratch, 0, length);
    }

    private byte[] ReadLzfArray()
    {
        ReadOnlySpan<byte> compressed = ReadLzfHeaderAndBytes(out int length);
        byte[] output = GC.AllocateUninitializedArray<byte>(length);
        DecompressOrThrow(compressed, output);
        return output;
    }

    /// <summary>Decompresses all of <paramref name="output"/>, or reports the string corrupt.</summary>
    private static void DecompressOrThrow(ReadOnlySpan<byte> compressed, Span<byte> output)
    {
        if (!Lzf.TryDecompressExactly(compressed, output))
        {
            throw RdbLoadException.Corrupt("Invalid LZF compressed string");
        }
    }

    /// <summary>
    /// After the LZF marker: the compressed bytes (valid until the next read) and the decompressed length,
    /// checked against what LZF can expand to (<see cref="Lzf.IsPossibleLength"/>) before anyone allocates it.
    /// </summary>
    private ReadOnlySpan<byte> ReadLzfHeaderAndBytes(out int length)
    {
        int compressedLength = CheckSize(ReadLength());
        length = CheckSize(ReadLength());
        ReadOnlySpan<byte> compressed = ReadSpan(compressedLength);
        if (!Lzf.IsPossibleLength(compressedLength, length))
        {
            throw RdbLoadException.Corrupt("Invalid LZF compressed string");
        }
        return compressed;
    }

    /// <summary>
    /// For a loader that decompresses elsewhere (<see cref="QuicklistNodeLoader"/>): when the next string is
    /// LZF-compressed, reads it without decompressing (the compressed bytes, valid until the next read, and the
    /// length they decompress to) and returns true; otherwise reads nothing and returns false.
    /// </summary>
    public bool TryReadCompressedString(out ReadOnlySpan<byte> compressed, out int length)
    {
        if (_start == _end)
        {
            Fill(1, throwAtEnd: true);
        }
        if (_buffer[_start] != LzfStringMarker)
        {
            compressed = default;
            length = 0;
            return false;
        }
        _start++;
        compressed = ReadLzfHeaderAndBytes(out length);
        return true;
    }

    /// <summary>The length byte of an LZF-compressed string: the "encoded" tag (11) and encoding 3.</summary>
    private const byte LzfStringMarker = 0xC0 | (byte)RdbStringEncoding.Lzf;

    private static int CheckSize(ulong length)
    {
        if (length > (ulong)Array.MaxLength)
        {
            throw RdbLoadException.Corrupt($"String of {length} bytes is too large");
        }
        return (int)length;
    }

    private void FoldCrc()
    {
        if (_trackCrc && _start > _crcFrom)
        {
            _crc = Crc64.Compute(_crc, _buffer.AsSpan(_crcFrom, _start - _crcFrom));
        }
        _crcFrom = _start;
    }

    // Makes at least `count` bytes available from _start, reading from the stream; false (or a short-read
    // error) when the data ends first.
    private bool Fill(int count, bool throwAtEnd)
    {
        if (_stream is null)
        {
            return throwAtEnd ? throw RdbLoadException.ShortRead() : false;
        }
        if (count > RemainingBytes)
        {
            return throwAtEnd ? throw RdbLoadException.ShortRead() : false;
        }
        FoldCrc();
        int remaining = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
        }
        _bufferOffset += _start;
        _start = 0;
        _crcFrom = 0;
        _end = remaining;
        while (_end < count)
        {
            if (_end == _buffer.Length)
            {
                // Grow by doubling as data arrives, so a corrupt length in a stream of unknown size costs at
                // most twice the bytes that really follow, not the length it claims.
                Array.Resize(ref _buffer, (int)Math.Min(Math.Max(count, BlockSize), (long)_buffer.Length * 2));
            }
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0)
            {
                return throwAtEnd ? throw RdbLoadException.ShortRead() : false;
            }
            _end += read;
        }
        return true;
    }
}
