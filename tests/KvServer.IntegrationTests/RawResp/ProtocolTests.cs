using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.RawResp;

public class ProtocolTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public ProtocolTests(ServerFixture server) => _server = server;

    [Fact]
    public void Pipeline_OfMixedInlineAndMultibulk_RepliesInOrder()
    {
        using var connection = new RawConnection(_server.Port);
        connection.Send("PING\r\n*3\r\n$3\r\nSET\r\n$6\r\npl:key\r\n$1\r\nv\r\nGET pl:key\r\n");
        Assert.Equal("+PONG\r\n+OK\r\n$1\r\nv\r\n", connection.ReadExactly(19));
    }

    [Fact]
    public void Request_SplitAcrossWrites_IsReassembled()
    {
        using var connection = new RawConnection(_server.Port);
        connection.Send("*2\r\n$4\r\nEC");
        Thread.Sleep(50);
        connection.Send("HO\r\n$5\r\nhel");
        Thread.Sleep(50);
        connection.Send("lo\r\n");
        Assert.Equal("$5\r\nhello\r\n", connection.ReadExactly(11));
    }

    [Fact]
    public void BrokenFrame_GetsProtocolErrorAndClose()
    {
        using var connection = new RawConnection(_server.Port);
        connection.Send("PING\r\n*1\r\n+BAD\r\n");
        Assert.Equal("+PONG\r\n", connection.ReadReply());
        Assert.Equal("-ERR Protocol error: expected '$', got '+'\r\n", connection.ReadReply());
        Assert.True(connection.IsClosedByServer());
    }

    [Fact]
    public void BrokenFrame_DoesNotAffectOtherClients()
    {
        using var good = new RawConnection(_server.Port);
        using var bad = new RawConnection(_server.Port);
        bad.Send("*x\r\n");
        Assert.StartsWith("-ERR Protocol error", bad.ReadReply());
        good.SendCommand("PING");
        Assert.Equal("+PONG\r\n", good.ReadReply());
    }

    [Fact]
    public void Quit_RepliesOkAndCloses_DroppingLaterCommands()
    {
        using var connection = new RawConnection(_server.Port);
        connection.Send("QUIT\r\nPING\r\n");
        Assert.Equal("+OK\r\n", connection.ReadReply());
        Assert.True(connection.IsClosedByServer());
    }
}
