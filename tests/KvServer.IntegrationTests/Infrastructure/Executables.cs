namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// Finds external programs (redis-server, redis-cli, stdbuf) on PATH, so tests that need them can be
/// skipped with a clear reason on machines without them instead of failing.
/// </summary>
public static class Executables
{
    public const string RedisServer = "redis-server";

    public const string RedisCli = "redis-cli";

    private static readonly Dictionary<string, string?> s_found = new(StringComparer.Ordinal);

    /// <summary>The full path of <paramref name="name"/> on PATH, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        lock (s_found)
        {
            if (!s_found.TryGetValue(name, out string? path))
            {
                path = Search(name);
                s_found[name] = path;
            }
            return path;
        }
    }

    private static string? Search(string name)
    {
        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator,
            StringSplitOptions.RemoveEmptyEntries);
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
