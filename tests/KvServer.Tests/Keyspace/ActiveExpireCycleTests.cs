using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Keyspace;

/// <summary>
/// The active expiry cycle driven by hand: a manual clock moves the keys past their time, and
/// <see cref="ServerCron.RunOnce(ServerState)"/> plays the cron. The time budget is real (Stopwatch), so the
/// bounds below are generous multiples of what a slow machine needs, never timing assertions.
/// </summary>
public class ActiveExpireCycleTests
{
    private static void AddVolatileKeys(Database db, int count, long expireAt, string prefix = "key:")
    {
        for (int i = 0; i < count; i++)
        {
            byte[] key = Encoding.ASCII.GetBytes(prefix + i);
            db.Add(key, new KvInt(i), expireAt);
        }
    }

    [Fact]
    public void RunOnce_MillionKeysExpiredUntouched_AllReleasedInBoundedCycles()
    {
        // hz 1 gives each cycle a 250 ms budget; even at 10 000 deletions a second (far below any real
        // machine) 1 000 000 keys need 400 cycles, and the bound of 1000 leaves room on top of that.
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "hz 1"));
        Database db = h.Server.Databases[0];
        AddVolatileKeys(db, 1_000_000, h.Clock.UnixTimeMilliseconds + 1_000);
        h.Clock.Advance(2_000);

        int cycles = 0;
        while (db.Count > 0 && cycles < 1_000)
        {
            int before = db.Count;
            ServerCron.RunOnce(h.Server);
            cycles++;
            Assert.True(db.Count < before, $"cycle {cycles} expired nothing ({before} keys left)");
        }

        Assert.Equal(0, db.Count);
        Assert.Equal(0, db.ExpiresCount);
        Assert.Equal(1_000_000, h.Server.KeyspaceStats.ExpiredKeys);
        // The emptied tables were shrunk by the same cron.
        Assert.Equal(KeyTable<object>.InitialBuckets, db.Keys.BucketCount);
        Assert.Equal(KeyTable<long>.InitialBuckets, db.Expires.BucketCount);
    }

    [Fact]
    public void RunOnce_KeysNotYetExpired_AreKept()
    {
        var h = new CommandHarness();
        Database db = h.Server.Databases[0];
        AddVolatileKeys(db, 10_000, h.Clock.UnixTimeMilliseconds + 60_000);
        for (int i = 0; i < 50; i++)
        {
            ServerCron.RunOnce(h.Server);
        }
        Assert.Equal(10_000, db.Count);
        Assert.Equal(0, h.Server.KeyspaceStats.ExpiredKeys);
        Assert.InRange(db.AverageTtl, 59_000, 60_000);
    }

    [Fact]
    public void RunOnce_MixOfExpiredAndLiveKeys_ExpiresOnlyThePastOnes()
    {
        var h = new CommandHarness();
        Database db = h.Server.Databases[0];
        long now = h.Clock.UnixTimeMilliseconds;
        AddVolatileKeys(db, 5_000, now + 500, "short:");
        AddVolatileKeys(db, 5_000, now + 3_600_000, "long:");
        for (int i = 0; i < 100; i++)
        {
            db.Add(Encoding.ASCII.GetBytes("persistent:" + i), new KvInt(i));
        }
        h.Clock.Advance(1_000);

        // Once under 10% of a sample is stale a database is left alone until the next cycle, so the last
        // stale keys go a few at a time: the cron keeps at it while any remain.
        int cycles = 0;
        while (db.Count > 5_100 && cycles < 10_000)
        {
            ServerCron.RunOnce(h.Server);
            cycles++;
        }
        Assert.Equal(5_100, db.Count);
        Assert.Equal(5_000, db.ExpiresCount);
        Assert.Equal(5_000, h.Server.KeyspaceStats.ExpiredKeys);
        Assert.NotNull(db.Peek("long:42"u8, h.Clock.UnixTimeMilliseconds));
        Assert.NotNull(db.Peek("persistent:42"u8, h.Clock.UnixTimeMilliseconds));
    }

    [Fact]
    public void RunOnce_ExpiredKeysInSeveralDatabases_AllReleased()
    {
        var h = new CommandHarness();
        long expireAt = h.Clock.UnixTimeMilliseconds + 10;
        foreach (int index in new[] { 0, 3, 15 })
        {
            AddVolatileKeys(h.Server.Databases[index], 20_000, expireAt);
        }
        h.Clock.Advance(100);
        int cycles = 0;
        while (cycles < 1_000 && (h.Server.Databases[0].Count + h.Server.Databases[3].Count + h.Server.Databases[15].Count) > 0)
        {
            ServerCron.RunOnce(h.Server);
            cycles++;
        }
        Assert.Equal(0, h.Server.Databases[0].Count);
        Assert.Equal(0, h.Server.Databases[3].Count);
        Assert.Equal(0, h.Server.Databases[15].Count);
        Assert.Equal(60_000, h.Server.KeyspaceStats.ExpiredKeys);
    }

    [Fact]
    public void RunOnce_ExpiredKeys_RaiseKeyExpiredForEach()
    {
        var h = new CommandHarness();
        Database db = h.Server.Databases[0];
        var expired = new HashSet<string>();
        db.KeyExpired = (_, key) => expired.Add(Encoding.ASCII.GetString(key));
        AddVolatileKeys(db, 300, h.Clock.UnixTimeMilliseconds);
        h.Clock.Advance(1);
        for (int i = 0; i < 100 && db.Count > 0; i++)
        {
            ServerCron.RunOnce(h.Server);
        }
        Assert.Equal(300, expired.Count);
        Assert.Contains("key:299", expired);
    }

    [Fact]
    public void RunOnce_ClientsPaused_ExpiresNothing()
    {
        var h = new CommandHarness();
        Database db = h.Server.Databases[0];
        AddVolatileKeys(db, 1_000, h.Clock.UnixTimeMilliseconds);
        h.Clock.Advance(10);
        h.Server.PauseUntilMs = h.Clock.UnixTimeMilliseconds + 5_000;
        ServerCron.RunOnce(h.Server);
        Assert.Equal(1_000, db.Count);
        h.Clock.Advance(6_000);
        for (int i = 0; i < 100 && db.Count > 0; i++)
        {
            ServerCron.RunOnce(h.Server);
        }
        Assert.Equal(0, db.Count);
    }

    [Fact]
    public void Run_BudgetTooSmallForTheWork_StopsAndRecordsTheTimeCap()
    {
        // hz 500 leaves 0.5 ms per cycle: nobody deletes 200 000 keys in that time.
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "hz 500"));
        Database db = h.Server.Databases[0];
        AddVolatileKeys(db, 200_000, h.Clock.UnixTimeMilliseconds);
        h.Clock.Advance(10);
        ServerCron.ActiveExpireCycle(h.Server);
        Assert.True(db.Count > 0);
        Assert.True(db.Count < 200_000);
        Assert.True(h.Server.ActiveExpire.TimeLimitExit);
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredTimeCapReachedCount);
        Assert.True(h.Server.KeyspaceStats.ExpiredStalePercent > 0.04);
    }

    [Fact]
    public void Run_HigherEffort_SamplesMoreKeysPerLoop()
    {
        // 25 keys all expired: effort 1 samples 20 per loop, effort 10 samples 20 + 5 * 9 = 65.
        var stats = new KeyspaceStats();
        var clock = new ManualClock(1_000_000);
        var db = new Database(0, stats, new ServerOptions(), clock);
        AddVolatileKeys(db, 25, 0);
        var cycle = new ActiveExpireCycle();
        cycle.Run([db], stats, clock, hz: 10, effort: 10);
        Assert.Equal(0, db.Count);
    }

    [Fact]
    public void Run_NothingToExpire_StalePercentDecays()
    {
        var stats = new KeyspaceStats { ExpiredStalePercent = 1.0 };
        var clock = new ManualClock(1_000_000);
        var db = new Database(0, stats, new ServerOptions(), clock);
        var cycle = new ActiveExpireCycle();
        cycle.Run([db], stats, clock, hz: 10, effort: 1);
        Assert.Equal(0.95, stats.ExpiredStalePercent, 6);
    }
}
