using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>
/// RdbLoader on hand-made files: record framing, expiry, access history, duplicates, checksums, the encodings
/// chosen for every RDB type (including those only older Redis versions write), and failures.
/// </summary>
public class RdbLoaderTests
{
    private const long Now = 1_700_000_000_000;

    private static CommandHarness Harness(string config = "")
    {
        var h = new CommandHarness(c => ConfigFileParser.Apply(c, config));
        h.Clock.UnixTimeMilliseconds = Now;
        return h;
    }

    private static RdbLoadResult Load(CommandHarness h, byte[] file, RdbLoadFlags flags = RdbLoadFlags.None) =>
        RdbLoader.Load(h.Server, new MemoryStream(file), flags);

    [Fact]
    public void Load_StringsAndExpiries_LoadsLiveKeysAndSkipsExpiredOnes()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Aux("redis-ver", "7.0.15")
            .SelectDb(0).Raw(RdbFormat.OpcodeResizeDb).Length(3).Length(2)
            .Set("int", "12345").Set("text", "007")
            .ExpireMs(Now + 60_000).Set("future", "v")
            .ExpireMs(Now - 1).Set("past", "v")
            .SelectDb(2).Set("other", "x")
            .End();
        RdbLoadResult result = Load(h, file);
        Assert.Equal(4, result.KeysLoaded);
        Assert.Equal(1, result.KeysExpired);
        Assert.Equal(file.Length, result.BytesRead);
        Assert.Equal("7.0.15", result.AuxFields["redis-ver"]);
        Assert.Equal(Bulk("int"), EncodingOf(h, "int"));
        Assert.Equal(Bulk("embstr"), EncodingOf(h, "text"));
        Assert.Equal($":{Now + 60_000}\r\n", h.Run("PEXPIRETIME", "future"));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "past"));
        h.Run("SELECT", "2");
        Assert.Equal("$1\r\nx\r\n", h.Run("GET", "other"));
    }

    [Fact]
    public void Load_AofPreamble_KeepsExpiredKeys()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().ExpireMs(Now - 1).Set("past", "v").End();
        RdbLoadResult result = Load(h, file, RdbLoadFlags.AofPreamble);
        Assert.Equal(1, result.KeysLoaded);
        Assert.Equal(1, h.Server.Databases[0].Count);
    }

    [Fact]
    public void Load_DataAfterTheChecksum_ReportsWhereTheRdbEndsAndLeavesTheStreamThere()
    {
        var h = Harness();
        byte[] rdb = new RdbBuilder().Header().Set("k", "v").End();
        byte[] file = [.. rdb, .. "*1\r\n$4\r\nPING\r\n"u8.ToArray()];
        var stream = new MemoryStream(file);
        RdbLoadResult result = RdbLoader.Load(h.Server, stream, RdbLoadFlags.AofPreamble);
        Assert.Equal(rdb.Length, result.BytesRead);
        Assert.Equal(rdb.Length, stream.Position);
    }

    [Fact]
    public void Load_DoesNotRaiseKeyAdded()
    {
        var h = Harness();
        int raised = 0;
        h.Server.Databases[0].KeyAdded = (_, _) => raised++;
        Load(h, new RdbBuilder().Header().Set("a", "1").Set("b", "2").End());
        Assert.Equal(0, raised);
        Assert.Equal(2, h.Server.Databases[0].Count);
    }

    [Fact]
    public void Load_DuplicateKey_FailsAndLeavesNothing()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Set("a", "1").Set("a", "2").End();
        var ex = Assert.Throws<RdbLoadException>(() => Load(h, file));
        Assert.Equal("Duplicated key found in RDB file", ex.Message);
        Assert.Equal(0, h.Server.Databases[0].Count);
    }

    [Fact]
    public void Load_DuplicateKeyWithAllowDuplicates_KeepsTheLastValue()
    {
        var h = Harness();
        Load(h, new RdbBuilder().Header().Set("a", "1").Set("a", "2").End(), RdbLoadFlags.AllowDuplicates);
        Assert.Equal("$1\r\n2\r\n", h.Run("GET", "a"));
    }

    [Fact]
    public void Load_IdleAndFreq_SetTheAccessClockForThePolicy()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header()
            .Raw(RdbFormat.OpcodeIdle).Length(300).Set("lru", "v")
            .Raw(RdbFormat.OpcodeFreq, 42).Set("lfu", "v")
            .End();
        Load(h, file);
        Assert.Equal(":300\r\n", h.Run("OBJECT", "IDLETIME", "lru"));

        var lfu = Harness("maxmemory-policy allkeys-lfu");
        Load(lfu, file);
        Assert.Equal(":42\r\n", lfu.Run("OBJECT", "FREQ", "lfu"));
    }

    [Fact]
    public void Load_ChecksumMismatch_FailsWithRedisMessage()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Set("k", "v").End();
        file[^1] ^= 0xFF;
        var ex = Assert.Throws<RdbLoadException>(() => Load(h, file));
        Assert.StartsWith("Wrong RDB checksum expected: (", ex.Message);
        Assert.EndsWith(". Aborting now.", ex.Message);
        Assert.Equal(0, h.Server.Databases[0].Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_500_000)]
    [InlineData(2_800_000)]
    public void Load_MultiMegabyteFile_ChecksumOverItsBlocks_CatchesAnyFlippedByte(int flipAt)
    {
        // The file is read and checksummed in 1 MB blocks (and a value longer than a block grows the buffer):
        // the file verifies, and a byte flipped in any block is caught.
        var h = Harness();
        byte[] value = new byte[3_000_000];
        new Random(3).NextBytes(value);
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.TypeString).String("big").String(value).End();
        if (flipAt >= 0)
        {
            file[flipAt] ^= 0x40;
            var ex = Assert.Throws<RdbLoadException>(() => Load(h, file));
            Assert.StartsWith("Wrong RDB checksum expected: (", ex.Message);
            return;
        }
        Load(h, file);
        Assert.Equal(":3000000\r\n", h.Run("STRLEN", "big"));
    }

    [Fact]
    public void Load_ZeroChecksum_IsNotChecked()
    {
        var h = Harness();
        Assert.Equal(1, Load(h, new RdbBuilder().Header().Set("k", "v").End(checksum: false)).KeysLoaded);
    }

    [Fact]
    public void Load_RdbChecksumOff_SkipsTheCheck()
    {
        var h = Harness("rdbchecksum no");
        byte[] file = new RdbBuilder().Header().Set("k", "v").End();
        file[^1] ^= 0xFF;
        Assert.Equal(1, Load(h, file).KeysLoaded);
    }

    [Fact]
    public void Load_OldVersionWithoutChecksum_Loads()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header(4).Set("k", "v").Raw(RdbFormat.OpcodeEof).ToArray();
        RdbLoadResult result = Load(h, file);
        Assert.Equal(4, result.Version);
        Assert.Equal(1, result.KeysLoaded);
    }

    [Theory]
    [InlineData("REDIS0011", "Can't handle RDB format version 11")]
    [InlineData("REDIS0000", "Can't handle RDB format version 0")]
    [InlineData("RADIS0010", "Wrong signature trying to load DB from file")]
    public void Load_BadHeader_FailsWithRedisMessage(string header, string message)
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Raw(Encoding.ASCII.GetBytes(header)).Set("k", "v").End();
        Assert.Equal(message, Assert.Throws<RdbLoadException>(() => Load(h, file)).Message);
    }

    [Fact]
    public void Load_Truncated_FailsWithShortReadAndLeavesNothing()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Set("a", "1").Set("key", "a value that will be cut").End();
        var ex = Assert.Throws<RdbLoadException>(() => Load(h, file[..^20]));
        Assert.Equal("Short read or OOM loading DB. Unrecoverable error, aborting now.", ex.Message);
        Assert.True(ex.IsShortRead);
        Assert.Equal(0, h.Server.Databases[0].Count);
    }

    [Fact]
    public void Load_Stream_FailsNamingTheKey()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().SelectDb(3).Raw(RdbFormat.TypeStreamListpacks2).String("events").Raw(0, 0, 0).End();
        var ex = Assert.Throws<RdbLoadException>(() => Load(h, file));
        Assert.Equal("Can't load key 'events' in DB 3: streams (RDB type 19) are not supported yet", ex.Message);
    }

    [Fact]
    public void Load_ModuleValue_FailsNamingTheModuleAndKey()
    {
        var h = Harness();
        // Module id for type name "ReJSON-RL" (encoding version 3).
        const string Charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        ulong id = 0;
        foreach (char c in "ReJSON-RL")
        {
            id = (id << 6) | (uint)Charset.IndexOf(c, StringComparison.Ordinal);
        }
        id = (id << 10) | 3;
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.TypeModule2).String("doc").Length(id).End();
        var ex = Assert.Throws<RdbLoadException>(() => Load(h, file));
        Assert.Equal("The RDB file contains module data I can't load: no matching module type 'ReJSON-RL' (key 'doc' in DB 0)", ex.Message);
    }

    [Fact]
    public void Load_UnknownType_FailsWithRedisMessage()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Raw(8).String("k").End();
        Assert.Equal("Unknown RDB encoding type 8", Assert.Throws<RdbLoadException>(() => Load(h, file)).Message);
    }

    [Fact]
    public void Load_TooManyDatabases_Fails()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().SelectDb(16).Set("k", "v").End();
        Assert.StartsWith("FATAL: Data file was created with a Redis server configured to handle more than 16 databases",
            Assert.Throws<RdbLoadException>(() => Load(h, file)).Message);
    }

    // ---------------------------------------------------------------- types and encodings

    private static string EncodingOf(CommandHarness h, string key) => h.Run("OBJECT", "ENCODING", key);

    private static string Bulk(string text) => $"${text.Length}\r\n{text}\r\n";

    [Fact]
    public void Load_PlainTypes_ChooseEncodingsLikeRedis()
    {
        var h = Harness("hash-max-listpack-entries 4\nset-max-intset-entries 4\nzset-max-listpack-entries 4");
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeList).String("list").Length(3).String("a").String("12").String("c");
        b.Raw(RdbFormat.TypeSet).String("intset").Length(3).String("3").String("-1").String("2");
        b.Raw(RdbFormat.TypeSet).String("mixed").Length(2).String("1").String("x");
        b.Raw(RdbFormat.TypeSet).String("bigset").Length(5).String("1").String("2").String("3").String("4").String("5");
        b.Raw(RdbFormat.TypeHash).String("smallhash").Length(2).String("f").String("v").String("g").String("w");
        b.Raw(RdbFormat.TypeHash).String("longvalue").Length(1).String("f").String(new string('v', 65));
        b.Raw(RdbFormat.TypeHash).String("bighash").Length(5);
        for (int i = 0; i < 5; i++)
        {
            b.String($"f{i}").String($"{i}");
        }
        b.Raw(RdbFormat.TypeZSet).String("zset1").Length(2).String("a").Raw(3).Raw("1.5"u8.ToArray()).String("b").Raw(254);
        b.Raw(RdbFormat.TypeZSet2).String("zset2").Length(5);
        for (int i = 0; i < 5; i++)
        {
            b.String($"m{i}").Raw(BitConverter.GetBytes(i * 0.5));
        }
        Load(h, b.End());
        Assert.Equal("*3\r\n$1\r\na\r\n$2\r\n12\r\n$1\r\nc\r\n", h.Run("LRANGE", "list", "0", "-1"));
        Assert.Equal(Bulk("quicklist"), EncodingOf(h, "list"));
        Assert.Equal(Bulk("intset"), EncodingOf(h, "intset"));
        Assert.Equal("*3\r\n$2\r\n-1\r\n$1\r\n2\r\n$1\r\n3\r\n", h.Run("SMEMBERS", "intset"));
        Assert.Equal(Bulk("hashtable"), EncodingOf(h, "mixed"));
        Assert.Equal(Bulk("hashtable"), EncodingOf(h, "bigset"));
        Assert.Equal(":5\r\n", h.Run("SCARD", "bigset"));
        Assert.Equal(Bulk("listpack"), EncodingOf(h, "smallhash"));
        Assert.Equal(Bulk("w"), h.Run("HGET", "smallhash", "g"));
        Assert.Equal(Bulk("hashtable"), EncodingOf(h, "longvalue"));
        Assert.Equal(Bulk("hashtable"), EncodingOf(h, "bighash"));
        Assert.Equal(Bulk("3"), h.Run("HGET", "bighash", "f3"));
        Assert.Equal(Bulk("listpack"), EncodingOf(h, "zset1"));
        Assert.Equal("*4\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$3\r\ninf\r\n", h.Run("ZRANGE", "zset1", "0", "-1", "WITHSCORES"));
        Assert.Equal(Bulk("skiplist"), EncodingOf(h, "zset2"));
        Assert.Equal(Bulk("1.5"), h.Run("ZSCORE", "zset2", "m3"));
    }

    [Fact]
    public void Load_PackedTypesOfOlderVersions_ConvertToCurrentEncodings()
    {
        var h = Harness("zset-max-listpack-entries 2");
        var b = new RdbBuilder().Header(9);
        b.Blob(RdbFormat.TypeListZiplist, "zl-list", new ZiplistBuilder().Str("a").Int(7).Str("b").Build());
        b.Raw(RdbFormat.TypeListQuicklist).String("ql").Length(2)
            .String(new ZiplistBuilder().Str("x").Int(-300).Build())
            .String(new ZiplistBuilder().Int(70000).Build());
        b.Blob(RdbFormat.TypeHashZiplist, "zl-hash", new ZiplistBuilder().Str("f").Int(1).Str("g").Str("two").Build());
        b.Blob(RdbFormat.TypeZSetZiplist, "zl-zset", new ZiplistBuilder().Str("a").Int(1).Str("b").Str("2.5").Build());
        b.Blob(RdbFormat.TypeZSetZiplist, "zl-zset-big", new ZiplistBuilder().Str("a").Int(1).Str("b").Int(2).Str("c").Int(3).Build());
        b.Blob(RdbFormat.TypeSetIntset, "is", Convert.FromHexString("02000000020000000100020000"[..24]));
        byte[] zipmap = [2, 1, (byte)'f', 1, 0, (byte)'v', 1, (byte)'g', 2, 0, (byte)'w', (byte)'w', 0xFF];
        b.Blob(RdbFormat.TypeHashZipmap, "zm", zipmap);
        Load(h, b.End());
        Assert.Equal("*3\r\n$1\r\na\r\n$1\r\n7\r\n$1\r\nb\r\n", h.Run("LRANGE", "zl-list", "0", "-1"));
        Assert.Equal("*3\r\n$1\r\nx\r\n$4\r\n-300\r\n$5\r\n70000\r\n", h.Run("LRANGE", "ql", "0", "-1"));
        Assert.Equal(Bulk("listpack"), EncodingOf(h, "zl-hash"));
        Assert.Equal(Bulk("two"), h.Run("HGET", "zl-hash", "g"));
        Assert.Equal(Bulk("listpack"), EncodingOf(h, "zl-zset"));
        Assert.Equal(Bulk("2.5"), h.Run("ZSCORE", "zl-zset", "b"));
        Assert.Equal(Bulk("skiplist"), EncodingOf(h, "zl-zset-big"));
        Assert.Equal(":2\r\n", h.Run("ZRANK", "zl-zset-big", "c"));
        Assert.Equal(Bulk("intset"), EncodingOf(h, "is"));
        Assert.Equal("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", h.Run("SMEMBERS", "is"));
        Assert.Equal(Bulk("listpack"), EncodingOf(h, "zm"));
        Assert.Equal(Bulk("ww"), h.Run("HGET", "zm", "g"));
    }

    [Fact]
    public void Load_ListpackTypesOf70_KeepOrConvertByThresholds()
    {
        var h = Harness("hash-max-listpack-entries 1\nset-max-intset-entries 1");
        var b = new RdbBuilder().Header();
        b.Blob(RdbFormat.TypeHashListpack, "h1", new HandmadeListpack().Str("f").Str("v").Build());
        b.Blob(RdbFormat.TypeHashListpack, "h2", new HandmadeListpack().Str("f").Int(1).Str("g").Int(-2).Build());
        b.Blob(RdbFormat.TypeZSetListpack, "z", new HandmadeListpack().Str("a").Int(-1).Str("b").Str("0.25").Build());
        b.Blob(RdbFormat.TypeSetIntset, "is", Convert.FromHexString("0200000002000000010002000"[..24]));
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length(2)
            .Length(RdbFormat.QuicklistNodePacked).String(new HandmadeListpack().Str("a").Int(5).Build())
            .Length(RdbFormat.QuicklistNodePlain).String(new string('p', 100));
        Load(h, b.End());
        Assert.Equal(Bulk("listpack"), EncodingOf(h, "h1"));
        Assert.Equal(Bulk("hashtable"), EncodingOf(h, "h2"));
        Assert.Equal(Bulk("-2"), h.Run("HGET", "h2", "g"));
        Assert.Equal("*4\r\n$1\r\na\r\n$2\r\n-1\r\n$1\r\nb\r\n$4\r\n0.25\r\n", h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal(Bulk("hashtable"), EncodingOf(h, "is"));
        Assert.Equal($"*3\r\n$1\r\na\r\n$1\r\n5\r\n$100\r\n{new string('p', 100)}\r\n", h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Load_EmptyCollections_AreSkippedAndCounted()
    {
        var h = Harness();
        var b = new RdbBuilder().Header();
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length(1).Length(RdbFormat.QuicklistNodePacked).String(new HandmadeListpack().Build());
        b.Blob(RdbFormat.TypeHashListpack, "h", new HandmadeListpack().Build());
        b.Set("s", "v");
        RdbLoadResult result = Load(h, b.End());
        Assert.Equal(1, result.KeysLoaded);
        Assert.Equal(2, result.EmptyKeysSkipped);
    }

    [Theory]
    [InlineData(RdbFormat.TypeSet, "Duplicate set members detected")]
    [InlineData(RdbFormat.TypeZSet2, "Duplicate zset fields detected")]
    public void Load_DuplicateMembers_FailNamingTheKey(byte type, string message)
    {
        var h = Harness();
        var b = new RdbBuilder().Header().Raw(type).String("k").Length(2);
        for (int i = 0; i < 2; i++)
        {
            b.String("m");
            if (type == RdbFormat.TypeZSet2)
            {
                b.Raw(BitConverter.GetBytes(1.0));
            }
        }
        var ex = Assert.Throws<RdbLoadException>(() => Load(h, b.End()));
        Assert.StartsWith(message + " (key 'k' in DB 0", ex.Message);
    }

    [Fact]
    public void Load_CorruptListpack_FailsWithIntegrityMessage()
    {
        var h = Harness();
        byte[] blob = new HandmadeListpack().Str("f").Str("v").Build();
        blob[^1] = 0;
        byte[] file = new RdbBuilder().Header().Blob(RdbFormat.TypeHashListpack, "h", blob).End();
        Assert.StartsWith("Hash listpack integrity check failed.", Assert.Throws<RdbLoadException>(() => Load(h, file)).Message);
    }

    [Fact]
    public void Load_LzfStrings_Decompress()
    {
        var h = Harness();
        string text = string.Concat(Enumerable.Repeat("compressible ", 50));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        RdbStrings.WriteString(output, Encoding.ASCII.GetBytes(text), compress: true);
        Assert.Equal(0xC3, output.WrittenSpan[0]);
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.TypeString).String("k").Raw(output.WrittenSpan.ToArray()).End();
        Load(h, file);
        Assert.Equal(Bulk(text), h.Run("GET", "k"));
        Assert.Equal(Bulk("raw"), EncodingOf(h, "k"));
    }

    [Fact]
    public void Load_FunctionLibrary_IsRegistered()
    {
        var h = Harness();
        const string Code = "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)";
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.OpcodeFunction2).String(Code).End();
        RdbLoadResult result = Load(h, file);
        Assert.Equal(1, result.FunctionsLoaded);
        Assert.Equal(":1\r\n", h.Run("FCALL", "myfunc", "0"));
    }

    [Fact]
    public void Load_HugeCollectionLength_FailsAsShortReadWithoutReservingIt()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.OpcodeResizeDb).Length(uint.MaxValue).Length(uint.MaxValue)
            .Raw(RdbFormat.TypeHash).String("h").Length(int.MaxValue).String("f").String("v").End();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<RdbLoadException>(() => Load(h, file));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "a corrupt length was allocated");
    }

    [Fact]
    public void Load_RandomCorruption_OnlyEverFailsWithRdbLoadException()
    {
        var b = new RdbBuilder().Header().Aux("redis-ver", "7.0.15").SelectDb(0).Raw(RdbFormat.OpcodeResizeDb).Length(6).Length(0)
            .Set("s", "value").Set("n", "42");
        b.Raw(RdbFormat.TypeZSet2).String("z").Length(2).String("a").Raw(BitConverter.GetBytes(1.0)).String("b").Raw(BitConverter.GetBytes(2.0));
        b.Blob(RdbFormat.TypeHashListpack, "h", new HandmadeListpack().Str("f").Int(1).Str("g").Str("text").Build());
        b.Blob(RdbFormat.TypeSetIntset, "i", Convert.FromHexString("0200000002000000010002000"[..24]));
        b.Raw(RdbFormat.TypeListQuicklist2).String("l").Length(1).Length(RdbFormat.QuicklistNodePacked)
            .String(new HandmadeListpack().Str("a").Int(-5000).Build());
        b.Blob(RdbFormat.TypeZSetZiplist, "zz", new ZiplistBuilder().Str("m").Int(3).Build());
        byte[] original = b.End(checksum: false);
        var random = new Random(12345);
        var h = Harness();
        for (int i = 0; i < 2000; i++)
        {
            byte[] data = (byte[])original.Clone();
            data[random.Next(9, data.Length - 9)] = (byte)random.Next(256);
            if (random.Next(3) == 0)
            {
                data = data[..random.Next(9, data.Length)];
            }
            try
            {
                Load(h, data);
                h.Run("FLUSHALL");
            }
            catch (RdbLoadException)
            {
                for (int db = 0; db < h.Server.Databases.Length; db++)
                {
                    Assert.Equal(0, h.Server.Databases[db].Count);
                }
            }
        }
    }

    [Fact]
    public void StartsWithRdbMagic_TellsRdbFromCommands()
    {
        Assert.True(RdbLoader.StartsWithRdbMagic("REDIS0010\xfa"u8));
        Assert.False(RdbLoader.StartsWithRdbMagic("*2\r\n$6\r\nSELECT"u8));
        Assert.False(RdbLoader.StartsWithRdbMagic("RED"u8));
    }

    [Fact]
    public void Load_HugeStringLengthInAStreamOfUnknownLength_FailsAsShortReadWithoutReservingIt()
    {
        var h = Harness();
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.TypeString).String("k").Raw(0x80, 0x7F, 0xFF, 0xFF, 0x00).Raw(new byte[100]).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<RdbLoadException>(() => RdbLoader.Load(h.Server, new ForwardOnlyStream(file)));
        Assert.True(ex.IsShortRead);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "a corrupt length was allocated");
    }

    [Fact]
    public void Load_FromAStreamOfUnknownLength_LoadsAndReportsTheEnd()
    {
        var h = Harness();
        byte[] rdb = new RdbBuilder().Header().Set("k", new string('v', 3 << 20)).End();
        RdbLoadResult result = RdbLoader.Load(h.Server, new ForwardOnlyStream([.. rdb, .. "trailing"u8.ToArray()]), RdbLoadFlags.AofPreamble);
        Assert.Equal(rdb.Length, result.BytesRead);
        Assert.Equal($":{3 << 20}\r\n", h.Run("STRLEN", "k"));
    }

    /// <summary>A stream that cannot seek or tell its length (a pipe).</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 4096));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("")]
    [InlineData("list-max-listpack-size 5")]
    [InlineData("list-max-listpack-size -5")]
    public void Load_QuicklistOfMixedNodes_BuildsAValidListInOrder(string config)
    {
        var h = Harness(config);
        var expected = new List<string>();
        var small = new HandmadeListpack();
        for (int i = 0; i < 500; i++)
        {
            string element = i % 3 == 0 ? (i * 7).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"element-{i}";
            small.Str(element);
            expected.Add(element);
        }
        var large = new HandmadeListpack();
        for (int i = 0; i < 4; i++)
        {
            string element = new string((char)('a' + i), 5000);
            large.Str(element);
            expected.Add(element);
        }
        string plain = new string('p', 10000);
        expected.Insert(500, plain);
        byte[] file = new RdbBuilder().Header().Raw(RdbFormat.TypeListQuicklist2).String("l").Length(3)
            .Length(RdbFormat.QuicklistNodePacked).String(small.Build())
            .Length(RdbFormat.QuicklistNodePlain).String(plain)
            .Length(RdbFormat.QuicklistNodePacked).String(large.Build())
            .End();
        Load(h, file);
        var list = (KvServer.Engine.DataTypes.ListValue)h.Server.Databases[0].Peek("l"u8, Now)!;
        // Saved listpacks of strings are kept as saved, even when larger than this list's nodes.
        list.Validate(nodesWithinLimit: false);
        Assert.Equal(expected.Count, list.Count);
        int index = 0;
        foreach (ReadOnlySpan<byte> element in list)
        {
            Assert.Equal(expected[index++], Encoding.Latin1.GetString(element));
        }
        h.Run("RPUSH", "l", "tail");
        h.Run("LPUSH", "l", "head");
        list.Validate(nodesWithinLimit: false);
    }
}
