using System.Net;
using KvServer.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace KvServer.IntegrationTests.Client;

/// <summary>
/// StackExchange.Redis as a real client against the in-process KvServer: the connection handshake, typed
/// results, pipelining (IBatch), big and binary payloads, and many concurrent connections. Tests that need a
/// command KvServer does not implement yet are skipped with the reason (checked in the command table).
/// </summary>
public class StackExchangeRedisTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public StackExchangeRedisTests(ServerFixture server) => _server = server;

    private ConnectionMultiplexer Connect(bool resp3 = false) => ConnectionMultiplexer.Connect(
        $"127.0.0.1:{_server.Port},allowAdmin=true,connectTimeout=15000,syncTimeout=15000,asyncTimeout=15000"
        + (resp3 ? ",protocol=resp3" : ""));

    [RequiresFact("ping")]
    public void Connect_AndPing_Succeeds()
    {
        using ConnectionMultiplexer redis = Connect();

        Assert.True(redis.IsConnected);
        Assert.True(redis.GetDatabase().Ping() >= TimeSpan.Zero);
    }

    [RequiresFact("get", "set")]
    public void StringSet_ThenGet_RoundTrips()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();

        Assert.True(db.StringSet("se:str", "hello"));
        Assert.Equal("hello", db.StringGet("se:str"));
        Assert.True(db.StringGet("se:missing").IsNull);
    }

    [RequiresFact("get", "set")]
    public void StringSet_WithBinaryKeyAndValue_RoundTrips()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        byte[] key = [0, 1, 2, 0xff, (byte)'\r', (byte)'\n', 0x80];
        byte[] value = new byte[256];
        for (int i = 0; i < value.Length; i++)
        {
            value[i] = (byte)i;
        }

        db.StringSet(key, value);

        Assert.Equal(value, (byte[]?)db.StringGet(key));
    }

    [RequiresFact("get", "set")]
    public async Task StringSet_WithOneMegabyteValue_RoundTrips()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        byte[] value = new byte[1024 * 1024];
        new Random(5).NextBytes(value);

        await db.StringSetAsync("se:big", value);
        byte[]? read = await db.StringGetAsync("se:big");

        Assert.Equal(value, read);
    }

    [RequiresFact("get", "set")]
    public async Task Batch_OfPipelinedSetsAndGets_AllComplete()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        IBatch batch = db.CreateBatch();
        var sets = new List<Task<bool>>();
        var gets = new List<Task<RedisValue>>();
        for (int i = 0; i < 1000; i++)
        {
            sets.Add(batch.StringSetAsync($"se:batch:{i}", i));
            gets.Add(batch.StringGetAsync($"se:batch:{i}"));
        }

        batch.Execute();
        await Task.WhenAll(sets);
        await Task.WhenAll(gets);

        Assert.All(sets, t => Assert.True(t.Result));
        for (int i = 0; i < gets.Count; i++)
        {
            Assert.Equal(i, (int)gets[i].Result);
        }
    }

    [RequiresFact("get", "set")]
    public async Task ManyConcurrentClients_SetOwnKeys_AllRoundTrip()
    {
        var clients = new ConnectionMultiplexer[20];
        try
        {
            for (int c = 0; c < clients.Length; c++)
            {
                clients[c] = Connect();
            }
            var work = new List<Task>();
            for (int c = 0; c < clients.Length; c++)
            {
                IDatabase db = clients[c].GetDatabase();
                int client = c;
                work.Add(Task.Run(async () =>
                {
                    for (int i = 0; i < 50; i++)
                    {
                        await db.StringSetAsync($"se:own:{client}:{i}", $"{client}-{i}");
                        Assert.Equal($"{client}-{i}", await db.StringGetAsync($"se:own:{client}:{i}"));
                    }
                }));
            }
            await Task.WhenAll(work);
        }
        finally
        {
            foreach (ConnectionMultiplexer? client in clients)
            {
                client?.Dispose();
            }
        }
    }

    [RequiresFact("incr", "get")]
    public async Task HundredConnections_IncrementOneKey_CountIsExact()
    {
        const int Connections = 100;
        const int IncrementsEach = 50;
        var clients = new ConnectionMultiplexer[Connections];
        try
        {
            var connecting = new List<Task<ConnectionMultiplexer>>();
            for (int c = 0; c < Connections; c++)
            {
                connecting.Add(ConnectionMultiplexer.ConnectAsync(
                    $"127.0.0.1:{_server.Port},connectTimeout=30000,syncTimeout=30000,asyncTimeout=30000"));
            }
            for (int c = 0; c < Connections; c++)
            {
                clients[c] = await connecting[c];
            }
            var work = new List<Task>();
            foreach (ConnectionMultiplexer client in clients)
            {
                IDatabase db = client.GetDatabase();
                work.Add(Task.Run(async () =>
                {
                    for (int i = 0; i < IncrementsEach; i++)
                    {
                        await db.StringIncrementAsync("se:counter");
                    }
                }));
            }
            await Task.WhenAll(work);

            Assert.Equal(Connections * IncrementsEach, (long)clients[0].GetDatabase().StringGet("se:counter"));
        }
        finally
        {
            foreach (ConnectionMultiplexer? client in clients)
            {
                client?.Dispose();
            }
        }
    }

    [RequiresFact("incr", "incrby", "decr", "decrby", "incrbyfloat", "get", "set")]
    public void StringIncrement_IntegerAndFloat_ReturnNewValues()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        db.StringSet("se:n", 10);

        Assert.Equal(11, db.StringIncrement("se:n"));
        Assert.Equal(16, db.StringIncrement("se:n", 5));
        Assert.Equal(15, db.StringDecrement("se:n"));
        Assert.Equal(5, db.StringDecrement("se:n", 10));
        Assert.Equal(6.5, db.StringIncrement("se:n", 1.5));
        Assert.Equal("6.5", db.StringGet("se:n"));
    }

    [RequiresFact("append", "strlen", "getrange", "setrange", "get", "set")]
    public void StringAppendAndRanges_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        db.StringSet("se:s", "Hello");

        Assert.Equal(11, db.StringAppend("se:s", " World"));
        Assert.Equal(11, db.StringLength("se:s"));
        Assert.Equal("World", db.StringGetRange("se:s", 6, -1));
        Assert.Equal(11, (long)db.StringSetRange("se:s", 6, "Redis"));
        Assert.Equal("Hello Redis", db.StringGet("se:s"));
    }

    [RequiresFact("mset", "mget", "msetnx")]
    public void StringSetAndGet_ManyKeys_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        var pairs = new KeyValuePair<RedisKey, RedisValue>[]
        {
            new("se:m1", "a"), new("se:m2", "b"), new("se:m3", "c"),
        };

        Assert.True(db.StringSet(pairs));
        Assert.False(db.StringSet(pairs, When.NotExists));
        RedisValue[] values = db.StringGet(["se:m1", "se:m2", "se:missing", "se:m3"]);

        Assert.Equal(["a", "b", RedisValue.Null, "c"], values);
    }

    // SET with options (EX/PX/NX/XX/GET) arrives with the string family; GETEX is its marker.
    [RequiresFact("set", "getex", "get", "pttl", "ttl")]
    public void StringSet_WithExpiryAndConditions_Works()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();

        Assert.True(db.StringSet("se:ttl", "v", TimeSpan.FromSeconds(100)));
        TimeSpan? ttl = db.KeyTimeToLive("se:ttl");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 90, 100);
        Assert.False(db.StringSet("se:ttl", "w", when: When.NotExists));
        Assert.True(db.StringSet("se:ttl", "w", when: When.Exists));
        Assert.Null(db.KeyTimeToLive("se:ttl"));
        Assert.Equal("w", db.StringSetAndGet("se:ttl", "x"));
        Assert.Equal("x", db.StringGetSetExpiry("se:ttl", TimeSpan.FromMilliseconds(50_000)));
        Assert.InRange(db.KeyTimeToLive("se:ttl")!.Value.TotalSeconds, 40, 50);
    }

    [RequiresFact("set", "expire", "pexpire", "ttl", "pttl", "persist", "expiretime")]
    public void KeyExpire_AndPersist_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        db.StringSet("se:exp", "v");

        Assert.Null(db.KeyTimeToLive("se:exp"));
        Assert.True(db.KeyExpire("se:exp", TimeSpan.FromSeconds(200)));
        Assert.InRange(db.KeyTimeToLive("se:exp")!.Value.TotalSeconds, 190, 200);
        Assert.True(db.KeyExpire("se:exp", new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), db.KeyExpireTime("se:exp"));
        Assert.True(db.KeyPersist("se:exp"));
        Assert.Null(db.KeyTimeToLive("se:exp"));
        Assert.False(db.KeyExpire("se:nokey", TimeSpan.FromSeconds(1)));
    }

    [RequiresFact("set", "del", "exists", "rename", "type", "get")]
    public void KeyOperations_DeleteExistsRenameType_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        db.StringSet("se:key:a", "1");

        Assert.True(db.KeyExists("se:key:a"));
        Assert.Equal(RedisType.String, db.KeyType("se:key:a"));
        Assert.True(db.KeyRename("se:key:a", "se:key:b"));
        Assert.False(db.KeyExists("se:key:a"));
        Assert.Equal("1", db.StringGet("se:key:b"));
        Assert.True(db.KeyDelete("se:key:b"));
        Assert.False(db.KeyDelete("se:key:b"));
        Assert.Equal(RedisType.None, db.KeyType("se:key:b"));
    }

    [RequiresFact("set", "scan")]
    public void ServerKeys_WithPattern_ScansAllMatches()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase(5);
        for (int i = 0; i < 250; i++)
        {
            db.StringSet($"se:scan:{i}", i);
        }
        db.StringSet("se:other", 1);
        IServer server = redis.GetServer(redis.GetEndPoints()[0]);

        var keys = new HashSet<string>(server.Keys(database: 5, pattern: "se:scan:*", pageSize: 20).Select(k => (string)k!));

        Assert.Equal(250, keys.Count);
        Assert.Contains("se:scan:249", keys);
    }

    [RequiresFact("rpush", "lpush", "lrange", "lpop", "llen")]
    public void Lists_PushRangePop_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();

        Assert.Equal(3, db.ListRightPush("se:list", ["b", "c", "d"]));
        Assert.Equal(4, db.ListLeftPush("se:list", "a"));
        Assert.Equal(["a", "b", "c", "d"], db.ListRange("se:list"));
        Assert.Equal("a", db.ListLeftPop("se:list"));
        Assert.Equal(3, db.ListLength("se:list"));
    }

    [RequiresFact("hset", "hget", "hgetall", "hdel", "hincrby")]
    public void Hashes_SetGetAll_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();

        db.HashSet("se:hash", [new HashEntry("f1", "v1"), new HashEntry("f2", 2)]);

        Assert.Equal("v1", db.HashGet("se:hash", "f1"));
        Assert.Equal(5, db.HashIncrement("se:hash", "f2", 3));
        HashEntry[] all = db.HashGetAll("se:hash");
        Assert.Equal(2, all.Length);
        Assert.Contains(new HashEntry("f2", "5"), all);
        Assert.True(db.HashDelete("se:hash", "f1"));
    }

    [RequiresFact("sadd", "smembers", "sismember", "srem", "scard")]
    public void Sets_AddMembersRemove_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();

        Assert.Equal(3, db.SetAdd("se:set", ["a", "b", "c"]));
        Assert.True(db.SetContains("se:set", "b"));
        Assert.True(db.SetRemove("se:set", "b"));
        Assert.Equal(2, db.SetLength("se:set"));
        Assert.Equal(["a", "c"], db.SetMembers("se:set").Select(v => (string)v!).Order());
    }

    [RequiresFact("zadd", "zrange", "zscore", "zincrby", "zrank")]
    public void SortedSets_AddRangeScore_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();

        db.SortedSetAdd("se:zset", [new SortedSetEntry("a", 1), new SortedSetEntry("b", 2.5), new SortedSetEntry("c", 3)]);

        Assert.Equal(2.5, db.SortedSetScore("se:zset", "b"));
        Assert.Equal(5, db.SortedSetIncrement("se:zset", "a", 4));
        Assert.Equal(0, db.SortedSetRank("se:zset", "b"));
        Assert.Equal(["b", "c", "a"], db.SortedSetRangeByRank("se:zset").Select(v => (string)v!));
        SortedSetEntry[] withScores = db.SortedSetRangeByRankWithScores("se:zset", 0, 0);
        Assert.Equal(new SortedSetEntry("b", 2.5), withScores[0]);
    }

    [RequiresFact("multi", "exec", "set", "incr")]
    public async Task Transaction_ExecutesAtomically()
    {
        using ConnectionMultiplexer redis = Connect();
        IDatabase db = redis.GetDatabase();
        ITransaction transaction = db.CreateTransaction();
        Task<bool> set = transaction.StringSetAsync("se:tx", 1);
        Task<long> incr = transaction.StringIncrementAsync("se:tx");

        Assert.True(await transaction.ExecuteAsync());
        Assert.True(await set);
        Assert.Equal(2, await incr);
    }

    [RequiresFact("info", "dbsize", "flushdb", "set")]
    public void ServerCommands_InfoDbsizeFlush_Work()
    {
        using ConnectionMultiplexer redis = Connect();
        IServer server = redis.GetServer(redis.GetEndPoints()[0]);
        IDatabase db = redis.GetDatabase(7);
        db.StringSet("se:db7", "v");

        Assert.Equal(1, server.DatabaseSize(7));
        server.FlushDatabase(7);
        Assert.Equal(0, server.DatabaseSize(7));
        Assert.Contains(server.Info(), group => group.Key == "Server");
    }

    [RequiresFact("hello", "get", "set")]
    public void Resp3_StringSetAndGet_RoundTrip()
    {
        using ConnectionMultiplexer redis = Connect(resp3: true);
        IDatabase db = redis.GetDatabase();

        Assert.Equal(RedisProtocol.Resp3, redis.GetServer(redis.GetEndPoints()[0]).Protocol);
        Assert.True(db.StringSet("se3:str", "v"));
        Assert.Equal("v", db.StringGet("se3:str"));
        Assert.True(db.StringGet("se3:missing").IsNull);
    }

    [RequiresFact("hello", "hset", "hgetall", "zadd", "zscore", "zrange")]
    public void Resp3_MapsAndDoubles_AreDecoded()
    {
        using ConnectionMultiplexer redis = Connect(resp3: true);
        IDatabase db = redis.GetDatabase();

        db.HashSet("se3:hash", [new HashEntry("f", "v")]);
        db.SortedSetAdd("se3:zset", "m", 1.5);

        Assert.Equal([new HashEntry("f", "v")], db.HashGetAll("se3:hash"));
        Assert.Equal(1.5, db.SortedSetScore("se3:zset", "m"));
        Assert.Equal(new SortedSetEntry("m", 1.5), db.SortedSetRangeByRankWithScores("se3:zset")[0]);
    }

    [RequiresFact("hello", "incr")]
    public async Task Resp3_PipelinedIncrements_AreOrdered()
    {
        using ConnectionMultiplexer redis = Connect(resp3: true);
        IDatabase db = redis.GetDatabase();
        IBatch batch = db.CreateBatch();
        var increments = new List<Task<long>>();
        for (int i = 0; i < 500; i++)
        {
            increments.Add(batch.StringIncrementAsync("se3:counter"));
        }

        batch.Execute();
        await Task.WhenAll(increments);

        for (int i = 0; i < increments.Count; i++)
        {
            Assert.Equal(i + 1, increments[i].Result);
        }
    }

    [RequiresFact("ping")]
    public void EndPoint_IsTheLoopbackPort()
    {
        using ConnectionMultiplexer redis = Connect();

        var endPoint = Assert.IsType<IPEndPoint>(redis.GetEndPoints()[0]);
        Assert.Equal(_server.Port, endPoint.Port);
    }
}
