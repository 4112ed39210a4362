using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// A failing AOF write (the incremental file is /dev/full, where every write fails with ENOSPC): as in Redis
/// 7.0.15, the write that failed is still acknowledged (appendfsync everysec), then write commands, PING and a
/// script's writes are refused with "MISCONF Errors writing to the AOF file: No space left on device" while
/// reads go on, INFO says aof_last_write_status:err, and a rewrite onto a good file makes the server writable
/// again. (Checked against redis-server by hand: it opens a temporary incremental file during the first
/// rewrite, so the same link has to sit under another name there.) With appendfsync always Redis exits;
/// KvServer holds the replies and retries until the write is on disk (docs/compat.md).
/// </summary>
public sealed class AofWriteErrorTests : IDisposable
{
    private const string Misconf = "MISCONF Errors writing to the AOF file: No space left on device";
    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-aof-error-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A server whose AOF, once turned on with CONFIG SET, appends to /dev/full (the name its first
    // incremental file will have is a link there).
    private LoadedServer StartOverAFullDevice(string config)
    {
        LoadedServer server = LoadedServer.Start($"dir \"{_directory}\"\nappendonly no\n{config}");
        string aofDirectory = Path.Combine(_directory, "appendonlydir");
        Directory.CreateDirectory(aofDirectory);
        File.CreateSymbolicLink(Path.Combine(aofDirectory, "appendonly.aof.1.incr.aof"), "/dev/full");
        return server;
    }

    [FullDeviceFact]
    public async Task WriteToAFullDevice_RefusesWrites_UntilARewriteMovesToAGoodFile()
    {
        await using LoadedServer server = StartOverAFullDevice("");
        using var client = new RespClient(server.Port);
        Assert.Equal("OK", client.Call("CONFIG", "SET", "appendonly", "yes").Text);

        Assert.Equal("OK", client.Call("SET", "a", "1").Text);
        Assert.Equal(Misconf, client.Call("SET", "b", "2").Text);
        Assert.Equal(Misconf, client.Call("PING").Text);
        Assert.Equal("1", client.Call("GET", "a").Text);
        Assert.False(client.Call("EXISTS", "b").IsError);
        RespReply script = client.Call("EVAL", "return redis.call('set', 'x', '1')", "0");
        Assert.True(script.IsError);
        Assert.StartsWith(Misconf + " script: ", script.Text, StringComparison.Ordinal);
        Assert.Contains("aof_last_write_status:err", client.Call("INFO", "persistence").Text, StringComparison.Ordinal);
        Assert.Contains(server.Log.Lines, line => line == "Error writing to the AOF file: No space left on device");

        // A rewrite opens the next incremental file, a regular one: the pending write lands there.
        Assert.False(client.Call("BGREWRITEAOF").IsError);
        RespReply set = client.Call("SET", "b", "2");
        for (int i = 0; i < 100 && set.IsError; i++)
        {
            await Task.Delay(50);
            set = client.Call("SET", "b", "2");
        }
        Assert.Equal("OK", set.Text);
        Assert.Equal("PONG", client.Call("PING").Text);
        Assert.Contains("aof_last_write_status:ok", client.Call("INFO", "persistence").Text, StringComparison.Ordinal);
        Assert.Contains(server.Log.Lines, line => line == "AOF write error looks solved, Redis can write again.");
    }

    [FullDeviceFact]
    public async Task WriteToAFullDevice_WithAlways_HoldsTheRepliesUntilTheWriteIsOnDisk()
    {
        await using LoadedServer server = StartOverAFullDevice("appendfsync always\n");
        using var writer = new RespClient(server.Port);
        using var other = new RespClient(server.Port);
        using var admin = new RespClient(server.Port);
        Assert.Equal("OK", writer.Call("CONFIG", "SET", "appendonly", "yes").Text);

        // The write cannot reach the disk. Redis exits here; KvServer keeps retrying, and every reply that
        // may depend on the write (all of them: the offset noted is everything propagated) waits for it, while
        // commands still run. (A connection waiting for a reply reads nothing more, so the rewrite that
        // opens a good incremental file comes from a connection of its own.)
        writer.Send(RespClient.Command("SET", "held", "1"));
        await WaitUntil(() => !server.Engine.Server.Aof!.LastWriteOk);
        other.Send(RespClient.Command("PING"));
        other.Send(RespClient.Command("GET", "held"));
        admin.Send(RespClient.Command("BGREWRITEAOF"));

        Assert.Equal("OK", writer.Read().Text);
        Assert.Equal(Misconf, other.Read().Text);
        Assert.Equal("1", other.Read().Text);
        Assert.False(admin.Read().IsError);
        Engine.Persistence.Aof.AppendOnlyFile aof = server.Engine.Server.Aof!;
        Assert.True(aof.LastWriteOk);
        await WaitUntil(() => other.Call("PING").Text == "PONG");
        Assert.Equal("OK", writer.Call("SET", "after", "1").Text);
        Assert.True(aof.SyncedOffset >= aof.AppendedOffset);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition());
    }
}

/// <summary>Skips where there is no /dev/full (a device every write to fails with ENOSPC).</summary>
public sealed class FullDeviceFactAttribute : ConditionalFactAttribute
{
    protected override string? SkipReason() => File.Exists("/dev/full") ? null : "no /dev/full on this system";
}
