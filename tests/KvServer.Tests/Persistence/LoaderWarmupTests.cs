using KvServer.Engine.Persistence;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The loader warm-up stops quietly at the first method it cannot compile, so a method that cannot be
/// prepared would cut it short without anyone noticing: this one makes sure it gets through every type.
/// </summary>
public class LoaderWarmupTests
{
    [Fact]
    public void PrepareAll_CompilesEveryMethodOfTheLoadersTypes()
    {
        Assert.True(LoaderWarmup.PrepareAll(logger: null, stoppable: false));
    }
}
