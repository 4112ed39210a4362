using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// The differential machinery checked on its own: every family's generator (all commands enabled) run on two
/// redis-servers must produce matching replies, otherwise a difference reported against KvServer could be
/// noise (hashtable order, random picks, clock readings) rather than a bug. Also checks that real differences
/// are reported with the seed, the command and both replies.
/// </summary>
public class GeneratorSelfTests : IClassFixture<RedisPairFixture>
{
    private readonly RedisPairFixture _redis;

    public GeneratorSelfTests(RedisPairFixture redis) => _redis = redis;

    public static TheoryData<string, int> Runs()
    {
        var runs = new TheoryData<string, int>();
        foreach (string family in CommandFamilies.All.Keys)
        {
            runs.Add(family, 2);
            runs.Add(family, 3);
        }
        return runs;
    }

    [RequiresTheory(Tool = Executables.RedisServer)]
    [MemberData(nameof(Runs))]
    public void Generator_OnTwoRedisServers_RepliesMatch(string family, int protocol)
    {
        // One seed by default; KVSERVER_DIFF_SEEDS searches more (the same variable that replays KvServer runs).
        bool searching = Environment.GetEnvironmentVariable("KVSERVER_DIFF_SEEDS") is not null;
        foreach (int seed in searching ? DifferentialRunner.Seeds : [7])
        {
            DifferentialRunner.RunRedisAgainstRedis(family, protocol, _redis.FirstPort, _redis.SecondPort, seed,
                searching ? DifferentialRunner.CommandsPerSeed : 1000);
        }
    }

    [RequiresFact(Tool = Executables.RedisServer)]
    public void Session_OnDifferentReplies_ReportsCommandAndBothReplies()
    {
        DifferentialRunner.FlushAll(_redis.FirstPort);
        DifferentialRunner.FlushAll(_redis.SecondPort);
        using (var setup = new RespClient(_redis.SecondPort))
        {
            Assert.Equal("OK", setup.Call("SET", "only-on-second", "v").Text);
        }
        using var session = new DifferentialSession(_redis.SecondPort, _redis.FirstPort, 2, "seed 42 label", "redis-server-2");

        var error = Assert.ThrowsAny<Exception>(() =>
        {
            session.Run([RespClient.Command("PING"), RespClient.Command("GET", "only-on-second")]);
            session.ThrowIfMismatched();
        });

        Assert.Contains("seed 42 label", error.Message);
        Assert.Contains("#2", error.Message);
        Assert.Contains("\"GET\" \"only-on-second\"", error.Message);
        Assert.Contains("redis-server: $-1\\r\\n", error.Message);
        Assert.Contains("$1\\r\\nv\\r\\n", error.Message);
    }

    [Fact]
    public void Comparer_OnSmembersInAnotherOrder_Matches()
    {
        RespReply first = Parse("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        RespReply second = Parse("*2\r\n$1\r\nb\r\n$1\r\na\r\n");

        Assert.Null(ReplyComparer.Difference(ReplyRules.For(RespClient.Command("SMEMBERS", "k"), out long tolerance), tolerance, first, second));
        Assert.NotNull(ReplyComparer.Difference(ReplyRules.For(RespClient.Command("LRANGE", "k", "0", "-1"), out tolerance), tolerance, first, second));
    }

    [Fact]
    public void Comparer_OnHgetallPairsSwapped_OnlyMatchesWhenPairsAreKept()
    {
        RespReply first = Parse("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        RespReply reordered = Parse("%2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n");
        RespReply mixed = Parse("%2\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n");
        CompareMode mode = ReplyRules.For(RespClient.Command("HGETALL", "k"), out long tolerance);

        Assert.Null(ReplyComparer.Difference(mode, tolerance, first, reordered));
        Assert.NotNull(ReplyComparer.Difference(mode, tolerance, first, mixed));
    }

    [Fact]
    public void Comparer_OnTtlWithinTolerance_MatchesButMissingTtlDoesNot()
    {
        CompareMode mode = ReplyRules.For(RespClient.Command("PTTL", "k"), out long tolerance);

        Assert.Null(ReplyComparer.Difference(mode, tolerance, Parse(":99998\r\n"), Parse(":99990\r\n")));
        Assert.NotNull(ReplyComparer.Difference(mode, tolerance, Parse(":99998\r\n"), Parse(":-1\r\n")));
        Assert.NotNull(ReplyComparer.Difference(mode, tolerance, Parse(":99998\r\n"), Parse(":99\r\n")));
    }

    [Fact]
    public void Comparer_OnErrorsUnderShape_ComparesTheText()
    {
        CompareMode mode = ReplyRules.For(RespClient.Command("SRANDMEMBER", "k", "x"), out long tolerance);

        Assert.NotNull(ReplyComparer.Difference(mode, tolerance, Parse("-ERR a\r\n"), Parse("-ERR b\r\n")));
        Assert.Null(ReplyComparer.Difference(mode, tolerance, Parse("$1\r\na\r\n"), Parse("$1\r\nb\r\n")));
    }

    [Fact]
    public void Generator_WithSameSeed_IsDeterministic()
    {
        CommandFamily family = CommandFamilies.Get("sortedsets");
        List<byte[][]> first = family.Generate(3, 200, _ => true);
        List<byte[][]> second = family.Generate(3, 200, _ => true);

        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(DifferentialSession.Format(first[i]), DifferentialSession.Format(second[i]));
        }
    }

    [Fact]
    public void Generator_OnlyEmitsImplementedCommands()
    {
        List<byte[][]> commands = CommandFamilies.Get("strings").Generate(1, 300, name => name is "get" or "incr");

        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.Contains(ReplyRules.Name(c), new[] { "get", "incr" }));
    }

    private static RespReply Parse(string text)
    {
        Assert.True(RespReply.TryParse(RespClient.Bytes(text), 0, out RespReply? reply, out _));
        return reply!;
    }
}
