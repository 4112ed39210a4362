using System.Globalization;
using KvServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// The durability proof: writers record every write the server acknowledged, the server process is killed
/// with SIGKILL at a random moment, restarted on the same directory, and every acknowledged write must be
/// there. With appendfsync always the AOF is fsynced before the replies leave; with everysec it is written
/// (to the kernel) before the replies leave, so killing the process (not the machine) loses nothing either.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AofDurabilityTests : IDisposable
{
    private const int Writers = 3;
    private const int MaxWritesPerWriter = 50_000;

    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-durability-").FullName;

    public AofDurabilityTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("always", 4)]
    [InlineData("everysec", 2)]
    public void KilledAtRandom_KeepsEveryAcknowledgedWrite(string fsync, int rounds)
    {
        var random = new Random(20261125);
        long[] acknowledged = new long[Writers];
        for (int round = 0; round < rounds; round++)
        {
            using (KvServerProcess server = KvServerProcess.Start(_directory, "--appendonly", "yes", "--appendfsync", fsync))
            {
                long[] before = (long[])acknowledged.Clone();
                var writers = new Thread[Writers];
                for (int w = 0; w < Writers; w++)
                {
                    int writer = w;
                    writers[w] = new Thread(() => Write(server.Port, writer, acknowledged));
                    writers[w].Start();
                }
                Thread.Sleep(random.Next(50, 400));
                server.KillHard();
                foreach (Thread thread in writers)
                {
                    Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a writer did not stop");
                }
                _output.WriteLine($"{fsync} round {round}: acknowledged this round {string.Join(", ", acknowledged.Select((a, i) => a - before[i]))}");
            }
            using (KvServerProcess server = KvServerProcess.Start(_directory, "--appendonly", "yes", "--appendfsync", fsync))
            {
                using var client = new RespClient(server.Port);
                for (int w = 0; w < Writers; w++)
                {
                    RespReply counter = client.Call("GET", $"counter:{w}");
                    long stored = counter.Length < 0 ? 0 : long.Parse(counter.Text, CultureInfo.InvariantCulture);
                    Assert.True(stored >= acknowledged[w], $"writer {w}: {acknowledged[w]} increments acknowledged, {stored} after restart");
                    Assert.True(stored <= acknowledged[w] + 1, $"writer {w}: {stored} increments stored, only {acknowledged[w]} sent");
                    RespReply list = client.Call("LRANGE", $"list:{w}", "0", "-1");
                    Assert.True(list.Items.Count >= acknowledged[w], $"writer {w}: {acknowledged[w]} pushes acknowledged, list has {list.Items.Count}");
                    for (int i = 0; i < acknowledged[w]; i++)
                    {
                        Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), list.Items[i].Text);
                    }
                    // What was written but not acknowledged may be there too; the next round continues from it.
                    acknowledged[w] = stored;
                    if (list.Items.Count > stored)
                    {
                        client.Call("LTRIM", $"list:{w}", "0", (stored - 1).ToString(CultureInfo.InvariantCulture));
                    }
                    if (list.Items.Count < stored)
                    {
                        client.Call("SET", $"counter:{w}", list.Items.Count.ToString(CultureInfo.InvariantCulture));
                        acknowledged[w] = list.Items.Count;
                    }
                }
            }
        }
    }

    // One writer: INCR counter:w then RPUSH list:w with the new value, as a MULTI/EXEC so both land together;
    // acknowledged[w] is the last value whose EXEC reply arrived.
    private static void Write(int port, int writer, long[] acknowledged)
    {
        try
        {
            using var client = new RespClient(port, TimeSpan.FromSeconds(10));
            for (int i = 0; i < MaxWritesPerWriter; i++)
            {
                long next = acknowledged[writer] + 1;
                List<RespReply> replies = client.Pipeline(
                [
                    RespClient.Command("MULTI"),
                    RespClient.Command("INCR", $"counter:{writer}"),
                    RespClient.Command("RPUSH", $"list:{writer}", next.ToString(CultureInfo.InvariantCulture)),
                    RespClient.Command("EXEC"),
                ]);
                RespReply exec = replies[3];
                if (exec.Items.Count != 2 || exec.Items[0].Integer != next)
                {
                    throw new InvalidOperationException($"unexpected EXEC reply {exec}");
                }
                Volatile.Write(ref acknowledged[writer], next);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException or ObjectDisposedException)
        {
            // The server was killed.
        }
    }
}
