using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>What the executor needs from a client's transport (a TCP connection, or nothing in tests).</summary>
public interface IClientTransport
{
    string RemoteAddress { get; }

    string LocalAddress { get; }

    /// <summary>The socket's file descriptor, as CLIENT LIST reports it.</summary>
    long Descriptor { get; }

    /// <summary>Closes the connection as soon as pending output is sent (timeout, QUIT, killing yourself).</summary>
    void Close();

    /// <summary>
    /// Closes the connection now, dropping unsent output (CLIENT KILL of another client): as Redis frees the
    /// client before it replies to the killer, the victim's socket is already shut when the killer hears OK.
    /// </summary>
    void Kill();

    /// <summary>
    /// Whether the peer has closed its side (a read would return 0 bytes). Checked before a blocked client
    /// is served, so an element is never popped for a client that is already gone.
    /// </summary>
    bool IsPeerClosed();
}

/// <summary>
/// CLIENT REPLY state, as Redis's CLIENT_REPLY_OFF / CLIENT_REPLY_SKIP / CLIENT_REPLY_SKIP_NEXT flags. The
/// dispatcher drops a command's reply when the mode is <see cref="Off"/> or <see cref="Skip"/> once the command
/// has run, then moves <see cref="SkipNext"/> to <see cref="Skip"/> and <see cref="Skip"/> back to <see cref="On"/>.
/// </summary>
public enum ReplyMode
{
    On,

    /// <summary>CLIENT REPLY OFF: every reply is dropped until CLIENT REPLY ON (whose +OK is sent).</summary>
    Off,

    /// <summary>The reply of the command now running is dropped (the one after CLIENT REPLY SKIP).</summary>
    Skip,

    /// <summary>CLIENT REPLY SKIP just ran: the next command's reply is dropped.</summary>
    SkipNext,
}

/// <summary>
/// Per-client state: selected database, protocol version, authentication, name and the output buffer.
/// Written only by the executor (the connection reads <see cref="Reply"/> after a batch has run).
/// </summary>
public sealed class ClientSession
{
    public ClientSession(long id, ServerState server, IClientTransport? transport)
    {
        Id = id;
        Server = server;
        Transport = transport;
        Reply = new RespWriter();
        Database = server.Databases[0];
        CreatedMs = server.Clock.UnixTimeMilliseconds;
        LastInteractionMs = CreatedMs;
        Authenticated = !server.Options.RequiresAuthentication;
        Context = new CommandContext(this);
    }

    public long Id { get; }

    /// <summary>
    /// The AOF offset this client's pending replies depend on: with appendfsync always, the connection waits
    /// for an fsync covering it before sending (set by the executor at the end of each batch).
    /// </summary>
    public long AofDurableOffset { get; set; }

    public ServerState Server { get; }

    public IClientTransport? Transport { get; }

    public RespWriter Reply { get; }

    /// <summary>The context handed to every handler this client runs (reused, never reallocated).</summary>
    public CommandContext Context { get; }

    public Database Database { get; set; }

    public RespVersion Protocol
    {
        get => Reply.Version;
        set => Reply.Version = value;
    }

    /// <summary>CLIENT SETNAME; null when unset.</summary>
    public string? Name { get; set; }

    public bool Authenticated { get; set; }

    public string User { get; set; } = "default";

    public long CreatedMs { get; }

    public long LastInteractionMs { get; set; }

    /// <summary>Full name of the last command run ("client|list"), for CLIENT LIST cmd=.</summary>
    public string LastCommand { get; set; } = "NULL";

    public ReplyMode ReplyMode { get; set; } = ReplyMode.On;

    /// <summary>Set by QUIT and CLIENT KILL: stop running commands and close after the pending replies.</summary>
    public bool CloseRequested { get; set; }

    /// <summary>CLIENT NO-EVICT.</summary>
    public bool NoEvict { get; set; }

    /// <summary>Bytes of queries received but not yet executed (CLIENT LIST qbuf=).</summary>
    public long QueryBufferLength { get; set; }

    /// <summary>Total bytes read from and written to this client (CLIENT LIST tot-net-in/out are 7.2; kept for INFO).</summary>
    public long NetInput { get; set; }

    public long NetOutput { get; set; }

    /// <summary>Commands run by this client (CLIENT LIST tot-cmds is 7.2; used by INFO).</summary>
    public long CommandCount { get; set; }

    /// <summary>
    /// Guards <see cref="Reply"/> between the executor writing into another client's buffer (pub/sub
    /// messages, an unblocked pop) and that client's connection swapping the buffer out to send it.
    /// </summary>
    public Lock OutputLock { get; } = new();

    /// <summary>Set while the client waits in a blocking command (BLPOP, ...).</summary>
    public BlockedState? Blocked { get; internal set; }

    /// <summary>The MULTI queue while a transaction is open; null otherwise.</summary>
    public MultiState? Multi { get; set; }

    /// <summary>Pub/sub channels, patterns and shard channels this client is subscribed to.</summary>
    public HashSet<byte[]> Channels { get; } = new(ByteArrayComparer.Instance);

    public HashSet<byte[]> Patterns { get; } = new(ByteArrayComparer.Instance);

    public HashSet<byte[]> ShardChannels { get; } = new(ByteArrayComparer.Instance);

    /// <summary>In RESP2 a client with subscriptions is in "subscribed mode" (only (un)subscribe, PING, QUIT, RESET).</summary>
    public int SubscriptionCount => Channels.Count + Patterns.Count + ShardChannels.Count;

    /// <summary>When the client's pending output first passed the soft output limit (0 = below it).</summary>
    public long OutputSoftLimitSinceMs { get; set; }

    /// <summary>Asks the connection to send pending output now (a message pushed while the client is idle).</summary>
    public Action? Wake { get; set; }

    /// <summary>Keys this client WATCHes.</summary>
    public List<WatchedKey> WatchedKeys { get; } = [];

    /// <summary>A watched key was touched: the next EXEC fails (CLIENT_DIRTY_CAS).</summary>
    public bool DirtyCas { get; set; }

    /// <summary>True while commands run inside MULTI/EXEC or a script, where blocking commands must not block.</summary>
    public bool CannotBlock { get; set; }

    /// <summary>
    /// Set by the dispatcher when CLIENT PAUSE holds this client's next command: the command stays pending in
    /// its batch and the connection retries it once the pause is over (Redis's postponed clients).
    /// </summary>
    public bool PauseHeld { get; internal set; }

    /// <summary>
    /// True while this client's batch runs on the socket event loop's own thread. A script may run for
    /// seconds, and the other clients must meanwhile get BUSY replies and be able to send SCRIPT KILL, which
    /// needs the event loop: so a script that runs past a short slice there is suspended
    /// (<see cref="SuspendedScript"/>) and resumed from a pool thread, and an EXEC that queues a script is
    /// run from a pool thread from the start (<see cref="ScriptDeferred"/>).
    /// </summary>
    public bool OnEventLoop { get; internal set; }

    /// <summary>
    /// Set by the dispatcher when this client's current command must continue off the event loop: an EXEC
    /// that queues a script, or a script left suspended. The command stays pending in the batch and the
    /// connection calls the executor again from a pool thread.
    /// </summary>
    public bool ScriptDeferred { get; internal set; }

    /// <summary>Whether the script about to run may be suspended (a top-level script command on the event loop).</summary>
    public bool MaySuspendScript { get; internal set; }

    /// <summary>
    /// The engine whose script this client started and left suspended on the event loop; the executor stays
    /// reserved for this client until the script is resumed and ends.
    /// </summary>
    public Scripting.LuaRunner? SuspendedScript { get; internal set; }

    /// <summary>What the dispatcher keeps of a suspended script's call, to finish it (statistics, propagation).</summary>
    internal SuspendedCall? SuspendedCall { get; set; }

    /// <summary>SUBSCRIBE channels (CLIENT LIST sub=).</summary>
    public int SubscribedChannels => Channels.Count;

    /// <summary>PSUBSCRIBE patterns (CLIENT LIST psub=).</summary>
    public int SubscribedPatterns => Patterns.Count;

    /// <summary>SSUBSCRIBE shard channels (CLIENT LIST ssub=).</summary>
    public int SubscribedShardChannels => ShardChannels.Count;

    /// <summary>Redis's CLIENT_PUBSUB: subscribed to anything (CLIENT LIST flag P, type pubsub, no idle timeout).</summary>
    public bool IsPubSub => SubscriptionCount > 0;

    /// <summary>Commands queued since MULTI, or -1 outside a transaction (CLIENT LIST multi=, flag x).</summary>
    public int MultiQueued => Multi?.Queue.Count ?? -1;

    public bool IsClosed { get; set; }
}
