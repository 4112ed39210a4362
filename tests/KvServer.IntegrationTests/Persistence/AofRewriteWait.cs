using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>Waits (bounded) for background AOF rewrites to finish, reading INFO persistence.</summary>
internal static class AofRewriteWait
{
    public static void UntilDone(RespClient client, int rewrites)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            string info = client.Call("INFO", "persistence").Text;
            if (info.Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal)
                && info.Contains("aof_rewrite_scheduled:0", StringComparison.Ordinal)
                && info.Contains($"aof_rewrites:{rewrites}\r\n", StringComparison.Ordinal))
            {
                Assert.Contains("aof_last_bgrewrite_status:ok", info, StringComparison.Ordinal);
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "the AOF rewrite did not finish: " + info);
            Thread.Sleep(10);
        }
    }
}
