using System.Diagnostics;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>A server with the save point "save 1 1" (one change, older than a second, triggers a BGSAVE).</summary>
public sealed class SavePointFixture : ServerFixture
{
    protected override string ExtraConfig => "save 1 1\n";
}

/// <summary>Save points, LASTSAVE and the MISCONF refusal after a failed background save, over TCP.</summary>
public sealed class SavePointTests : IClassFixture<SavePointFixture>
{
    private const string Misconf =
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly SavePointFixture _server;

    public SavePointTests(SavePointFixture server) => _server = server;

    private static string Info(RespClient client, string field)
    {
        foreach (string line in client.Call("INFO", "persistence").Text.Split("\r\n"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..];
            }
        }
        throw new KeyNotFoundException(field);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < s_timeout, what);
            Thread.Sleep(50);
        }
    }

    [RequiresFact("bgsave", "lastsave")]
    public void SavePoint_ThenFailedSave_RefusesWritesUntilASaveSucceeds()
    {
        using var client = new RespClient(_server.Port);
        string dump = Path.Combine(_server.DataDirectory, "dump.rdb");
        long lastSave = client.Call("LASTSAVE").Integer;
        client.Call("SET", "a", "1");
        WaitUntil(() => File.Exists(dump), "the save point did not trigger a BGSAVE");
        WaitUntil(() => Info(client, "rdb_bgsave_in_progress") == "0", "BGSAVE did not finish");
        Assert.Equal("ok", Info(client, "rdb_last_bgsave_status"));
        Assert.Equal("0", Info(client, "rdb_changes_since_last_save"));
        Assert.True(client.Call("LASTSAVE").Integer > lastSave);

        // The directory disappears: the next background save fails and writes are refused.
        string moved = _server.DataDirectory + "-moved";
        Directory.Move(_server.DataDirectory, moved);
        try
        {
            Assert.Equal("Background saving started", client.Call("BGSAVE").Text);
            WaitUntil(() => Info(client, "rdb_last_bgsave_status") == "err", "BGSAVE did not fail");
            Assert.Equal(Misconf, client.Call("SET", "a", "2").Text);
            Assert.Equal(Misconf, client.Call("PING").Text);
            Assert.Equal("1", client.Call("GET", "a").Text);
            Assert.Equal("ERR", client.Call("SAVE").Text);
        }
        finally
        {
            Directory.Move(moved, _server.DataDirectory);
        }
        Assert.Equal("OK", client.Call("SAVE").Text);
        Assert.Equal("OK", client.Call("SET", "a", "3").Text);
        Assert.Equal("ok", Info(client, "rdb_last_bgsave_status"));
    }
}
