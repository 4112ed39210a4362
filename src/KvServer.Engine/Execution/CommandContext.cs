using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>
/// Everything a handler may touch while it runs: the client, its selected database, the reply writer, the
/// server and the time the command started (Redis caches it per command, so a command sees one "now").
/// One per client, reused for every command.
/// </summary>
public sealed class CommandContext
{
    internal CommandContext(ClientSession client)
    {
        Client = client;
    }

    public ClientSession Client { get; }

    public ServerState Server => Client.Server;

    public RespWriter Reply => Client.Reply;

    public Database Db => Client.Database;

    /// <summary>Unix time in milliseconds when the current command started (also published to the keyspace).</summary>
    public long Now
    {
        get => _now;
        internal set
        {
            _now = value;
            Server.KeyspaceClock.CommandTime = value;
        }
    }

    private long _now;

    /// <summary>The command being run.</summary>
    public CommandSpec Command { get; internal set; } = null!;

    /// <summary>
    /// Records that a write changed <paramref name="key"/> (Redis's signalModifiedKey + server.dirty). Later
    /// issues hang WATCH invalidation, keyspace notifications and AOF propagation on this one call.
    /// </summary>
    public void KeyModified(ReadOnlySpan<byte> key, long changes = 1)
    {
        Server.KeyspaceStats.Dirty += changes;
    }

    /// <summary>
    /// <see cref="KeyModified(ReadOnlySpan{byte}, long)"/> for a key of another database than the selected one
    /// (MOVE, COPY ... DB).
    /// </summary>
    public void KeyModified(Database db, ReadOnlySpan<byte> key, long changes = 1)
    {
        Server.KeyspaceStats.Dirty += changes;
    }

    /// <summary>
    /// Records that every key of <paramref name="db"/> may have changed at once (Redis's signalFlushedDb and
    /// touchAllWatchedKeysInDb: FLUSHDB, FLUSHALL, SWAPDB), counting <paramref name="changes"/> as dirty.
    /// </summary>
    public void DatabaseModified(Database db, long changes)
    {
        Server.KeyspaceStats.Dirty += changes;
    }

    /// <summary>Counts a change that is not tied to one key (FLUSHALL, SWAPDB).</summary>
    public void AddDirty(long changes) => Server.KeyspaceStats.Dirty += changes;
}
