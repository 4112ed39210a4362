using KvServer.Engine.Persistence;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The piece of work a save or a load hands to a pool thread: it runs exactly once, whether a pool thread
/// takes it or the caller takes it back, and its failure reaches the caller.
/// </summary>
public class HelperWorkTests
{
    private sealed class Counting : HelperWork
    {
        public int Runs;
        public bool Fail;

        protected override void Run()
        {
            Interlocked.Increment(ref Runs);
            if (Fail)
            {
                throw new InvalidOperationException("the piece failed");
            }
        }
    }

    [Fact]
    public void StartThenFinish_RunsThePieceExactlyOnce_EveryTime()
    {
        var work = new Counting();
        for (int i = 0; i < 2_000; i++)
        {
            work.Start();
            if (i % 3 == 0)
            {
                Thread.Yield(); // sometimes let a pool thread take it, sometimes take it back at once
            }
            work.Finish();
            Assert.Equal(i + 1, Volatile.Read(ref work.Runs));
        }
    }

    [Fact]
    public void FailingPiece_ThrowsFromFinish_AndTheWorkIsReusable()
    {
        var work = new Counting { Fail = true };
        for (int i = 0; i < 200; i++)
        {
            work.Start();
            var ex = Assert.Throws<InvalidOperationException>(work.Finish);
            Assert.Equal("the piece failed", ex.Message);
        }
        work.Fail = false;
        work.Start();
        work.Finish();
        Assert.Equal(201, work.Runs);
    }
}
