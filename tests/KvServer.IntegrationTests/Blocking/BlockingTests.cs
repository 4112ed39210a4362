using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Blocking;

public class BlockingTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public BlockingTests(ServerFixture server) => _server = server;

    [Fact]
    public void Blpop_IsWokenByPushFromAnotherConnection()
    {
        using var waiter = new RawConnection(_server.Port);
        using var pusher = new RawConnection(_server.Port);
        waiter.SendCommand("BLPOP", "it:q1", "5");
        Thread.Sleep(50);
        pusher.SendCommand("RPUSH", "it:q1", "hello");
        Assert.Equal(":1\r\n", pusher.ReadReply());
        Assert.Equal("*2\r\n$5\r\nit:q1\r\n$5\r\nhello\r\n", waiter.ReadReply());
    }

    [Fact]
    public void Blpop_TimesOut_WithNullArray_AndTheConnectionGoesOn()
    {
        using var waiter = new RawConnection(_server.Port);
        waiter.SendCommand("BLPOP", "it:never", "0.1");
        Assert.Equal("*-1\r\n", waiter.ReadReply());
        waiter.SendCommand("PING");
        Assert.Equal("+PONG\r\n", waiter.ReadReply());
    }

    [Fact]
    public void PipelinedCommandsAfterABlockedOne_WaitForIt()
    {
        using var waiter = new RawConnection(_server.Port);
        using var pusher = new RawConnection(_server.Port);
        waiter.Send("*3\r\n$5\r\nBLPOP\r\n$5\r\nit:q2\r\n$1\r\n5\r\n*1\r\n$4\r\nPING\r\n");
        Thread.Sleep(50);
        pusher.SendCommand("LPUSH", "it:q2", "x");
        pusher.ReadReply();
        Assert.Equal("*2\r\n$5\r\nit:q2\r\n$1\r\nx\r\n", waiter.ReadReply());
        Assert.Equal("+PONG\r\n", waiter.ReadReply());
    }

    [Fact]
    public void ClientThatDisconnectsWhileBlocked_IsRemoved_AndDoesNotTakeTheElement()
    {
        using (var gone = new RawConnection(_server.Port))
        {
            gone.SendCommand("BLPOP", "it:q3", "0");
            Thread.Sleep(50);
        }
        using var other = new RawConnection(_server.Port);
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        string blocked = "";
        while (DateTime.UtcNow < deadline)
        {
            other.SendCommand("INFO", "clients");
            blocked = other.ReadReply();
            if (blocked.Contains("blocked_clients:0", StringComparison.Ordinal) || !blocked.Contains("blocked_clients", StringComparison.Ordinal))
            {
                break;
            }
            Thread.Sleep(50);
        }
        other.SendCommand("RPUSH", "it:q3", "kept");
        Assert.Equal(":1\r\n", other.ReadReply());
        Thread.Sleep(100);
        other.SendCommand("LLEN", "it:q3");
        Assert.Equal(":1\r\n", other.ReadReply());
    }

    [Fact]
    public void Bzpopmin_IsWokenByZadd()
    {
        using var waiter = new RawConnection(_server.Port);
        using var writer = new RawConnection(_server.Port);
        waiter.SendCommand("BZPOPMIN", "it:z", "5");
        Thread.Sleep(50);
        writer.SendCommand("ZADD", "it:z", "3", "m");
        writer.ReadReply();
        Assert.Equal("*3\r\n$4\r\nit:z\r\n$1\r\nm\r\n$1\r\n3\r\n", waiter.ReadReply());
    }
}
