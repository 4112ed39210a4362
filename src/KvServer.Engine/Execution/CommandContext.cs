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
    public void KeyModified(ReadOnlySpan<byte> key, long changes = 1) => KeyModified(Db, key, changes);

    /// <summary><see cref="KeyModified(ReadOnlySpan{byte}, long)"/> for a key of another database (MOVE, COPY DB).</summary>
    public void KeyModified(Database db, ReadOnlySpan<byte> key, long changes = 1)
    {
        Server.KeyspaceStats.Dirty += changes;
        Server.Watches.Touch(db, key);
    }

    /// <summary>
    /// Publishes a keyspace notification for <paramref name="key"/> in the current database (notify.c), e.g.
    /// <c>ctx.Notify(NotifyFlags.String, "set"u8, key)</c>. Costs one flag test when notifications are off.
    /// </summary>
    public void Notify(NotifyFlags type, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> key)
    {
        if (Server.Options.NotifyKeyspaceEvents != 0)
        {
            KeyspaceEvents.Notify(Server, type, eventName, key, Db.Index);
        }
    }

    /// <summary><see cref="Notify(NotifyFlags, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> for another database.</summary>
    public void Notify(Keyspace.Database db, NotifyFlags type, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> key)
    {
        if (Server.Options.NotifyKeyspaceEvents != 0)
        {
            KeyspaceEvents.Notify(Server, type, eventName, key, db.Index);
        }
    }

    /// <summary>FLUSHDB/FLUSHALL are about to empty <paramref name="db"/>: watchers of its live keys get dirty.</summary>
    public void DatabaseFlushing(Database db) => Server.Watches.TouchAllInDb(db, null, Now);

    /// <summary>SWAPDB is about to exchange two databases: watchers of keys in either get dirty.</summary>
    public void DatabasesSwapping(Database a, Database b)
    {
        Server.Watches.TouchAllInDb(a, b, Now);
        Server.Watches.TouchAllInDb(b, a, Now);
    }

    /// <summary>
    /// Blocks the client on <paramref name="keys"/> until <paramref name="serve"/> succeeds for one of them or
    /// the deadline passes (0 = never). The handler writes nothing now; the reply comes from serve or timeout.
    /// Callers must first check <see cref="ClientSession.CannotBlock"/> and reply at once instead.
    /// </summary>
    public void Block(byte[][] keys, long deadlineMs, BlockedServe serve, BlockedTimeout timeout) =>
        Server.Blocking.Block(Client, new BlockedState(Db, keys, deadlineMs, serve, timeout));

    /// <summary>A write made <paramref name="key"/> non-empty: clients blocked on it may be served.</summary>
    public void SignalKeyAsReady(ReadOnlySpan<byte> key) => Server.Blocking.SignalKeyAsReady(Db, key);

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

    /// <summary>Whether write effects are being recorded (the append-only file is on): handlers test it
    /// before building a rewrite that costs anything.</summary>
    public bool Propagating => Server.Propagation.Enabled;

    /// <summary>
    /// Propagates the current command as the one built on the returned builder (exactly
    /// <paramref name="argumentCount"/> arguments, the name first) instead of its own arguments, if it
    /// changes the dataset (Redis's rewriteClientCommandVector): e.g. EXPIRE as PEXPIREAT with an absolute time.
    /// </summary>
    public PropagatedCommand PropagateAs(int argumentCount) =>
        Server.Propagation.Enabled ? Server.Propagation.BeginRewrite(Db.Index, argumentCount) : default;

    /// <summary>
    /// Propagates one more operation, in the current database, before the command's own (alsoPropagate): a
    /// handler that also calls <see cref="PreventPropagation"/> propagates exactly what it adds here.
    /// </summary>
    public PropagatedCommand AlsoPropagate(int argumentCount) =>
        Server.Propagation.Enabled ? Server.Propagation.BeginExtra(Db.Index, argumentCount) : default;

    /// <summary>The current command is propagated even if it changed nothing (forceCommandPropagation).</summary>
    public void ForcePropagation()
    {
        if (Server.Propagation.Enabled)
        {
            Server.Propagation.ForceCurrent();
        }
    }

    /// <summary>The current command is not propagated itself (preventCommandPropagation).</summary>
    public void PreventPropagation()
    {
        if (Server.Propagation.Enabled)
        {
            Server.Propagation.PreventCurrent();
        }
    }
}
