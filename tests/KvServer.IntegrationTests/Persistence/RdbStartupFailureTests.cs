using System.Diagnostics;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// The host refuses to start on an RDB file it cannot load, as Redis does: it logs why and exits with status 1
/// instead of serving a partial keyspace. Runs the real host executable on copies of the Redis fixtures.
/// </summary>
public sealed class RdbStartupFailureTests
{
    /// <summary>Runs the KvServer host on <paramref name="file"/> in <paramref name="directory"/>; exit code and log.</summary>
    private static (int ExitCode, string Output) StartHost(string directory, string file)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "KvServer.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string arg in new[] { host, "--port", "0", "--bind", "127.0.0.1", "--save", "", "--dir", directory, "--dbfilename", file })
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            Assert.Fail("the server did not exit within 60 s:\n" + output.Result);
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    private static void AssertFailsToStart(string directory, string file, string message)
    {
        try
        {
            (int exitCode, string output) = StartHost(directory, file);
            Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}");
            Assert.Contains(message, output);
            Assert.Contains("Fatal error loading the DB: Invalid argument. Exiting.", output);
            Assert.DoesNotContain("Ready to accept connections", output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Startup_StreamRdb_ExitsNamingTheStreamKey()
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory("stream.rdb");
        AssertFailsToStart(directory, "stream.rdb", "streams (RDB type 19) are not supported yet");
    }

    [Fact]
    public void Startup_TruncatedRdb_ExitsWithShortRead()
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory("all-types.rdb");
        string path = Path.Combine(directory, "all-types.rdb");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 4)]);
        AssertFailsToStart(directory, "all-types.rdb", "Short read or OOM loading DB. Unrecoverable error, aborting now.");
    }

    [Fact]
    public void Startup_RdbWithFlippedByte_ExitsWithChecksumError()
    {
        string directory = RedisFixtureFiles.CopyToTempDirectory("all-types.rdb");
        string path = Path.Combine(directory, "all-types.rdb");
        byte[] bytes = File.ReadAllBytes(path);
        // Inside the 1 KB incompressible string value: the file still parses, only the checksum disagrees.
        int offset = bytes.AsSpan().IndexOf("str:raw1k"u8) + 64;
        Assert.True(offset > 64, "the raw 1 KB string key was not found in all-types.rdb");
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        AssertFailsToStart(directory, "all-types.rdb", "Wrong RDB checksum expected: (");
    }
}
