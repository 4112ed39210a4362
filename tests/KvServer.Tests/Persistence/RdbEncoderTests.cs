using System.Buffers.Binary;
using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The byte layout RdbEncoder writes, item by item, against Redis 7.0's rdb.c / listpack.c / quicklist.c
/// (expected bytes come from real redis-server output or from the format's definition where noted).
/// </summary>
public class RdbEncoderTests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Encode(Action<RdbEncoder> write, bool compress = true)
    {
        var encoder = new RdbEncoder(compress);
        write(encoder);
        return Hex(encoder.WrittenSpan);
    }

    private static object Value(CommandHarness h, string key) =>
        h.Server.Databases[0].Peek(Encoding.Latin1.GetBytes(key), h.Clock.UnixTimeMilliseconds)!;

    [Fact]
    public void WriteHeader_IsRedis0010()
    {
        Assert.Equal("REDIS0010", Encoding.ASCII.GetString(Convert.FromHexString(Encode(e => e.WriteHeader()))));
    }

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(63UL, "3f")]
    [InlineData(64UL, "4040")]
    [InlineData(16383UL, "7fff")]
    [InlineData(16384UL, "8000004000")]
    [InlineData(4294967295UL, "80ffffffff")]
    [InlineData(4294967296UL, "810000000100000000")]
    public void WriteLength_UsesRdbSaveLenForms(ulong length, string hex)
    {
        Assert.Equal(hex, Encode(e => e.WriteLength(length)));
    }

    [Theory]
    [InlineData("0", "c000")]
    [InlineData("127", "c07f")]
    [InlineData("-128", "c080")]
    [InlineData("128", "c18000")]
    [InlineData("-32768", "c10080")]
    [InlineData("32768", "c200800000")]
    [InlineData("2147483647", "c2ffffff7f")]
    [InlineData("-2147483648", "c200000080")]
    [InlineData("2147483648", "0a32313437343833363438")]
    [InlineData("007", "03303037")]
    [InlineData("-0", "022d30")]
    [InlineData("+1", "022b31")]
    [InlineData("", "00")]
    public void WriteString_IntegerEncodesOnlyCanonical32BitIntegers(string text, string hex)
    {
        Assert.Equal(hex, Encode(e => e.WriteString(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void WriteString_CompressesOnlyOver20BytesAndOnlyWhenEnabled()
    {
        byte[] twenty = Encoding.ASCII.GetBytes(new string('a', 20));
        byte[] long49 = Encoding.ASCII.GetBytes(new string('a', 49));
        Assert.Equal("14" + Hex(twenty), Encode(e => e.WriteString(twenty)));
        // The same bytes redis-server 7.0.15 dumps for a 49-byte "aaa…" value (DumpTests).
        Assert.Equal("c30931016161e02400016161", Encode(e => e.WriteString(long49)));
        Assert.Equal("31" + Hex(long49), Encode(e => e.WriteString(long49), compress: false));
    }

    [Fact]
    public void WriteString_IncompressibleData_IsStoredVerbatim()
    {
        byte[] random = new byte[300];
        new Random(7).NextBytes(random);
        Assert.Equal("412c" + Hex(random), Encode(e => e.WriteString(random)));
    }

    [Theory]
    [InlineData(5L, "c005")]
    [InlineData(-70000L, "c290eefeff")]
    [InlineData(5000000000L, "0a35303030303030303030")]
    [InlineData(long.MinValue, "142d39323233333732303336383534373735383038")]
    public void WriteInteger_IsRdbSaveLongLongAsStringObject(long value, string hex)
    {
        Assert.Equal(hex, Encode(e => e.WriteInteger(value)));
    }

    [Fact]
    public void WriteEntry_WritesExpireIdleFreqThenTypeKeyValue()
    {
        string hex = Encode(e => e.WriteEntry("k"u8, "v"u8.ToArray(), 0x0102030405060708, idleSeconds: 100, lfuFrequency: 5));
        Assert.Equal("fc0807060504030201" + "f84064" + "f905" + "00016b" + "0176", hex);
        Assert.Equal("00016b0176", Encode(e => e.WriteEntry("k"u8, "v"u8.ToArray(), -1)));
    }

    [Fact]
    public void StructureOpcodes_MatchRdbFormat()
    {
        Assert.Equal("fe00", Encode(e => e.WriteSelectDb(0)));
        Assert.Equal("fe0f", Encode(e => e.WriteSelectDb(15)));
        Assert.Equal("fb4e2001", Encode(e => e.WriteResizeDb(3616, 1)));
        Assert.Equal("ff", Encode(e => e.WriteEof()));
        Assert.Equal("fa0161c000", Encode(e => e.WriteAux("a", 0)));
        Assert.Equal("fa0972656469732d7665720637" + "2e302e3135", Encode(e => e.WriteAux("redis-ver", "7.0.15"u8)));
    }

    [Fact]
    public void TypeOf_FollowsTheEncoding()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        h.Run("SADD", "is", "1");
        h.Run("SADD", "hs", "x");
        h.Run("HSET", "lh", "f", "v");
        h.Run("HSET", "th", "f", new string('v', 65));
        h.Run("ZADD", "lz", "1", "m");
        h.Run("ZADD", "sz", "1", new string('m', 65));
        h.Run("RPUSH", "l", "x");
        Assert.Equal(RdbFormat.TypeString, RdbEncoder.TypeOf(Value(h, "s")));
        Assert.Equal(RdbFormat.TypeSetIntset, RdbEncoder.TypeOf(Value(h, "is")));
        Assert.Equal(RdbFormat.TypeSet, RdbEncoder.TypeOf(Value(h, "hs")));
        Assert.Equal(RdbFormat.TypeHashListpack, RdbEncoder.TypeOf(Value(h, "lh")));
        Assert.Equal(RdbFormat.TypeHash, RdbEncoder.TypeOf(Value(h, "th")));
        Assert.Equal(RdbFormat.TypeZSetListpack, RdbEncoder.TypeOf(Value(h, "lz")));
        Assert.Equal(RdbFormat.TypeZSet2, RdbEncoder.TypeOf(Value(h, "sz")));
        Assert.Equal(RdbFormat.TypeListQuicklist2, RdbEncoder.TypeOf(Value(h, "l")));
        Assert.Throws<ArgumentException>(() => RdbEncoder.TypeOf(new object()));
    }

    // ---- listpack entries (listpack.c lpEncodeGetType / lpEncodeBacklen) ----

    private static string ListpackEntries(Action<ListpackBuilder> append)
    {
        var builder = new ListpackBuilder();
        append(builder);
        ReadOnlySpan<byte> listpack = builder.Finish();
        Assert.Equal(listpack.Length, BinaryPrimitives.ReadInt32LittleEndian(listpack));
        Assert.Equal(0xFF, listpack[^1]);
        return Hex(listpack[6..^1]);
    }

    [Theory]
    [InlineData("0", "0001")]
    [InlineData("127", "7f01")]
    [InlineData("128", "c08002")]
    [InlineData("-1", "dfff02")]
    [InlineData("4095", "cfff02")]
    [InlineData("-4096", "d00002")]
    [InlineData("4096", "f1001003")]
    [InlineData("-32768", "f1008003")]
    [InlineData("8388607", "f2ffff7f04")]
    [InlineData("-8388608", "f200008004")]
    [InlineData("2147483647", "f3ffffff7f05")]
    [InlineData("2147483648", "f4000000800000000009")]
    [InlineData("abc", "8361626304")]
    [InlineData("007", "8330303704")]
    public void Listpack_EntryEncodings(string text, string hex)
    {
        Assert.Equal(hex, ListpackEntries(b => b.AppendText(Encoding.ASCII.GetBytes(text))));
    }

    [Theory]
    [InlineData(63, "bf", "40")]
    [InlineData(64, "e040", "42")]
    [InlineData(4095, "efff", "2081")]
    [InlineData(4096, "f000100000", "2085")]
    [InlineData(16377, "f0f93f0000", "7ffe")]      // entry of 16382 bytes: two-byte back-length
    [InlineData(16378, "f0fa3f0000", "00ffff")]    // entry of 16383 bytes: lpEncodeBacklen's strict "<" gives three
    public void Listpack_StringHeadersAndBackLengths(int length, string headerHex, string backLengthHex)
    {
        string text = new('x', length);
        string hex = ListpackEntries(b => b.AppendText(Encoding.ASCII.GetBytes(text)));
        Assert.StartsWith(headerHex, hex);
        Assert.EndsWith(backLengthHex, hex);
        Assert.Equal(headerHex.Length + (2 * length) + backLengthHex.Length, hex.Length);
        Assert.Equal(hex.Length / 2, ListpackBuilder.EntrySize(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Listpack_CountSaturatesAt65535()
    {
        var builder = new ListpackBuilder();
        for (int i = 0; i < 70000; i++)
        {
            builder.AppendInteger(1);
        }
        Assert.Equal(65535, BinaryPrimitives.ReadUInt16LittleEndian(builder.Finish()[4..]));
    }

    // ---- quicklist nodes ----

    private static List<(int Container, int Count)> QuicklistNodes(byte[] payload)
    {
        Assert.Equal(RdbFormat.TypeListQuicklist2, payload[0]);
        int position = 1;
        Assert.True(RdbStrings.TryReadLength(payload, ref position, out ulong nodeCount, out _));
        var nodes = new List<(int, int)>();
        for (ulong i = 0; i < nodeCount; i++)
        {
            Assert.True(RdbStrings.TryReadLength(payload, ref position, out ulong container, out _));
            Assert.True(RdbStrings.TryReadString(payload, ref position, out byte[] node));
            nodes.Add(((int)container, container == RdbFormat.QuicklistNodePacked ? BinaryPrimitives.ReadUInt16LittleEndian(node.AsSpan(4)) : 1));
        }
        Assert.Equal(payload.Length, position);
        return nodes;
    }

    private static byte[] ValuePayload(object value, Action<RdbEncoder>? configure = null)
    {
        var encoder = new RdbEncoder(compress: true);
        configure?.Invoke(encoder);
        encoder.WriteValue(value);
        return encoder.WrittenSpan.ToArray();
    }

    [Fact]
    public void Quicklist_NodesAreCutAsRedisPushTailCutsThem()
    {
        // redis-server 7.0.15, RPUSH of 1000 × "aaaaaaaaaa" with list-max-listpack-size -2: nodes of 681 and 319.
        var list = new ListValue(-2);
        for (int i = 0; i < 1000; i++)
        {
            list.PushTail("aaaaaaaaaa"u8);
        }
        Assert.Equal([(2, 681), (2, 319)], QuicklistNodes(ValuePayload(list)));
    }

    [Fact]
    public void Quicklist_PositiveFill_LimitsEntriesPerNode()
    {
        var list = new ListValue(3);
        for (int i = 0; i < 7; i++)
        {
            list.PushTail("x"u8);
        }
        Assert.Equal([(2, 3), (2, 3), (2, 1)], QuicklistNodes(ValuePayload(list)));
    }

    [Fact]
    public void Quicklist_ElementAtPackedThreshold_GetsAPlainNode()
    {
        var list = new ListValue(-2);
        list.PushTail("a"u8);
        list.PushTail("bbbbbbbbbb"u8);
        list.PushTail("c"u8);
        byte[] payload = ValuePayload(list, e => e.QuicklistPackedThreshold = 10);
        Assert.Equal([(2, 1), (1, 1), (2, 1)], QuicklistNodes(payload));
    }

    [Fact]
    public void Quicklist_ElementOverNodeLimit_GetsAPackedNodeOfItsOwn()
    {
        var list = new ListValue(-1);
        list.PushTail("a"u8);
        list.PushTail(new byte[5000]);
        list.PushTail("c"u8);
        Assert.Equal([(2, 1), (2, 1), (2, 1)], QuicklistNodes(ValuePayload(list)));
    }

    [Fact]
    public void Output_FlushingInSmallChunks_WritesTheSameBytes()
    {
        var h = new CommandHarness();
        var args = new List<string> { "RPUSH", "l" };
        for (int i = 0; i < 3000; i++)
        {
            args.Add(i % 2 == 0 ? "element" + i : (i * 31).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        h.Run([.. args]);
        args[0] = "SADD";
        args[1] = "s";
        h.Run([.. args]);
        h.Run("ZADD", "z", "1", new string('m', 100), "2", "n", "3", "o");
        h.Run("HSET", "h", "f", new string('v', 100), "g", "1");
        h.Run("SET", "k", new string('x', 5000));
        string[] keys = ["l", "s", "z", "h", "k"];

        var whole = new RdbEncoder(compress: true);
        var stream = new MemoryStream();
        var file = new RdbFileWriter(stream, checksum: true);
        var chunked = new RdbEncoder(compress: true) { Output = file, FlushThreshold = 16 };
        foreach (string key in keys)
        {
            whole.WriteEntry(Encoding.ASCII.GetBytes(key), Value(h, key), -1);
            chunked.WriteEntry(Encoding.ASCII.GetBytes(key), Value(h, key), -1);
        }
        file.Append(chunked.WrittenSpan);
        Assert.Equal(Hex(whole.WrittenSpan), Hex(stream.ToArray()));
        Assert.Equal(Crc64.Compute(0, whole.WrittenSpan), file.Checksum);
    }

    // ---- LZF and CRC64 helpers ----

    [Fact]
    public void LzfCompressor_ReusedTable_GivesTheSameBytesAsAFreshTable()
    {
        var compressor = new LzfCompressor();
        var random = new Random(3);
        for (int round = 0; round < 200; round++)
        {
            byte[] input = new byte[random.Next(21, 3000)];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (byte)"abcab"[random.Next(round % 5 + 1)];
            }
            byte[] fresh = new byte[input.Length];
            byte[] reused = new byte[input.Length];
            int freshLength = Lzf.Compress(input, fresh);
            Assert.Equal(freshLength, compressor.Compress(input, reused));
            Assert.Equal(fresh.AsSpan(0, freshLength).ToArray(), reused.AsSpan(0, freshLength).ToArray());
        }
    }

    [Fact]
    public void Crc64_SliceBy8_MatchesBitwiseDefinition()
    {
        var random = new Random(11);
        for (int length = 0; length < 100; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            ulong expected = 0;
            foreach (byte b in data)
            {
                expected ^= b;
                for (int bit = 0; bit < 8; bit++)
                {
                    expected = (expected & 1) != 0 ? (expected >> 1) ^ 0x95AC9329AC4BC9B5UL : expected >> 1;
                }
            }
            Assert.Equal(expected, Crc64.Compute(0, data));
        }
    }

    [Fact]
    public void Crc64_Folded_MatchesTables_AtEveryLengthAndSplit()
    {
        // Lengths around the folding minimum and the 64- and 16-byte steps, with a carried-in crc.
        var random = new Random(12);
        byte[] data = new byte[1200];
        random.NextBytes(data);
        for (int length = 0; length <= data.Length; length += length < 300 ? 1 : 37)
        {
            ReadOnlySpan<byte> input = data.AsSpan(0, length);
            ulong expected = Crc64.ComputeWithTables(0, input);
            Assert.Equal(expected, Crc64.Compute(0, input));
            int split = random.Next(length + 1);
            Assert.Equal(expected, Crc64.Compute(Crc64.Compute(0, input[..split]), input[split..]));
        }
    }

    [Fact]
    public void Crc64_Folded_MatchesTables_OnMegabytes()
    {
        byte[] data = new byte[(3 << 20) + 77];
        new Random(13).NextBytes(data);
        Assert.Equal(Crc64.ComputeWithTables(0, data), Crc64.Compute(0, data));
        Assert.Equal(Crc64.ComputeWithTables(0x1234_5678_9abc_def0UL, data), Crc64.Compute(0x1234_5678_9abc_def0UL, data));
    }

    // ---- RdbFileWriter ----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RdbFileWriter_AppendsChunksAndTheChecksumTrailer(bool checksum)
    {
        var output = new MemoryStream();
        using (var writer = new RdbFileWriter(output, checksum))
        {
            writer.Append("REDIS"u8);
            writer.Append([(byte)'0', (byte)'0', (byte)'1', (byte)'0', RdbFormat.OpcodeEof]);
            writer.Finish();
            Assert.Equal(output.Length, writer.BytesWritten);
        }
        byte[] file = output.ToArray();
        ulong trailer = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8));
        Assert.Equal(checksum ? Crc64.Compute(0, file.AsSpan(0, file.Length - 8)) : 0UL, trailer);
    }
}
