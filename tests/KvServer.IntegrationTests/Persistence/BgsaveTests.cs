using System.Diagnostics;
using System.Globalization;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// BGSAVE over TCP while another client keeps writing: the file passes redis-check-rdb and a real
/// redis-server loads exactly the data set of the moment BGSAVE started.
/// </summary>
public sealed class BgsaveTests : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly ServerFixture _server;

    public BgsaveTests(ServerFixture server) => _server = server;

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

    private static void WaitForBackgroundSave(RespClient client)
    {
        var clock = Stopwatch.StartNew();
        while (Info(client, "rdb_bgsave_in_progress") != "0")
        {
            Assert.True(clock.Elapsed < s_timeout, "BGSAVE did not finish");
            Thread.Sleep(20);
        }
    }

    // A single writer sets w:(i mod 500) to i for i = 1, 2, 3, ... A point-in-time copy therefore holds, for
    // some S, exactly the writes up to S: every w:j has the largest i <= S with i mod 500 = j.
    [RequiresFact("bgsave", Tool = Executables.RedisServer)]
    public async Task Bgsave_WhileAClientWrites_FileHoldsThePointInTime()
    {
        const int Slots = 500;
        using var client = new RespClient(_server.Port);
        client.Call("FLUSHALL");
        Assert.Equal("OK", client.Call("DEBUG", "POPULATE", "200000", "key", "20").Text);
        client.Call("SET", "marker", "before");
        using var stop = new CancellationTokenSource();
        long written = 0;
        Task writer = Task.Run(() =>
        {
            using var writes = new RespClient(_server.Port);
            for (long i = 1; !stop.IsCancellationRequested; i++)
            {
                writes.Call("SET", $"w:{i % Slots}", i.ToString(CultureInfo.InvariantCulture));
                writes.Call("SET", $"key:{i % 200000}", "overwritten");
                Volatile.Write(ref written, i);
            }
        });
        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref written) < 2 * Slots)
        {
            Assert.True(waited.Elapsed < s_timeout, "the writer made no progress");
            await Task.Delay(5);
        }

        long writesBeforeBgsave = Volatile.Read(ref written);
        Assert.Equal("Background saving started", client.Call("BGSAVE").Text);
        // At most one write was under way while BGSAVE ran: everything acknowledged later is after the cut.
        long writesAtReply = Volatile.Read(ref written) + 1;
        client.Call("SET", "marker", "after");
        client.Call("SET", "born-after", "1");
        client.Call("DEL", "key:199999");
        WaitForBackgroundSave(client);
        long writesAtEnd = Volatile.Read(ref written);
        await stop.CancelAsync();
        await writer;
        Assert.Equal("ok", Info(client, "rdb_last_bgsave_status"));

        string file = Path.Combine(_server.DataDirectory, "dump.rdb");
        string? check = Executables.Find("redis-check-rdb");
        if (check is not null)
        {
            var run = Process.Start(new ProcessStartInfo(check, file) { RedirectStandardOutput = true })!;
            string report = await run.StandardOutput.ReadToEndAsync();
            await run.WaitForExitAsync();
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("RDB looks OK", report);
        }

        using RedisServer redis = RedisServer.Start(file);
        using var loaded = new RespClient(redis.Port);
        Assert.Equal("before", loaded.Call("GET", "marker").Text);
        Assert.True(loaded.Call("GET", "born-after").Length == -1);
        Assert.Equal("value:199999", loaded.Call("GET", "key:199999").Text[..12]);
        long cut = 0;
        var values = new long[Slots];
        for (int j = 0; j < Slots; j++)
        {
            values[j] = long.Parse(loaded.Call("GET", $"w:{j}").Text, CultureInfo.InvariantCulture);
            cut = Math.Max(cut, values[j]);
        }
        Assert.InRange(cut, writesBeforeBgsave, writesAtReply);
        Assert.True(writesAtEnd > writesAtReply, "the writer kept writing during the save");
        for (int j = 0; j < Slots; j++)
        {
            long expected = cut - ((cut - j) % Slots + Slots) % Slots;
            Assert.Equal(expected, values[j]);
        }
        Assert.Equal(200000 + 1 + Slots, loaded.Call("DBSIZE").Integer);
    }
    // rdb-key-save-delay slows the save down (one key per slice, then a pause) so it is seen running.
    [RequiresFact("bgsave", "save")]
    public void Bgsave_WhileRunning_RefusesAnotherSaveAndKeepsServing()
    {
        using var client = new RespClient(_server.Port);
        client.Call("FLUSHALL");
        Assert.Equal("OK", client.Call("DEBUG", "POPULATE", "2000").Text);
        Assert.Equal("OK", client.Call("CONFIG", "SET", "rdb-key-save-delay", "1000").Text);
        try
        {
            Assert.Equal("Background saving started", client.Call("BGSAVE").Text);
            Assert.Equal("1", Info(client, "rdb_bgsave_in_progress"));
            Assert.Equal("2000", Info(client, "current_save_keys_total"));
            Assert.Equal("ERR Background save already in progress", client.Call("BGSAVE").Text);
            Assert.Equal("ERR Background save already in progress", client.Call("BGSAVE", "SCHEDULE").Text);
            Assert.Equal("ERR Background save already in progress", client.Call("SAVE").Text);
            Assert.Equal("OK", client.Call("SET", "key:1", "changed").Text);
            Assert.Equal("changed", client.Call("GET", "key:1").Text);
        }
        finally
        {
            client.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
        }
        WaitForBackgroundSave(client);
        Assert.Equal("ok", Info(client, "rdb_last_bgsave_status"));
        Assert.Equal("0", Info(client, "current_save_keys_total"));
        Assert.Equal("-1", Info(client, "rdb_current_bgsave_time_sec"));
    }
}
