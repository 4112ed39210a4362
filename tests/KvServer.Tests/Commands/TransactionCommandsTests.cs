using KvServer.Engine.Protocol;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class TransactionCommandsTests
{
    [Fact]
    public void Exec_RunsQueuedCommandsInOrder_ReplyingInOneArray()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("MULTI"));
        Assert.Equal("+QUEUED\r\n", h.Run("SET", "k", "v"));
        Assert.Equal("+QUEUED\r\n", h.Run("GET", "k"));
        Assert.Equal("*2\r\n+OK\r\n$1\r\nv\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Exec_WithoutMulti_ReturnsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR EXEC without MULTI\r\n", h.Run("EXEC"));
        Assert.Equal("-ERR DISCARD without MULTI\r\n", h.Run("DISCARD"));
    }

    [Fact]
    public void Multi_Nested_ReturnsErrorAndKeepsTransaction()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        Assert.Equal("-ERR MULTI calls can not be nested\r\n", h.Run("MULTI"));
        Assert.Equal("+QUEUED\r\n", h.Run("PING"));
        Assert.Equal("*1\r\n+PONG\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Exec_AfterQueueingError_ReturnsExecAbortAndRunsNothing()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        h.Run("SET", "k", "v");
        Assert.Equal("-ERR wrong number of arguments for 'get' command\r\n", h.Run("GET"));
        Assert.StartsWith("-ERR unknown command 'NOPE'", h.Run("NOPE"));
        Assert.Equal("-EXECABORT Transaction discarded because of previous errors.\r\n", h.Run("EXEC"));
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Exec_WithArityError_AbortsWithReason()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        Assert.Equal("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n", h.Run("EXEC", "extra"));
        Assert.Equal("-ERR EXEC without MULTI\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Discard_DropsQueue()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        h.Run("SET", "k", "v");
        Assert.Equal("+OK\r\n", h.Run("DISCARD"));
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Watch_KeyModifiedByOtherClient_ExecReturnsNullArray()
    {
        var h = new CommandHarness();
        var other = h.NewClient();
        Assert.Equal("+OK\r\n", h.Run("WATCH", "k"));
        h.RunAs(other, "SET", "k", "changed");
        h.Run("MULTI");
        h.Run("SET", "k", "mine");
        Assert.Equal("*-1\r\n", h.Run("EXEC"));
        Assert.Equal("$7\r\nchanged\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Watch_NullArrayIsResp3Null()
    {
        var h = new CommandHarness();
        h.UseResp3();
        h.Run("WATCH", "k");
        h.RunAs(h.NewClient(), "SET", "k", "x");
        h.Run("MULTI");
        Assert.Equal("_\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Watch_KeyModifiedBySameClientBeforeMulti_FailsExec()
    {
        var h = new CommandHarness();
        h.Run("WATCH", "k");
        h.Run("SET", "k", "1");
        h.Run("MULTI");
        h.Run("PING");
        Assert.Equal("*-1\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Watch_Untouched_ExecSucceeds_AndUnwatchForgets()
    {
        var h = new CommandHarness();
        h.Run("WATCH", "k");
        h.Run("MULTI");
        h.Run("PING");
        Assert.Equal("*1\r\n+PONG\r\n", h.Run("EXEC"));

        h.Run("WATCH", "k");
        Assert.Equal("+OK\r\n", h.Run("UNWATCH"));
        h.RunAs(h.NewClient(), "SET", "k", "x");
        h.Run("MULTI");
        Assert.Equal("*0\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Watch_KeyThatExpires_FailsExec()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        h.Server.Databases[0].SetExpire("k"u8, h.Clock.UnixTimeMilliseconds + 1000);
        h.Run("WATCH", "k");
        h.Clock.Advance(2000);
        h.Run("MULTI");
        h.Run("PING");
        Assert.Equal("*-1\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Watch_InsideMulti_IsRefused()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        Assert.Equal("-ERR WATCH inside MULTI is not allowed\r\n", h.Run("WATCH", "k"));
    }

    [Fact]
    public void Exec_RuntimeErrorInOneCommand_OthersStillRun()
    {
        var h = new CommandHarness();
        h.Run("MULTI");
        h.Run("SET", "k", "v");
        h.Run("EVAL", "error('boom')", "0");
        h.Run("GET", "k");
        string reply = h.Run("EXEC");
        Assert.StartsWith("*3\r\n+OK\r\n-ERR", reply);
        Assert.EndsWith("$1\r\nv\r\n", reply);
    }

    [Fact]
    public void Watch_AfterFlushingWatchedKey_FailsExec()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        h.Run("WATCH", "k");
        h.Client.Context.DatabaseFlushing(h.Server.Databases[0]);
        h.Run("MULTI");
        Assert.Equal("*-1\r\n", h.Run("EXEC"));
    }

    [Fact]
    public void Resp3Client_StaysInResp3ThroughExec()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal(RespVersion.Resp3, h.Client.Protocol);
        h.Run("MULTI");
        h.Run("GET", "missing");
        Assert.Equal("*1\r\n_\r\n", h.Run("EXEC"));
    }
}
