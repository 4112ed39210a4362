using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// Randomized differential tests: per family and protocol, 2,000 generated commands (4 fixed seeds) run on
/// KvServer and on a real redis-server, and every reply must match (byte for byte unless allow-listed in
/// <see cref="ReplyRules"/>). Only implemented commands are generated, so coverage grows as families land.
/// </summary>
public class GeneratedDifferentialTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public GeneratedDifferentialTests(RedisServerFixture redis) => _redis = redis;

    [DifferentialFamilyFact("strings", 2)]
    public Task Strings_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("strings", 2, _redis.Port);

    [DifferentialFamilyFact("strings", 3)]
    public Task Strings_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("strings", 3, _redis.Port);

    [DifferentialFamilyFact("bitmap", 2)]
    public Task Bitmap_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("bitmap", 2, _redis.Port);

    [DifferentialFamilyFact("bitmap", 3)]
    public Task Bitmap_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("bitmap", 3, _redis.Port);

    [DifferentialFamilyFact("keys", 2)]
    public Task Keys_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("keys", 2, _redis.Port);

    [DifferentialFamilyFact("keys", 3)]
    public Task Keys_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("keys", 3, _redis.Port);

    [DifferentialFamilyFact("lists", 2)]
    public Task Lists_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("lists", 2, _redis.Port);

    [DifferentialFamilyFact("lists", 3)]
    public Task Lists_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("lists", 3, _redis.Port);

    [DifferentialFamilyFact("hashes", 2)]
    public Task Hashes_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("hashes", 2, _redis.Port);

    [DifferentialFamilyFact("hashes", 3)]
    public Task Hashes_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("hashes", 3, _redis.Port);

    [DifferentialFamilyFact("sets", 2)]
    public Task Sets_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("sets", 2, _redis.Port);

    [DifferentialFamilyFact("sets", 3)]
    public Task Sets_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("sets", 3, _redis.Port);

    [DifferentialFamilyFact("sortedsets", 2)]
    public Task SortedSets_Resp2_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("sortedsets", 2, _redis.Port);

    [DifferentialFamilyFact("sortedsets", 3)]
    public Task SortedSets_Resp3_MatchesRedis() => DifferentialRunner.RunAgainstKvServer("sortedsets", 3, _redis.Port);
}
