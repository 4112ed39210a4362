using System.Text;
using KvServer.Engine.Keyspace;

namespace KvServer.Tests.Keyspace;

public class KeyTableTests
{
    private static byte[] Key(int i) => Encoding.ASCII.GetBytes("key:" + i);

    private static KeyTable<int> Filled(int count)
    {
        var table = new KeyTable<int>();
        for (int i = 0; i < count; i++)
        {
            table.Add(Key(i), i);
        }
        return table;
    }

    /// <summary>Runs a whole SCAN, calling <paramref name="between"/> after every step, and returns every key seen.</summary>
    private static List<string> FullScan(KeyTable<int> table, Action<int>? between = null)
    {
        var seen = new List<string>();
        var indexes = new List<int>();
        ulong cursor = 0;
        int step = 0;
        do
        {
            indexes.Clear();
            cursor = table.Scan(cursor, indexes);
            foreach (int index in indexes)
            {
                seen.Add(Encoding.ASCII.GetString(table.KeyAt(index)));
            }
            between?.Invoke(step++);
            Assert.True(step < 10_000_000, "the scan does not end");
        }
        while (cursor != 0);
        return seen;
    }

    [Fact]
    public void Warm_LeavesLookupsAsTheyWere()
    {
        KeyTable<int> table = Filled(1000);
        table.Remove(Key(10), out _, out _);
        var hashes = new uint[64];
        var slots = new int[64];
        for (int i = 0; i < hashes.Length; i++)
        {
            // Present keys, a removed one, absent ones, and a hash that no key has.
            hashes[i] = i switch
            {
                63 => uint.MaxValue,
                62 => KeyTable<int>.HashKey(Key(10)),
                _ => KeyTable<int>.HashKey(Key(i * 37)),
            };
        }

        table.Warm(hashes, slots);

        Assert.Equal(999, table.Count);
        Assert.Equal(-1, table.Find(Key(10)));
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(i == 10 || table.TryGetValue(Key(i), out int value) && value == i, $"key:{i}");
        }
        Assert.Equal(-1, table.Find(Key(5000)));
    }

    [Fact]
    public void Add_ManyKeys_AllFoundWithTheirValues()
    {
        KeyTable<int> table = Filled(10_000);
        Assert.Equal(10_000, table.Count);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(table.TryGetValue(Key(i), out int value));
            Assert.Equal(i, value);
        }
        Assert.False(table.TryGetValue("missing"u8, out _));
    }

    [Fact]
    public void FindOrInsert_ExistingKey_ReturnsSameIndex()
    {
        var table = new KeyTable<int>();
        int first = table.FindOrInsert("k"u8, out bool existed);
        Assert.False(existed);
        int second = table.FindOrInsert("k"u8, out existed);
        Assert.True(existed);
        Assert.Equal(first, second);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Remove_ThenAdd_ReusesFreedSlots()
    {
        KeyTable<int> table = Filled(100);
        for (int i = 0; i < 100; i += 2)
        {
            Assert.True(table.Remove(Key(i)));
        }
        Assert.False(table.Remove(Key(0)));
        Assert.Equal(50, table.Count);
        for (int i = 0; i < 100; i += 2)
        {
            table.Add(Key(i), -i);
        }
        Assert.Equal(100, table.Count);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(table.TryGetValue(Key(i), out int value));
            Assert.Equal(i % 2 == 0 ? -i : i, value);
        }
    }

    [Fact]
    public void Scan_UnchangedTable_ReturnsEveryKeyExactlyOnce()
    {
        KeyTable<int> table = Filled(5_000);
        List<string> seen = FullScan(table);
        Assert.Equal(5_000, seen.Count);
        Assert.Equal(5_000, new HashSet<string>(seen).Count);
    }

    [Fact]
    public void Scan_EmptyTable_EndsAtOnce()
    {
        var table = new KeyTable<int>();
        var indexes = new List<int>();
        Assert.Equal(0UL, table.Scan(12345, indexes));
        Assert.Empty(indexes);
    }

    [Fact]
    public void Scan_WhileTableGrows_ReturnsEveryKeyPresentThroughout()
    {
        // Start small so the table doubles several times during the iteration.
        KeyTable<int> table = Filled(50);
        int next = 1_000_000;
        List<string> seen = FullScan(table, step =>
        {
            // Grow only for a while: a table that grows faster than the cursor walks it never ends a scan.
            if (step < 200)
            {
                for (int i = 0; i < 40; i++)
                {
                    table.Add(Key(next++), 0);
                }
            }
        });
        Assert.True(table.BucketCount >= 1024);
        var set = new HashSet<string>(seen);
        for (int i = 0; i < 50; i++)
        {
            Assert.Contains("key:" + i, set);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Scan_WhileTableShrinks_ReturnsEveryKeyPresentThroughout(int seed)
    {
        // 20 000 keys of which 19 800 are deleted during the scan, compacting the table (fewer buckets,
        // moved entries) between steps; the 200 survivors must all be returned.
        KeyTable<int> table = Filled(20_000);
        var random = new Random(seed);
        var doomed = new List<int>();
        for (int i = 200; i < 20_000; i++)
        {
            doomed.Add(i);
        }
        int bucketsBefore = table.BucketCount;
        List<string> seen = FullScan(table, _ =>
        {
            for (int i = 0; i < 400 && doomed.Count > 0; i++)
            {
                int pick = random.Next(doomed.Count);
                table.Remove(Key(doomed[pick]));
                doomed[pick] = doomed[^1];
                doomed.RemoveAt(doomed.Count - 1);
            }
            table.Compact();
        });
        Assert.True(table.BucketCount < bucketsBefore);
        var set = new HashSet<string>(seen);
        for (int i = 0; i < 200; i++)
        {
            Assert.Contains("key:" + i, set);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void Scan_WithRandomAddsRemovesAndResizes_ReturnsEveryKeyPresentThroughout(int seed)
    {
        var random = new Random(seed);
        KeyTable<int> table = Filled(3_000);
        // Keys 0..999 stay for the whole iteration; the others come and go, and the table grows and shrinks.
        var transient = new List<int>();
        for (int i = 1_000; i < 3_000; i++)
        {
            transient.Add(i);
        }
        int next = 10_000_000;
        List<string> seen = FullScan(table, step =>
        {
            int adds = step < 300 ? random.Next(0, step % 20 < 10 ? 300 : 5) : 0;
            for (int i = 0; i < adds; i++)
            {
                table.Add(Key(next), 0);
                transient.Add(next++);
            }
            int removes = random.Next(0, step % 20 < 10 ? 5 : 400);
            for (int i = 0; i < removes && transient.Count > 0; i++)
            {
                int pick = random.Next(transient.Count);
                table.Remove(Key(transient[pick]));
                transient[pick] = transient[^1];
                transient.RemoveAt(transient.Count - 1);
            }
            table.Compact();
        });
        var set = new HashSet<string>(seen);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.Contains("key:" + i, set);
        }
    }

    [Fact]
    public void Compact_AfterMassDeletion_ShrinksAndKeepsEntries()
    {
        KeyTable<int> table = Filled(100_000);
        for (int i = 0; i < 100_000; i++)
        {
            int index = table.Find(Key(i));
            table.ClockAt(index) = (uint)i;
        }
        for (int i = 100; i < 100_000; i++)
        {
            table.Remove(Key(i));
        }
        int before = table.BucketCount;
        table.Compact();
        Assert.True(before >= 65_536);
        Assert.Equal(128, table.BucketCount);
        Assert.Equal(100, table.Count);
        for (int i = 0; i < 100; i++)
        {
            int index = table.Find(Key(i));
            Assert.True(index >= 0);
            Assert.Equal(i, table.ValueAt(index));
            Assert.Equal((uint)i, table.ClockAt(index));
        }
        // Still a working table afterwards.
        table.Add(Key(500_000), 5);
        Assert.True(table.TryGetValue(Key(500_000), out int value));
        Assert.Equal(5, value);
    }

    [Fact]
    public void Compact_TableStillTenPercentFull_DoesNothing()
    {
        KeyTable<int> table = Filled(1_000);
        int buckets = table.BucketCount;
        for (int i = 0; i < 1_000 - (buckets / 10 + 1); i++)
        {
            table.Remove(Key(i));
        }
        table.Compact();
        Assert.Equal(buckets, table.BucketCount);
    }

    [Fact]
    public void Compact_EmptyTable_ShrinksToInitialSize()
    {
        KeyTable<int> table = Filled(1_000);
        for (int i = 0; i < 1_000; i++)
        {
            table.Remove(Key(i));
        }
        table.Compact();
        Assert.Equal(KeyTable<int>.InitialBuckets, table.BucketCount);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void RandomIndex_ReturnsOnlyLiveEntries_AndReachesEveryOne()
    {
        KeyTable<int> table = Filled(64);
        for (int i = 0; i < 64; i += 2)
        {
            table.Remove(Key(i));
        }
        var random = new Random(42);
        var seen = new HashSet<int>();
        for (int i = 0; i < 5_000; i++)
        {
            int index = table.RandomIndex(random);
            Assert.NotNull(table.KeyAt(index));
            seen.Add(table.ValueAt(index));
        }
        Assert.Equal(32, seen.Count);
        Assert.All(seen, v => Assert.Equal(1, v % 2));
    }

    [Fact]
    public void RandomIndex_EmptyTable_ReturnsMinusOne()
    {
        Assert.Equal(-1, new KeyTable<int>().RandomIndex(new Random(1)));
    }

    [Fact]
    public void Enumerator_VisitsEveryLiveEntryOnce()
    {
        KeyTable<int> table = Filled(1_000);
        for (int i = 0; i < 1_000; i += 3)
        {
            table.Remove(Key(i));
        }
        var values = new List<int>();
        foreach (int index in table)
        {
            values.Add(table.ValueAt(index));
        }
        values.Sort();
        var expected = new List<int>();
        for (int i = 0; i < 1_000; i++)
        {
            if (i % 3 != 0)
            {
                expected.Add(i);
            }
        }
        Assert.Equal(expected, values);
    }
}
