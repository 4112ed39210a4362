using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Engine.Warmup;
using Xunit;

namespace KvServer.Tests.Warmup;

/// <summary>
/// A warm-up stops quietly at the first method it cannot compile, so a method that cannot be prepared would
/// cut it short without anyone noticing: these make sure each one gets through every type.
/// </summary>
public class CodeWarmupTests
{
    [Fact]
    public void Loader_CompilesEveryMethodOfTheLoadersTypes()
    {
        Assert.True(CodeWarmup.Loader.PrepareAll(logger: null, stoppable: false));
    }

    [Fact]
    public void AfterStart_CompilesTheSaversTypes_AndRunsBothRehearsals()
    {
        Assert.True(CodeWarmup.AfterStart.PrepareAll(logger: null, stoppable: false));
    }

    [Fact]
    public void CommandRehearsal_EveryCommandOfItsPipelineSucceeds()
    {
        // A command that failed (a typo, a changed rule) would warm up the error path instead of its own.
        var options = new ServerOptions { Databases = 1 };
        var server = new ServerState(options, new ConfigRegistry(options));
        var client = new ClientSession(1, server, null);
        byte[] pipeline = CommandRehearsal.Pipeline();
        var batch = new RequestBatch();
        RespRequestParser.Parse(pipeline, batch, new ParserLimits { MaxBulkLength = 1 << 20 }, out int consumed, out _, out _);
        Assert.Equal(pipeline.Length, consumed);
        server.Dispatcher.ExecuteBatch(client, batch, pipeline);
        string replies = System.Text.Encoding.ASCII.GetString(client.Reply.WrittenSpan);
        Assert.DoesNotContain("\r\n-", "\r\n" + replies, StringComparison.Ordinal);
        Assert.Equal(22 * 16, batch.Count);
    }
}
