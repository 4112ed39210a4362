using System.Buffers;
using System.Text;
using KvServer.Engine.Persistence;

namespace KvServer.Tests.Persistence;

public class RdbEncodingTests
{
    [Fact]
    public void Crc64_CheckValue_MatchesRedisCrc64()
    {
        // crc64.c's self-test: crc64(0, "123456789") == 0xe9c6d914c4b8d9ca.
        Assert.Equal(0xe9c6d914c4b8d9caUL, Crc64.Compute(0, "123456789"u8));
    }

    [Fact]
    public void Crc64_IsIncremental()
    {
        ulong whole = Crc64.Compute(0, "hello world"u8);
        Assert.Equal(whole, Crc64.Compute(Crc64.Compute(0, "hello "u8), "world"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abcabcabcabcabcabcabcabcabcabcabcabcabc")]
    [InlineData("the quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog")]
    public void Lzf_RoundTrips(string text)
    {
        byte[] input = Encoding.ASCII.GetBytes(text);
        byte[] compressed = new byte[input.Length + 16];
        int length = Lzf.Compress(input, compressed);
        if (input.Length == 0)
        {
            Assert.Equal(0, length);
            return;
        }
        Assert.True(length > 0);
        byte[] output = new byte[input.Length];
        Assert.Equal(input.Length, Lzf.Decompress(compressed.AsSpan(0, length), output));
        Assert.Equal(input, output);
    }

    [Fact]
    public void Lzf_LongRepetitiveInput_CompressesAndRoundTrips()
    {
        byte[] input = new byte[100_000];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (byte)"abcdefghij"[i % 10];
        }
        byte[] compressed = new byte[input.Length - 4];
        int length = Lzf.Compress(input, compressed);
        Assert.InRange(length, 1, input.Length / 10);
        byte[] output = new byte[input.Length];
        Assert.Equal(input.Length, Lzf.Decompress(compressed.AsSpan(0, length), output));
        Assert.Equal(input, output);
    }

    [Fact]
    public void Lzf_IncompressibleInput_DoesNotFitInLengthMinusFour()
    {
        byte[] input = Encoding.ASCII.GetBytes("0123456789abcdefghijklmnopqrstuvwxyz");
        Assert.Equal(0, Lzf.Compress(input, new byte[input.Length - 4]));
    }

    [Fact]
    public void Lzf_CorruptBackReference_IsRejected()
    {
        // A back reference before the start of the output.
        Assert.Equal(-1, Lzf.Decompress([0x20, 0x05], new byte[16]));
        // A literal run longer than the input.
        Assert.Equal(-1, Lzf.Decompress([0x05, (byte)'a'], new byte[16]));
    }

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(63UL, "3F")]
    [InlineData(64UL, "4040")]
    [InlineData(16383UL, "7FFF")]
    [InlineData(16384UL, "8000004000")]
    [InlineData(4294967296UL, "810000000100000000")]
    public void Length_EncodesAsRedis(ulong length, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        RdbStrings.WriteLength(output, length);
        Assert.Equal(hex, Convert.ToHexString(output.WrittenSpan));
        int position = 0;
        Assert.True(RdbStrings.TryReadLength(output.WrittenSpan, ref position, out ulong read, out bool encoded));
        Assert.False(encoded);
        Assert.Equal(length, read);
        Assert.Equal(output.WrittenCount, position);
    }

    [Theory]
    [InlineData("12", "C00C")]
    [InlineData("-128", "C080")]
    [InlineData("1000", "C1E803")]
    [InlineData("100000", "C2A0860100")]
    [InlineData("012", "03303132")]
    [InlineData("abc", "03616263")]
    public void String_ShortIntegers_AreIntegerEncoded(string value, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        RdbStrings.WriteString(output, Encoding.ASCII.GetBytes(value));
        Assert.Equal(hex, Convert.ToHexString(output.WrittenSpan));
        int position = 0;
        Assert.True(RdbStrings.TryReadString(output.WrittenSpan, ref position, out byte[] read));
        Assert.Equal(value, Encoding.ASCII.GetString(read));
    }

    [Fact]
    public void String_Compressible_IsLzfEncodedAndReadsBack()
    {
        byte[] value = Encoding.ASCII.GetBytes(new string('a', 200));
        var output = new ArrayBufferWriter<byte>();
        RdbStrings.WriteString(output, value);
        Assert.Equal(0xC3, output.WrittenSpan[0]);
        Assert.True(output.WrittenCount < 20);
        int position = 0;
        Assert.True(RdbStrings.TryReadString(output.WrittenSpan, ref position, out byte[] read));
        Assert.Equal(value, read);
    }

    [Fact]
    public void String_LzfClaimingMoreThanLzfCanExpandTo_IsRefusedWithoutAllocatingIt()
    {
        // 10 compressed bytes declared to decompress to 1 GB (a FUNCTION RESTORE payload is the client's).
        byte[] data = [0xC3, 0x0A, 0x80, 0x40, 0x00, 0x00, 0x00, .. new byte[10]];
        int position = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(RdbStrings.TryReadString(data, ref position, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1 << 20);
    }

    [Fact]
    public void String_Truncated_FailsToRead()
    {
        int position = 0;
        Assert.False(RdbStrings.TryReadString([0x05, (byte)'a'], ref position, out _));
    }
}
