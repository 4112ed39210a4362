using KvServer.Engine;
using KvServer.Engine.Configuration;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// The same command sequences sent to KvServer and to a real redis-server, both with appendonly yes: the
/// commands each appends to its incremental AOF file must be the same (absolute times normalized). This
/// checks propagation: effect forms (PEXPIREAT, SET PXAT, SREM for SPOP, ...), SELECT placement, MULTI/EXEC
/// wrapping of transactions and scripts, and that commands changing nothing are not logged.
/// </summary>
public sealed class AofDifferentialTests : IClassFixture<AofDifferentialTests.ServerPair>
{
    private readonly ServerPair _servers;

    public AofDifferentialTests(ServerPair servers) => _servers = servers;

    public static TheoryData<string, string> Scenarios => new()
    {
        { "relative expires become PEXPIREAT", "SET a 1|EXPIRE a 100|PEXPIRE a 100000|EXPIREAT a 5000000000|PEXPIREAT a 5000000000001|EXPIRE a 100 GT|EXPIRE nokey 10" },
        { "set with expires becomes SET PXAT", "SETEX b 10 v|PSETEX c 10000 v|SET d v EX 10|SET e v PX 10000|SET f v EXAT 5000000000|SET g v PXAT 5000000000000|SET h v EX 10 NX|SET h v EX 10 NX" },
        { "getex forms", "SET f v|GETEX f EX 100|GETEX f PERSIST|GETEX f PERSIST|GETEX f PXAT 5000000000000|GETEX f EXAT 1|GETEX nokey EX 10" },
        { "past expire deletes", "SET x 1|EXPIRE x 0|SET y 1|EXPIRE y -5|SET z 1|PEXPIREAT z 1" },
        { "set get and getset", "SET g v GET|SET g w GET|GETSET g x|GETDEL g|GETDEL g|SET g v XX GET|SET g2 v KEEPTTL" },
        { "float increments", "SET fl 1.5|INCRBYFLOAT fl 2|INCRBYFLOAT fl 0.1|HINCRBYFLOAT h f 1.5|HINCRBYFLOAT h f 0.25" },
        { "spop", "SADD s 7|SPOP s|SADD s2 1 2 3|SPOP s2 5|SPOP nokey|SPOP s2 0" },
        { "no-op writes are not logged", "DEL nokey|SADD ss a|SADD ss a|HSET hh a 1|HSET hh a 1|SETNX ss 1|LPUSHX nolist a|SETRANGE cnt 0 ''|SET cnt 5|INCRBY cnt 0|APPEND cnt ''|SREM ss zz|PERSIST cnt|EXPIRE nokey 5" },
        { "list pops", "RPUSH l a b c d e|LPOP l|RPOP l 2|LMOVE l l2 LEFT RIGHT|RPOPLPUSH l2 l|BLPOP l 1|BRPOP l 1|BLPOP empty 0.01|LMPOP 1 l LEFT COUNT 5|RPUSH l x y|BLMPOP 1 2 nol l RIGHT COUNT 1|BRPOPLPUSH l l3 1|RPUSH l q|BLMOVE l l4 LEFT LEFT 1" },
        { "sorted set pops", "ZADD z 1 a 2 b 3 c 4 d|ZPOPMIN z|BZPOPMAX z 1|BZPOPMIN z 1|ZADD z 5 e 6 f|ZMPOP 1 z MAX COUNT 2|ZADD z 7 g|BZMPOP 1 1 z MIN COUNT 3|BZPOPMIN emptyz 0.01" },
        { "transactions", "MULTI|SET m1 a|EXEC|MULTI|SET m1 a|GET m1|INCR m2|EXEC|MULTI|GET m1|EXEC|MULTI|SET m3 x|DISCARD" },
        { "transaction across databases", "SELECT 3|MULTI|SET q 1|SELECT 4|SET q 2|EXEC|SET r 3|SELECT 0" },
        { "scripts propagate their effects", "EVAL \"redis.call('set','e1','1'); redis.call('incr','e2'); return 1\" 0|EVAL \"redis.call('set','e3','1'); return 1\" 0|EVAL \"return redis.call('get','e3')\" 0|EVAL \"redis.call('expire','e3', 100); return 1\" 0" },
        { "scripts in another database", "SELECT 3|EVAL \"redis.call('set','x','1'); return 1\" 0|EVAL \"redis.call('select', 4); redis.call('set','y','2'); return 1\" 0|SET z 3|SELECT 0" },
        { "flushes are always logged", "FLUSHDB|SELECT 2|FLUSHDB|SET k v|FLUSHALL|SELECT 0" },
        { "keys and databases", "SET a 1|RENAME a b|COPY b c|MOVE c 5|SWAPDB 0 1|SWAPDB 0 1|DEL b c|UNLINK nokey|SET n 10|DECRBY n 3|MSET x 1 y 2|MSETNX x 1 z 3" },
        { "strings and bits", "SET s abc|APPEND s def|SETRANGE s 1 XY|SETRANGE s 100 ''|INCR n|DECR n|INCRBY n 5|DECRBY n 0|SETNX n 1|MSETNX a 1 b 2|SETBIT bits 7 1|SETBIT bits 7 1|BITOP AND dest bits s|BITOP OR empty nokey|BITFIELD bf SET u8 0 255 GET u8 0|BITFIELD bf GET u8 0|BITFIELD_RO bf GET u8 0|STRLEN s" },
        { "sort store and set stores", "RPUSH l 3 1 2|SORT l STORE sorted|SORT nokey STORE sorted|SADD a 1 2|SADD b 3|SINTERSTORE dst a b|SINTERSTORE dst a b|SUNIONSTORE u a b|SDIFFSTORE d a a|ZADD z 1 x|ZINTERSTORE zi 2 z nokey|ZRANGESTORE zr z 0 -1|ZRANGESTORE zr nokey 0 -1" },
        { "renames and copies", "SET a 1|RENAME a a|RENAMENX a b|SET b 2|RENAMENX a b|COPY a b|COPY a b REPLACE|COPY nokey c|MOVE a 1|MOVE nokey 1|SELECT 1|DEL a|SELECT 0|TOUCH b|EXISTS b|PERSIST b|EXPIRE b 100|PERSIST b" },
        { "hash and zset edge cases", "HSET h a 1 b 2 a 3|HDEL h nofield|HDEL h a b|HINCRBY h n 0|HSETNX h n 1|ZADD z INCR 5 m|ZADD z NX 1 m|ZADD z XX CH 2 m|ZADD z GT 1 m|ZINCRBY z 0 m|ZREMRANGEBYSCORE z 100 200|ZREM z nom|ZPOPMIN nokey|ZPOPMAX z 0|LPUSH l a|LREM l 0 b|LINSERT l BEFORE zz x|LPOP l 0|RPOP nokey|LTRIM l 0 -1|LSET l 0 a" },
        { "functions", "FUNCTION LOAD \"#!lua name=aoflib\nredis.register_function('aofset', function(keys, args) return redis.call('set', keys[1], args[1]) end)\"|FCALL aofset 1 fk fv|FCALL_RO aofset 0|FUNCTION DELETE aoflib|FUNCTION FLUSH" },
        { "restore", "SET z 1|EVAL \"local d = redis.call('dump', 'z'); redis.call('restore', 'r1', 100000, d); redis.call('restore', 'r2', 0, d); redis.call('restore', 'r3', 5000000000000, d, 'ABSTTL'); redis.call('restore', 'r1', 1, d, 'ABSTTL', 'REPLACE'); return 1\" 0" },
        { "collections", "HSET h a 1 b 2|HDEL h a|HSETNX h b 3|LPUSH li a|LSET li 0 b|LINSERT li BEFORE b c|LREM li 0 c|LTRIM li 0 0|SADD s a b|SMOVE s s2 a|ZADD z 1 a|ZINCRBY z 2 a|ZREM z a|ZADD z2 1 a 2 b|ZREMRANGEBYRANK z2 0 0|SINTERSTORE dst s s2|ZUNIONSTORE zd 1 z2" },
    };

    [RequiresTheory(Tool = Executables.RedisServer)]
    [MemberData(nameof(Scenarios))]
    public void Scenario_AppendsTheSameCommandsAsRedis(string name, string script)
    {
        List<string> expected = _servers.Run(_servers.Redis.Port, _servers.RedisAofDirectory, script);
        List<string> actual = _servers.Run(_servers.KvPort, _servers.KvAofDirectory, script);
        Assert.True(expected.SequenceEqual(actual),
            $"{name}: the AOF differs.\nredis:\n  {string.Join("\n  ", expected)}\nkvserver:\n  {string.Join("\n  ", actual)}");
    }

    [RequiresFact(Tool = Executables.RedisServer)]
    public void BlockedClientServedLater_AppendsThePopItPerformed()
    {
        string[] expected = RunBlocked(_servers.Redis.Port, _servers.RedisAofDirectory);
        string[] actual = RunBlocked(_servers.KvPort, _servers.KvAofDirectory);
        Assert.Equal(expected, actual);
    }

    private static string[] RunBlocked(int port, string aofDirectory)
    {
        string incr = AofFiles.LastIncrFile(aofDirectory);
        long start = new FileInfo(incr).Length;
        using var waiter = new RespClient(port, TimeSpan.FromSeconds(10));
        using var waiter2 = new RespClient(port, TimeSpan.FromSeconds(10));
        using var writer = new RespClient(port, TimeSpan.FromSeconds(10));
        writer.Call("SELECT", "0");
        waiter.Send(RespClient.Command("BLPOP", "bq", "5"));
        waiter2.Send(RespClient.Command("BLMOVE", "bq2", "bdst", "LEFT", "RIGHT", "5"));
        WaitForBlockedClients(writer, 2);
        writer.Call("RPUSH", "bq", "x", "y");
        writer.Call("RPUSH", "bq2", "z");
        Assert.Equal("bq", waiter.Read().Items[0].Text);
        Assert.Equal("z", waiter2.Read().Text);
        writer.Call("PING");
        byte[] all = File.ReadAllBytes(incr);
        return AofFiles.Normalize(AofFiles.Parse(all.AsSpan((int)start))).ToArray();
    }

    private static void WaitForBlockedClients(RespClient client, int count)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            string list = client.Call("CLIENT", "LIST").Text;
            if (list.Split('\n').Count(line => line.Contains(" flags=b ", StringComparison.Ordinal)) == count)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "the clients did not block: " + list);
            Thread.Sleep(10);
        }
    }

    /// <summary>A redis-server and a KvServer, both with appendonly yes in their own temporary directories.</summary>
    public sealed class ServerPair : IAsyncLifetime
    {
        private RedisServer? _redis;
        private KvServerEngine? _kv;
        private string _kvDirectory = "";

        public RedisServer Redis => _redis!;

        public int KvPort => _kv!.Port;

        public string RedisAofDirectory => Path.Combine(Redis.DirectoryPath, "appendonlydir");

        public string KvAofDirectory => Path.Combine(_kvDirectory, "appendonlydir");

        public Task InitializeAsync()
        {
            if (Executables.Find(Executables.RedisServer) is null)
            {
                return Task.CompletedTask;
            }
            _redis = RedisServer.Start(["--appendonly", "yes", "--appendfsync", "no"]);
            _kvDirectory = Directory.CreateTempSubdirectory("kvserver-aof-").FullName;
            var options = new ServerOptions();
            var config = new ConfigRegistry(options);
            ConfigFileParser.Apply(config, $"bind 127.0.0.1\nport 0\nsave \"\"\nappendonly yes\nappendfsync no\ndir {_kvDirectory}\n");
            _kv = new KvServerEngine(options, config);
            _kv.Start();
            return Task.CompletedTask;
        }

        /// <summary>Runs the '|'-separated commands on one connection and returns what they appended to the AOF.</summary>
        public List<string> Run(int port, string aofDirectory, string script)
        {
            string incr = AofFiles.LastIncrFile(aofDirectory);
            using var client = new RespClient(port, TimeSpan.FromSeconds(10));
            client.Call("FLUSHALL");
            long start = new FileInfo(incr).Length;
            foreach (string line in script.Split('|'))
            {
                client.Call(Words(line));
            }
            // The AOF is written before the replies are sent, so it is complete now.
            byte[] all = File.ReadAllBytes(incr);
            return AofFiles.Normalize(AofFiles.Parse(all.AsSpan((int)start)));
        }

        // Splits on spaces, keeping "double quoted" words whole ('' is an empty argument).
        private static string[] Words(string line)
        {
            var words = new List<string>();
            int i = 0;
            while (i < line.Length)
            {
                if (line[i] == ' ')
                {
                    i++;
                    continue;
                }
                if (line[i] == '"')
                {
                    int end = line.IndexOf('"', i + 1);
                    words.Add(line[(i + 1)..end]);
                    i = end + 1;
                    continue;
                }
                int next = line.IndexOf(' ', i);
                string word = next < 0 ? line[i..] : line[i..next];
                words.Add(word == "''" ? "" : word);
                i = next < 0 ? line.Length : next;
            }
            return [.. words];
        }

        public async Task DisposeAsync()
        {
            _redis?.Dispose();
            if (_kv is not null)
            {
                await _kv.DisposeAsync();
                try
                {
                    Directory.Delete(_kvDirectory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
