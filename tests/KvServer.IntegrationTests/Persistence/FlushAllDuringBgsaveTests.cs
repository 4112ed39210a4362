using System.Diagnostics;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>A server with a save point that never triggers during a test ("save 3600 1").</summary>
public sealed class HourlySaveFixture : ServerFixture
{
    protected override string ExtraConfig => "save 3600 1\n";
}

/// <summary>FLUSHALL abandons a running BGSAVE (as Redis kills its child) and saves the empty data set.</summary>
public sealed class FlushAllDuringBgsaveTests : IClassFixture<HourlySaveFixture>
{
    private readonly HourlySaveFixture _server;

    public FlushAllDuringBgsaveTests(HourlySaveFixture server) => _server = server;

    [RequiresFact("bgsave", Tool = Executables.RedisServer)]
    public void FlushAll_DuringBgsave_AbandonsItAndSavesTheEmptyDataSet()
    {
        using var client = new RespClient(_server.Port);
        Assert.Equal("OK", client.Call("DEBUG", "POPULATE", "300000", "key", "100").Text);
        Assert.Equal("Background saving started", client.Call("BGSAVE").Text);
        Assert.Equal("OK", client.Call("FLUSHALL").Text);
        string info = client.Call("INFO", "persistence").Text;
        Assert.Contains("rdb_bgsave_in_progress:0\r\n", info);
        Assert.Contains("rdb_last_bgsave_status:ok\r\n", info);
        Assert.Empty(Directory.GetFiles(_server.DataDirectory, "temp-*"));
        Assert.Equal("OK", client.Call("SET", "after", "1").Text);

        using RedisServer redis = RedisServer.Start(Path.Combine(_server.DataDirectory, "dump.rdb"));
        using var loaded = new RespClient(redis.Port);
        Assert.Equal(0, loaded.Call("DBSIZE").Integer);
    }
}
