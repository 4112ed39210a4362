using StackExchange.Redis;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Client;

/// <summary>
/// StackExchange.Redis against KvServer for what a Channels-style workload uses: transactions with
/// conditions, subscriptions in RESP2 and RESP3, and scripts through ScriptEvaluate and LuaScript.
/// </summary>
public class StackExchangeRedisChannelsTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public StackExchangeRedisChannelsTests(ServerFixture server) => _server = server;

    private ConnectionMultiplexer Connect(bool resp3 = false) => ConnectionMultiplexer.Connect(
        $"127.0.0.1:{_server.Port},allowAdmin=true,abortConnect=true,connectTimeout=10000,syncTimeout=10000" + (resp3 ? ",protocol=resp3" : ""));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transaction_WithKeyCondition_CommitsOnlyWhenTheConditionHolds(bool resp3)
    {
        using ConnectionMultiplexer redis = Connect(resp3);
        IDatabase db = redis.GetDatabase();
        string key = $"se:tx:{resp3}";
        db.KeyDelete(key);

        ITransaction first = db.CreateTransaction();
        first.AddCondition(Condition.KeyNotExists(key));
        _ = first.StringSetAsync(key, "one");
        Assert.True(first.Execute());

        ITransaction second = db.CreateTransaction();
        second.AddCondition(Condition.KeyNotExists(key));
        _ = second.StringSetAsync(key, "two");
        Assert.False(second.Execute());

        ITransaction third = db.CreateTransaction();
        third.AddCondition(Condition.StringEqual(key, "one"));
        Task<long> length = third.StringAppendAsync(key, "+");
        Assert.True(await third.ExecuteAsync());
        Assert.Equal(4, await length);
        Assert.Equal("one+", (string?)db.StringGet(key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Subscription_ReceivesPublishedMessagesInOrder(bool resp3)
    {
        using ConnectionMultiplexer redis = Connect(resp3);
        ISubscriber subscriber = redis.GetSubscriber();
        var channel = RedisChannel.Literal($"se:news:{resp3}");
        // A message queue, not a handler: StackExchange.Redis runs handlers concurrently, so only the
        // queue shows the order in which the server delivered the messages.
        ChannelMessageQueue queue = await subscriber.SubscribeAsync(channel);
        using ConnectionMultiplexer publisherConnection = Connect();
        IDatabase publisher = publisherConnection.GetDatabase();
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(1, await publisher.PublishAsync(channel, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 50; i++)
        {
            ChannelMessage message = await queue.ReadAsync(timeout.Token);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)message.Message);
        }
        await queue.UnsubscribeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PatternSubscription_ReceivesMatchingChannels(bool resp3)
    {
        using ConnectionMultiplexer redis = Connect(resp3);
        ISubscriber subscriber = redis.GetSubscriber();
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.SubscribeAsync(RedisChannel.Pattern($"se:pat:{resp3}:*"), (channel, message) => got.TrySetResult($"{channel}={message}"));
        await redis.GetDatabase().PublishAsync(RedisChannel.Literal($"se:pat:{resp3}:a"), "hello");
        Assert.Same(got.Task, await Task.WhenAny(got.Task, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal($"se:pat:{resp3}:a=hello", await got.Task);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScriptEvaluate_RunsWithKeysAndArgs(bool resp3)
    {
        using ConnectionMultiplexer redis = Connect(resp3);
        IDatabase db = redis.GetDatabase();
        RedisKey key = $"se:script:{resp3}";
        db.KeyDelete(key);
        RedisResult result = db.ScriptEvaluate(
            "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCRBY', KEYS[1], ARGV[2])",
            [key], ["40", "2"]);
        Assert.Equal(42, (long)result);
        RedisResult table = db.ScriptEvaluate("return {KEYS[1], ARGV[1], 3}", [key], ["x"]);
        RedisResult[] items = (RedisResult[])table!;
        Assert.Equal((string?)key, (string?)items[0]);
        Assert.Equal("x", (string?)items[1]);
        Assert.Equal(3, (long)items[2]);
    }

    [Fact]
    public void ScriptEvaluate_ErrorFromRedisCall_SurfacesAsRedisServerException()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        db.StringSet("se:script:wrongtype", "text");
        var error = Assert.Throws<RedisServerException>(() =>
            db.ScriptEvaluate("return redis.call('LPUSH', KEYS[1], 'x')", ["se:script:wrongtype"]));
        Assert.StartsWith("WRONGTYPE Operation against a key holding the wrong kind of value", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LuaScript_PreparedAndLoaded_RunsByShaAfterFlush(bool resp3)
    {
        using ConnectionMultiplexer redis = Connect(resp3);
        IDatabase db = redis.GetDatabase();
        LuaScript prepared = LuaScript.Prepare("return redis.call('GET', @key) .. @suffix");
        db.StringSet($"se:lua:{resp3}", "value");
        Assert.Equal("value!", (string?)db.ScriptEvaluate(prepared, new { key = (RedisKey)$"se:lua:{resp3}", suffix = "!" }));

        IServer server = redis.GetServer(redis.GetEndPoints()[0]);
        LoadedLuaScript loaded = prepared.Load(server);
        Assert.Equal("value?", (string?)loaded.Evaluate(db, new { key = (RedisKey)$"se:lua:{resp3}", suffix = "?" }));

        // After SCRIPT FLUSH the client falls back from EVALSHA to EVAL (NOSCRIPT handling).
        server.ScriptFlush();
        Assert.Equal("value.", (string?)db.ScriptEvaluate(prepared, new { key = (RedisKey)$"se:lua:{resp3}", suffix = "." }));
    }
}
