using KvServer.IntegrationTests.Infrastructure;
using KvServer.IntegrationTests.Persistence;

namespace KvServer.IntegrationTests.Scripting;

/// <summary>
/// A long script in the real host, whose socket event loop is one thread that also runs commands: clients
/// already connected must get BUSY while it runs and be able to stop it with SCRIPT KILL, as with Redis.
/// A script that ran on the event loop's own thread would leave them without any reply.
/// </summary>
public sealed class BusyScriptTests : IDisposable
{
    private const string Busy = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-busy-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void AssertBusyThenKill(RespClient other)
    {
        // The script's request may reach the server after this client's first PINGs: those get PONG.
        RespReply busy = other.Call("PING");
        for (int attempt = 0; !busy.IsError && attempt < 200; attempt++)
        {
            Thread.Sleep(10);
            busy = other.Call("PING");
        }
        Assert.True(busy.IsError, busy.ToString());
        Assert.Equal(Busy, busy.Text);
        Assert.Equal("OK", other.Call("SCRIPT", "KILL").Text);
    }

    [Fact]
    public void ConnectedClient_GetsBusyAndKillsTheScript()
    {
        using KvServerProcess server = KvServerProcess.Start(_directory, "--busy-reply-threshold", "100");
        using var runner = new RespClient(server.Port, s_timeout);
        using var other = new RespClient(server.Port, s_timeout);
        Assert.Equal("PONG", other.Call("PING").Text);

        runner.Send(RespClient.Command("EVAL", "while true do end", "0"));
        AssertBusyThenKill(other);

        RespReply killed = runner.Read();
        Assert.True(killed.IsError, killed.ToString());
        Assert.StartsWith("ERR Script killed by user with SCRIPT KILL...", killed.Text, StringComparison.Ordinal);
        Assert.Equal("PONG", runner.Call("PING").Text);
        Assert.Equal("PONG", other.Call("PING").Text);
    }

    [Fact]
    public void ScriptInsideExec_AlsoLeavesTheEventLoopFree()
    {
        using KvServerProcess server = KvServerProcess.Start(_directory, "--busy-reply-threshold", "100");
        using var runner = new RespClient(server.Port, s_timeout);
        using var other = new RespClient(server.Port, s_timeout);
        Assert.Equal("PONG", other.Call("PING").Text);

        Assert.Equal("OK", runner.Call("MULTI").Text);
        Assert.Equal("QUEUED", runner.Call("EVAL", "while true do end", "0").Text);
        runner.Send(RespClient.Command("EXEC"));
        AssertBusyThenKill(other);

        RespReply exec = runner.Read();
        Assert.Equal('*', exec.Type);
        RespReply killed = Assert.Single(exec.Items);
        Assert.True(killed.IsError, exec.ToString());
        Assert.Equal("PONG", runner.Call("PING").Text);
    }
}
