using System.Diagnostics;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// KvServer as a separate process (the host built beside the tests), so a test can kill it the hard way
/// (SIGKILL: no shutdown code runs, only what reached the kernel survives) and start it again on the same
/// directory.
/// </summary>
internal sealed class KvServerProcess : IDisposable
{
    private readonly Process _process;

    private KvServerProcess(Process process, int port, string logPath)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
    }

    public int Port { get; }

    public string LogPath { get; }

    public static string HostPath => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "KvServer.exe" : "KvServer");

    /// <summary>Starts the server in <paramref name="directory"/> and waits until it answers PING.</summary>
    public static KvServerProcess Start(string directory, params string[] directives)
    {
        int port = ServerProcess.FreePort();
        string log = Path.Combine(directory, $"kvserver-{port}.log");
        var start = new ProcessStartInfo(HostPath) { UseShellExecute = false, WorkingDirectory = directory };
        string[] args = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--dir", directory, "--logfile", log];
        foreach (string arg in args.Concat(directives))
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException("KvServer did not start");
        var server = new KvServerProcess(process, port, log);
        ServerProcess.WaitForPong(process, port, TimeSpan.FromSeconds(30), server.ReadLog);
        return server;
    }

    public string ReadLog() => ServerProcess.ReadLog(LogPath);

    /// <summary>Waits (bounded) for the process to exit on its own; true if it did.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>SIGKILL: the process ends at once, without flushing or closing anything.</summary>
    public void KillHard() => ServerProcess.Kill(_process);

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }
}
