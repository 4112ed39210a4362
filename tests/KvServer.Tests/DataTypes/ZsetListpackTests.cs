using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

/// <summary>The sorted-set listpack's memory: many small sets are what the encoding is for.</summary>
public class ZsetListpackTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Reserve_ForTheEntriesAdded_AllocatesExactlyOnce()
    {
        var listpack = new ZsetListpack();
        int bytes = 0;
        for (int i = 0; i < 10; i++)
        {
            bytes += ZsetListpack.EntrySizeFor(B("member:" + i).Length);
        }
        listpack.Reserve(bytes);
        int reserved = listpack.Capacity;
        for (int i = 0; i < 10; i++)
        {
            listpack.Insert(B("member:" + i), i);
        }
        Assert.Equal(bytes, listpack.ByteLength);
        Assert.Equal(reserved, listpack.Capacity);
        Assert.True(listpack.Capacity - listpack.ByteLength < 8, $"capacity {listpack.Capacity} for {listpack.ByteLength} bytes");
    }

    [Fact]
    public void Insert_OneAtATime_GrowsByAnEighthNotByDoubling()
    {
        var listpack = new ZsetListpack();
        for (int i = 0; i < 128; i++)
        {
            listpack.Insert(B("member:" + i), i);
            Assert.True(listpack.Capacity <= (listpack.ByteLength * 9 / 8) + 32,
                $"capacity {listpack.Capacity} for {listpack.ByteLength} bytes after {i + 1} entries");
        }
        for (int i = 0; i < 128; i++)
        {
            Assert.Equal(i, listpack.ScoreAt(listpack.Find(B("member:" + i), out _)));
        }
    }

    [Fact]
    public void DeleteRange_MostEntries_GivesMemoryBack()
    {
        var listpack = new ZsetListpack();
        for (int i = 0; i < 100; i++)
        {
            listpack.Insert(B("member:" + i), i);
        }
        listpack.DeleteRange(listpack.First, 90);
        Assert.Equal(10, listpack.Count);
        Assert.True(listpack.Capacity - listpack.ByteLength < 8);
        Assert.Equal(90, listpack.ScoreAt(listpack.First));
    }
}
