using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// What every test that runs a server as a child process needs (redis-server as the reference, KvServer's host
/// to kill it the hard way): a free loopback port, a bounded wait until it answers PING, and stopping it by
/// its process id.
/// </summary>
internal static class ServerProcess
{
    /// <summary>A port the kernel just gave out; the server binds it right after (a clash shows as an exit).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Waits until the server on <paramref name="port"/> answers PING with PONG (a server still loading its
    /// files answers -LOADING and is waited for). Throws <see cref="IOException"/> when the process exits and
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>; both say <paramref name="details"/>()
    /// (its log, usually).
    /// </summary>
    public static void WaitForPong(Process process, int port, TimeSpan timeout, Func<string> details)
    {
        string name = Path.GetFileName(process.StartInfo.FileName);
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new IOException($"{name} exited with {process.ExitCode} (port {port} taken?): {details()}");
            }
            Exception? last = null;
            try
            {
                using var client = new RespClient(port, TimeSpan.FromSeconds(5));
                if (client.Call("PING").Text == "PONG")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
            {
                last = ex;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} on port {port} did not answer PING: {details()}", last);
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Kills the process (SIGKILL: nothing of its shutdown runs) and waits for it to be gone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The text of a log file, or "" when it does not exist (yet) or cannot be read.</summary>
    public static string ReadLog(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
