using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>A command queued by MULTI: its arguments copied into one buffer with (offset, length) ranges.</summary>
public sealed class QueuedCommand
{
    private readonly byte[] _data;
    private readonly int[] _ranges;

    public QueuedCommand(CommandArgs args)
    {
        int total = 0;
        for (int i = 0; i < args.Count; i++)
        {
            total += args[i].Length;
        }
        _data = new byte[total];
        _ranges = new int[args.Count * 2];
        int offset = 0;
        for (int i = 0; i < args.Count; i++)
        {
            ReadOnlySpan<byte> arg = args[i];
            arg.CopyTo(_data.AsSpan(offset));
            _ranges[i * 2] = offset;
            _ranges[i * 2 + 1] = arg.Length;
            offset += arg.Length;
        }
    }

    public CommandArgs Args => new(_data, default, _ranges);
}

/// <summary>A client's MULTI state (multi.c): the queue and the two ways EXEC can be refused.</summary>
public sealed class MultiState
{
    public List<QueuedCommand> Queue { get; } = [];

    /// <summary>A command was rejected while queueing: EXEC replies EXECABORT (CLIENT_DIRTY_EXEC).</summary>
    public bool DirtyExec { get; set; }
}

/// <summary>
/// WATCH bookkeeping (multi.c): which clients watch which keys. A write to a watched key, its expiry or
/// deletion, FLUSHDB/FLUSHALL and SWAPDB mark the watching clients "dirty", and their EXEC replies with a
/// null array. Executor-only.
/// </summary>
public sealed class WatchManager
{
    private readonly Dictionary<(int Db, byte[] Key), List<ClientSession>> _watchers = new(DbKeyComparer.Instance);

    public int Count => _watchers.Count;

    /// <summary>WATCH key: remembers the key and whether it was already logically expired then.</summary>
    public void Watch(ClientSession client, Database db, byte[] key, bool expiredNow)
    {
        foreach (WatchedKey watched in client.WatchedKeys)
        {
            if (watched.Db == db && watched.Key.AsSpan().SequenceEqual(key))
            {
                return;
            }
        }
        client.WatchedKeys.Add(new WatchedKey(db, key, expiredNow));
        var id = (db.Index, key);
        if (!_watchers.TryGetValue(id, out List<ClientSession>? clients))
        {
            clients = [];
            _watchers.Add(id, clients);
        }
        clients.Add(client);
    }

    /// <summary>UNWATCH (and EXEC, DISCARD, RESET, disconnect): forgets every key the client watches.</summary>
    public void UnwatchAll(ClientSession client)
    {
        foreach (WatchedKey watched in client.WatchedKeys)
        {
            var id = (watched.Db.Index, watched.Key);
            if (_watchers.TryGetValue(id, out List<ClientSession>? clients))
            {
                clients.Remove(client);
                if (clients.Count == 0)
                {
                    _watchers.Remove(id);
                }
            }
        }
        client.WatchedKeys.Clear();
        client.DirtyCas = false;
    }

    /// <summary>touchWatchedKey: every client watching <paramref name="key"/> in <paramref name="db"/> gets dirty.</summary>
    public void Touch(Database db, ReadOnlySpan<byte> key)
    {
        if (_watchers.Count == 0)
        {
            return;
        }
        // Only reached while some client watches something; the copy is the price of a span lookup.
        if (_watchers.TryGetValue((db.Index, key.ToArray()), out List<ClientSession>? clients))
        {
            foreach (ClientSession client in clients)
            {
                client.DirtyCas = true;
            }
        }
    }

    /// <summary>
    /// touchAllWatchedKeysInDb: FLUSHDB/FLUSHALL/SWAPDB dirty the clients watching a key that existed in
    /// <paramref name="emptied"/> or exists in <paramref name="replacement"/> (a stale key does not count).
    /// </summary>
    public void TouchAllInDb(Database emptied, Database? replacement, long now)
    {
        if (_watchers.Count == 0)
        {
            return;
        }
        foreach (KeyValuePair<(int Db, byte[] Key), List<ClientSession>> entry in _watchers)
        {
            if (entry.Key.Db != emptied.Index)
            {
                continue;
            }
            bool affected = emptied.Contains(entry.Key.Key, now) || (replacement?.Contains(entry.Key.Key, now) ?? false);
            if (affected)
            {
                foreach (ClientSession client in entry.Value)
                {
                    client.DirtyCas = true;
                }
            }
        }
    }

    /// <summary>isWatchedKeyExpired: a watched key that was live at WATCH time and has expired since.</summary>
    public static bool AnyWatchedKeyExpired(ClientSession client, long now)
    {
        foreach (WatchedKey watched in client.WatchedKeys)
        {
            if (watched.ExpiredAtWatch)
            {
                continue;
            }
            long when = watched.Db.GetExpire(watched.Key);
            if (when >= 0 && when <= now)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>One key a client watches.</summary>
public readonly record struct WatchedKey(Database Db, byte[] Key, bool ExpiredAtWatch);

/// <summary>Equality of (database index, key bytes) pairs for the per-key registries.</summary>
internal sealed class DbKeyComparer : IEqualityComparer<(int Db, byte[] Key)>
{
    public static readonly DbKeyComparer Instance = new();

    public bool Equals((int Db, byte[] Key) x, (int Db, byte[] Key) y) => x.Db == y.Db && x.Key.AsSpan().SequenceEqual(y.Key);

    public int GetHashCode((int Db, byte[] Key) obj) => (int)KeyTable<object>.HashKey(obj.Key) ^ obj.Db;
}
