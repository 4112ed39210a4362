using System.Diagnostics;
using System.Globalization;
using System.Text;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Cli;

/// <summary>
/// Runs redis-cli against a port as a child process, always bounded by a timeout: a hung client is killed
/// (by its own process id) and the test fails with what it printed so far.
/// </summary>
public static class RedisCli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>redis-cli -p PORT args...</c> to completion, feeding <paramref name="input"/> to stdin.</summary>
    public static Result Run(int port, string[] args, byte[]? input = null)
    {
        using Process process = Start(port, args, lineBuffered: false);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"redis-cli {string.Join(' ', args)} did not finish in {s_timeout}; output: {output.Result}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Starts a redis-cli mode that never ends by itself (--stat), collects the first
    /// <paramref name="lines"/> lines of output, then kills it.
    /// </summary>
    public static List<string> FirstLines(int port, string[] args, int lines)
    {
        using Process process = Start(port, args, lineBuffered: true);
        process.StandardInput.Close();
        var collected = new List<string>();
        try
        {
            DateTime deadline = DateTime.UtcNow + s_timeout;
            while (collected.Count < lines)
            {
                Task<string?> next = process.StandardOutput.ReadLineAsync();
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !next.Wait(left))
                {
                    throw new TimeoutException($"redis-cli {string.Join(' ', args)} printed only: {string.Join('\n', collected)}");
                }
                if (next.Result is null)
                {
                    break;
                }
                collected.Add(next.Result);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.WaitForExit(10_000);
        }
        return collected;
    }

    /// <summary>
    /// redis-cli block-buffers stdout when it is a pipe; for modes read line by line it runs under
    /// <c>stdbuf -oL</c> when available (otherwise lines arrive in 4 KB bursts, still within the timeout).
    /// </summary>
    private static Process Start(int port, string[] args, bool lineBuffered)
    {
        string cli = Executables.Find(Executables.RedisCli) ?? throw new InvalidOperationException("redis-cli is not on PATH");
        string? stdbuf = lineBuffered ? Executables.Find("stdbuf") : null;
        var start = new ProcessStartInfo(stdbuf ?? cli)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.Latin1,
        };
        if (stdbuf is not null)
        {
            start.ArgumentList.Add("-oL");
            start.ArgumentList.Add(cli);
        }
        start.ArgumentList.Add("-h");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // No ~/.redisclirc or history file from the machine running the tests.
        start.Environment["REDISCLI_RCFILE"] = "/dev/null";
        start.Environment["REDISCLI_HISTFILE"] = "/dev/null";
        return Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start");
    }
}
