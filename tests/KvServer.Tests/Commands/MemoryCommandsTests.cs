using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class MemoryCommandsTests
{
    [Fact]
    public void MemoryUsage_MissingKey_ReturnsNull()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("MEMORY", "USAGE", "missing"));
    }

    [Fact]
    public void MemoryUsage_GrowsWithValueSize()
    {
        var h = new CommandHarness();
        h.Run("SET", "small", "v");
        h.Run("SET", "big", new string('x', 10_000));
        long small = h.Call("MEMORY", "USAGE", "small").Integer;
        long big = h.Call("MEMORY", "USAGE", "big").Integer;
        Assert.True(small > 0);
        Assert.True(big > 10_000 && big > small);
    }

    [Fact]
    public void MemoryUsage_Collections_ScaleWithCount()
    {
        var h = new CommandHarness();
        for (int i = 0; i < 100; i++)
        {
            h.Run("RPUSH", "l", "element:" + i);
            h.Run("HSET", "h", "field:" + i, "value:" + i);
            h.Run("SADD", "s", "member:" + i);
            h.Run("ZADD", "z", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "member:" + i);
        }
        h.Run("RPUSH", "l1", "element:0");
        Assert.True(h.Call("MEMORY", "USAGE", "l").Integer > h.Call("MEMORY", "USAGE", "l1").Integer * 10);
        Assert.True(h.Call("MEMORY", "USAGE", "h").Integer > 100 * 14);
        Assert.True(h.Call("MEMORY", "USAGE", "s", "SAMPLES", "0").Integer > 100 * 9);
        Assert.True(h.Call("MEMORY", "USAGE", "z").Integer > 100 * 9);
    }

    [Fact]
    public void MemoryUsage_Errors_AsRedis()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal("-ERR syntax error\r\n", h.Run("MEMORY", "USAGE", "k", "SAMPLES"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("MEMORY", "USAGE", "k", "SAMPLES", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("MEMORY", "USAGE", "k", "foo", "1"));
    }

    [Fact]
    public void Role_IsAMasterWithoutReplicas()
    {
        var h = new CommandHarness();
        Assert.Equal("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n", h.Run("ROLE"));
    }
}
