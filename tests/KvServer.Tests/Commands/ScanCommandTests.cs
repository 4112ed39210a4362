using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class ScanCommandTests
{
    private static Database Db(CommandHarness h) => h.Server.Databases[0];

    private static void Fill(CommandHarness h, int count, string prefix = "key:")
    {
        for (int i = 0; i < count; i++)
        {
            Db(h).Set(Encoding.ASCII.GetBytes(prefix + i), new KvInt(i));
        }
    }

    /// <summary>One SCAN call: the next cursor and the keys returned.</summary>
    private static (string Cursor, List<string> Keys) ScanOnce(CommandHarness h, string cursor, params string[] options)
    {
        var args = new List<string> { "SCAN", cursor };
        args.AddRange(options);
        RespValue reply = h.Call([.. args]);
        Assert.Equal('*', reply.Type);
        Assert.Equal(2, reply.Items!.Count);
        Assert.Equal('$', reply.Items[0].Type);
        return (reply.Items[0].Text!, reply.Items[1].Items!.ConvertAll(v => v.Text!));
    }

    /// <summary>A full iteration, calling <paramref name="between"/> after each call; returns every key seen.</summary>
    private static List<string> FullScan(CommandHarness h, string[] options, Action<int>? between = null)
    {
        var seen = new List<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            (cursor, List<string> keys) = ScanOnce(h, cursor, options);
            seen.AddRange(keys);
            between?.Invoke(calls++);
            Assert.True(calls < 1_000_000, "the iteration does not end");
        }
        while (cursor != "0");
        return seen;
    }

    [Fact]
    public void Scan_EmptyDatabase_ReturnsCursorZeroAndNoKeys()
    {
        var h = new CommandHarness();
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SCAN", "0"));
        h.UseResp3();
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SCAN", "0"));
    }

    [Fact]
    public void Scan_OneKey_ReplyShape()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n", h.Run("SCAN", "0"));
    }

    [Fact]
    public void Scan_FullIteration_ReturnsEveryKeyOnce()
    {
        var h = new CommandHarness();
        Fill(h, 2_000);
        List<string> seen = FullScan(h, []);
        Assert.Equal(2_000, seen.Count);
        Assert.Equal(2_000, new HashSet<string>(seen).Count);
    }

    [Fact]
    public void Scan_Count_BoundsEachCallButNotTheTotal()
    {
        var h = new CommandHarness();
        Fill(h, 1_000);
        string cursor = "0";
        var seen = new HashSet<string>();
        int calls = 0;
        do
        {
            (cursor, List<string> keys) = ScanOnce(h, cursor, "COUNT", "5");
            if (cursor != "0")
            {
                // Redis stops once it has COUNT elements, after finishing the bucket it is on.
                Assert.InRange(keys.Count, 5, 30);
            }
            seen.UnionWith(keys);
            calls++;
        }
        while (cursor != "0");
        Assert.Equal(1_000, seen.Count);
        Assert.True(calls > 30);
    }

    [Fact]
    public void Scan_LargeCount_ReturnsEverythingInOneCall()
    {
        var h = new CommandHarness();
        Fill(h, 300);
        (string cursor, List<string> keys) = ScanOnce(h, "0", "COUNT", "1000");
        Assert.Equal("0", cursor);
        Assert.Equal(300, keys.Count);
        (cursor, keys) = ScanOnce(h, "0", "COUNT", "9223372036854775807");
        Assert.Equal(300, keys.Count);
    }

    [Fact]
    public void Scan_KeysAddedAndRemovedWhileIterating_ReturnsEveryKeyPresentThroughout()
    {
        var h = new CommandHarness();
        Fill(h, 1_000, "stable:");
        Fill(h, 3_000, "doomed:");
        int added = 0;
        int removed = 0;
        List<string> seen = FullScan(h, ["COUNT", "7"], call =>
        {
            // First the table grows (doubling twice), then most keys go and the cron shrinks it.
            if (call < 150)
            {
                for (int i = 0; i < 60; i++)
                {
                    h.Run("SET", "new:" + added++, "v");
                }
            }
            else
            {
                for (int i = 0; i < 100 && removed < 3_000; i++)
                {
                    h.Run("DEL", "doomed:" + removed++);
                }
                for (int i = 0; i < 100 && added > 0; i++)
                {
                    h.Run("DEL", "new:" + --added);
                }
                ServerCron.RunOnce(h.Server);
            }
        });
        var set = new HashSet<string>(seen);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.Contains("stable:" + i, set);
        }
        Assert.True(Db(h).Keys.BucketCount < 4_096, "the table never shrank during the scan");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Scan_RandomChurnWithResizes_ReturnsEveryKeyPresentThroughout(int seed)
    {
        var h = new CommandHarness();
        var random = new Random(seed);
        Fill(h, 500, "stable:");
        var transient = new List<string>();
        int next = 0;
        List<string> seen = FullScan(h, [], call =>
        {
            int adds = call < 200 ? random.Next(0, call % 10 < 5 ? 120 : 3) : 0;
            for (int i = 0; i < adds; i++)
            {
                string key = "t:" + next++;
                h.Run("SET", key, "v");
                transient.Add(key);
            }
            int removes = random.Next(0, call % 10 < 5 ? 3 : 150);
            for (int i = 0; i < removes && transient.Count > 0; i++)
            {
                int pick = random.Next(transient.Count);
                h.Run("DEL", transient[pick]);
                transient[pick] = transient[^1];
                transient.RemoveAt(transient.Count - 1);
            }
            ServerCron.RunOnce(h.Server);
        });
        var set = new HashSet<string>(seen);
        for (int i = 0; i < 500; i++)
        {
            Assert.Contains("stable:" + i, set);
        }
    }

    [Fact]
    public void Scan_CursorBeyondTableSize_IsMaskedAndEnds()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        RespValue reply = h.Call("SCAN", "18446744073709551615");
        Assert.Equal("0", reply.Items![0].Text);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("\t1")]
    [InlineData("0x10")]
    [InlineData("1.5")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("18446744073709551616")]
    [InlineData("-18446744073709551616")]
    [InlineData("99999999999999999999999")]
    public void Scan_InvalidCursor_IsError(string cursor)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("SCAN", cursor));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("SCAN", cursor, "COUNT", "0"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("+0")]
    [InlineData("-0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("18446744073709551615")]
    [InlineData("-18446744073709551615")]
    public void Scan_CursorAsStrtoulAccepts_IsValid(string cursor)
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal('*', h.Call("SCAN", cursor).Type);
    }

    [Fact]
    public void Scan_CursorWithNulByte_ReadsUpToTheNul()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n", h.RunBytes(h.Client, "SCAN"u8.ToArray(), [(byte)'0', 0, (byte)'x']));
    }

    [Theory]
    [InlineData(new[] { "COUNT", "0" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "COUNT", "-1" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "COUNT", "abc" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "COUNT", "99999999999999999999" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "COUNT" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "MATCH" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "TYPE" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "foo", "bar" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "MATCH", "*", "COUNT" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "COUNT", "0", "foo" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "foo", "COUNT", "abc" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "COUNT", "abc", "foo" }, "-ERR value is not an integer or out of range\r\n")]
    public void Scan_BadOptions_AreErrors(string[] options, string expected)
    {
        var h = new CommandHarness();
        var args = new List<string> { "SCAN", "0" };
        args.AddRange(options);
        Assert.Equal(expected, h.Run([.. args]));
    }

    [Fact]
    public void Scan_OptionsAreCaseInsensitive_AndLastOneWins()
    {
        var h = new CommandHarness();
        Fill(h, 10, "a:");
        Fill(h, 10, "b:");
        List<string> keys = FullScan(h, ["match", "zzz*", "Match", "a:*", "count", "1", "CoUnT", "100"]);
        Assert.Equal(10, keys.Count);
        Assert.All(keys, k => Assert.StartsWith("a:", k));
    }

    [Fact]
    public void Scan_Match_FiltersByGlob()
    {
        var h = new CommandHarness();
        Fill(h, 100, "user:");
        Fill(h, 100, "order:");
        List<string> keys = FullScan(h, ["MATCH", "user:?"]);
        keys.Sort(StringComparer.Ordinal);
        Assert.Equal(["user:0", "user:1", "user:2", "user:3", "user:4", "user:5", "user:6", "user:7", "user:8", "user:9"], keys);
    }

    [Fact]
    public void Scan_MatchStar_MatchesEveryKeyEvenTheEmptyOne()
    {
        var h = new CommandHarness();
        h.Run("SET", "", "v");
        Assert.Equal("*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n", h.Run("SCAN", "0", "MATCH", "*"));
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SCAN", "0", "MATCH", "**"));
    }

    [Fact]
    public void Scan_Type_FiltersByTypeCaseInsensitively()
    {
        var h = new CommandHarness();
        Fill(h, 5, "s:");
        Db(h).Set("list1"u8, new KeyTestCollection(KvType.List));
        Db(h).Set("hash1"u8, new KeyTestCollection(KvType.Hash));
        Assert.Equal(["list1"], FullScan(h, ["TYPE", "list"]));
        Assert.Equal(["hash1"], FullScan(h, ["type", "HASH"]));
        Assert.Equal(5, FullScan(h, ["TYPE", "String"]).Count);
        Assert.Empty(FullScan(h, ["TYPE", "zset"]));
        Assert.Empty(FullScan(h, ["TYPE", "nonsense"]));
    }

    [Fact]
    public void Scan_TypeFilter_CountsAHitPerKeyChecked_PatternFirst()
    {
        var h = new CommandHarness();
        Fill(h, 6, "a:");
        Fill(h, 4, "b:");
        FullScan(h, ["MATCH", "a:*", "TYPE", "hash"]);
        Assert.Equal(6, h.Server.KeyspaceStats.Hits);
        FullScan(h, []);
        Assert.Equal(6, h.Server.KeyspaceStats.Hits);
        Assert.Equal(0, h.Server.KeyspaceStats.Misses);
    }

    [Fact]
    public void Scan_ExpiredKeys_AreRemovedAndNotReturned()
    {
        var h = new CommandHarness();
        Fill(h, 10, "live:");
        Fill(h, 10, "dead:");
        for (int i = 0; i < 10; i++)
        {
            Db(h).SetExpire(Encoding.ASCII.GetBytes("dead:" + i), h.Clock.UnixTimeMilliseconds);
        }
        h.Clock.Advance(1);
        List<string> keys = FullScan(h, []);
        Assert.Equal(10, keys.Count);
        Assert.All(keys, k => Assert.StartsWith("live:", k));
        Assert.Equal(10, h.Server.KeyspaceStats.ExpiredKeys);
        Assert.Equal(10, Db(h).Count);
    }

    [Fact]
    public void Scan_ExpiredKeysFilteredByPattern_AreLeftInPlace()
    {
        var h = new CommandHarness();
        Fill(h, 10, "dead:");
        for (int i = 0; i < 10; i++)
        {
            Db(h).SetExpire(Encoding.ASCII.GetBytes("dead:" + i), h.Clock.UnixTimeMilliseconds);
        }
        h.Clock.Advance(1);
        Assert.Empty(FullScan(h, ["MATCH", "live:*"]));
        Assert.Equal(10, Db(h).Count);
        Assert.Equal(0, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Scan_TypeNone_ReturnsKeysItsTypeLookupExpired()
    {
        // Redis 7.0.15 looks the type up first (expiring the key, type "none"), then checks expiry again
        // and finds nothing to expire, so SCAN ... TYPE none returns the expired keys.
        var h = new CommandHarness();
        Fill(h, 3, "dead:");
        h.Run("SET", "live", "v");
        for (int i = 0; i < 3; i++)
        {
            Db(h).SetExpire(Encoding.ASCII.GetBytes("dead:" + i), h.Clock.UnixTimeMilliseconds);
        }
        h.Clock.Advance(1);
        List<string> keys = FullScan(h, ["TYPE", "none"]);
        keys.Sort(StringComparer.Ordinal);
        Assert.Equal(["dead:0", "dead:1", "dead:2"], keys);
        Assert.Equal(1, Db(h).Count);
        Assert.Equal(3, h.Server.KeyspaceStats.Misses);
        Assert.Equal(1, h.Server.KeyspaceStats.Hits);
    }

    [Fact]
    public void Scan_DoesNotTouchKeys()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        h.Clock.Advance(9_000);
        h.Run("SCAN", "0", "TYPE", "string");
        Assert.Equal(":9\r\n", h.Run("OBJECT", "IDLETIME", "k"));
    }

    [Fact]
    public void Scan_BinaryKeys_ReturnedExactly()
    {
        var h = new CommandHarness();
        h.RunBytes(h.Client, "SET"u8.ToArray(), [0, 13, 10, 255], "v"u8.ToArray());
        Assert.Equal("*2\r\n$1\r\n0\r\n*1\r\n$4\r\n\0\r\n\u00ff\r\n", h.Run("SCAN", "0"));
    }

    [Fact]
    public void Scan_WrongArity_IsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'scan' command\r\n", h.Run("SCAN"));
    }
}
