using System.Diagnostics;
using System.Net.Sockets;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A real redis-server (the reference implementation) started from PATH on a free loopback port, without
/// persistence, in its own temporary directory, and stopped by its process id. The C collation locale makes
/// SORT ALPHA compare bytes, as KvServer does, whatever the machine's locale is.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>How long a start may take: loading a big RDB file answers -LOADING for a while.</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    public int Port { get; }

    /// <summary>The server's log (loading errors end up there).</summary>
    public string Log => ServerProcess.ReadLog(Path.Combine(_directory, "redis.log"));

    /// <summary>The server's working directory (its --dir).</summary>
    public string DirectoryPath => _directory;

    /// <summary>
    /// Starts a server and waits until it answers PING; retries on another port if the chosen one was taken.
    /// With <paramref name="rdbFile"/>, the server starts by loading that file (copied in as its dump.rdb).
    /// </summary>
    public static RedisServer Start(string? rdbFile = null) => Start(rdbFile, []);

    /// <summary><see cref="Start(string)"/> with more arguments, applied after the defaults (e.g. --appendonly yes).</summary>
    public static RedisServer Start(IReadOnlyList<string> extraArgs) => Start(null, extraArgs);

    private static RedisServer Start(string? rdbFile, IReadOnlyList<string> extraArgs)
    {
        string binary = Executables.Find(Executables.RedisServer)
            ?? throw new InvalidOperationException("redis-server is not on PATH");
        Exception? last = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int port = ServerProcess.FreePort();
            string directory = Directory.CreateTempSubdirectory("kvserver-redis-").FullName;
            if (rdbFile is not null)
            {
                File.Copy(rdbFile, Path.Combine(directory, "dump.rdb"));
            }
            Process process = Launch(binary, port, directory, extraArgs);
            try
            {
                string log = Path.Combine(directory, "redis.log");
                ServerProcess.WaitForPong(process, port, LoadTimeout, () => ServerProcess.ReadLog(log));
                return new RedisServer(process, directory, port);
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or SocketException)
            {
                last = ex;
                Stop(process);
                TryDelete(directory);
            }
        }
        throw new InvalidOperationException("could not start redis-server", last);
    }

    private static Process Launch(string binary, int port, string directory, IReadOnlyList<string> extraArgs)
    {
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] args =
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", directory,
            "--logfile", Path.Combine(directory, "redis.log"), "--databases", "16",
        ];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LC_ALL"] = "C";
        return Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
    }

    private static void Stop(Process process)
    {
        ServerProcess.Kill(process);
        process.Dispose();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        Stop(_process);
        TryDelete(_directory);
    }
}
