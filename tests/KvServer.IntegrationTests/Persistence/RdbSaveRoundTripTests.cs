using System.Globalization;
using KvServer.Engine.Persistence;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// RdbSaver end to end: KvServer holds every type in both encodings (with TTLs, several databases, binary keys
/// and function libraries), saves an RDB; redis-check-rdb must accept the file and a real redis-server loading
/// it must hold exactly the same keyspace and functions (compared with the fixtures' dump-keyspace.py).
/// </summary>
public sealed class RdbSaveRoundTripTests : IClassFixture<ServerFixture>
{
    private const string Ttl = "4102444800000"; // 2100-01-01, absolute

    private readonly ServerFixture _kvserver;

    public RdbSaveRoundTripTests(ServerFixture kvserver) => _kvserver = kvserver;

    private static string S(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Repeat(char c, int count) => new(c, count);

    private static List<string[]> Population()
    {
        var random = new Random(2024);
        byte[] noise = new byte[1024];
        random.NextBytes(noise);
        var all = new char[256];
        for (int i = 0; i < 256; i++)
        {
            all[i] = (char)i;
        }
        List<string[]> commands =
        [
            ["SELECT", "0"],
            // Strings: int-encoded, not ints, short, incompressible, compressible, binary, empty, odd keys.
            ["SET", "str:int", "12345"],
            ["SET", "str:neg", "-1"],
            ["SET", "str:int64", "9223372036854775807"],
            ["SET", "str:int32edge", "2147483648"],
            ["SET", "str:zeros", "007"],
            ["SET", "str:plus", "+1"],
            ["SET", "str:short", "hello world"],
            ["SET", "str:noise", new string(System.Text.Encoding.Latin1.GetChars(noise))],
            ["SET", "str:compressible", string.Concat(Enumerable.Repeat("0123456789abcdef", 128))],
            ["SET", "str:bytes", new string(all)],
            ["SET", "str:empty", ""],
            ["SET", "", "empty key name"],
            ["SET", "\0\xff\r\nbinary key", "binary\0value"],
            ["SET", "utf8:clé", "valeur é ü"],
            ["SET", "str:appended", "abc"],
            ["APPEND", "str:appended", "def"],
            ["SETRANGE", "str:ranged", "10", "x"],
            ["SET", "str:counter", "10"],
            ["INCRBY", "str:counter", "5000000000"],
            // Lists: one node, many nodes, big elements, built from both ends.
            ["RPUSH", "list:small", "a", "b", "1", "-2", ""],
            ["RPUSH", "list:big", .. Enumerable.Range(0, 1501).Select(i => i % 2 == 0 ? S(i * 1000003L) : "element-" + i)],
            ["RPUSH", "list:elements", Repeat('a', 65), Repeat('b', 100), Repeat('c', 5000), Repeat('d', 10000), Repeat('e', 20000)],
            ["LPUSH", "list:lpush", .. Enumerable.Range(0, 900).Select(i => "item" + i)],
            // Hashes: listpack, and hashtable by count, by value length and by field length.
            ["HSET", "hash:small", "name", "kv", "n", "42", "neg", "-7", "big", "5000000000"],
            ["HSET", "hash:many", .. Enumerable.Range(0, 600).SelectMany(i => new[] { "f" + i, i % 2 == 0 ? S(i) : "v" + i })],
            ["HSET", "hash:longvalue", "f", Repeat('v', 65), "g", "1"],
            ["HSET", "hash:longfield", Repeat('f', 65), "v"],
            // Sets: intset (16/64-bit), hashtable of strings, intset that outgrew set-max-intset-entries.
            ["SADD", "set:ints", "1", "2", "3", "-100", "32767"],
            ["SADD", "set:int64", "1", "-9223372036854775808", "9223372036854775807"],
            ["SADD", "set:strings", .. Enumerable.Range(0, 300).Select(i => "member" + i)],
            ["SADD", "set:manyints", .. Enumerable.Range(0, 600).Select(i => S(i * 3))],
            ["SADD", "set:mixed", "1", "a"],
            // Sorted sets: listpack and skiplist, special scores, equal scores, long member.
            ["ZADD", "zset:small", "1", "a", "1", "b", "2.5", "c", "-0", "z", "0.1", "d", "1e-300", "e", "1.5e300", "f", "-1.5e300", "g", "inf", "h", "-inf", "i", "7", "123"],
            ["ZADD", "zset:big", .. Enumerable.Range(0, 200).SelectMany(i => new[] { (random.NextDouble() * 2000 - 1000).ToString("R", CultureInfo.InvariantCulture), "m" + i })],
            ["ZADD", "zset:longmember", "1", Repeat('m', 65), "2", "short"],
            // TTLs on every type.
            ["SET", "ttl:str", "v"],
            ["RPUSH", "ttl:list", "a"],
            ["HSET", "ttl:hash", "f", "v"],
            ["SADD", "ttl:set", "1"],
            ["ZADD", "ttl:zset", "1", "m"],
            ["HSET", "ttl:bighash", .. Enumerable.Range(0, 600).SelectMany(i => new[] { "f" + i, "v" })],
        ];
        foreach (string key in new[] { "ttl:str", "ttl:list", "ttl:hash", "ttl:set", "ttl:zset", "ttl:bighash", "str:short" })
        {
            commands.Add(["PEXPIREAT", key, Ttl]);
        }
        commands.Add(["SELECT", "1"]);
        commands.Add(["SET", "db1:key", "in db 1"]);
        commands.Add(["SADD", "db1:set", "x", "y"]);
        commands.Add(["SET", "db1:ttl", "v", "PXAT", "4102444800123"]);
        commands.Add(["SELECT", "9"]);
        commands.Add(["ZADD", "db9:zset", "3", "c"]);
        commands.Add(["SELECT", "15"]);
        commands.Add(["RPUSH", "db15:list", "last", "db"]);
        commands.Add(["SELECT", "0"]);
        commands.Add(["FUNCTION", "LOAD", "#!lua name=first\nredis.register_function('f_one', function(keys, args) return 1 end)"]);
        commands.Add(["FUNCTION", "LOAD", "#!lua name=second\nlocal function helper() return 'x' end\n"
            + "redis.register_function{function_name='f_two', callback=function(keys, args) return helper() end, flags={'no-writes'}}\n"
            + "redis.register_function('f_three', function(keys, args) return redis.call('GET', keys[1]) end)"]);
        return commands;
    }

    private static string WithoutStringEncodings(string listing) =>
        string.Join('\n', listing.Split('\n').Select(line => line.Split('\t') is [_, _, "string", _, _, _] columns ? string.Join('\t', columns[..5]) : line));

    private async Task<string> SaveAsync(string directory)
    {
        string path = Path.Combine(directory, "dump.rdb");
        await _kvserver.Engine.Executor.RunExclusive(() => RdbSaver.Save(_kvserver.Engine.Server, path));
        Assert.False(File.Exists(RdbSaver.TempFilePath(path)));
        return path;
    }

    private void Populate()
    {
        using var client = new RespClient(_kvserver.Port);
        client.Call("FLUSHALL");
        client.Call("FUNCTION", "FLUSH");
        foreach (string[] command in Population())
        {
            RespReply reply = client.Call(command);
            Assert.False(reply.IsError, $"{string.Join(' ', command.Take(3))}: {reply}");
        }
    }

    [RdbToolsFact]
    public async Task Save_EveryTypeAndEncoding_LoadsIntoRedisWithTheSameKeyspace()
    {
        Populate();
        string directory = Directory.CreateTempSubdirectory("kvserver-rdb-save-").FullName;
        try
        {
            string path = await SaveAsync(directory);

            (int exitCode, string report) = PersistenceTools.Run(PersistenceTools.RedisCheckRdb, path);
            Assert.True(exitCode == 0, report);
            Assert.Contains("RDB looks OK!", report, StringComparison.Ordinal);
            Assert.Contains("Checksum OK", report, StringComparison.Ordinal);

            using RedisServer redis = RedisServer.Start(path);
            // Collection encodings too: the saved compact encodings are the ones Redis keeps after loading. (A
            // string's raw/embstr is not saved: Redis loads every short string as embstr.)
            string expected = WithoutStringEncodings(PersistenceTools.DumpKeyspace(_kvserver.Port, withEncoding: true));
            PersistenceTools.AssertSameListing(expected, WithoutStringEncodings(PersistenceTools.DumpKeyspace(redis.Port, withEncoding: true)), "kvserver", "redis");
            Assert.Equal(Population().Count(c => c[0] is "SET" or "RPUSH" or "LPUSH" or "HSET" or "SADD" or "ZADD" or "SETRANGE"), expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            string expectedFunctions = PersistenceTools.DumpKeyspace(_kvserver.Port, functions: true);
            PersistenceTools.AssertSameListing(expectedFunctions, PersistenceTools.DumpKeyspace(redis.Port, functions: true), "kvserver", "redis");
            Assert.Contains("\"second\"", expectedFunctions, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// A Redis-written fixture loaded into KvServer and saved again: the new file must load into redis-server
    /// with the fixture's own listing, encodings included (the fixture's expired keys are dropped on load).
    /// </summary>
    [RdbToolsFact]
    public async Task Save_AfterLoadingRedisFixtures_GivesFilesRedisReadsIdentically()
    {
        using var client = new RespClient(_kvserver.Port);
        string directory = Directory.CreateTempSubdirectory("kvserver-rdb-resave-").FullName;
        try
        {
            foreach (string fixture in new[] { "all-types", "compressed", "uncompressed", "functions", "empty" })
            {
                client.Call("FLUSHALL");
                client.Call("FUNCTION", "FLUSH");
                string source = Path.Combine(PersistenceTools.FixturesDirectory, fixture + ".rdb");
                await _kvserver.Engine.Executor.RunExclusive(() => RdbLoader.LoadFile(_kvserver.Engine.Server, source));
                string path = await SaveAsync(directory);

                (int exitCode, string report) = PersistenceTools.Run(PersistenceTools.RedisCheckRdb, path);
                Assert.True(exitCode == 0, $"{fixture}: {report}");

                using RedisServer redis = RedisServer.Start(path);
                string listing = Path.Combine(PersistenceTools.FixturesDirectory, fixture + ".keyspace.txt");
                PersistenceTools.AssertSameListing(File.ReadAllText(listing), PersistenceTools.DumpKeyspace(redis.Port, withEncoding: true), fixture + ".keyspace.txt", "redis");
                string functions = Path.Combine(PersistenceTools.FixturesDirectory, fixture + ".functions.txt");
                if (File.Exists(functions))
                {
                    PersistenceTools.AssertSameListing(File.ReadAllText(functions), PersistenceTools.DumpKeyspace(redis.Port, functions: true), fixture + ".functions.txt", "redis");
                }
            }
        }
        finally
        {
            client.Call("FLUSHALL");
            client.Call("FUNCTION", "FLUSH");
            Directory.Delete(directory, recursive: true);
        }
    }

    [RdbToolsFact]
    public async Task Save_UncompressedAndWithLfuCounters_IsStillAValidRdb()
    {
        Populate();
        using var client = new RespClient(_kvserver.Port);
        string directory = Directory.CreateTempSubdirectory("kvserver-rdb-save-").FullName;
        try
        {
            client.Call("CONFIG", "SET", "rdbcompression", "no");
            client.Call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            string path = await SaveAsync(directory);
            (int exitCode, string report) = PersistenceTools.Run(PersistenceTools.RedisCheckRdb, path);
            Assert.True(exitCode == 0, report);

            using RedisServer redis = RedisServer.Start(path);
            PersistenceTools.AssertSameListing(PersistenceTools.DumpKeyspace(_kvserver.Port), PersistenceTools.DumpKeyspace(redis.Port), "kvserver", "redis");

            client.Call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            path = await SaveAsync(directory);
            (exitCode, report) = PersistenceTools.Run(PersistenceTools.RedisCheckRdb, path);
            Assert.True(exitCode == 0, report);
        }
        finally
        {
            client.Call("CONFIG", "SET", "rdbcompression", "yes");
            client.Call("CONFIG", "SET", "maxmemory-policy", "noeviction");
            Directory.Delete(directory, recursive: true);
        }
    }
}
