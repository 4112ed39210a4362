using System.Text;
using KvServer.Engine.Protocol;

namespace KvServer.Tests.Protocol;

public class RespRequestParserTests
{
    private static (ParseStatus Status, RequestBatch Batch, int Consumed, long Needed, string Error) Parse(string input, bool unauthenticated = false)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(input);
        var batch = new RequestBatch();
        var limits = new ParserLimits { MaxBulkLength = 512L * 1024 * 1024, Unauthenticated = unauthenticated };
        ParseStatus status = RespRequestParser.Parse(bytes, batch, limits, out int consumed, out long needed, out ReadOnlySpan<byte> error);
        return (status, batch, consumed, needed, Encoding.ASCII.GetString(error));
    }

    private static List<string> Args(RequestBatch batch, string input, int command)
    {
        CommandArgs args = batch.GetCommand(command, Encoding.Latin1.GetBytes(input));
        var list = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            list.Add(Encoding.Latin1.GetString(args[i]));
        }
        return list;
    }

    [Fact]
    public void Multibulk_Pipelined_ParsesEveryCommand()
    {
        const string input = "*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nva\r\nl\r\n";
        var (status, batch, consumed, _, _) = Parse(input);
        Assert.Equal(ParseStatus.Done, status);
        Assert.Equal(2, batch.Count);
        Assert.Equal(input.Length, consumed);
        Assert.Equal(["SET", "k", "va\r\nl"], Args(batch, input, 1));
    }

    [Fact]
    public void Multibulk_Incomplete_ConsumesOnlyCompleteCommands()
    {
        const string input = "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$10\r\nabc";
        var (status, batch, consumed, needed, _) = Parse(input);
        Assert.Equal(ParseStatus.Done, status);
        Assert.Equal(1, batch.Count);
        Assert.Equal(14, consumed);
        Assert.True(needed > input.Length);
    }

    [Fact]
    public void Multibulk_HugeDeclaredLength_DoesNotWaitForLessThanDeclared()
    {
        var (status, batch, _, needed, _) = Parse("*1\r\n$536870912\r\nab");
        Assert.Equal(ParseStatus.Done, status);
        Assert.Equal(0, batch.Count);
        Assert.True(needed >= 536870912);
    }

    [Theory]
    [InlineData("*abc\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n$-5\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n+PING\r\n", "ERR Protocol error: expected '$', got '+'")]
    [InlineData("SET \"abc\r\n", "ERR Protocol error: unbalanced quotes in request")]
    public void Malformed_ReturnsRedisProtocolError(string input, string error)
    {
        var (status, _, _, _, text) = Parse(input);
        Assert.Equal(ParseStatus.ProtocolError, status);
        Assert.Equal(error, text);
    }

    [Fact]
    public void Unauthenticated_LargeMultibulk_IsRejected()
    {
        var (status, _, _, _, text) = Parse("*11\r\n", unauthenticated: true);
        Assert.Equal(ParseStatus.ProtocolError, status);
        Assert.Equal("ERR Protocol error: unauthenticated multibulk length", text);
    }

    [Fact]
    public void HeaderWithoutNewline_TooLong_IsRejected()
    {
        var (status, _, _, _, text) = Parse("*" + new string('1', 70000));
        Assert.Equal(ParseStatus.ProtocolError, status);
        Assert.Equal("ERR Protocol error: too big mbulk count string", text);
    }

    [Fact]
    public void Inline_SplitsQuotedArgumentsWithEscapes()
    {
        const string input = "SET \"a b\\x41\\n\" 'it\\'s'\r\n";
        var (status, batch, consumed, _, _) = Parse(input);
        Assert.Equal(ParseStatus.Done, status);
        Assert.Equal(input.Length, consumed);
        Assert.Equal(["SET", "a bA\n", "it's"], Args(batch, input, 0));
    }

    [Fact]
    public void Inline_EmptyLines_AreSkipped()
    {
        const string input = "\r\n\nPING\n";
        var (_, batch, consumed, _, _) = Parse(input);
        Assert.Equal(1, batch.Count);
        Assert.Equal(input.Length, consumed);
    }

    [Fact]
    public void Inline_WithoutNewline_TooLong_IsRejected()
    {
        var (status, _, _, _, text) = Parse(new string('a', 70000));
        Assert.Equal(ParseStatus.ProtocolError, status);
        Assert.Equal("ERR Protocol error: too big inline request", text);
    }

    [Fact]
    public void EmptyMultibulk_IsConsumedWithoutCommand()
    {
        var (status, batch, consumed, _, _) = Parse("*0\r\n*-1\r\n");
        Assert.Equal(ParseStatus.Done, status);
        Assert.Equal(0, batch.Count);
        Assert.Equal(9, consumed);
    }
}
