using System.Text;
using KvServer.Engine.Protocol;

namespace KvServer.Tests.Protocol;

public class RespWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void WriteBulkString_WritesLengthHeaderAndBytes(int length)
    {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            value[i] = (byte)('a' + (i % 26));
        }
        using var writer = new RespWriter();

        writer.WriteBulkString(value);
        writer.WriteBulkString(value);

        string one = $"${length}\r\n{Encoding.ASCII.GetString(value)}\r\n";
        Assert.Equal(one + one, Encoding.ASCII.GetString(writer.WrittenSpan));
    }
}
