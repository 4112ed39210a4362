using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>DEL, UNLINK, EXISTS, TYPE, KEYS, RANDOMKEY, RENAME, RENAMENX, COPY, MOVE, TOUCH.</summary>
public class KeyCommandsTests
{
    private static Database Db(CommandHarness h, int index = 0) => h.Server.Databases[index];

    private static long Dirty(CommandHarness h) => h.Server.KeyspaceStats.Dirty;

    private static (long Hits, long Misses) Stats(CommandHarness h) =>
        (h.Server.KeyspaceStats.Hits, h.Server.KeyspaceStats.Misses);

    private static void SetWithTtl(CommandHarness h, string key, string value, long milliseconds)
    {
        h.Run("SET", key, value);
        Db(h).SetExpire(Encoding.Latin1.GetBytes(key), h.Clock.UnixTimeMilliseconds + milliseconds);
    }

    private static string Get(CommandHarness h, string key) => h.Run("GET", key);

    // ---- DEL / UNLINK ----

    [Fact]
    public void Del_ExistingAndMissingKeys_ReturnsNumberDeleted()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "2");
        Assert.Equal(":2\r\n", h.Run("DEL", "a", "b", "c"));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "a", "b"));
    }

    [Fact]
    public void Del_SameKeyTwice_CountsOnce()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        Assert.Equal(":1\r\n", h.Run("DEL", "a", "a"));
    }

    [Fact]
    public void Del_MissingKey_ReturnsZeroAndIsNotDirty()
    {
        var h = new CommandHarness();
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("DEL", "nope"));
        Assert.Equal(before, Dirty(h));
    }

    [Fact]
    public void Del_CountsOneDirtyPerDeletedKey()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "1");
        long before = Dirty(h);
        h.Run("DEL", "a", "b", "c");
        Assert.Equal(before + 2, Dirty(h));
    }

    [Fact]
    public void Del_ExpiredKey_IsExpiredNotDeleted()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 100);
        h.Clock.Advance(101);
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("DEL", "a"));
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredKeys);
        Assert.Equal(before, Dirty(h));
        Assert.Equal(0, Db(h).Count);
    }

    [Fact]
    public void Del_DoesNotCountKeyspaceHitsOrMisses()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("DEL", "a", "b");
        Assert.Equal((0L, 0L), Stats(h));
    }

    [Fact]
    public void Del_BinaryKey_DeletesExactBytes()
    {
        var h = new CommandHarness();
        h.RunBytes(h.Client, "SET"u8.ToArray(), [0, 255, 10], "v"u8.ToArray());
        Assert.Equal(":0\r\n", h.RunBytes(h.Client, "DEL"u8.ToArray(), [0, 255]));
        Assert.Equal(":1\r\n", h.RunBytes(h.Client, "DEL"u8.ToArray(), [0, 255, 10]));
    }

    [Fact]
    public void Del_NoKeys_IsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'del' command\r\n", h.Run("DEL"));
    }

    [Fact]
    public void Unlink_BehavesAsDel()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "1");
        SetWithTtl(h, "c", "1", 10);
        h.Clock.Advance(11);
        Assert.Equal(":2\r\n", h.Run("UNLINK", "a", "b", "c", "a"));
        Assert.Equal(0, Db(h).Count);
        Assert.Equal("-ERR wrong number of arguments for 'unlink' command\r\n", h.Run("UNLINK"));
    }

    // ---- EXISTS ----

    [Fact]
    public void Exists_RepeatedKeys_CountsEachOccurrence()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        Assert.Equal(":3\r\n", h.Run("EXISTS", "a", "a", "b", "a"));
    }

    [Fact]
    public void Exists_ExpiredKey_IsNotCounted()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 100);
        h.Clock.Advance(100);
        Assert.Equal(":1\r\n", h.Run("EXISTS", "a"));
        h.Clock.Advance(1);
        Assert.Equal(":0\r\n", h.Run("EXISTS", "a"));
    }

    [Fact]
    public void Exists_CountsHitsAndMisses_WithoutTouchingTheKey()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Clock.Advance(5_000);
        h.Run("EXISTS", "a", "b", "a");
        Assert.Equal((2L, 1L), Stats(h));
        Assert.Equal(":5\r\n", h.Run("OBJECT", "IDLETIME", "a"));
    }

    // ---- TYPE ----

    [Fact]
    public void Type_EachKind_ReturnsRedisTypeName()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "v");
        h.Run("SET", "i", "12");
        Db(h).Set("l"u8, new KeyTestCollection(KvType.List));
        Db(h).Set("h"u8, new KeyTestCollection(KvType.Hash));
        Db(h).Set("st"u8, new KeyTestCollection(KvType.Set));
        Db(h).Set("z"u8, new KeyTestCollection(KvType.SortedSet));
        Assert.Equal("+string\r\n", h.Run("TYPE", "s"));
        Assert.Equal("+string\r\n", h.Run("TYPE", "i"));
        Assert.Equal("+list\r\n", h.Run("TYPE", "l"));
        Assert.Equal("+hash\r\n", h.Run("TYPE", "h"));
        Assert.Equal("+set\r\n", h.Run("TYPE", "st"));
        Assert.Equal("+zset\r\n", h.Run("TYPE", "z"));
        Assert.Equal("+none\r\n", h.Run("TYPE", "missing"));
    }

    [Fact]
    public void Type_ExpiredKey_ReturnsNone()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 10);
        h.Clock.Advance(11);
        Assert.Equal("+none\r\n", h.Run("TYPE", "a"));
    }

    [Fact]
    public void Type_Resp3_IsSimpleString()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal("+none\r\n", h.Run("TYPE", "a"));
    }

    [Fact]
    public void Type_CountsHitOrMiss_WithoutTouching()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Clock.Advance(3_000);
        h.Run("TYPE", "a");
        h.Run("TYPE", "b");
        Assert.Equal((1L, 1L), Stats(h));
        Assert.Equal(":3\r\n", h.Run("OBJECT", "IDLETIME", "a"));
    }

    // ---- KEYS ----

    [Fact]
    public void Keys_Pattern_ReturnsMatchingKeys()
    {
        var h = new CommandHarness();
        foreach (string key in new[] { "user:1", "user:2", "user:10", "session:1" })
        {
            h.Run("SET", key, "v");
        }
        RespValue reply = h.Call("KEYS", "user:?");
        var keys = reply.Items!.ConvertAll(v => v.Text);
        keys.Sort(StringComparer.Ordinal);
        Assert.Equal(["user:1", "user:2"], keys);
    }

    [Fact]
    public void Keys_EmptyDatabase_ReturnsEmptyArray()
    {
        var h = new CommandHarness();
        Assert.Equal("*0\r\n", h.Run("KEYS", "*"));
    }

    [Fact]
    public void Keys_Star_IncludesTheEmptyKey_DoubleStarDoesNot()
    {
        var h = new CommandHarness();
        h.Run("SET", "", "v");
        Assert.Equal("*1\r\n$0\r\n\r\n", h.Run("KEYS", "*"));
        Assert.Equal("*0\r\n", h.Run("KEYS", "**"));
    }

    [Fact]
    public void Keys_ExpiredKeys_AreLeftOutButNotRemoved()
    {
        var h = new CommandHarness();
        h.Run("SET", "live", "v");
        SetWithTtl(h, "dead", "v", 10);
        h.Clock.Advance(11);
        Assert.Equal("*1\r\n$4\r\nlive\r\n", h.Run("KEYS", "*"));
        Assert.Equal(":2\r\n", h.Run("DBSIZE"));
        Assert.Equal(0, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Keys_DoesNotCountKeyspaceStatistics()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "v");
        h.Run("KEYS", "*");
        h.Run("KEYS", "a*");
        Assert.Equal((0L, 0L), Stats(h));
    }

    // ---- RANDOMKEY ----

    [Fact]
    public void Randomkey_EmptyDatabase_ReturnsNull()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("RANDOMKEY"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("RANDOMKEY"));
    }

    [Fact]
    public void Randomkey_SingleKey_ReturnsIt()
    {
        var h = new CommandHarness();
        h.Run("SET", "only", "v");
        Assert.Equal("$4\r\nonly\r\n", h.Run("RANDOMKEY"));
    }

    [Fact]
    public void Randomkey_ManyKeys_ReturnsManyDifferentKeys()
    {
        var h = new CommandHarness();
        for (int i = 0; i < 100; i++)
        {
            h.Run("SET", "k" + i, "v");
        }
        var seen = new HashSet<string>();
        for (int i = 0; i < 1_000; i++)
        {
            seen.Add(h.Call("RANDOMKEY").Text!);
        }
        Assert.True(seen.Count > 80, $"only {seen.Count} distinct keys");
        Assert.All(seen, k => Assert.StartsWith("k", k));
    }

    [Fact]
    public void Randomkey_OnlyExpiredKeys_RemovesThemAndReturnsNull()
    {
        var h = new CommandHarness();
        for (int i = 0; i < 10; i++)
        {
            SetWithTtl(h, "k" + i, "v", 5);
        }
        h.Clock.Advance(6);
        Assert.Equal("$-1\r\n", h.Run("RANDOMKEY"));
        Assert.Equal(":0\r\n", h.Run("DBSIZE"));
        Assert.Equal(10, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void Randomkey_NeverReturnsExpiredKey()
    {
        var h = new CommandHarness();
        for (int i = 0; i < 20; i++)
        {
            SetWithTtl(h, "dead" + i, "v", 5);
        }
        h.Run("SET", "live", "v");
        h.Clock.Advance(6);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("$4\r\nlive\r\n", h.Run("RANDOMKEY"));
        }
    }

    // ---- RENAME / RENAMENX ----

    [Fact]
    public void Rename_MissingKey_ReturnsNoSuchKey()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR no such key\r\n", h.Run("RENAME", "a", "b"));
        Assert.Equal("-ERR no such key\r\n", h.Run("RENAME", "a", "a"));
    }

    [Fact]
    public void Rename_ExpiredKey_ReturnsNoSuchKey()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 10);
        h.Clock.Advance(11);
        Assert.Equal("-ERR no such key\r\n", h.Run("RENAME", "a", "b"));
    }

    [Fact]
    public void Rename_ToNewName_MovesValue()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "hello");
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", h.Run("RENAME", "a", "b"));
        Assert.Equal("$-1\r\n", Get(h, "a"));
        Assert.Equal("$5\r\nhello\r\n", Get(h, "b"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Rename_KeepsTheTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "v");
        h.Run("PEXPIRE", "a", "5000");
        h.Clock.Advance(1_000);
        h.Run("RENAME", "a", "b");
        Assert.Equal(":4000\r\n", h.Run("PTTL", "b"));
        Assert.Equal(":-2\r\n", h.Run("PTTL", "a"));
    }

    [Fact]
    public void Rename_OverExistingKey_ReplacesValueAndItsTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "new");
        SetWithTtl(h, "b", "old", 10_000);
        Assert.Equal("+OK\r\n", h.Run("RENAME", "a", "b"));
        Assert.Equal("$3\r\nnew\r\n", Get(h, "b"));
        Assert.Equal(":-1\r\n", h.Run("TTL", "b"));
        Assert.Equal(":1\r\n", h.Run("DBSIZE"));
    }

    [Fact]
    public void Rename_SameKey_ReturnsOkAndChangesNothing()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "v", 10_000);
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", h.Run("RENAME", "a", "a"));
        Assert.Equal(":10000\r\n", h.Run("PTTL", "a"));
        Assert.Equal(before, Dirty(h));
    }

    [Fact]
    public void Rename_KeepsIdleTime()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "v");
        h.Clock.Advance(10_000);
        h.Run("RENAME", "a", "b");
        // RENAME's own write lookup touches the value, which then moves with its clock.
        Assert.Equal(":0\r\n", h.Run("OBJECT", "IDLETIME", "b"));
        h.Clock.Advance(2_000);
        Assert.Equal(":2\r\n", h.Run("OBJECT", "IDLETIME", "b"));
    }

    [Fact]
    public void Rename_DoesNotCountKeyspaceStatistics()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "v");
        h.Run("RENAME", "a", "b");
        h.Run("RENAME", "x", "y");
        Assert.Equal((0L, 0L), Stats(h));
    }

    [Fact]
    public void Renamenx_TargetExists_ReturnsZeroAndKeepsBoth()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "2");
        long before = Dirty(h);
        Assert.Equal(":0\r\n", h.Run("RENAMENX", "a", "b"));
        Assert.Equal("$1\r\n1\r\n", Get(h, "a"));
        Assert.Equal("$1\r\n2\r\n", Get(h, "b"));
        Assert.Equal(before, Dirty(h));
    }

    [Fact]
    public void Renamenx_TargetFree_RenamesAndReturnsOne()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 3_000);
        Assert.Equal(":1\r\n", h.Run("RENAMENX", "a", "b"));
        Assert.Equal("$1\r\n1\r\n", Get(h, "b"));
        Assert.Equal(":3000\r\n", h.Run("PTTL", "b"));
    }

    [Fact]
    public void Renamenx_TargetExpired_RenamesOverIt()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        SetWithTtl(h, "b", "2", 10);
        h.Clock.Advance(11);
        Assert.Equal(":1\r\n", h.Run("RENAMENX", "a", "b"));
        Assert.Equal("$1\r\n1\r\n", Get(h, "b"));
    }

    [Fact]
    public void Renamenx_SameKey_ReturnsZero_MissingKeyIsError()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        Assert.Equal(":0\r\n", h.Run("RENAMENX", "a", "a"));
        Assert.Equal("-ERR no such key\r\n", h.Run("RENAMENX", "x", "x"));
        Assert.Equal("-ERR no such key\r\n", h.Run("RENAMENX", "x", "a"));
    }

    [Fact]
    public void Rename_WrongArity_IsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'rename' command\r\n", h.Run("RENAME", "a"));
        Assert.Equal("-ERR wrong number of arguments for 'renamenx' command\r\n", h.Run("RENAMENX", "a", "b", "c"));
    }

    // ---- COPY ----

    [Fact]
    public void Copy_ToNewKey_CopiesValueAndTtl()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "hello", 7_000);
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run("COPY", "a", "b"));
        Assert.Equal("$5\r\nhello\r\n", Get(h, "b"));
        Assert.Equal("$5\r\nhello\r\n", Get(h, "a"));
        Assert.Equal(":7000\r\n", h.Run("PTTL", "b"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Copy_Collection_StoresAClone()
    {
        var h = new CommandHarness();
        var original = new KeyTestCollection(KvType.List);
        Db(h).Set("a"u8, original);
        Assert.Equal(":1\r\n", h.Run("COPY", "a", "b"));
        var copy = (KeyTestCollection)Db(h).Peek("b"u8, h.Clock.UnixTimeMilliseconds)!;
        Assert.NotSame(original, copy);
        Assert.Same(original, copy.ClonedFrom);
    }

    [Fact]
    public void Copy_IntValue_IsIndependentObject()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "100000");
        h.Run("COPY", "a", "b");
        object a = Db(h).Peek("a"u8, 0)!;
        object b = Db(h).Peek("b"u8, 0)!;
        Assert.IsType<KvInt>(b);
        Assert.NotSame(a, b);
    }

    [Fact]
    public void Copy_TargetExists_WithoutReplace_ReturnsZero()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "2");
        Assert.Equal(":0\r\n", h.Run("COPY", "a", "b"));
        Assert.Equal("$1\r\n2\r\n", Get(h, "b"));
    }

    [Fact]
    public void Copy_TargetExists_WithReplace_ReplacesValueAndTtl()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        SetWithTtl(h, "b", "2", 9_000);
        Assert.Equal(":1\r\n", h.Run("COPY", "a", "b", "REPLACE"));
        Assert.Equal("$1\r\n1\r\n", Get(h, "b"));
        Assert.Equal(":-1\r\n", h.Run("TTL", "b"));
        Assert.Equal(":1\r\n", h.Run("COPY", "a", "b", "replace", "REPLACE"));
    }

    [Fact]
    public void Copy_SameKeySameDatabase_IsSameObjectError()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        Assert.Equal("-ERR source and destination objects are the same\r\n", h.Run("COPY", "a", "a"));
        Assert.Equal("-ERR source and destination objects are the same\r\n", h.Run("COPY", "a", "a", "DB", "0"));
        // Checked before the source is looked up.
        Assert.Equal("-ERR source and destination objects are the same\r\n", h.Run("COPY", "x", "x"));
    }

    [Fact]
    public void Copy_SameKeyOtherDatabase_Copies()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 4_000);
        Assert.Equal(":1\r\n", h.Run("COPY", "a", "a", "DB", "3"));
        Assert.Equal(1, Db(h, 3).Count);
        Assert.Equal(h.Clock.UnixTimeMilliseconds + 4_000, Db(h, 3).GetExpire("a"u8));
        Assert.Equal(":0\r\n", h.Run("COPY", "a", "a", "db", "3"));
    }

    [Fact]
    public void Copy_MissingOrExpiredSource_ReturnsZero()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("COPY", "x", "y"));
        SetWithTtl(h, "a", "1", 1);
        h.Clock.Advance(2);
        Assert.Equal(":0\r\n", h.Run("COPY", "a", "b"));
        Assert.Equal(":0\r\n", h.Run("DBSIZE"));
    }

    [Theory]
    [InlineData(new[] { "DB" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "foo" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "DB", "x" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "DB", "1.0" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "DB", "01" }, "-ERR value is not an integer or out of range\r\n")]
    [InlineData(new[] { "DB", "2147483648" }, "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n")]
    [InlineData(new[] { "DB", "-2147483649" }, "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n")]
    [InlineData(new[] { "DB", "16" }, "-ERR DB index is out of range\r\n")]
    [InlineData(new[] { "DB", "-1" }, "-ERR DB index is out of range\r\n")]
    [InlineData(new[] { "DB", "99", "foo" }, "-ERR DB index is out of range\r\n")]
    [InlineData(new[] { "DB", "1", "REPLACE", "foo" }, "-ERR syntax error\r\n")]
    [InlineData(new[] { "REPLACE", "REPLACE", "DB", "1", "DB", "2" }, ":1\r\n")]
    public void Copy_Options_CheckedInOrder(string[] options, string expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        var args = new List<string> { "COPY", "a", "b" };
        args.AddRange(options);
        Assert.Equal(expected, h.Run([.. args]));
    }

    [Fact]
    public void Copy_CountsTheSourceLookupAsHitOrMiss()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("COPY", "a", "b");
        h.Run("COPY", "x", "y");
        Assert.Equal((1L, 1L), Stats(h));
    }

    [Fact]
    public void Copy_NewKey_HasFreshIdleTime()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Clock.Advance(10_000);
        h.Run("COPY", "a", "b");
        Assert.Equal(":0\r\n", h.Run("OBJECT", "IDLETIME", "b"));
    }

    // ---- MOVE ----

    [Fact]
    public void Move_ToOtherDatabase_MovesValueAndTtl()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "v", 6_000);
        long before = Dirty(h);
        Assert.Equal(":1\r\n", h.Run("MOVE", "a", "1"));
        Assert.Equal(":0\r\n", h.Run("EXISTS", "a"));
        Assert.Equal(h.Clock.UnixTimeMilliseconds + 6_000, Db(h, 1).GetExpire("a"u8));
        Assert.Equal(before + 1, Dirty(h));
        h.Client.Database = Db(h, 1);
        Assert.Equal("$1\r\nv\r\n", Get(h, "a"));
    }

    [Fact]
    public void Move_TargetHasKey_ReturnsZero()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "src");
        Db(h, 1).Set("a"u8, Encoding.ASCII.GetBytes("dst"));
        Assert.Equal(":0\r\n", h.Run("MOVE", "a", "1"));
        Assert.Equal("$3\r\nsrc\r\n", Get(h, "a"));
    }

    [Fact]
    public void Move_TargetKeyExpired_MovesOverIt()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "src");
        Db(h, 1).Set("a"u8, Encoding.ASCII.GetBytes("dst"));
        Db(h, 1).SetExpire("a"u8, h.Clock.UnixTimeMilliseconds);
        h.Clock.Advance(1);
        Assert.Equal(":1\r\n", h.Run("MOVE", "a", "1"));
        Assert.Equal(-1, Db(h, 1).GetExpire("a"u8));
    }

    [Fact]
    public void Move_MissingKey_ReturnsZero()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("MOVE", "a", "1"));
    }

    [Theory]
    [InlineData("abc", "-ERR value is not an integer or out of range\r\n")]
    [InlineData("01", "-ERR value is not an integer or out of range\r\n")]
    [InlineData("99999999999", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n")]
    [InlineData("2147483647", "-ERR DB index is out of range\r\n")]
    [InlineData("16", "-ERR DB index is out of range\r\n")]
    [InlineData("-1", "-ERR DB index is out of range\r\n")]
    [InlineData("0", "-ERR source and destination objects are the same\r\n")]
    public void Move_BadDatabase_IsErrorEvenForMissingKey(string db, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run("MOVE", "missing", db));
        h.Run("SET", "a", "1");
        Assert.Equal(expected, h.Run("MOVE", "a", db));
    }

    [Fact]
    public void Move_FromSelectedDatabase_ComparesWithIt()
    {
        var h = new CommandHarness();
        h.Client.Database = Db(h, 5);
        h.Run("SET", "a", "1");
        Assert.Equal("-ERR source and destination objects are the same\r\n", h.Run("MOVE", "a", "5"));
        Assert.Equal(":1\r\n", h.Run("MOVE", "a", "0"));
        Assert.Equal(1, Db(h, 0).Count);
    }

    // ---- TOUCH ----

    [Fact]
    public void Touch_CountsExistingKeysAndRefreshesIdleTime()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("SET", "b", "1");
        h.Clock.Advance(8_000);
        Assert.Equal(":3\r\n", h.Run("TOUCH", "a", "x", "a", "b"));
        Assert.Equal((3L, 1L), Stats(h));
        Assert.Equal(":0\r\n", h.Run("OBJECT", "IDLETIME", "a"));
    }

    [Fact]
    public void Touch_ExpiredKey_NotCounted()
    {
        var h = new CommandHarness();
        SetWithTtl(h, "a", "1", 1);
        h.Clock.Advance(2);
        Assert.Equal(":0\r\n", h.Run("TOUCH", "a"));
    }
}
