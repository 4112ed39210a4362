using System.Text;
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

    /// <summary>PINGs until the server answers BUSY (bounded); returns that reply.</summary>
    private static RespReply PingUntilBusy(RespClient other)
    {
        // The script's request may reach the server after this client's first PINGs: those get PONG.
        RespReply busy = other.Call("PING");
        for (int attempt = 0; !busy.IsError && attempt < 200; attempt++)
        {
            Thread.Sleep(10);
            busy = other.Call("PING");
        }
        Assert.True(busy.IsError, busy.ToString());
        return busy;
    }

    private static void AssertBusyThenKill(RespClient other)
    {
        Assert.Equal(Busy, PingUntilBusy(other).Text);
        Assert.Equal("OK", other.Call("SCRIPT", "KILL").Text);
    }

    /// <summary>The real host with a low busy threshold, a client to run scripts and one already connected.</summary>
    private sealed class TwoClients : IDisposable
    {
        public TwoClients(string directory)
        {
            Server = KvServerProcess.Start(directory, "--busy-reply-threshold", "100");
            Runner = new RespClient(Server.Port, s_timeout);
            Other = new RespClient(Server.Port, s_timeout);
            Assert.Equal("PONG", Other.Call("PING").Text);
        }

        public KvServerProcess Server { get; }

        public RespClient Runner { get; }

        public RespClient Other { get; }

        public void Dispose()
        {
            Runner.Dispose();
            Other.Dispose();
            Server.Dispose();
        }
    }

    [Fact]
    public void ConnectedClient_GetsBusyAndKillsTheScript()
    {
        using var clients = new TwoClients(_directory);
        (KvServerProcess server, RespClient runner, RespClient other) = (clients.Server, clients.Runner, clients.Other);

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
        using var clients = new TwoClients(_directory);
        (KvServerProcess server, RespClient runner, RespClient other) = (clients.Server, clients.Runner, clients.Other);

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

    [Fact]
    public void ScriptLongerThanASlice_FinishesOffTheLoop_AndGoesToTheAofAsOneTransaction()
    {
        const string Script = "for i = 1, 200000 do redis.call('incr', KEYS[1]) end return redis.call('get', KEYS[1])";
        // Killed with SIGKILL at the end of the block: what the AOF holds is what had reached the kernel.
        using (KvServerProcess server = KvServerProcess.Start(_directory, "--appendonly", "yes", "--appendfsync", "everysec"))
        {
            using var runner = new RespClient(server.Port, s_timeout);
            using var other = new RespClient(server.Port, s_timeout);
            Assert.Equal("PONG", other.Call("PING").Text);

            // Far longer than a slice (LuaRunner.SliceMilliseconds): suspended on the event loop, finished
            // on a pool thread, while the other client's request waits for the executor.
            runner.Send(RespClient.Command("EVAL", Script, "1", "counter"));
            other.Send(RespClient.Command("INCR", "counter"));
            string scriptResult = runner.Read().Text;
            string incrResult = Encoding.Latin1.GetString(other.Read().Raw);
            // The INCR runs wholly before or wholly after the script, never inside it.
            Assert.True((scriptResult, incrResult) is ("200000", ":200001\r\n") or ("200001", ":1\r\n"),
                $"script {scriptResult}, incr {incrResult}");
            Assert.Contains("cmdstat_eval:calls=1,", other.Call("INFO", "commandstats").Text, StringComparison.Ordinal);
        }

        string[] incr = Directory.GetFiles(Path.Combine(_directory, "appendonlydir"), "*.incr.aof");
        string aof = File.ReadAllText(Assert.Single(incr), Encoding.Latin1);
        Assert.Equal(1, Count(aof, "*1\r\n$5\r\nMULTI\r\n"));
        Assert.Equal(1, Count(aof, "*1\r\n$4\r\nEXEC\r\n"));
        // The script's INCRs (propagated as it called them, lower-case) all sit between the two.
        Assert.True(aof.IndexOf("MULTI", StringComparison.Ordinal) < aof.IndexOf("$4\r\nincr\r\n", StringComparison.Ordinal));
        Assert.True(aof.LastIndexOf("$4\r\nincr\r\n", StringComparison.Ordinal) < aof.IndexOf("EXEC", StringComparison.Ordinal));

        using KvServerProcess restarted = KvServerProcess.Start(_directory, "--appendonly", "yes");
        using var client = new RespClient(restarted.Port, s_timeout);
        Assert.Equal("200001", client.Call("GET", "counter").Text);
    }

    [Fact]
    public void ScriptThatWrote_IsUnkillable_AndShutdownNosaveEndsTheServerWithoutAReply()
    {
        using var clients = new TwoClients(_directory);
        (KvServerProcess server, RespClient runner, RespClient other) = (clients.Server, clients.Runner, clients.Other);

        runner.Send(RespClient.Command("EVAL", "redis.call('set', 'x', '1') while true do end", "0"));
        PingUntilBusy(other);
        Assert.StartsWith("UNKILLABLE ", other.Call("SCRIPT", "KILL").Text, StringComparison.Ordinal);

        other.Send(RespClient.Command("SHUTDOWN", "NOSAVE"));
        Assert.Throws<IOException>(() => other.Read());
        Assert.True(server.WaitForExit(s_timeout), "the server did not exit");
    }

    [Fact]
    public void PipelineAroundASuspendedScript_RepliesInOrder()
    {
        // The first script outlasts a slice and finishes off the loop; the rest of the batch (another
        // long script, plain commands, CLIENT REPLY SKIP) runs after it, in order.
        const string Long = "for i = 1, 100000 do redis.call('incr', KEYS[1]) end return redis.call('get', KEYS[1])";
        using var clients = new TwoClients(_directory);
        byte[][][] commands =
        [
            RespClient.Command("SET", "before", "1"),
            RespClient.Command("EVAL", Long, "1", "n"),
            RespClient.Command("GET", "n"),
            RespClient.Command("CLIENT", "REPLY", "SKIP"),
            RespClient.Command("EVAL", Long, "1", "n"),
            RespClient.Command("EVAL", "return ARGV[1]", "0", "short"),
            RespClient.Command("INCR", "n"),
        ];
        using var request = new MemoryStream();
        foreach (byte[][] command in commands)
        {
            RespClient.Encode(request, command);
        }
        clients.Runner.SendRaw(request.ToArray());
        // CLIENT REPLY SKIP answers nothing and silences the second long script.
        string[] replies = [.. Enumerable.Range(0, 5).Select(_ => clients.Runner.Read().Text)];
        Assert.Equal(["OK", "100000", "100000", "short", "200001"], replies);
        Assert.Equal("200001", clients.Other.Call("GET", "n").Text);
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
