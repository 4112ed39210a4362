using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Snapshots;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The copy-on-write barrier of <see cref="KeyspaceSnapshot"/>: whatever the commands do while the walk is
/// under way, the snapshot holds exactly the keyspace as it was when it started.
/// </summary>
public class KeyspaceSnapshotTests
{
    private static (KeyspaceSnapshot Snapshot, RecordingFormat Format, MemoryOutput Output) Start(CommandHarness h)
    {
        var format = new RecordingFormat();
        var output = new MemoryOutput();
        return (KeyspaceSnapshot.Start(h.Server, format, output), format, output);
    }

    private static List<string> Finish(KeyspaceSnapshot snapshot, RecordingFormat format, MemoryOutput output)
    {
        snapshot.RunToEnd();
        Assert.True(output.Completed);
        return SnapshotTestSupport.Dump(SnapshotTestSupport.Load(format.Parse(output.Bytes)));
    }

    [Fact]
    public void Snapshot_WithoutWrites_HoldsTheWholeKeyspace()
    {
        var h = new CommandHarness();
        SnapshotTestSupport.Populate(h);
        List<string> expected = SnapshotTestSupport.Dump(h);
        (KeyspaceSnapshot snapshot, RecordingFormat format, MemoryOutput output) = Start(h);
        Assert.Equal(expected, Finish(snapshot, format, output));
        Assert.Equal(expected.Count, snapshot.KeysTotal);
        Assert.Equal(expected.Count, snapshot.KeysProcessed);
    }

    // Writes of every kind, interleaved with slices of the walk: before it starts a database, while it is in
    // the middle of one and after it is done with it.
    [Fact]
    public void Snapshot_WritesOfEveryKindDuringTheWalk_HoldsTheKeyspaceAtStart()
    {
        var h = new CommandHarness();
        SnapshotTestSupport.Populate(h, stringKeys: 800);
        List<string> expected = SnapshotTestSupport.Dump(h);
        (KeyspaceSnapshot snapshot, RecordingFormat format, MemoryOutput output) = Start(h);
        string[][] writes =
        [
            ["SET", "s:0", "overwritten"], ["DEL", "s:1"], ["EXPIRE", "s:2", "100"], ["PERSIST", "ttl:2"],
            ["RENAME", "s:3", "renamed"], ["MOVE", "s:4", "1"], ["LPUSH", "list", "new"], ["HSET", "hash", "f3", "v3"],
            ["SADD", "set", "d"], ["SADD", "intset", "x"], ["ZADD", "zset", "5", "e"], ["INCR", "counter"],
            ["APPEND", "raw", "more"], ["SETRANGE", "s:5", "0", "XX"], ["SET", "newkey", "1"], ["LPOP", "biglist"],
            ["HDEL", "bighash", "f0"], ["SREM", "bigset", "m0"], ["ZREM", "bigzset", "m0"], ["SETBIT", "bits", "0", "0"],
            ["COPY", "s:6", "s:7", "REPLACE"], ["SELECT", "1"], ["SET", "one:0", "changed"], ["RPUSH", "list1", "z"],
            ["SELECT", "0"], ["SWAPDB", "1", "2"], ["SELECT", "2"], ["SET", "one:1", "after-swap"], ["FLUSHDB"],
            ["SET", "one:2", "reborn"], ["SELECT", "0"], ["SET", "s:99", "late"], ["DEL", "s:98"],
            ["EXPIRE", "s:97", "1"], ["SET", "s:96", "x", "KEEPTTL"], ["RENAME", "s:95", "s:94"], ["SELECT", "1"],
            ["FLUSHDB"], ["SET", "fresh", "1"], ["SELECT", "0"], ["ZINCRBY", "bigzset", "3", "m5"], ["HINCRBY", "bighash", "n", "1"],
        ];
        int next = 0;
        do
        {
            for (int i = 0; i < 2 && next < writes.Length; i++, next++)
            {
                Assert.DoesNotContain("-", h.Run(writes[next])[..1]);
            }
            if (next == 20)
            {
                // Lazy expiry deletes a key the walk may not have reached yet.
                h.Clock.Advance(2_000);
                Assert.Equal("$-1\r\n", h.Run("GET", "ttl:1"));
            }
        }
        while (!snapshot.RunSlice(deadlineTimestamp: 0));
        Assert.Equal(writes.Length, next);
        Assert.Equal(expected, SnapshotTestSupport.Dump(SnapshotTestSupport.Load(format.Parse(output.Bytes))));
        Assert.NotEqual(expected, SnapshotTestSupport.Dump(h));
    }

    [Fact]
    public void Snapshot_ActiveExpiryDuringTheWalk_KeepsTheExpiredKeys()
    {
        var h = new CommandHarness();
        for (int i = 0; i < 300; i++)
        {
            h.Run("SET", $"k:{i}", "v", "PX", "100");
        }
        List<string> expected = SnapshotTestSupport.Dump(h);
        (KeyspaceSnapshot snapshot, RecordingFormat format, MemoryOutput output) = Start(h);
        snapshot.RunSlice(deadlineTimestamp: 0);
        h.Clock.Advance(1_000);
        while (h.Server.Databases[0].Count > 0)
        {
            ServerCron.ActiveExpireCycle(h.Server);
        }
        Assert.Equal(expected, Finish(snapshot, format, output));
    }

    [Fact]
    public void Snapshot_FlushAllDuringTheWalk_IsAbandoned()
    {
        var h = new CommandHarness();
        SnapshotTestSupport.Populate(h);
        (KeyspaceSnapshot snapshot, RecordingFormat format, MemoryOutput output) = Start(h);
        h.Server.Saves.FormatFactory = _ => new RecordingFormat();
        snapshot.RunSlice(deadlineTimestamp: 0);
        snapshot.Abort();
        Assert.True(output.Aborted);
        Assert.Null(h.Server.Databases[0].Keys.WriteBarrier);
        Assert.Equal("+OK\r\n", h.Run("SET", "s:0", "after"));
        Assert.Empty(format.Entries.FindAll(e => e.Key.Length == 0));
    }

    [Fact]
    public void Snapshot_TablesDoNotCompactWhileTheWalkRuns()
    {
        var h = new CommandHarness();
        for (int i = 0; i < 1000; i++)
        {
            h.Run("SET", $"k:{i}", "v");
        }
        List<string> expected = SnapshotTestSupport.Dump(h);
        (KeyspaceSnapshot snapshot, RecordingFormat format, MemoryOutput output) = Start(h);
        snapshot.RunSlice(deadlineTimestamp: 0);
        for (int i = 0; i < 990; i++)
        {
            h.Run("DEL", $"k:{i}");
        }
        int buckets = h.Server.Databases[0].Keys.BucketCount;
        ServerCron.RunOnce(h.Server);   // would shrink a table 1% full
        Assert.Equal(buckets, h.Server.Databases[0].Keys.BucketCount);
        Assert.Equal(expected, Finish(snapshot, format, output));
        Assert.Null(h.Server.Databases[0].Keys.WriteBarrier);
        ServerCron.RunOnce(h.Server);   // the snapshot is over: shrinking resumes
        Assert.True(h.Server.Databases[0].Keys.BucketCount < buckets);
    }
}
