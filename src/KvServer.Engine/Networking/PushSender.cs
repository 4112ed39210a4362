namespace KvServer.Engine.Networking;

/// <summary>
/// Sends the pushes (pub/sub messages, keyspace events) that the executor writes into idle clients' output
/// buffers. Woken clients are collected and sent to together, each one's whole buffer at once, so a burst of
/// messages for a subscriber leaves in one send, as Redis writes to each client once per event-loop
/// iteration; the executor itself never waits for a socket.
/// </summary>
/// <remarks>
/// Where the sends run is measured (benchmarks/README.md, "Scripting and pub/sub"). Pushes written on the
/// event loop go out from the loop itself once the events at hand are handled — after the publisher's own
/// reply — when they are for a few clients: a thread-pool hop per PUBLISH cost more than the send. A wider
/// fan-out goes to one thread-pool work item, which sends on the other core while the loop serves the next
/// request (a send to a local peer runs the peer's TCP receive inside the sender's call); while that work is
/// queued or running, the loop does not poll, leaving it the CPU. Without an event loop (.NET's socket
/// engine), every burst goes to the thread pool.
/// </remarks>
internal sealed class PushSender(EpollEventLoop? eventLoop) : IThreadPoolWorkItem
{
    /// <summary>Most woken clients the event loop sends to itself; more go to the thread pool.</summary>
    private const int LoopSendLimit = 4;

    private readonly Lock _gate = new();
    private List<ClientConnection> _pending = [];
    private List<ClientConnection> _running = [];
    private bool _scheduled;

    // True while this sender holds the event loop's polling (handed to the thread pool).
    private bool _holdingPolling;

    public void Enqueue(ClientConnection connection)
    {
        lock (_gate)
        {
            _pending.Add(connection);
            if (_scheduled)
            {
                return;
            }
            _scheduled = true;
        }
        if (eventLoop is not null && eventLoop.IsLoopThread)
        {
            // Decided after the current events: by then the whole burst is known.
            eventLoop.RunAfterEvents(this);
            return;
        }
        QueueToThreadPool();
    }

    private void QueueToThreadPool()
    {
        if (eventLoop is not null)
        {
            eventLoop.HoldPolling();
            _holdingPolling = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Run by the event loop after its events, or by a pool thread.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        if (!_holdingPolling && eventLoop is not null && eventLoop.IsLoopThread && PendingCount() > LoopSendLimit)
        {
            QueueToThreadPool();
            return;
        }
        while (true)
        {
            List<ClientConnection> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _scheduled = false;
                    if (_holdingPolling)
                    {
                        _holdingPolling = false;
                        eventLoop!.ReleasePolling();
                    }
                    return;
                }
                batch = _pending;
                _pending = _running;
                _running = batch;
            }
            foreach (ClientConnection connection in batch)
            {
                connection.SendPushes();
            }
            batch.Clear();
        }
    }

    private int PendingCount()
    {
        lock (_gate)
        {
            return _pending.Count;
        }
    }
}
