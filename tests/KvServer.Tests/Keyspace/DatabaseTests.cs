using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Keyspace;

namespace KvServer.Tests.Keyspace;

public class DatabaseTests
{
    private const long Start = 1_700_000_000_000;

    private readonly KeyspaceStats _stats = new();
    private readonly ServerOptions _options = new();
    private readonly ManualClock _clock = new(Start);

    private Database NewDatabase(int index = 0) => new(index, _stats, _options, _clock);

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Lookup_KeyAtItsExpiryTime_IsStillLive()
    {
        // keyIsExpired: a key expires when now > when, so it is readable during its last millisecond.
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        db.SetExpire("k"u8, Start + 100);
        Assert.NotNull(db.Lookup("k"u8, Start + 100));
        Assert.Null(db.Lookup("k"u8, Start + 101));
        Assert.Equal(0, db.Count);
    }

    [Fact]
    public void Lookup_ExpiredKey_RaisesKeyExpiredAndCountsIt()
    {
        Database db = NewDatabase();
        var expired = new List<string>();
        db.KeyExpired = (d, key) => expired.Add(Encoding.ASCII.GetString(key));
        db.Set("k"u8, Bytes("v"));
        db.SetExpire("k"u8, Start);
        Assert.Null(db.LookupWrite("k"u8, Start + 1));
        Assert.Equal(["k"], expired);
        Assert.Equal(1, _stats.ExpiredKeys);
        Assert.Equal(0, db.ExpiresCount);
    }

    [Fact]
    public void Lookup_CountsHitsAndMisses()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        db.Lookup("k"u8, Start);
        db.Lookup("x"u8, Start);
        db.LookupNoTouch("k"u8, Start);
        db.LookupNoTouch("x"u8, Start);
        Assert.Equal(2, _stats.Hits);
        Assert.Equal(2, _stats.Misses);
    }

    [Fact]
    public void LookupWriteContainsPeek_DoNotCountStatistics()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        db.LookupWrite("k"u8, Start);
        db.LookupWrite("x"u8, Start);
        db.Contains("k"u8, Start);
        db.Peek("x"u8, Start);
        Assert.Equal(0, _stats.Hits);
        Assert.Equal(0, _stats.Misses);
    }

    [Fact]
    public void IdleSeconds_NewKey_IsZero_AndGrowsWithTime()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        Assert.Equal(0, db.IdleSeconds("k"u8, Start));
        Assert.Equal(7, db.IdleSeconds("k"u8, Start + 7_000));
    }

    [Fact]
    public void IdleSeconds_LookupResets_LookupNoTouchDoesNot()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        _clock.Advance(10_000);
        db.LookupNoTouch("k"u8, _clock.UnixTimeMilliseconds);
        Assert.Equal(10, db.IdleSeconds("k"u8, _clock.UnixTimeMilliseconds));
        db.Lookup("k"u8, _clock.UnixTimeMilliseconds);
        Assert.Equal(0, db.IdleSeconds("k"u8, _clock.UnixTimeMilliseconds));
        _clock.Advance(3_000);
        db.LookupWrite("k"u8, _clock.UnixTimeMilliseconds);
        Assert.Equal(0, db.IdleSeconds("k"u8, _clock.UnixTimeMilliseconds));
    }

    [Fact]
    public void Set_OverwriteUnderLru_ResetsIdleTime()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        _clock.Advance(60_000);
        db.Set("k"u8, Bytes("w"));
        Assert.Equal(0, db.IdleSeconds("k"u8, _clock.UnixTimeMilliseconds));
    }

    [Fact]
    public void LfuFrequency_NewKey_StartsAtFive_AndFirstAccessAddsOne()
    {
        _options.MaxMemoryPolicy = "allkeys-lfu";
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        Assert.Equal(5, db.LfuFrequency("k"u8, Start));
        // At the initial value the increment probability is 1.
        db.Lookup("k"u8, Start);
        Assert.Equal(6, db.LfuFrequency("k"u8, Start));
        db.LookupNoTouch("k"u8, Start);
        Assert.Equal(6, db.LfuFrequency("k"u8, Start));
    }

    [Fact]
    public void LfuFrequency_DecaysOnePerMinute()
    {
        _options.MaxMemoryPolicy = "volatile-lfu";
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        Assert.Equal(2, db.LfuFrequency("k"u8, Start + 3 * 60_000));
        Assert.Equal(0, db.LfuFrequency("k"u8, Start + 60 * 60_000));
    }

    [Fact]
    public void LfuFrequency_DecayTimeZero_NeverDecays()
    {
        _options.MaxMemoryPolicy = "allkeys-lfu";
        _options.LfuDecayTime = 0;
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        Assert.Equal(5, db.LfuFrequency("k"u8, Start + 60 * 60_000));
    }

    [Fact]
    public void LfuCounter_ManyAccesses_GrowsLogarithmicallyAndSaturates()
    {
        _options.MaxMemoryPolicy = "allkeys-lfu";
        _options.LfuLogFactor = 0;   // every access counts: p = 1 / (0 + 1)
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        for (int i = 0; i < 300; i++)
        {
            db.Lookup("k"u8, Start);
        }
        Assert.Equal(255, db.LfuFrequency("k"u8, Start));
    }

    [Fact]
    public void Set_OverwriteUnderLfu_KeepsTheCounter()
    {
        _options.MaxMemoryPolicy = "allkeys-lfu";
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        db.Lookup("k"u8, Start);
        db.Set("k"u8, Bytes("w"));
        Assert.Equal(6, db.LfuFrequency("k"u8, Start));
    }

    [Fact]
    public void Set_Overwrite_DropsTtlUnlessKeepTtl()
    {
        Database db = NewDatabase();
        db.Set("a"u8, Bytes("v"));
        db.SetExpire("a"u8, Start + 1000);
        db.Set("a"u8, Bytes("w"), keepTtl: true);
        Assert.Equal(Start + 1000, db.GetExpire("a"u8));
        db.Set("a"u8, Bytes("x"));
        Assert.Equal(-1, db.GetExpire("a"u8));
    }

    [Fact]
    public void MoveKey_ToOtherDatabase_KeepsValueTtlAndClock()
    {
        Database source = NewDatabase(0);
        Database target = NewDatabase(1);
        source.Set("k"u8, Bytes("v"));
        source.SetExpire("k"u8, Start + 5000);
        _clock.Advance(4000);
        source.MoveKey("k"u8, target, "k"u8);
        Assert.Equal(0, source.Count);
        Assert.Equal(0, source.ExpiresCount);
        Assert.Equal("v", Encoding.ASCII.GetString((byte[])target.Peek("k"u8, _clock.UnixTimeMilliseconds)!));
        Assert.Equal(Start + 5000, target.GetExpire("k"u8));
        Assert.Equal(4, target.IdleSeconds("k"u8, _clock.UnixTimeMilliseconds));
    }

    [Fact]
    public void MoveKey_RenameOverExistingKey_ReplacesItAndItsTtl()
    {
        Database db = NewDatabase();
        db.Set("a"u8, Bytes("1"));
        db.Set("b"u8, Bytes("2"));
        db.SetExpire("b"u8, Start + 10);
        db.MoveKey("a"u8, db, "b"u8);
        Assert.Equal(1, db.Count);
        Assert.Equal(-1, db.GetExpire("b"u8));
        Assert.Equal("1", Encoding.ASCII.GetString((byte[])db.Peek("b"u8, Start)!));
    }

    [Fact]
    public void RandomKey_SkipsAndRemovesExpiredKeys()
    {
        Database db = NewDatabase();
        for (int i = 0; i < 50; i++)
        {
            db.Set(Bytes("dead" + i), Bytes("v"));
            db.SetExpire(Bytes("dead" + i), Start);
        }
        db.Set("live"u8, Bytes("v"));
        byte[]? key = db.RandomKey(Start + 1, new Random(3));
        Assert.Equal("live", Encoding.ASCII.GetString(key!));
        Assert.True(_stats.ExpiredKeys > 0);
    }

    [Fact]
    public void RandomKey_AllExpired_ReturnsNullAndEmptiesTheDatabase()
    {
        Database db = NewDatabase();
        for (int i = 0; i < 20; i++)
        {
            db.Set(Bytes("dead" + i), Bytes("v"));
            db.SetExpire(Bytes("dead" + i), Start);
        }
        Assert.Null(db.RandomKey(Start + 1, new Random(3)));
        Assert.Equal(0, db.Count);
        Assert.Equal(20, _stats.ExpiredKeys);
    }

    [Fact]
    public void IsExpired_DoesNotRemove_ExpireIfNeededDoes()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        db.SetExpire("k"u8, Start);
        Assert.True(db.IsExpired("k"u8, Start + 1));
        Assert.Equal(1, db.Count);
        Assert.False(db.ExpireIfNeeded("k"u8, Start));
        Assert.True(db.ExpireIfNeeded("k"u8, Start + 1));
        Assert.Equal(0, db.Count);
        Assert.False(db.ExpireIfNeeded("k"u8, Start + 1));
    }

    [Fact]
    public void SwapContents_ExchangesKeysExpiresAndStatistics()
    {
        Database a = NewDatabase(0);
        Database b = NewDatabase(1);
        a.Set("x"u8, Bytes("1"));
        a.SetExpire("x"u8, Start + 100);
        a.AverageTtl = 42;
        a.ExpiresCursor = 7;
        Database.SwapContents(a, b);
        Assert.Equal(0, a.Count);
        Assert.Equal(1, b.Count);
        Assert.Equal(Start + 100, b.GetExpire("x"u8));
        Assert.Equal(42, b.AverageTtl);
        Assert.Equal(7UL, b.ExpiresCursor);
        Assert.Equal(0, a.AverageTtl);
        Assert.Equal(0, a.Index);
    }

    [Fact]
    public void Clear_RemovesEverythingAndResetsExpiryState()
    {
        Database db = NewDatabase();
        db.Set("x"u8, Bytes("1"));
        db.SetExpire("x"u8, Start + 100);
        db.AverageTtl = 5;
        db.ExpiresCursor = 3;
        db.Clear();
        Assert.Equal(0, db.Count);
        Assert.Equal(0, db.ExpiresCount);
        Assert.Equal(0, db.AverageTtl);
        Assert.Equal(0UL, db.ExpiresCursor);
    }

    [Fact]
    public void ActiveExpireStep_NoVolatileKeys_ReturnsFalseAndResetsAverage()
    {
        Database db = NewDatabase();
        db.Set("k"u8, Bytes("v"));
        db.AverageTtl = 99;
        Assert.False(db.ActiveExpireStep(20, Start, out int sampled, out int expired));
        Assert.Equal(0, sampled);
        Assert.Equal(0, expired);
        Assert.Equal(0, db.AverageTtl);
    }

    [Fact]
    public void ActiveExpireStep_SamplesAndExpiresPastKeysOnly()
    {
        Database db = NewDatabase();
        for (int i = 0; i < 10; i++)
        {
            db.Set(Bytes("past" + i), Bytes("v"));
            db.SetExpire(Bytes("past" + i), Start - 1);
            db.Set(Bytes("future" + i), Bytes("v"));
            db.SetExpire(Bytes("future" + i), Start + 10_000);
        }
        int totalExpired = 0;
        for (int i = 0; i < 10 && db.ExpiresCount > 10; i++)
        {
            Assert.True(db.ActiveExpireStep(20, Start, out int sampled, out int expired));
            Assert.True(sampled > 0);
            totalExpired += expired;
        }
        Assert.Equal(10, totalExpired);
        Assert.Equal(10, db.Count);
        Assert.Equal(10_000, db.AverageTtl);
    }

    [Fact]
    public void ActiveExpireStep_TableUnderOnePercentFull_SkipsSampling()
    {
        Database db = NewDatabase();
        for (int i = 0; i < 1000; i++)
        {
            db.Set(Bytes("k" + i), Bytes("v"));
            db.SetExpire(Bytes("k" + i), Start + 10_000);
        }
        for (int i = 0; i < 995; i++)
        {
            db.Delete(Bytes("k" + i));
        }
        Assert.False(db.ActiveExpireStep(20, Start, out _, out _));
        db.CompactTables();
        Assert.True(db.ActiveExpireStep(20, Start, out int sampled, out _));
        Assert.Equal(5, sampled);
    }
}
