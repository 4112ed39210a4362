using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Keyspace;

public class KeyspaceClockTests
{
    [Fact]
    public void UnixTimeMilliseconds_BeforeAnyCommand_ReadsTheSource()
    {
        var source = new ManualClock(1_000);
        var clock = new KeyspaceClock(source);
        Assert.Equal(1_000, clock.UnixTimeMilliseconds);
        source.Advance(5);
        Assert.Equal(1_005, clock.UnixTimeMilliseconds);
    }

    [Fact]
    public void UnixTimeMilliseconds_DuringCommand_IsTheCommandTime()
    {
        var source = new ManualClock(1_000);
        var clock = new KeyspaceClock(source) { CommandTime = 777 };
        source.Advance(5_000);
        Assert.Equal(777, clock.UnixTimeMilliseconds);
    }

    [Fact]
    public void Dispatcher_PublishesEachCommandsTime()
    {
        var h = new CommandHarness();
        h.Clock.Advance(1_234);
        h.Run("PING");
        Assert.Equal(h.Clock.UnixTimeMilliseconds, h.Server.KeyspaceClock.CommandTime);
    }
}
