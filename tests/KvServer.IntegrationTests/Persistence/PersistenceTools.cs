using System.Diagnostics;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// The external programs the persistence tests check KvServer's files with: redis-check-rdb, a redis-server
/// started on a given RDB file, and the fixtures' dump-keyspace.py (read from ../shared/fixtures/redis-7.0
/// beside the repository).
/// </summary>
internal static class PersistenceTools
{
    public const string RedisCheckRdb = "redis-check-rdb";
    public const string Python = "python3";

    public static string FixturesDirectory { get; } =
        Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "fixtures", "redis-7.0"));

    public static string DumpKeyspaceScript => Path.Combine(FixturesDirectory, "dump-keyspace.py");

    /// <summary>Why the tests cannot run here (a missing program or fixture), or null.</summary>
    public static string? SkipReason()
    {
        string? missing = ConditionalFactAttribute.Requirements([Executables.RedisServer, RedisCheckRdb, Python], []);
        if (missing is not null)
        {
            return missing;
        }
        return File.Exists(DumpKeyspaceScript) ? null : $"{DumpKeyspaceScript} is missing";
    }

    /// <summary>Runs a program to completion (bounded), returning its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(Executables.Find(program) ?? program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 120 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>dump-keyspace.py's listing of the server on <paramref name="port"/> (optionally with OBJECT ENCODING).</summary>
    public static string DumpKeyspace(int port, bool functions = false, bool withEncoding = false)
    {
        List<string> args = [DumpKeyspaceScript];
        if (functions)
        {
            args.Add("--functions");
        }
        if (withEncoding)
        {
            args.Add("--with-encoding");
        }
        args.Add("127.0.0.1");
        args.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (int exitCode, string output) = Run(Python, [.. args]);
        Assert.True(exitCode == 0, $"dump-keyspace.py failed: {output}");
        return output;
    }

    /// <summary>
    /// Asserts two keyspace listings are equal, reporting only the lines that differ (shortened), since a
    /// listing of big collections is too long to print whole.
    /// </summary>
    public static void AssertSameListing(string expected, string actual, string expectedName, string actualName)
    {
        string[] left = expected.Split('\n');
        string[] right = actual.Split('\n');
        var differences = new List<string>();
        for (int i = 0; i < Math.Max(left.Length, right.Length) && differences.Count < 10; i++)
        {
            string a = i < left.Length ? left[i] : "<missing>";
            string b = i < right.Length ? right[i] : "<missing>";
            if (a != b)
            {
                differences.Add($"line {i + 1}:\n  {expectedName}: {Shorten(a)}\n  {actualName}: {Shorten(b)}");
            }
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static string Shorten(string line) => line.Length <= 400 ? line : line[..400] + $"… ({line.Length} chars)";

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

/// <summary>A [Fact] that runs only when redis-server, redis-check-rdb, python3 and the fixtures are available.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RdbToolsFactAttribute : ConditionalFactAttribute
{
    protected override string? SkipReason() => PersistenceTools.SkipReason();
}
