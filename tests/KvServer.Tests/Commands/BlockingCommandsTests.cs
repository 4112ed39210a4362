using KvServer.Engine.Execution;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class BlockingCommandsTests
{
    [Fact]
    public void Blpop_WithData_PopsAtOnce()
    {
        var h = new CommandHarness();
        h.Run("RPUSH", "l", "a", "b");
        Assert.Equal("*2\r\n$1\r\nl\r\n$1\r\na\r\n", h.Run("BLPOP", "missing", "l", "0"));
        Assert.Equal("*2\r\n$1\r\nl\r\n$1\r\nb\r\n", h.Run("BRPOP", "l", "0"));
    }

    [Fact]
    public void Blpop_OnEmptyKey_BlocksUntilPush_ThenRepliesToTheWaiter()
    {
        var h = new CommandHarness();
        ClientSession waiter = h.NewClient();
        Assert.Equal("", h.RunAs(waiter, "BLPOP", "q", "0"));
        Assert.NotNull(waiter.Blocked);
        Assert.Equal(":1\r\n", h.Run("RPUSH", "q", "job"));
        Assert.Null(waiter.Blocked);
        Assert.Equal("*2\r\n$1\r\nq\r\n$3\r\njob\r\n", TakeReply(waiter));
        Assert.Equal(":0\r\n", h.Run("LLEN", "q"));
    }

    [Fact]
    public void Blpop_ServesWaitersInTheOrderTheyBlocked()
    {
        var h = new CommandHarness();
        ClientSession first = h.NewClient();
        ClientSession second = h.NewClient();
        h.RunAs(first, "BLPOP", "q", "0");
        h.RunAs(second, "BLPOP", "other", "q", "0");
        h.Run("RPUSH", "q", "1", "2", "3");
        Assert.Equal("*2\r\n$1\r\nq\r\n$1\r\n1\r\n", TakeReply(first));
        Assert.Equal("*2\r\n$1\r\nq\r\n$1\r\n2\r\n", TakeReply(second));
        Assert.Equal("*1\r\n$1\r\n3\r\n", h.Run("LRANGE", "q", "0", "-1"));
    }

    [Fact]
    public void Blpop_InsideMulti_ReturnsNullAtOnce()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        h.Run("BLPOP", "q", "0");
        Assert.Equal("*1\r\n*-1\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void PushInsideMulti_WakesWaiterOnlyAfterExec()
    {
        var h = new CommandHarness();
        ClientSession waiter = h.NewClient();
        h.RunAs(waiter, "BLPOP", "q", "0");
        h.Run("MULTI");
        h.Run("RPUSH", "q", "a");
        h.Run("LLEN", "q");
        Assert.Equal("*2\r\n:1\r\n:1\r\n", h.Run("EXEC"));
        Assert.Equal("*2\r\n$1\r\nq\r\n$1\r\na\r\n", TakeReply(waiter));
    }

    [Fact]
    public void Timeout_RepliesNullArray_Resp2AndResp3()
    {
        var h = new CommandHarness();
        ClientSession resp2 = h.NewClient();
        ClientSession resp3 = h.NewClient();
        resp3.Protocol = Engine.Protocol.RespVersion.Resp3;
        h.RunAs(resp2, "BLPOP", "q", "0.5");
        h.RunAs(resp3, "BZPOPMIN", "z", "0.5");
        h.Server.Blocking.TimeOut(resp2);
        h.Server.Blocking.TimeOut(resp3);
        Assert.Equal("*-1\r\n", TakeReply(resp2));
        Assert.Equal("_\r\n", TakeReply(resp3));
        Assert.Equal(0, h.Server.Blocking.BlockedClients);
    }

    [Theory]
    [InlineData("-1", "-ERR timeout is negative\r\n")]
    [InlineData("abc", "-ERR timeout is not a float or out of range\r\n")]
    [InlineData("1e400", "-ERR timeout is negative\r\n")]
    [InlineData("inf", "-ERR timeout is negative\r\n")]
    public void BadTimeout_IsRefusedAsRedisWordsIt(string timeout, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run("BLPOP", "q", timeout));
    }

    [Fact]
    public void Blpop_OnWrongType_ReturnsWrongTypeWithoutBlocking()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", h.Run("BLPOP", "s", "0"));
        Assert.Null(h.Client.Blocked);
    }

    [Fact]
    public void Blmove_Blocked_MovesWhenSourceAppears()
    {
        var h = new CommandHarness();
        ClientSession waiter = h.NewClient();
        h.RunAs(waiter, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        h.Run("LPUSH", "src", "x");
        Assert.Equal("$1\r\nx\r\n", TakeReply(waiter));
        Assert.Equal("*1\r\n$1\r\nx\r\n", h.Run("LRANGE", "dst", "0", "-1"));
    }

    [Fact]
    public void Brpoplpush_ChainWakesASecondWaiterOnTheDestination()
    {
        var h = new CommandHarness();
        ClientSession mover = h.NewClient();
        ClientSession popper = h.NewClient();
        h.RunAs(mover, "BRPOPLPUSH", "a", "b", "0");
        h.RunAs(popper, "BLPOP", "b", "0");
        h.Run("RPUSH", "a", "v");
        Assert.Equal("$1\r\nv\r\n", TakeReply(mover));
        Assert.Equal("*2\r\n$1\r\nb\r\n$1\r\nv\r\n", TakeReply(popper));
    }

    [Fact]
    public void Blmpop_ReturnsKeyAndElements()
    {
        var h = new CommandHarness();
        ClientSession waiter = h.NewClient();
        h.RunAs(waiter, "BLMPOP", "0", "2", "x", "y", "RIGHT", "COUNT", "2");
        h.Run("RPUSH", "y", "1", "2", "3");
        Assert.Equal("*2\r\n$1\r\ny\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n", TakeReply(waiter));
    }

    [Fact]
    public void Bzpopmin_Blocked_PopsWhenSetIsCreated_Resp3Score()
    {
        var h = new CommandHarness();
        ClientSession waiter = h.NewClient();
        waiter.Protocol = Engine.Protocol.RespVersion.Resp3;
        h.RunAs(waiter, "BZPOPMIN", "z", "0");
        h.Run("ZADD", "z", "2", "b", "1", "a");
        Assert.Equal("*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n", TakeReply(waiter));
    }

    [Fact]
    public void Bzmpop_WithData_UsesNestedShape()
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "a", "2", "b");
        Assert.Equal("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.Run("BZMPOP", "0", "1", "z", "MIN", "COUNT", "5"));
    }

    [Fact]
    public void ClientUnblock_TimeoutAndError()
    {
        var h = new CommandHarness();
        ClientSession a = h.NewClient();
        ClientSession b = h.NewClient();
        h.RunAs(a, "BLPOP", "q", "0");
        h.RunAs(b, "BLPOP", "q", "0");
        Assert.Equal(":1\r\n", h.Run("CLIENT", "UNBLOCK", a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(":1\r\n", h.Run("CLIENT", "UNBLOCK", b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "ERROR"));
        Assert.Equal(":0\r\n", h.Run("CLIENT", "UNBLOCK", b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("*-1\r\n", TakeReply(a));
        Assert.Equal("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", TakeReply(b));
    }

    private static string TakeReply(ClientSession client)
    {
        string reply = System.Text.Encoding.Latin1.GetString(client.Reply.WrittenSpan);
        client.Reply.Reset();
        return reply;
    }
}
