using System.Text;
using KvServer.Engine.Persistence;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The decoders of Redis's packed encodings (listpack, ziplist, zipmap, intset), on blobs captured from
/// redis-server 7.0.15 (DUMP) and hand-made blobs for the encodings 7.0 no longer writes.
/// </summary>
public class RedisBlobReaderTests
{
    private static string Entries(ReadOnlySpan<byte> blob) => Entries(blob, RedisPackedFormat.Listpack);

    private static string ZiplistEntries(ReadOnlySpan<byte> blob) => Entries(blob, RedisPackedFormat.Ziplist);

    private static string Entries(ReadOnlySpan<byte> blob, RedisPackedFormat format)
    {
        var reader = new RedisPackedReader(blob, format, "bad");
        var text = new StringBuilder();
        Span<byte> scratch = stackalloc byte[20];
        while (reader.MoveNext())
        {
            text.Append(reader.IsInteger ? "i:" : "s:").Append(Encoding.Latin1.GetString(reader.GetText(scratch))).Append(' ');
        }
        return text.ToString().TrimEnd();
    }

    // RPUSH l a 1 -5 hello 300000 on redis-server 7.0.15: the listpack of its one quicklist node.
    private static readonly byte[] s_listListpack = Convert.FromHexString("1b00000005008161020101dffb028568656c6c6f06f2e0930404ff");

    [Fact]
    public void Listpack_RedisQuicklistNode_DecodesStringsAndEveryIntegerWidth()
    {
        Assert.Equal("s:a i:1 i:-5 s:hello i:300000", Entries(s_listListpack));
        Assert.Equal(5, new RedisPackedReader(s_listListpack, RedisPackedFormat.Listpack, "bad").HeaderCount);
    }

    [Fact]
    public void Listpack_HandMadeEntries_DecodeAllEncodings()
    {
        var blob = new HandmadeListpack()
            .Int(127).Int(-4096).Int(4095).Int(short.MinValue).Int(-8_388_608).Int(int.MaxValue).Int(long.MinValue)
            .Str(new string('x', 63)).Str(new string('y', 64)).Str(new string('z', 4096))
            .Build();
        string expected = "i:127 i:-4096 i:4095 i:-32768 i:-8388608 i:2147483647 i:-9223372036854775808 "
            + "s:" + new string('x', 63) + " s:" + new string('y', 64) + " s:" + new string('z', 4096);
        Assert.Equal(expected, Entries(blob));
    }

    [Theory]
    [InlineData(16_377)]  // header 5 + 16377 = 16382 bytes: a 2-byte back-length
    [InlineData(16_378)]  // 16383 bytes: lpEncodeBacklen's strict "< 16383" gives it 3 bytes
    [InlineData(16_379)]
    public void Listpack_EntriesAtTheBackLengthThresholds_DecodeAndTheNextEntryIsFound(int length)
    {
        string big = new('b', length);
        byte[] blob = new HandmadeListpack().Str(big).Str("next").Int(7).Build();
        Assert.Equal($"s:{big} s:next i:7", Entries(blob));
    }

    [Theory]
    [InlineData(0)]       // total-bytes field
    [InlineData(-1)]      // terminator
    public void Listpack_CorruptHeaderOrTerminator_Throws(int index)
    {
        byte[] blob = (byte[])s_listListpack.Clone();
        blob[index < 0 ? blob.Length + index : index] ^= 0x01;
        var ex = Assert.Throws<RdbLoadException>(() => Entries(blob));
        Assert.Equal("bad", ex.Message);
    }

    [Fact]
    public void Listpack_EntryRunningPastTheEnd_Throws()
    {
        byte[] blob = (byte[])s_listListpack.Clone();
        blob[6] = 0xBF;   // "a" becomes a 63-byte string that overruns the blob
        Assert.Throws<RdbLoadException>(() => Entries(blob));
    }

    [Fact]
    public void Ziplist_HandMadeEntries_DecodeAllEncodings()
    {
        var blob = new ZiplistBuilder()
            .Str("a").Int(0).Int(12).Int(-128).Int(short.MaxValue).Int(-8_388_608).Int(int.MinValue).Int(long.MaxValue)
            .Str(new string('q', 300)).Str(new string('r', 20000))
            .Build();
        string expected = "s:a i:0 i:12 i:-128 i:32767 i:-8388608 i:-2147483648 i:9223372036854775807 s:"
            + new string('q', 300) + " s:" + new string('r', 20000);
        Assert.Equal(expected, ZiplistEntries(blob));
        Assert.Equal(10, new RedisPackedReader(blob, RedisPackedFormat.Ziplist, "bad").HeaderCount);
    }

    [Fact]
    public void Ziplist_Truncated_Throws()
    {
        byte[] blob = new ZiplistBuilder().Str("hello").Build();
        byte[] cut = blob[..^3];
        cut[0] = (byte)cut.Length;
        cut[^1] = 0xFF;
        Assert.Throws<RdbLoadException>(() => ZiplistEntries(cut));
    }

    [Fact]
    public void Zipmap_PairsWithFreeBytesAndLongLengths_Decode()
    {
        // zmlen 2; "foo" => "bar" with 2 free bytes; a 300-byte field (254 + 4-byte length) => "v".
        var blob = new List<byte> { 2, 3 };
        blob.AddRange("foo"u8.ToArray());
        blob.AddRange(new byte[] { 3, 2 });
        blob.AddRange("bar"u8.ToArray());
        blob.AddRange(new byte[] { 0xAA, 0xAA });
        blob.AddRange(new byte[] { 254, 44, 1, 0, 0 });
        blob.AddRange(Encoding.ASCII.GetBytes(new string('f', 300)));
        blob.AddRange(new byte[] { 1, 0, (byte)'v', 0xFF });
        var reader = new RedisZipmapReader(blob.ToArray(), "bad");
        Assert.True(reader.MoveNext());
        Assert.Equal("foo", Encoding.ASCII.GetString(reader.Field));
        Assert.Equal("bar", Encoding.ASCII.GetString(reader.Value));
        Assert.True(reader.MoveNext());
        Assert.Equal(300, reader.Field.Length);
        Assert.Equal("v", Encoding.ASCII.GetString(reader.Value));
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void Zipmap_ValueRunningPastTheEnd_Throws()
    {
        byte[] blob = [1, 1, (byte)'k', 9, 0, (byte)'v', 0xFF];
        Assert.Throws<RdbLoadException>(() =>
        {
            var reader = new RedisZipmapReader(blob, "bad");
            reader.MoveNext();
        });
    }

    [Fact]
    public void Intset_RedisBlob_DecodesToNarrowestArrayOfItsEncoding()
    {
        // SADD si 1 2 -70000 on redis-server 7.0.15: an int32 intset.
        byte[] blob = Convert.FromHexString("040000000300000090eefeff0100000002000000");
        Array members = RedisIntsetReader.Decode(blob, "bad");
        Assert.Equal(new[] { -70000, 1, 2 }, (int[])members);
    }

    [Theory]
    [InlineData("02000000020000000500040000")]   // 5, 4: not ascending
    [InlineData("02000000020000000500050000")]   // 5, 5: duplicate
    [InlineData("020000000300000005000600")]     // count 3, two members
    public void Intset_UnsortedOrMiscounted_Throws(string hex)
    {
        Assert.Throws<RdbLoadException>(() => RedisIntsetReader.Decode(Convert.FromHexString(hex), "bad"));
    }

    [Fact]
    public void Intset_BadEncodingWidth_Throws()
    {
        byte[] blob = Convert.FromHexString("030000000100000001");
        Assert.Throws<RdbLoadException>(() => RedisIntsetReader.Decode(blob, "bad"));
    }

    [Fact]
    public void Intset_Int64Members_Decode()
    {
        byte[] blob = new byte[8 + 16];
        blob[0] = 8;
        blob[4] = 2;
        BitConverter.TryWriteBytes(blob.AsSpan(8), long.MinValue);
        BitConverter.TryWriteBytes(blob.AsSpan(16), long.MaxValue);
        Assert.Equal(new[] { long.MinValue, long.MaxValue }, (long[])RedisIntsetReader.Decode(blob, "bad"));
    }
}
