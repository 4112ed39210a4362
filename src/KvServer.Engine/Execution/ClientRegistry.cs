namespace KvServer.Engine.Execution;

/// <summary>
/// The connected clients, by id. Connections register and unregister from their own threads, and the
/// executor reads the registry for CLIENT LIST/KILL and INFO, so it is guarded by a lock (never taken on
/// the per-command path).
/// </summary>
public sealed class ClientRegistry
{
    private readonly Dictionary<long, ClientSession> _clients = [];
    private readonly Lock _gate = new();
    private long _nextId;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    public void Add(ClientSession client)
    {
        lock (_gate)
        {
            _clients.Add(client.Id, client);
        }
    }

    public void Remove(ClientSession client)
    {
        lock (_gate)
        {
            _clients.Remove(client.Id);
        }
    }

    public ClientSession? Find(long id)
    {
        lock (_gate)
        {
            return _clients.GetValueOrDefault(id);
        }
    }

    /// <summary>A copy of the client list, in id order.</summary>
    public List<ClientSession> Snapshot()
    {
        List<ClientSession> list;
        lock (_gate)
        {
            list = [.. _clients.Values];
        }
        list.Sort((a, b) => a.Id.CompareTo(b.Id));
        return list;
    }
}
