namespace KvServer.Engine.Execution;

/// <summary>
/// The loop that serves the connections, as seen by work that must happen once per round of it rather than
/// once per connection: Redis's beforeSleep, which writes and fsyncs the AOF once for every client served
/// in the round, then sends their replies.
/// </summary>
public interface IEventLoopRounds
{
    /// <summary>True on the loop's own thread, where the connections run their batches.</summary>
    bool IsLoopThread { get; }

    /// <summary>Runs <paramref name="work"/> on the loop once the events of the current round are handled; only from the loop's thread.</summary>
    void RunAfterEvents(IThreadPoolWorkItem work);

    /// <summary>Runs <paramref name="work"/> on the loop's thread soon, from any thread (before that round's after-events work).</summary>
    void Post(IThreadPoolWorkItem work);
}
