using System.Threading.Tasks.Sources;
using KvServer.Engine.Execution;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// A connection's wait for the event loop's AOF round (appendfsync always): one per connection, reused for
/// every reply, so waiting allocates nothing. Released on the loop's thread, where the connection then goes
/// on at once (its continuation runs inside <see cref="Release"/>). Posted to the loop by a connection that
/// is not on it, to join the round from there.
/// </summary>
public sealed class AofReplyWaiter : IValueTaskSource, IThreadPoolWorkItem
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private AppendOnlyFile? _aof;
    private IEventLoopRounds? _loop;

    /// <summary>The AOF offset the connection's replies depend on.</summary>
    internal long Offset { get; private set; }

    /// <summary>Arms the wait for <paramref name="offset"/>; the task completes when <see cref="Release"/> is called.</summary>
    internal ValueTask Prepare(AppendOnlyFile aof, IEventLoopRounds loop, long offset)
    {
        _core.Reset();
        _aof = aof;
        _loop = loop;
        Offset = offset;
        return new ValueTask(this, _core.Version);
    }

    internal void Release() => _core.SetResult(true);

    // Posted by a connection off the loop: join the round from the loop's thread.
    void IThreadPoolWorkItem.Execute() => _aof!.JoinLoopRound(this, _loop!);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
