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

    /// <summary>
    /// KVSERVER_DIFF_KEEP_GOING=1: collect every difference and fail at the end of the run with all of them
    /// (to see every problem a family has at once; later differences may follow from earlier ones).
    /// </summary>
    private static readonly bool s_keepGoing = Environment.GetEnvironmentVariable("KVSERVER_DIFF_KEEP_GOING") == "1";

    private readonly RespClient _actual;
    private readonly RespClient _expected;
    private readonly string _label;
    private readonly string _actualName;
    private readonly List<byte[][]> _history = [];
    private readonly StreamWriter? _trace;
    private readonly bool _actualIsRedis;
    private readonly List<string> _mismatches = [];

    /// <param name="actualPort">The server under test (KvServer).</param>
    /// <param name="expectedPort">The reference (redis-server).</param>
    /// <param name="protocol">2, or 3 to switch both connections with HELLO 3 first.</param>
    /// <param name="label">Printed with any difference: what ran and how to reproduce it.</param>
    /// <param name="actualIsRedis">The server under test is a redis-server too (checking the generator): it gets the same Redis-only preambles.</param>
    public DifferentialSession(int actualPort, int expectedPort, int protocol, string label, string actualName = "KvServer",
        bool actualIsRedis = false)
    {
        _label = label;
        _actualName = actualName;
        _actualIsRedis = actualIsRedis;
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

    /// <summary>In keep-going mode, fails with every difference collected by <see cref="Run"/>.</summary>
    public void ThrowIfMismatched()
    {
        if (_mismatches.Count > 0)
        {
            const int MaxShown = 30;
            string shown = string.Join("\n", _mismatches.Take(MaxShown));
            throw new XunitException($"{_mismatches.Count} differences (first {Math.Min(MaxShown, _mismatches.Count)} shown):\n{shown}");
        }
    }

    /// <summary>Runs the commands on both servers and fails on the first reply that differs (or collects it, in keep-going mode).</summary>
    public void Run(IReadOnlyList<byte[][]> commands)
    {
        for (int start = 0; start < commands.Count; start += ChunkSize)
        {
            var chunk = new List<byte[][]>();
            for (int i = start; i < Math.Min(commands.Count, start + ChunkSize); i++)
            {
                chunk.Add(commands[i]);
            }
            List<RespReply> expected = Exchange(_expected, chunk, "redis-server", withPreambles: true);
            List<RespReply> actual = Exchange(_actual, chunk, _actualName, withPreambles: _actualIsRedis);
            for (int i = 0; i < chunk.Count; i++)
            {
                CompareMode mode = ReplyRules.For(chunk[i], out long tolerance);
                string? difference = ReplyComparer.Difference(mode, tolerance, expected[i], actual[i]);
                if (difference is not null)
                {
                    string report = Report(chunk[i], mode, difference, expected[i], actual[i]);
                    if (!s_keepGoing)
                    {
                        throw new XunitException(report);
                    }
                    _mismatches.Add(report[..report.IndexOf("Previous commands:", StringComparison.Ordinal)]);
                }
                _history.Add(chunk[i]);
                _trace?.WriteLine(Format(chunk[i], int.MaxValue) + "\n    -> " + expected[i]);
            }
        }
    }

    /// <summary>Sends a chunk and returns one reply per command, dropping the replies to Redis-only preambles.</summary>
    private List<RespReply> Exchange(RespClient client, List<byte[][]> chunk, string name, bool withPreambles)
    {
        try
        {
            if (!withPreambles)
            {
                return client.Pipeline(chunk);
            }
            var sent = new List<byte[][]>();
            var isPreamble = new List<bool>();
            foreach (byte[][] command in chunk)
            {
                if (ReplyRules.RedisOnlyPreamble(command) is { } preamble)
                {
                    sent.Add(preamble);
                    isPreamble.Add(true);
                }
                sent.Add(command);
                isPreamble.Add(false);
            }
            List<RespReply> replies = client.Pipeline(sent);
            var kept = new List<RespReply>(chunk.Count);
            for (int i = 0; i < replies.Count; i++)
            {
                if (!isPreamble[i])
                {
                    kept.Add(replies[i]);
                }
            }
            return kept;
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

    /// <summary>A command as redis-cli would accept it: arguments quoted and escaped; long ones cut unless <paramref name="maxShown"/> is int.MaxValue.</summary>
    public static string Format(byte[][] command, int maxShown = 40)
    {
        var text = new StringBuilder();
        for (int i = 0; i < Math.Min(command.Length, maxShown); i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append('"').Append(RespReply.Escape(command[i], maxShown == int.MaxValue ? int.MaxValue : 200)).Append('"');
        }
        if (command.Length > maxShown)
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
