using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Execution;

/// <summary>
/// Serves a blocked client when one of its keys may have data: pops/moves for the client and writes its
/// reply into <c>ctx.Reply</c> (the blocked client's context). Returns false if the key had nothing for it,
/// so the client keeps waiting.
/// </summary>
public delegate bool BlockedServe(CommandContext ctx, byte[] readyKey);

/// <summary>Writes the reply a blocked command gives when its timeout passes (nil, or a null array).</summary>
public delegate void BlockedTimeout(CommandContext ctx);

/// <summary>Why and on what a client is blocked (BLPOP, BZPOPMIN, ...).</summary>
public sealed class BlockedState
{
    public BlockedState(Database db, byte[][] keys, long deadlineMs, BlockedServe serve, BlockedTimeout timeout)
    {
        Db = db;
        Keys = keys;
        DeadlineMs = deadlineMs;
        Serve = serve;
        Timeout = timeout;
    }

    public Database Db { get; }

    public byte[][] Keys { get; }

    /// <summary>Absolute Unix ms when the wait ends; 0 = forever.</summary>
    public long DeadlineMs { get; }

    public BlockedServe Serve { get; }

    public BlockedTimeout Timeout { get; }

    /// <summary>Completed by the executor when the client is served, timed out or unblocked.</summary>
    internal TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Redis's blocked.c: clients blocked on keys, served in the order they blocked (FIFO per key). Writes
/// that may feed a waiter call <see cref="SignalKeyAsReady"/>; the dispatcher calls
/// <see cref="ServeReadyKeys"/> after each top-level command, so a push inside MULTI/EXEC or a script wakes
/// waiters only after it completes. A blocked client holds no thread and does not hold the executor: its
/// connection awaits <see cref="BlockedState.Released"/>. Executor-only.
/// </summary>
public sealed class BlockingManager
{
    private readonly Dictionary<(int Db, byte[] Key), LinkedList<ClientSession>> _waiters = new(DbKeyComparer.Instance);
    private readonly List<(Database Db, byte[] Key)> _readyKeys = [];
    private readonly HashSet<(int Db, byte[] Key)> _readySet = new(DbKeyComparer.Instance);

    /// <summary>Number of blocked clients (INFO blocked_clients).</summary>
    public int BlockedClients { get; private set; }

    /// <summary>Number of keys with at least one waiter (INFO total_blocking_keys).</summary>
    public int BlockingKeys => _waiters.Count;

    public bool HasWaiters => _waiters.Count > 0;

    /// <summary>Parks <paramref name="client"/> on the keys of <paramref name="state"/>.</summary>
    public void Block(ClientSession client, BlockedState state)
    {
        client.Blocked = state;
        BlockedClients++;
        foreach (byte[] key in state.Keys)
        {
            var id = (state.Db.Index, key);
            if (!_waiters.TryGetValue(id, out LinkedList<ClientSession>? queue))
            {
                queue = new LinkedList<ClientSession>();
                _waiters.Add(id, queue);
            }
            // A key given twice (BLPOP k k 0) is waited on once.
            if (queue.Last?.Value != client)
            {
                queue.AddLast(client);
            }
        }
    }

    /// <summary>Records that a write made <paramref name="key"/> possibly poppable (signalKeyAsReady).</summary>
    public void SignalKeyAsReady(Database db, ReadOnlySpan<byte> key)
    {
        if (_waiters.Count == 0)
        {
            return;
        }
        byte[] copy = key.ToArray();
        var id = (db.Index, copy);
        if (_waiters.ContainsKey(id) && _readySet.Add(id))
        {
            _readyKeys.Add((db, copy));
        }
    }

    /// <summary>
    /// handleClientsBlockedOnKeys: serves waiters of every ready key in FIFO order until the key runs dry.
    /// Serving may make further keys ready (BLMOVE pushes), which are handled in the same call.
    /// </summary>
    public void ServeReadyKeys(ServerState server)
    {
        for (int i = 0; i < _readyKeys.Count; i++)
        {
            (Database db, byte[] key) = _readyKeys[i];
            _readySet.Remove((db.Index, key));
            if (!_waiters.TryGetValue((db.Index, key), out LinkedList<ClientSession>? queue))
            {
                continue;
            }
            LinkedListNode<ClientSession>? node = queue.First;
            while (node is not null)
            {
                LinkedListNode<ClientSession>? next = node.Next;
                ClientSession client = node.Value;
                BlockedState? state = client.Blocked;
                if (state is not null && client.Transport?.IsPeerClosed() == true)
                {
                    // Gone before its connection noticed: never pop for it.
                    client.CloseRequested = true;
                    Unblock(client);
                }
                else if (state is not null && ReferenceEquals(state.Db, db))
                {
                    bool served;
                    CommandContext ctx = client.Context;
                    ctx.Now = server.Clock.UnixTimeMilliseconds;
                    lock (client.OutputLock)
                    {
                        served = state.Serve(ctx, key);
                    }
                    // The pop done for the waiter is propagated on its own, as the command it stands for.
                    server.Propagation.FlushUnit();
                    if (served)
                    {
                        Unblock(client);
                    }
                    else
                    {
                        // The key is empty (or of another type) now: later waiters cannot be served either.
                        break;
                    }
                }
                node = next;
            }
        }
        _readyKeys.Clear();
    }

    /// <summary>Ends a client's wait with its timeout reply (timeout, CLIENT UNBLOCK TIMEOUT).</summary>
    public void TimeOut(ClientSession client)
    {
        BlockedState? state = client.Blocked;
        if (state is null)
        {
            return;
        }
        lock (client.OutputLock)
        {
            state.Timeout(client.Context);
        }
        Unblock(client);
    }

    /// <summary>Ends a client's wait with an error reply (CLIENT UNBLOCK ERROR).</summary>
    public void Fail(ClientSession client, ReadOnlySpan<byte> error)
    {
        if (client.Blocked is null)
        {
            return;
        }
        lock (client.OutputLock)
        {
            client.Reply.WriteError(error);
        }
        Unblock(client);
    }

    /// <summary>Removes a client from every queue it waits in and releases its connection.</summary>
    public void Unblock(ClientSession client)
    {
        BlockedState? state = client.Blocked;
        if (state is null)
        {
            return;
        }
        client.Blocked = null;
        BlockedClients--;
        foreach (byte[] key in state.Keys)
        {
            var id = (state.Db.Index, key);
            if (_waiters.TryGetValue(id, out LinkedList<ClientSession>? queue))
            {
                queue.Remove(client);
                if (queue.Count == 0)
                {
                    _waiters.Remove(id);
                }
            }
        }
        state.Released.TrySetResult();
    }
}
