using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using KvServer.Engine.Persistence;

namespace KvServer.Tests.Persistence;

/// <summary>Writes a listpack in Redis's layout (listpack.c), back-lengths included.</summary>
internal sealed class HandmadeListpack
{
    private readonly List<byte> _entries = [];
    private int _count;

    public HandmadeListpack Int(long value)
    {
        var entry = new List<byte>();
        if (value is >= 0 and <= 127)
        {
            entry.Add((byte)value);
        }
        else if (value is >= -4096 and <= 4095)
        {
            entry.Add((byte)(0xC0 | ((value >> 8) & 0x1F)));
            entry.Add((byte)value);
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            entry.Add(0xF1);
            entry.AddRange(BitConverter.GetBytes((short)value));
        }
        else if (value is >= -(1 << 23) and < (1 << 23))
        {
            entry.Add(0xF2);
            entry.AddRange(BitConverter.GetBytes((int)value)[..3]);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            entry.Add(0xF3);
            entry.AddRange(BitConverter.GetBytes((int)value));
        }
        else
        {
            entry.Add(0xF4);
            entry.AddRange(BitConverter.GetBytes(value));
        }
        return Add(entry);
    }

    public HandmadeListpack Str(string text) => Str(Encoding.Latin1.GetBytes(text));

    public HandmadeListpack Str(byte[] bytes)
    {
        var entry = new List<byte>();
        if (bytes.Length <= 63)
        {
            entry.Add((byte)(0x80 | bytes.Length));
        }
        else if (bytes.Length <= 4095)
        {
            entry.Add((byte)(0xE0 | (bytes.Length >> 8)));
            entry.Add((byte)bytes.Length);
        }
        else
        {
            entry.Add(0xF0);
            entry.AddRange(BitConverter.GetBytes(bytes.Length));
        }
        entry.AddRange(bytes);
        return Add(entry);
    }

    private HandmadeListpack Add(List<byte> entry)
    {
        int length = entry.Count;
        _entries.AddRange(entry);
        // lpEncodeBacklen: 7 bits per byte, the first byte written holds the most significant bits; its size
        // thresholds are strict ("l < 16383"), so an entry of 16383 bytes gets three bytes, not two.
        int size = length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;
        var back = new byte[size];
        for (int i = 0; i < size; i++)
        {
            back[i] = (byte)((length >> (7 * (size - 1 - i))) & 127);
            if (i > 0)
            {
                back[i] |= 128;
            }
        }
        _entries.AddRange(back);
        _count++;
        return this;
    }

    public byte[] Build()
    {
        var blob = new byte[6 + _entries.Count + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), (ushort)Math.Min(_count, 65535));
        _entries.CopyTo(blob, 6);
        blob[^1] = 0xFF;
        return blob;
    }
}

/// <summary>Writes a ziplist in Redis's layout (ziplist.c), as RDB files before 7.0 hold them.</summary>
internal sealed class ZiplistBuilder
{
    private readonly List<byte> _entries = [];
    private int _previous;
    private int _count;

    public ZiplistBuilder Int(long value)
    {
        var body = new List<byte>();
        if (value is >= 0 and <= 12)
        {
            body.Add((byte)(0xF1 + value));
        }
        else if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            body.Add(0xFE);
            body.Add((byte)value);
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            body.Add(0xC0);
            body.AddRange(BitConverter.GetBytes((short)value));
        }
        else if (value is >= -(1 << 23) and < (1 << 23))
        {
            body.Add(0xF0);
            body.AddRange(BitConverter.GetBytes((int)value)[..3]);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            body.Add(0xD0);
            body.AddRange(BitConverter.GetBytes((int)value));
        }
        else
        {
            body.Add(0xE0);
            body.AddRange(BitConverter.GetBytes(value));
        }
        return Add(body);
    }

    public ZiplistBuilder Str(string text)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        var body = new List<byte>();
        if (bytes.Length <= 63)
        {
            body.Add((byte)bytes.Length);
        }
        else if (bytes.Length <= 16383)
        {
            body.Add((byte)(0x40 | (bytes.Length >> 8)));
            body.Add((byte)bytes.Length);
        }
        else
        {
            body.Add(0x80);
            byte[] length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            body.AddRange(length);
        }
        body.AddRange(bytes);
        return Add(body);
    }

    private ZiplistBuilder Add(List<byte> body)
    {
        var entry = new List<byte>();
        if (_previous < 254)
        {
            entry.Add((byte)_previous);
        }
        else
        {
            entry.Add(0xFE);
            entry.AddRange(BitConverter.GetBytes(_previous));
        }
        entry.AddRange(body);
        _entries.AddRange(entry);
        _previous = entry.Count;
        _count++;
        return this;
    }

    public byte[] Build()
    {
        var blob = new byte[10 + _entries.Count + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)(10 + _entries.Count - _previous));
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(8), (ushort)Math.Min(_count, 65535));
        _entries.CopyTo(blob, 10);
        blob[^1] = 0xFF;
        return blob;
    }
}

/// <summary>Writes RDB files and DUMP payloads record by record, with Redis's framing and checksum.</summary>
internal sealed class RdbBuilder
{
    private readonly ArrayBufferWriter<byte> _output = new();

    public RdbBuilder Header(int version = 10)
    {
        Raw(Encoding.ASCII.GetBytes($"REDIS{version:D4}"));
        return this;
    }

    public RdbBuilder Raw(params byte[] bytes)
    {
        _output.Write(bytes);
        return this;
    }

    public RdbBuilder Length(ulong length)
    {
        RdbStrings.WriteLength(_output, length);
        return this;
    }

    public RdbBuilder String(string text) => String(Encoding.Latin1.GetBytes(text));

    public RdbBuilder String(byte[] bytes)
    {
        RdbStrings.WriteString(_output, bytes, compress: false);
        return this;
    }

    public RdbBuilder Aux(string key, string value) => Raw(RdbFormat.OpcodeAux).String(key).String(value);

    public RdbBuilder SelectDb(int db) => Raw(RdbFormat.OpcodeSelectDb).Length((ulong)db);

    public RdbBuilder ExpireMs(long when)
    {
        Raw(RdbFormat.OpcodeExpireTimeMs);
        return Raw(BitConverter.GetBytes(when));
    }

    /// <summary>A string key.</summary>
    public RdbBuilder Set(string key, string value) => Raw(RdbFormat.TypeString).String(key).String(value);

    /// <summary>A key of a packed type whose value is one blob.</summary>
    public RdbBuilder Blob(byte type, string key, byte[] blob) => Raw(type).String(key).String(blob);

    /// <summary>EOF and the CRC-64 of everything before (or 0: "saved without checksum").</summary>
    public byte[] End(bool checksum = true)
    {
        Raw(RdbFormat.OpcodeEof);
        ulong crc = checksum ? Crc64.Compute(0, _output.WrittenSpan) : 0;
        return Raw(BitConverter.GetBytes(crc)).ToArray();
    }

    /// <summary>The bytes so far followed by a DUMP footer (version, CRC-64).</summary>
    public byte[] DumpPayload(int version = 10)
    {
        Raw((byte)version, (byte)(version >> 8));
        ulong crc = Crc64.Compute(0, _output.WrittenSpan);
        return Raw(BitConverter.GetBytes(crc)).ToArray();
    }

    public byte[] ToArray() => _output.WrittenSpan.ToArray();
}
