using System.Diagnostics;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// Start-up loading of RDB files written by redis-server 7.0.15: each fixture is loaded and the keyspace
/// (values, expiry times and OBJECT ENCODING) compared with what real Redis holds after loading it, using the
/// fixtures' own dump-keyspace.py.
/// </summary>
public sealed class RdbFixtureLoadTests
{
    private const string Python = "python3";

    /// <summary>Runs dump-keyspace.py with <paramref name="args"/> against the server; exit code and output.</summary>
    private static (int ExitCode, string Output) DumpKeyspace(int port, params string[] args)
    {
        var start = new ProcessStartInfo(Executables.Find(Python)!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RedisFixtureFiles.PathOf("dump-keyspace.py"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "dump-keyspace.py did not finish within 60 s");
        return (process.ExitCode, output.Result + error.Result);
    }

    [RequiresTheory(Tool = Python)]
    [InlineData("all-types")]
    [InlineData("compressed")]
    [InlineData("uncompressed")]
    [InlineData("empty")]
    [InlineData("functions")]
    public async Task Startup_RedisFixture_KeyspaceMatchesRedis(string fixture)
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory(fixture + ".rdb");
        try
        {
            await using LoadedServer server = LoadedServer.StartWithRdb(directory, fixture + ".rdb");
            (int exitCode, string output) = DumpKeyspace(server.Port, "--with-encoding", "--compare",
                RedisFixtureFiles.PathOf(fixture + ".keyspace.txt"));
            Assert.True(exitCode == 0, output);
            if (fixture == "functions")
            {
                (exitCode, output) = DumpKeyspace(server.Port, "--functions", "--compare",
                    RedisFixtureFiles.PathOf("functions.functions.txt"));
                Assert.True(exitCode == 0, output);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Startup_AllTypes_LogsRedisLoadingLines()
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory("all-types.rdb", "dump.rdb");
        try
        {
            await using LoadedServer server = LoadedServer.Start($"dir \"{directory}\"\n");
            IReadOnlyList<string> lines = server.Log.Lines;
            Assert.Contains("Loading RDB produced by version 7.0.15", lines);
            Assert.Contains("Done loading RDB, keys loaded: 72, keys expired: 2.", lines);
            Assert.Contains(lines, line => line.StartsWith("DB loaded from disk: ", StringComparison.Ordinal)
                && line.EndsWith(" seconds", StringComparison.Ordinal));
            using var client = new RespClient(server.Port);
            string info = client.Call("INFO", "persistence").Text;
            Assert.Contains("rdb_last_load_keys_expired:2\r\n", info);
            Assert.Contains("rdb_last_load_keys_loaded:72\r\n", info);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Startup_NoRdbFile_StartsEmpty()
    {
        string directory = Directory.CreateTempSubdirectory("kvserver-rdb-").FullName;
        try
        {
            await using LoadedServer server = LoadedServer.StartWithRdb(directory, "missing.rdb");
            using var client = new RespClient(server.Port);
            Assert.Equal(0, client.Call("DBSIZE").Integer);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
