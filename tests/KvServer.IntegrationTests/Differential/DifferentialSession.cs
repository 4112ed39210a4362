using System.Text;
using KvServer.IntegrationTests.Infrastructure;
using Xunit.Sdk;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// Two connections, one to the server under test and one to the reference redis-server, that receive the
/// same commands in the same order. Commands go out in pipelined chunks; every reply pair is compared under
/// <see cref="ReplyRules"/>, and the first difference fails the test with the context needed to reproduce it:
/// the run's label (family, seed, protocol), the command, both replies and the commands before it.
/// </summary>
public sealed class DifferentialSession : IDisposable
{
    private const int ChunkSize = 50;
    private const int HistoryShown = 15;

    private readonly RespClient _actual;
    private readonly RespClient _expected;
    private readonly string _label;
    private readonly string _actualName;
    private readonly List<byte[][]> _history = [];
    private readonly StreamWriter? _trace;

    /// <param name="actualPort">The server under test (KvServer).</param>
    /// <param name="expectedPort">The reference (redis-server).</param>
    /// <param name="protocol">2, or 3 to switch both connections with HELLO 3 first.</param>
    /// <param name="label">Printed with any difference: what ran and how to reproduce it.</param>
    public DifferentialSession(int actualPort, int expectedPort, int protocol, string label, string actualName = "KvServer")
    {
        _label = label;
        _actualName = actualName;
        _trace = OpenTrace(label, protocol);
        _actual = new RespClient(actualPort);
        _expected = new RespClient(expectedPort);
        if (protocol == 3)
        {
            Run([RespClient.Command("HELLO", "3")]);
        }
    }

    /// <summary>Number of commands compared so far.</summary>
    public int Count => _history.Count;

    /// <summary>Runs the commands on both servers and fails on the first reply that differs.</summary>
    public void Run(IReadOnlyList<byte[][]> commands)
    {
        for (int start = 0; start < commands.Count; start += ChunkSize)
        {
            var chunk = new List<byte[][]>();
            for (int i = start; i < Math.Min(commands.Count, start + ChunkSize); i++)
            {
                chunk.Add(commands[i]);
            }
            List<RespReply> expected = Exchange(_expected, chunk, "redis-server");
            List<RespReply> actual = Exchange(_actual, chunk, _actualName);
            for (int i = 0; i < chunk.Count; i++)
            {
                CompareMode mode = ReplyRules.For(chunk[i], out long tolerance);
                string? difference = ReplyComparer.Difference(mode, tolerance, expected[i], actual[i]);
                if (difference is not null)
                {
                    throw new XunitException(Report(chunk[i], mode, difference, expected[i], actual[i]));
                }
                _history.Add(chunk[i]);
                _trace?.WriteLine(Format(chunk[i]) + "\n    -> " + expected[i]);
            }
        }
    }

    private List<RespReply> Exchange(RespClient client, List<byte[][]> chunk, string name)
    {
        try
        {
            return client.Pipeline(chunk);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var message = new StringBuilder($"{_label}: {name} failed to answer a chunk of {chunk.Count} commands: {ex.Message}\n");
            message.Append("Chunk:\n");
            foreach (byte[][] command in chunk)
            {
                message.Append("  ").Append(Format(command)).Append('\n');
            }
            throw new XunitException(message.ToString());
        }
    }

    private string Report(byte[][] command, CompareMode mode, string difference, RespReply expected, RespReply actual)
    {
        var message = new StringBuilder();
        message.Append($"{_label}: {difference} at command #{_history.Count + 1} (compared {mode}).\n");
        message.Append("  command:      ").Append(Format(command)).Append('\n');
        message.Append("  redis-server: ").Append(expected).Append('\n');
        message.Append($"  {_actualName + ":",-13} ").Append(actual).Append('\n');
        message.Append("Previous commands:\n");
        for (int i = Math.Max(0, _history.Count - HistoryShown); i < _history.Count; i++)
        {
            message.Append($"  #{i + 1} ").Append(Format(_history[i])).Append('\n');
        }
        return message.ToString();
    }

    /// <summary>A command as redis-cli would accept it: arguments quoted and escaped.</summary>
    public static string Format(byte[][] command)
    {
        const int MaxShown = 40;
        var text = new StringBuilder();
        for (int i = 0; i < Math.Min(command.Length, MaxShown); i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append('"').Append(RespReply.Escape(command[i])).Append('"');
        }
        if (command.Length > MaxShown)
        {
            text.Append($" ... ({command.Length} arguments)");
        }
        return text.ToString();
    }

    /// <summary>With KVSERVER_DIFF_TRACE=directory, every command and Redis's reply go to a file per run (for studying a generator).</summary>
    private static StreamWriter? OpenTrace(string label, int protocol)
    {
        string? directory = Environment.GetEnvironmentVariable("KVSERVER_DIFF_TRACE");
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }
        Directory.CreateDirectory(directory);
        string name = label.Split(" (")[0].Replace(", ", "-").Replace(' ', '_') + "-" + protocol + ".txt";
        return new StreamWriter(Path.Combine(directory, name), append: false);
    }

    public void Dispose()
    {
        _trace?.Dispose();
        _actual.Dispose();
        _expected.Dispose();
    }
}
