namespace KvServer.Engine.Networking;

/// <summary>
/// Sends the pushes (pub/sub messages, keyspace events) that the executor writes into idle clients' output
/// buffers. Woken clients are collected and one thread-pool work item sends each one's whole buffer, so a
/// burst of messages for a subscriber leaves in one send, as Redis writes to each client once per event-loop
/// iteration; the executor itself never waits for a socket.
/// </summary>
internal sealed class PushSender : IThreadPoolWorkItem
{
    private readonly Lock _gate = new();
    private List<ClientConnection> _pending = [];
    private List<ClientConnection> _running = [];
    private bool _scheduled;

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
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            List<ClientConnection> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _scheduled = false;
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
}
