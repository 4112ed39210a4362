using System.Runtime;
using KvServer.Engine;
using KvServer.Engine.Configuration;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>The tests that look at the process's GC mode run alone: another test's load would hold it.</summary>
[CollectionDefinition(nameof(ProcessGcModeCollection), DisableParallelization = true)]
public sealed class ProcessGcModeCollection;

/// <summary>
/// A start-up load runs in a no-GC region (collections held off while the dataset is built); whatever the
/// load's outcome, the region must be over when it returns, or the server would never collect again.
/// </summary>
[Collection(nameof(ProcessGcModeCollection))]
public sealed class StartupLoadCollectionTests
{
    [Fact]
    public async Task StartupLoad_EndsTheNoGcRegion()
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory("all-types.rdb");
        try
        {
            await using LoadedServer server = LoadedServer.StartWithRdb(directory, "all-types.rdb");
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Contains(server.Log.Lines, line => line.StartsWith("DB loaded from disk", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task FailedStartupLoad_EndsTheNoGcRegion()
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory("all-types.rdb");
        try
        {
            string path = Path.Combine(directory, "all-types.rdb");
            byte[] file = File.ReadAllBytes(path);
            File.WriteAllBytes(path, file.AsSpan(0, file.Length / 2).ToArray());
            var options = new ServerOptions();
            var registry = new ConfigRegistry(options);
            ConfigFileParser.Apply(registry, $"port 0\nsave \"\"\ndir \"{directory}\"\ndbfilename all-types.rdb\n");
            await using var engine = new KvServerEngine(options, registry, new ListLogger());
            Assert.False(engine.LoadDataFromDisk());
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
