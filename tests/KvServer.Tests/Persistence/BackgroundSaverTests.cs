using KvServer.Engine.Execution;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>SAVE, BGSAVE, LASTSAVE, save points, MISCONF and INFO persistence (no executor: saves finish at once).</summary>
public sealed class BackgroundSaverTests : IDisposable
{
    private const string Misconf =
        "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("kvserver-saves-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CommandHarness NewServer(string save = "", string? dir = null)
    {
        var h = new CommandHarness(config => config.Set([("save", save), ("dir", _dir)], fromCommand: false));
        if (dir is not null)
        {
            h.Options.Dir = dir;
        }
        h.Server.Saves.FormatFactory = _ => new RecordingFormat();
        return h;
    }

    private static string Info(CommandHarness h, string field)
    {
        foreach (string line in RespValue.Parse(h.Run("INFO", "persistence")).Text!.Split("\r\n"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..];
            }
        }
        throw new KeyNotFoundException(field);
    }

    private string DumpFile => Path.Combine(_dir, "dump.rdb");

    [Fact]
    public void Save_WritesTheDumpFileAndResetsTheChangeCounter()
    {
        CommandHarness h = NewServer();
        h.Run("SET", "a", "1");
        Assert.Equal("1", Info(h, "rdb_changes_since_last_save"));
        h.Clock.Advance(5_000);
        Assert.Equal("+OK\r\n", h.Run("SAVE"));
        Assert.True(File.Exists(DumpFile));
        Assert.Empty(Directory.GetFiles(_dir, "temp-*"));
        Assert.Equal("0", Info(h, "rdb_changes_since_last_save"));
        Assert.Equal("1", Info(h, "rdb_saves"));
        Assert.Equal($":{h.Clock.UnixTimeMilliseconds / 1000}\r\n", h.Run("LASTSAVE"));
        Assert.Equal(h.Clock.UnixTimeMilliseconds / 1000, long.Parse(Info(h, "rdb_last_save_time")));
    }

    [Fact]
    public void Bgsave_StartsAndCompletes()
    {
        CommandHarness h = NewServer();
        h.Run("SET", "a", "1");
        Assert.Equal("+Background saving started\r\n", h.Run("BGSAVE"));
        Assert.True(File.Exists(DumpFile));
        Assert.Equal("0", Info(h, "rdb_bgsave_in_progress"));
        Assert.Equal("ok", Info(h, "rdb_last_bgsave_status"));
        Assert.Equal("0", Info(h, "rdb_last_bgsave_time_sec"));
        Assert.Equal("-1", Info(h, "rdb_current_bgsave_time_sec"));
        Assert.Equal("0", Info(h, "rdb_changes_since_last_save"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("BGSAVE", "now"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("BGSAVE", "schedule", "x"));
    }

    [Fact]
    public void Bgsave_InsideExec_IsScheduledForTheCron()
    {
        CommandHarness h = NewServer();
        h.Run("MULTI");
        h.Run("BGSAVE");
        Assert.Equal("*1\r\n+Background saving scheduled\r\n", h.Run("EXEC"));
        Assert.False(File.Exists(DumpFile));
        ServerCron.RunOnce(h.Server);
        Assert.True(File.Exists(DumpFile));
        Assert.False(h.Server.Saves.Scheduled);
    }

    [Fact]
    public void FailedBackgroundSave_WithSavePoints_RefusesWritesAndPing()
    {
        CommandHarness h = NewServer(save: "3600 1", dir: Path.Combine(_dir, "missing"));
        h.Run("SET", "a", "1");
        Assert.Equal("+Background saving started\r\n", h.Run("BGSAVE"));
        Assert.Equal("err", Info(h, "rdb_last_bgsave_status"));
        Assert.Equal(Misconf, h.Run("SET", "a", "2"));
        Assert.Equal(Misconf, h.Run("PING"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "a"));
        Assert.StartsWith(Misconf[..^2] + " script: ", h.Run("EVAL", "return redis.call('set','a','9')", "0"));
        Assert.Equal(":1\r\n", h.Run("EVAL", "return 1", "0"));
        Assert.Equal("-ERR\r\n", h.Run("SAVE"));
        h.Run("MULTI");
        Assert.Equal(Misconf, h.Run("SET", "a", "3"));
        Assert.StartsWith("-EXECABORT", h.Run("EXEC"));
        Assert.Equal("+OK\r\n", h.Run("CONFIG", "SET", "stop-writes-on-bgsave-error", "no"));
        Assert.Equal("+OK\r\n", h.Run("SET", "a", "2"));
        Assert.Equal("+OK\r\n", h.Run("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"));
        Assert.Equal("+OK\r\n", h.Run("CONFIG", "SET", "save", ""));
        Assert.Equal("+OK\r\n", h.Run("SET", "a", "3"));   // no save points: nothing to protect
    }

    [Fact]
    public void FailedSave_BlocksShutdownUnlessNosaveOrForce()
    {
        CommandHarness h = NewServer(save: "3600 1", dir: Path.Combine(_dir, "missing"));
        var requests = new List<bool?>();
        h.Server.ShutdownRequested = save => requests.Add(save);
        Assert.Equal("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", h.Run("SHUTDOWN"));
        Assert.Equal("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", h.Run("SHUTDOWN", "SAVE"));
        Assert.Empty(requests);
        Assert.Equal("", h.Run("SHUTDOWN", "FORCE"));
        Assert.Equal("", h.RunAs(h.NewClient(), "SHUTDOWN", "NOSAVE"));
        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public void Shutdown_WithSavePoints_SavesFirst()
    {
        CommandHarness h = NewServer(save: "3600 1");
        h.Server.ShutdownRequested = _ => { };
        Assert.Equal("", h.Run("SHUTDOWN"));
        Assert.True(File.Exists(DumpFile));
    }

    [Fact]
    public void SavePoint_Reached_StartsABackgroundSaveFromTheCron()
    {
        CommandHarness h = NewServer(save: "1 2");
        h.Run("SET", "a", "1");
        h.Clock.Advance(2_000);
        ServerCron.RunOnce(h.Server);
        Assert.False(File.Exists(DumpFile));   // one change, two needed
        h.Run("SET", "b", "1");
        ServerCron.RunOnce(h.Server);
        Assert.True(File.Exists(DumpFile));
        Assert.Equal("0", Info(h, "rdb_changes_since_last_save"));
    }

    [Fact]
    public void FlushAll_WithSavePoints_SavesTheEmptyDataSet()
    {
        CommandHarness h = NewServer(save: "3600 1");
        h.Run("SET", "a", "1");
        Assert.Equal("+OK\r\n", h.Run("FLUSHALL"));
        Assert.True(File.Exists(DumpFile));
        Assert.NotEqual("0", Info(h, "rdb_changes_since_last_save"));
    }
    [Fact]
    public void DebugReload_SavesFlushesAndLoadsTheDumpBack()
    {
        var h = new CommandHarness(config => config.Set([("save", ""), ("dir", _dir), ("enable-debug-command", "yes")], fromCommand: false));
        Assert.Equal("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n", h.Run("DEBUG", "RELOAD", "foo"));
        Assert.Equal("-ERR Error trying to load the RDB dump\r\n", h.Run("DEBUG", "RELOAD", "NOSAVE"));
        h.Run("SET", "a", "1");
        h.Run("RPUSH", "list", "x", "y");
        h.Run("SELECT", "3");
        h.Run("HSET", "hash", "f", "v");
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "RELOAD"));
        Assert.Equal("*1\r\n$1\r\nf\r\n", h.Run("HKEYS", "hash"));
        h.Run("SELECT", "0");
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "a"));
        Assert.Equal("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", h.Run("LRANGE", "list", "0", "-1"));
        h.Run("SET", "a", "2");
        h.Run("SET", "b", "2");
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
        Assert.Equal("$1\r\n1\r\n", h.Run("GET", "a"));
        Assert.Equal("$1\r\n2\r\n", h.Run("GET", "b"));
    }
}
