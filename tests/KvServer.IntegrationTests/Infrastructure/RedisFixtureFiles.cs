namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// The persistence fixtures written by redis-server 7.0.15 (RDB and AOF files with their expected keyspace
/// listings), kept in ../shared/fixtures/redis-7.0 beside the repository. Tests copy a fixture into a temporary
/// directory before a server loads it: loading may modify AOF files, and the shared copy is read-only.
/// </summary>
public static class RedisFixtureFiles
{
    private static readonly Lazy<string> s_root = new(FindRepositoryRoot);

    public static string Directory => Path.GetFullPath(Path.Combine(s_root.Value, "..", "shared", "fixtures", "redis-7.0"));

    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A new temporary directory holding a copy of fixture <paramref name="name"/> (optionally renamed).</summary>
    public static string CopyToTempDirectory(string name, string? as_ = null)
    {
        string source = PathOf(name);
        Assert.True(File.Exists(source), $"the Redis 7.0 fixture is missing: expected {source}");
        string directory = System.IO.Directory.CreateTempSubdirectory("kvserver-rdb-").FullName;
        string target = Path.Combine(directory, as_ ?? name);
        File.Copy(source, target);
        File.SetAttributes(target, FileAttributes.Normal);
        return directory;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KvServer.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("KvServer.sln not found above " + AppContext.BaseDirectory);
    }
}
