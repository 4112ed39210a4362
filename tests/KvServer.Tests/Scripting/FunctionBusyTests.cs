using System.Text;
using System.Text.RegularExpressions;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Engine.Scripting;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Scripting;

/// <summary>
/// Other clients while a function or script runs (the executor's busy path): every reply is what
/// redis-server 7.0.15 gave in the same situation. The script runs on its own thread; the busy path is
/// driven directly, as a connection thread would.
/// </summary>
[Trait("Category", "Slow")]
public partial class FunctionBusyTests
{
    private const string Loops = "#!lua name=loop\n"
        + "redis.register_function('f_loop', function(keys, args) while true do end end)\n"
        + "redis.register_function('f_wloop', function(keys, args) redis.call('set', 'x', '1') while true do end end)";

    private const string BusyFunction = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";
    private const string BusyScript = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
    private const string Unkillable = "-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n";

    [GeneratedRegex(@"duration_ms\r\n:\d+")]
    private static partial Regex Duration();

    private sealed class Running : IDisposable
    {
        private readonly Thread _thread;

        public Running(CommandHarness h, LuaRunner engine, params string[] command)
        {
            Harness = h;
            Other = h.NewClient();
            _thread = new Thread(() => Result = h.Run(command));
            _thread.Start();
            Assert.True(SpinWait.SpinUntil(() => engine.Running, 10_000));
            Assert.True(BusyScriptReplies.IsBusy(h.Server));
        }

        public CommandHarness Harness { get; }

        public ClientSession Other { get; }

        public string? Result { get; private set; }

        // What a connection thread answers for one command while the executor is taken.
        public string Ask(params string[] args)
        {
            var request = new StringBuilder($"*{args.Length}\r\n");
            foreach (string arg in args)
            {
                request.Append($"${arg.Length}\r\n{arg}\r\n");
            }
            byte[] bytes = Encoding.ASCII.GetBytes(request.ToString());
            var batch = new RequestBatch();
            RespRequestParser.Parse(bytes, batch, new ParserLimits { MaxBulkLength = 1 << 20 }, out _, out _, out _);
            BusyScriptReplies.Answer(Harness.Server, Other, batch, bytes);
            string reply = Encoding.Latin1.GetString(Other.Reply.WrittenSpan);
            Other.Reply.Reset();
            return Duration().Replace(reply, "duration_ms\r\n:N");
        }

        public string Finish()
        {
            Assert.True(_thread.Join(10_000));
            return Result!;
        }

        public void Dispose() => _thread.Join(10_000);
    }

    private static CommandHarness NewHarness()
    {
        var h = new CommandHarness();
        h.Options.BusyReplyThreshold = 0;
        Assert.Equal("$4\r\nloop\r\n", h.Run("FUNCTION", "LOAD", Loops));
        return h;
    }

    [Fact]
    public void BusyFunction_StatsShowIt_ScriptKillRefuses_FunctionKillStopsIt()
    {
        CommandHarness h = NewHarness();
        using var running = new Running(h, h.Server.Functions.Engine, "FCALL", "f_loop", "1", "k", "a");
        Assert.Equal(BusyFunction, running.Ask("PING"));
        Assert.Equal(BusyFunction, running.Ask("SCRIPT", "KILL"));
        Assert.Equal("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$6\r\nf_loop\r\n$7\r\ncommand\r\n*5\r\n$5\r\nFCALL\r\n$6\r\nf_loop\r\n$1\r\n1\r\n$1\r\nk\r\n$1\r\na\r\n"
            + "$11\r\nduration_ms\r\n:N\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:2\r\n", running.Ask("FUNCTION", "STATS"));
        Assert.Equal(BusyFunction, running.Ask("EVAL", "return 1", "0"));
        Assert.Equal("+OK\r\n", running.Ask("FUNCTION", "KILL"));
        Assert.Equal("-ERR Script killed by user with SCRIPT KILL... script: f_loop, on @user_function:2.\r\n", running.Finish());
        Assert.Equal(":1\r\n", h.Run("EVAL", "return 1", "0"));
    }

    [Fact]
    public void BusyScript_FunctionKillAndStatsRefuse_ScriptKillStopsIt()
    {
        CommandHarness h = NewHarness();
        using var running = new Running(h, h.Server.Lua, "EVAL", "while true do end", "0");
        Assert.Equal(BusyScript, running.Ask("PING"));
        Assert.Equal(BusyScript, running.Ask("FUNCTION", "KILL"));
        Assert.Equal(BusyScript, running.Ask("FUNCTION", "STATS"));
        Assert.Equal("+OK\r\n", running.Ask("SCRIPT", "KILL"));
        Assert.Equal("-ERR Script killed by user with SCRIPT KILL... script: 694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1.\r\n", running.Finish());
    }

    [Fact]
    public void BusyFunction_AfterAWrite_IsUnkillable()
    {
        CommandHarness h = NewHarness();
        LuaRunner engine = h.Server.Functions.Engine;
        using var running = new Running(h, engine, "FCALL", "f_wloop", "0");
        Assert.True(SpinWait.SpinUntil(() => engine.RunningScriptWrote, 10_000));
        Assert.Equal(Unkillable, running.Ask("FUNCTION", "KILL"));
        Assert.Equal(Unkillable, running.Ask("SCRIPT", "KILL"));
        // Only SHUTDOWN NOSAVE ends it (here it stops the script so the test can finish). Redis replies
        // nothing: the server exits and the connection closes.
        Assert.Equal("", running.Ask("SHUTDOWN", "NOSAVE"));
        Assert.True(running.Other.CloseRequested);
        running.Finish();
    }
}
