using KvServer.Engine.Persistence;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// A warm-up stops quietly at the first method it cannot compile, so a method that cannot be prepared would
/// cut it short without anyone noticing: these make sure each one gets through every type.
/// </summary>
public class CodeWarmupTests
{
    [Fact]
    public void Loader_CompilesEveryMethodOfTheLoadersTypes()
    {
        Assert.True(CodeWarmup.Loader.PrepareAll(logger: null, stoppable: false));
    }

    [Fact]
    public void Saver_CompilesEveryMethodOfTheSaversTypes()
    {
        Assert.True(CodeWarmup.Saver.PrepareAll(logger: null, stoppable: false));
    }
}
