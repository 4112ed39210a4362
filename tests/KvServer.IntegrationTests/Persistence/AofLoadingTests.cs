using KvServer.Engine;
using KvServer.Engine.Configuration;
using KvServer.Engine.Persistence.Aof;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>
/// Start-up with appendonly yes: the Redis 7.0 multi-part fixtures load into the keyspace real Redis holds
/// after loading them, a truncated last command is dropped (and cut from the file), and damaged files stop
/// the start with Redis's messages. The fixtures hold stream commands, which KvServer does not implement:
/// loaded as they are, they fail naming the command; the keyspace is checked on copies without them.
/// </summary>
public sealed class AofLoadingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-aofload-").FullName;

    private string AofDirectory => Path.Combine(_directory, "appendonlydir");

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

    [RdbToolsFact]
    public void PlainFixture_AsIs_FailsNamingTheStreamCommand()
    {
        CopyFixture("appendonlydir-plain", withoutStreams: false);
        AofLoadException error = Assert.Throws<AofLoadException>(() => StartEngine("aof-use-rdb-preamble no"));
        Assert.Equal("Unknown command 'XADD' reading the append only file appendonly.aof.2.base.aof", error.Message);
    }

    [RdbToolsFact]
    public void RdbPreambleFixture_FailsOnTheStreamInItsBase()
    {
        // The base RDB holds a stream, a type KvServer cannot represent: the load stops with Redis's message
        // for a base that cannot be read (the RDB loader logs the key).
        CopyFixture("appendonlydir-rdb-preamble", withoutStreams: false);
        AofLoadException error = Assert.Throws<AofLoadException>(() => StartEngine("aof-use-rdb-preamble yes"));
        Assert.Equal("Error reading the RDB base file appendonly.aof.2.base.rdb, AOF loading aborted", error.Message);
    }

    [RdbToolsFact]
    public async Task RdbBaseWithoutStreams_ThenPlainIncr_LoadsRedisKeyspace()
    {
        // The preamble fixture's data without its stream: real Redis rewrites the plain fixture (stream
        // commands removed) into an RDB base; KvServer loads that base plus the incr file.
        CopyFixture("appendonlydir-plain", withoutStreams: true);
        string redisDirectory = Directory.CreateTempSubdirectory("kvserver-aofload-redis-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(redisDirectory, "appendonlydir"));
            foreach (string file in Directory.GetFiles(AofDirectory))
            {
                File.Copy(file, Path.Combine(redisDirectory, "appendonlydir", Path.GetFileName(file)));
            }
            using (RedisServer redis = RedisServer.Start(["--appendonly", "yes", "--aof-use-rdb-preamble", "yes", "--dir", redisDirectory]))
            {
                using var client = new RespClient(redis.Port);
                client.Call("BGREWRITEAOF");
                DateTime deadline = DateTime.UtcNow.AddSeconds(30);
                while (!client.Call("INFO", "persistence").Text.Contains("aof_rewrites:1", StringComparison.Ordinal)
                    || client.Call("INFO", "persistence").Text.Contains("aof_rewrite_in_progress:1", StringComparison.Ordinal))
                {
                    Assert.True(DateTime.UtcNow < deadline, "redis-server did not finish the rewrite");
                    Thread.Sleep(20);
                }
                client.Call("SET", "after:rewrite", "x");
            }
            Directory.Delete(AofDirectory, recursive: true);
            Directory.CreateDirectory(AofDirectory);
            foreach (string file in Directory.GetFiles(Path.Combine(redisDirectory, "appendonlydir")))
            {
                File.Copy(file, Path.Combine(AofDirectory, Path.GetFileName(file)));
            }
        }
        finally
        {
            Directory.Delete(redisDirectory, recursive: true);
        }
        Assert.Contains(Directory.GetFiles(AofDirectory), f => f.EndsWith(".base.rdb", StringComparison.Ordinal));
        await using KvServerEngine engine = StartEngine("aof-use-rdb-preamble yes");
        string expected = ExpectedListing("appendonlydir-plain.keyspace.txt") + "0\t\"after:rewrite\"\tstring\t-1\t\"x\"\n";
        Assert.Equal(Sorted(expected), Sorted(PersistenceTools.DumpKeyspace(engine.Port)));
    }

    private static string Sorted(string listing) => string.Join('\n', listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    [RdbToolsFact]
    public async Task PlainFixture_WithoutStreamCommands_LoadsRedisKeyspace()
    {
        CopyFixture("appendonlydir-plain", withoutStreams: true);
        await using KvServerEngine engine = StartEngine("aof-use-rdb-preamble no");
        Assert.Equal(ExpectedListing("appendonlydir-plain.keyspace.txt"), PersistenceTools.DumpKeyspace(engine.Port));
    }

    [RdbToolsFact]
    public async Task TruncatedIncr_DropsTheCutCommandAndTruncatesTheFile()
    {
        CopyFixture("truncated-incr", withoutStreams: true);
        string incr = Path.Combine(AofDirectory, "appendonly.aof.2.incr.aof");
        long cutAt = ValidPrefixLength(File.ReadAllBytes(incr));
        await using (KvServerEngine engine = StartEngine("aof-use-rdb-preamble no"))
        {
            Assert.Equal(ExpectedListing("truncated-incr.keyspace.txt"), PersistenceTools.DumpKeyspace(engine.Port));
        }
        Assert.Equal(cutAt, new FileInfo(incr).Length);
    }

    [RdbToolsFact]
    public void TruncatedIncr_WithAofLoadTruncatedNo_FailsWithRedisMessage()
    {
        CopyFixture("truncated-incr", withoutStreams: true);
        AofLoadException error = Assert.Throws<AofLoadException>(() => StartEngine("aof-use-rdb-preamble no\naof-load-truncated no"));
        Assert.Equal("Unexpected end of file reading the append only file appendonly.aof.2.incr.aof. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.", error.Message);
    }

    [Fact]
    public void CorruptIncr_FailsWithBadFileFormat()
    {
        WriteAof("*2\r\n$3\r\nDEL\r\n$1\r\na\r\nxx*1\r\n$4\r\nPING\r\n");
        AofLoadException error = Assert.Throws<AofLoadException>(() => StartEngine(""));
        Assert.Equal("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>", error.Message);
    }

    [Fact]
    public void UnknownCommand_FailsNamingIt()
    {
        WriteAof("*2\r\n$3\r\nDEL\r\n$1\r\na\r\n*1\r\n$4\r\nFOOO\r\n");
        AofLoadException error = Assert.Throws<AofLoadException>(() => StartEngine(""));
        Assert.Equal("Unknown command 'FOOO' reading the append only file appendonly.aof.1.incr.aof", error.Message);
    }

    [Fact]
    public async Task IncompleteTransaction_IsRevertedAndCut()
    {
        WriteAof("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("1", client.Call("GET", "a").Text);
            Assert.Equal(-1, client.Call("GET", "b").Length);
        }
        Assert.Equal(27, new FileInfo(Path.Combine(AofDirectory, "appendonly.aof.1.incr.aof")).Length);
    }

    [Fact]
    public async Task Transaction_IsAppliedWhole()
    {
        WriteAof("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*1\r\n$4\r\nEXEC\r\n");
        await using KvServerEngine engine = StartEngine("");
        using var client = new RespClient(engine.Port);
        Assert.Equal("2", client.Call("GET", "a").Text);
    }

    [Fact]
    public async Task KeyExpiredBeforeTheReload_IsNotRevivedByLaterCommands()
    {
        // Written while the key was live: its TTL passed since. Replayed with expiry, INCR would recreate it
        // as 1 without a TTL; Redis applies the whole file first, so the key ends up expired (gone).
        WriteAof("*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n5\r\n$4\r\nPXAT\r\n$4\r\n1000\r\n*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n");
        await using KvServerEngine engine = StartEngine("");
        using var client = new RespClient(engine.Port);
        Assert.Equal(-1, client.Call("GET", "k").Length);
    }

    [Fact]
    public async Task ConfigSetAppendonly_WritesABaseWithTheDatasetAndAppendsAfterwards()
    {
        await using (KvServerEngine engine = StartEngine("appendonly no"))
        {
            using var client = new RespClient(engine.Port);
            client.Call("SET", "before", "1");
            Assert.Equal("0", InfoField(client, "aof_enabled"));
            Assert.Equal("OK", client.Call("CONFIG", "SET", "appendonly", "yes").Text);
            Assert.Equal("1", InfoField(client, "aof_enabled"));
            client.Call("SET", "after", "2");
            Assert.Equal("0", InfoField(client, "aof_buffer_length"));
            Assert.True(long.Parse(InfoField(client, "aof_current_size"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("1", client.Call("GET", "before").Text);
            Assert.Equal("2", client.Call("GET", "after").Text);
            Assert.Equal("OK", client.Call("CONFIG", "SET", "appendonly", "no").Text);
            client.Call("SET", "unlogged", "3");
        }
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal(-1, client.Call("GET", "unlogged").Length);
            Assert.Equal("2", client.Call("GET", "after").Text);
        }
    }

    [Fact]
    public async Task Bgrewriteaof_CompactsIntoANewBaseAndDeletesHistory()
    {
        await using (KvServerEngine engine = StartEngine("aof-use-rdb-preamble no"))
        {
            using var client = new RespClient(engine.Port);
            for (int i = 0; i < 100; i++)
            {
                client.Call("INCR", "counter");
            }
            Assert.Equal("Background append only file rewriting started", client.Call("BGREWRITEAOF").Text);
            AofRewriteWait.UntilDone(client, 1);
            client.Call("INCR", "counter");
        }
        Assert.Equal(["appendonly.aof.2.base.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"],
            Directory.GetFiles(AofDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$7\r\ncounter\r\n$3\r\n100\r\n",
            File.ReadAllText(Path.Combine(AofDirectory, "appendonly.aof.2.base.aof")));
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("101", client.Call("GET", "counter").Text);
        }
    }

    private static string InfoField(RespClient client, string name)
    {
        foreach (string line in client.Call("INFO", "persistence").Text.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..];
            }
        }
        throw new InvalidOperationException($"INFO has no {name}");
    }

    [Fact]
    public async Task Bgrewriteaof_WhileRunning_IsRefused_DuringBgsave_IsScheduled_AndWritesMeanwhileSurvive()
    {
        await using (KvServerEngine engine = StartEngine("aof-use-rdb-preamble yes\nrdb-key-save-delay 2000"))
        {
            using var client = new RespClient(engine.Port);
            for (int i = 0; i < 200; i++)
            {
                client.Call("SET", "key:" + i, "v" + i);
            }
            Assert.Equal("Background append only file rewriting started", client.Call("BGREWRITEAOF").Text);
            Assert.Equal("1", InfoField(client, "aof_rewrite_in_progress"));
            Assert.Equal("ERR Background append only file rewriting already in progress", client.Call("BGREWRITEAOF").Text);
            // Changed while the walk has not reached them: the base keeps the old values, the incr file the new.
            for (int i = 0; i < 200; i += 10)
            {
                client.Call("SET", "key:" + i, "changed");
            }
            client.Call("DEL", "key:1");
            client.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
            AofRewriteWait.UntilDone(client, 1);

            client.Call("CONFIG", "SET", "rdb-key-save-delay", "2000");
            Assert.StartsWith("Background saving started", client.Call("BGSAVE").Text);
            Assert.Equal("Background append only file rewriting scheduled", client.Call("BGREWRITEAOF").Text);
            Assert.Equal("1", InfoField(client, "aof_rewrite_scheduled"));
            client.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
            AofRewriteWait.UntilDone(client, 2);
            client.Call("SET", "last", "write");
        }
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal(200, client.Call("DBSIZE").Integer);
            Assert.Equal("changed", client.Call("GET", "key:10").Text);
            Assert.Equal("v11", client.Call("GET", "key:11").Text);
            Assert.Equal(-1, client.Call("GET", "key:1").Length);
            Assert.Equal("write", client.Call("GET", "last").Text);
        }
        Assert.Equal(3, Directory.GetFiles(AofDirectory).Length);
    }

    [Fact]
    public async Task FreshStart_CreatesBaseIncrAndManifest()
    {
        await using (StartEngine(""))
        {
        }
        Assert.Equal("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
            File.ReadAllText(Path.Combine(AofDirectory, "appendonly.aof.manifest")));
        Assert.True(File.Exists(Path.Combine(AofDirectory, "appendonly.aof.1.base.rdb")));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task WritesThenRestart_ReloadsThem(string preamble)
    {
        await using (KvServerEngine engine = StartEngine("aof-use-rdb-preamble " + preamble))
        {
            using var client = new RespClient(engine.Port);
            client.Call("SET", "k", "v", "EX", "1000");
            client.Call("RPUSH", "l", "a", "b");
            client.Call("SELECT", "2");
            client.Call("HSET", "h", "f", "1");
            client.Call("HINCRBYFLOAT", "h", "f", "0.5");
        }
        await using (KvServerEngine engine = StartEngine("aof-use-rdb-preamble " + preamble))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("v", client.Call("GET", "k").Text);
            Assert.InRange(client.Call("TTL", "k").Integer, 990, 1000);
            Assert.Equal(2, client.Call("LLEN", "l").Integer);
            client.Call("SELECT", "2");
            Assert.Equal("1.5", client.Call("HGET", "h", "f").Text);
        }
    }

    private string OldStyleAof => Path.Combine(_directory, "appendonly.aof");

    private string Manifest => File.ReadAllText(Path.Combine(AofDirectory, "appendonly.aof.manifest"));

    [Fact]
    public async Task OldStyleAof_IsMovedIntoTheAofDirectoryAsItsBase_LoadedAndAppendedTo()
    {
        // A Redis 6 data directory: one appendonly.aof of commands beside where appendonlydir will be.
        File.WriteAllText(OldStyleAof, "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nvalue\r\n");
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("value", client.Call("GET", "old").Text);
            client.Call("SET", "new", "1");
        }
        Assert.False(File.Exists(OldStyleAof));
        Assert.True(File.Exists(Path.Combine(AofDirectory, "appendonly.aof")));
        // What Redis 7.0 writes after the same upgrade.
        Assert.Equal("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", Manifest);
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("value", client.Call("GET", "old").Text);
            Assert.Equal("1", client.Call("GET", "new").Text);
        }
    }

    [Fact]
    public async Task OldStyleAof_WithAnRdbPreamble_IsMigratedAndLoaded()
    {
        // An RDB where the old single file was expected: Redis 6 wrote its rewrites with an RDB preamble.
        string saved;
        await using (KvServerEngine writer = StartEngine("appendonly no"))
        {
            using var client = new RespClient(writer.Port);
            client.Call("RPUSH", "l", "a", "b", "c");
            client.Call("HSET", "h", "f", "v");
            Assert.Equal("OK", client.Call("SAVE").Text);
            saved = Path.Combine(_directory, "dump.rdb");
        }
        File.Move(saved, OldStyleAof);
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal(3, client.Call("LLEN", "l").Integer);
            Assert.Equal("v", client.Call("HGET", "h", "f").Text);
        }
        Assert.Equal("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", Manifest);
    }

    [Fact]
    public async Task OldStyleAof_UpgradeInterruptedAfterTheManifest_IsCompleted()
    {
        // The manifest naming the old file was written, the file was not moved yet: the move is done now.
        File.WriteAllText(OldStyleAof, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
        Directory.CreateDirectory(AofDirectory);
        File.WriteAllText(Path.Combine(AofDirectory, "appendonly.aof.manifest"), "file appendonly.aof seq 1 type b\n");
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("v", client.Call("GET", "k").Text);
        }
        Assert.False(File.Exists(OldStyleAof));
    }

    [Fact]
    public async Task OldStyleAof_BesideAnAofDirectoryInUse_IsLeftAlone()
    {
        // Once the directory has its own files, an appendonly.aof beside it is not the data: Redis ignores it.
        WriteAof("*3\r\n$3\r\nSET\r\n$7\r\ncurrent\r\n$1\r\n1\r\n");
        File.WriteAllText(OldStyleAof, "*3\r\n$3\r\nSET\r\n$5\r\nstale\r\n$1\r\n1\r\n");
        await using (KvServerEngine engine = StartEngine(""))
        {
            using var client = new RespClient(engine.Port);
            Assert.Equal("1", client.Call("GET", "current").Text);
            Assert.Equal(-1, client.Call("GET", "stale").Length);
        }
        Assert.True(File.Exists(OldStyleAof));
    }

    private KvServerEngine StartEngine(string extraConfig)
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        ConfigFileParser.Apply(config, $"bind 127.0.0.1\nport 0\nsave \"\"\nappendonly yes\ndir {_directory}\n{extraConfig}\n");
        var engine = new KvServerEngine(options, config);
        try
        {
            engine.Start();
        }
        catch
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return engine;
    }

    private void WriteAof(string incr)
    {
        Directory.CreateDirectory(AofDirectory);
        File.WriteAllText(Path.Combine(AofDirectory, "appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        File.WriteAllBytes(Path.Combine(AofDirectory, "appendonly.aof.1.incr.aof"), System.Text.Encoding.Latin1.GetBytes(incr));
    }

    // A copy of the fixture (loading truncates in place and appends); optionally without stream commands,
    // keeping whatever incomplete command ends a file.
    private void CopyFixture(string name, bool withoutStreams)
    {
        Directory.CreateDirectory(AofDirectory);
        foreach (string file in Directory.GetFiles(Path.Combine(PersistenceTools.FixturesDirectory, name)))
        {
            byte[] bytes = File.ReadAllBytes(file);
            if (withoutStreams && file.EndsWith(".aof", StringComparison.Ordinal))
            {
                bytes = WithoutStreamCommands(bytes);
            }
            File.WriteAllBytes(Path.Combine(AofDirectory, Path.GetFileName(file)), bytes);
        }
    }

    private static byte[] WithoutStreamCommands(byte[] bytes)
    {
        int valid = (int)ValidPrefixLength(bytes);
        var output = new MemoryStream();
        foreach (string[] command in AofFiles.Parse(bytes.AsSpan(0, valid)))
        {
            if (command[0].StartsWith('X') || command[0].StartsWith('x'))
            {
                continue;
            }
            RespClient.Encode(output, [.. command.Select(RespClient.Bytes)]);
        }
        output.Write(bytes.AsSpan(valid));
        return output.ToArray();
    }

    // The length of the complete commands at the start of an AOF (what loading keeps of a truncated file).
    private static long ValidPrefixLength(byte[] bytes)
    {
        int valid = 0;
        for (int end = bytes.Length; end > 0; end--)
        {
            try
            {
                AofFiles.Parse(bytes.AsSpan(0, end));
                valid = end;
                break;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
            {
            }
        }
        return valid;
    }

    // The fixture's listing without the encoding column and without streams (KvServer has none).
    private static string ExpectedListing(string name)
    {
        var lines = new List<string>();
        foreach (string line in File.ReadAllLines(Path.Combine(PersistenceTools.FixturesDirectory, name)))
        {
            string[] columns = line.Split('\t');
            if (columns[2] != "stream")
            {
                lines.Add(string.Join('\t', columns.Take(5)));
            }
        }
        return string.Join('\n', lines) + (lines.Count > 0 ? "\n" : "");
    }
}
