using System.Globalization;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// Runs generated command sequences on a server under test and on redis-server. Seeds are fixed so a failure
/// reproduces; KVSERVER_DIFF_SEEDS (comma-separated) and KVSERVER_DIFF_COMMANDS (per seed) override them
/// to replay one seed or to search longer locally.
/// </summary>
public static class DifferentialRunner
{
    public static IReadOnlyList<int> Seeds
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("KVSERVER_DIFF_SEEDS");
            if (string.IsNullOrWhiteSpace(text))
            {
                return [1, 2, 3, 4];
            }
            var seeds = new List<int>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                seeds.Add(int.Parse(part, CultureInfo.InvariantCulture));
            }
            return seeds;
        }
    }

    /// <summary>Commands per seed: 4 seeds x 500 = 2,000 per family and protocol by default.</summary>
    public static int CommandsPerSeed
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("KVSERVER_DIFF_COMMANDS");
            return string.IsNullOrWhiteSpace(text) ? 500 : int.Parse(text, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Every seed on a fresh in-process KvServer against a flushed redis-server.</summary>
    public static async Task RunAgainstKvServer(string familyName, int protocol, int redisPort)
    {
        CommandFamily family = CommandFamilies.Get(familyName);
        foreach (int seed in Seeds)
        {
            List<byte[][]> commands = family.Generate(seed, CommandsPerSeed, ImplementedCommands.Has);
            var kvServer = new ServerFixture();
            await kvServer.InitializeAsync();
            try
            {
                FlushAll(redisPort);
                if (ImplementedCommands.ExternalPort is not null)
                {
                    FlushAll(kvServer.Port);
                }
                using var session = new DifferentialSession(kvServer.Port, redisPort, protocol, Label(familyName, seed, protocol),
                    actualIsRedis: ImplementedCommands.ExternalPort is not null);
                session.Run(commands);
                session.ThrowIfMismatched();
            }
            finally
            {
                await kvServer.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The generator against itself: two redis-servers (different hash seeds, separate clocks) must agree
    /// under <see cref="ReplyRules"/>, or the rules or the generator admit non-determinism.
    /// </summary>
    public static void RunRedisAgainstRedis(string familyName, int protocol, int firstPort, int secondPort, int seed, int count)
    {
        List<byte[][]> commands = CommandFamilies.Get(familyName).Generate(seed, count, _ => true);
        FlushAll(firstPort);
        FlushAll(secondPort);
        using var session = new DifferentialSession(secondPort, firstPort, protocol, Label(familyName, seed, protocol), "redis-server-2",
            actualIsRedis: true);
        session.Run(commands);
        session.ThrowIfMismatched();
    }

    public static void FlushAll(int port)
    {
        using var client = new RespClient(port);
        RespReply reply = client.Call("FLUSHALL");
        if (reply.IsError)
        {
            throw new InvalidOperationException("FLUSHALL failed: " + reply);
        }
    }

    private static string Label(string family, int seed, int protocol) =>
        $"family {family}, seed {seed}, RESP{protocol} (replay: KVSERVER_DIFF_SEEDS={seed} dotnet test "
        + $"tests/KvServer.IntegrationTests -c Release --filter \"FullyQualifiedName~Differential\")";
}
