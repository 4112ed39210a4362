using System.Text;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>DBSIZE, FLUSHDB, FLUSHALL, SWAPDB.</summary>
public class DatabaseCommandsTests
{
    private static Database Db(CommandHarness h, int index) => h.Server.Databases[index];

    private static long Dirty(CommandHarness h) => h.Server.KeyspaceStats.Dirty;

    private static void Put(CommandHarness h, int db, params string[] keys)
    {
        foreach (string key in keys)
        {
            Db(h, db).Set(Encoding.ASCII.GetBytes(key), Encoding.ASCII.GetBytes("v" + db));
        }
    }

    [Fact]
    public void Dbsize_CountsKeysOfTheSelectedDatabase()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("DBSIZE"));
        Put(h, 0, "a", "b", "c");
        Put(h, 1, "x");
        Assert.Equal(":3\r\n", h.Run("DBSIZE"));
        h.Client.Database = Db(h, 1);
        Assert.Equal(":1\r\n", h.Run("DBSIZE"));
    }

    [Fact]
    public void Dbsize_IncludesExpiredKeysNotYetRemoved()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("PEXPIRE", "a", "5");
        h.Clock.Advance(6);
        Assert.Equal(":1\r\n", h.Run("DBSIZE"));
        h.Run("GET", "a");
        Assert.Equal(":0\r\n", h.Run("DBSIZE"));
    }

    [Fact]
    public void Dbsize_WithArgument_IsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'dbsize' command\r\n", h.Run("DBSIZE", "x"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ASYNC")]
    [InlineData("sync")]
    [InlineData("Async")]
    public void Flushdb_ClearsOnlyTheSelectedDatabase(string? mode)
    {
        var h = new CommandHarness();
        Put(h, 0, "a", "b");
        Put(h, 2, "c");
        h.Run("PEXPIRE", "a", "1000");
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", mode is null ? h.Run("FLUSHDB") : h.Run("FLUSHDB", mode));
        Assert.Equal(0, Db(h, 0).Count);
        Assert.Equal(0, Db(h, 0).ExpiresCount);
        Assert.Equal(1, Db(h, 2).Count);
        Assert.Equal(before + 2, Dirty(h));
    }

    [Fact]
    public void Flushdb_EmptyDatabase_IsOkAndNotDirty()
    {
        var h = new CommandHarness();
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", h.Run("FLUSHDB"));
        Assert.Equal(before, Dirty(h));
    }

    [Theory]
    [InlineData("FLUSHDB")]
    [InlineData("FLUSHALL")]
    public void Flush_BadArguments_AreSyntaxErrors(string command)
    {
        var h = new CommandHarness();
        Put(h, 0, "a");
        Assert.Equal("-ERR syntax error\r\n", h.Run(command, "foo"));
        Assert.Equal("-ERR syntax error\r\n", h.Run(command, "ASYNC", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run(command, "SYNC", "SYNC"));
        Assert.Equal(1, Db(h, 0).Count);
    }

    [Fact]
    public void Flushall_ClearsEveryDatabaseAndCountsEveryKey()
    {
        var h = new CommandHarness();
        Put(h, 0, "a", "b");
        Put(h, 7, "c");
        Put(h, 15, "d", "e", "f");
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", h.Run("FLUSHALL", "SYNC"));
        foreach (Database db in h.Server.Databases)
        {
            Assert.Equal(0, db.Count);
        }
        Assert.Equal(before + 6, Dirty(h));
    }

    [Fact]
    public void Flushall_ResetsAverageTtl()
    {
        var h = new CommandHarness();
        Db(h, 3).AverageTtl = 1234;
        h.Run("FLUSHALL");
        Assert.Equal(0, Db(h, 3).AverageTtl);
    }

    [Fact]
    public void Swapdb_ExchangesContents_ClientsSeeTheSwappedData()
    {
        var h = new CommandHarness();
        Put(h, 0, "zero");
        Put(h, 1, "one");
        h.Run("PEXPIRE", "zero", "9000");
        var other = h.NewClient();
        other.Database = Db(h, 1);
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", h.Run("SWAPDB", "0", "1"));
        Assert.Equal("$-1\r\n", h.Run("GET", "zero"));
        Assert.Equal("$2\r\nv1\r\n", h.Run("GET", "one"));
        Assert.Equal("$2\r\nv0\r\n", h.RunAs(other, "GET", "zero"));
        Assert.Equal(":9000\r\n", h.RunAs(other, "PTTL", "zero"));
        Assert.Equal(before + 1, Dirty(h));
    }

    [Fact]
    public void Swapdb_SameIndex_IsOkAndStillDirty()
    {
        var h = new CommandHarness();
        Put(h, 0, "a");
        long before = Dirty(h);
        Assert.Equal("+OK\r\n", h.Run("SWAPDB", "0", "0"));
        Assert.Equal(1, Db(h, 0).Count);
        Assert.Equal(before + 1, Dirty(h));
    }

    [Theory]
    [InlineData("a", "1", "-ERR invalid first DB index\r\n")]
    [InlineData("1", "b", "-ERR invalid second DB index\r\n")]
    [InlineData("a", "b", "-ERR invalid first DB index\r\n")]
    [InlineData("99999999999", "0", "-ERR invalid first DB index\r\n")]
    [InlineData("0", "99999999999", "-ERR invalid second DB index\r\n")]
    [InlineData("01", "0", "-ERR invalid first DB index\r\n")]
    [InlineData("0", "16", "-ERR DB index is out of range\r\n")]
    [InlineData("-1", "0", "-ERR DB index is out of range\r\n")]
    [InlineData("16", "x", "-ERR invalid second DB index\r\n")]
    public void Swapdb_BadIndexes_AreErrorsInOrder(string first, string second, string expected)
    {
        var h = new CommandHarness();
        long before = Dirty(h);
        Assert.Equal(expected, h.Run("SWAPDB", first, second));
        Assert.Equal(before, Dirty(h));
    }

    [Fact]
    public void Swapdb_WrongArity_IsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'swapdb' command\r\n", h.Run("SWAPDB", "0"));
    }

    [Fact]
    public void Swapdb_ThenActiveExpiry_ExpiresKeysInTheirNewDatabase()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        h.Run("PEXPIRE", "k", "10");
        h.Run("SWAPDB", "0", "4");
        h.Clock.Advance(11);
        KvServer.Engine.Execution.ServerCron.RunOnce(h.Server);
        Assert.Equal(0, Db(h, 4).Count);
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredKeys);
    }
}
