using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>
/// The single executor: the only code that runs commands and touches the keyspace. Connections hand it
/// whole pipelined batches; exactly one batch (and within it one command) runs at a time. Two ways of
/// feeding it exist and were measured side by side (docs/ARCHITECTURE.md): <see cref="InlineExecutor"/>
/// runs the batch on the connection's own thread under one lock (no thread handoff), and
/// <see cref="ThreadExecutor"/> queues it to a dedicated thread. Background jobs (active expiry, client
/// timeouts) go through <see cref="RunExclusive"/> so they never run alongside a command.
/// </summary>
public abstract class CommandExecutor : IDisposable
{
    protected CommandExecutor(ServerState server)
    {
        Server = server;
        Dispatcher = server.Dispatcher;
    }

    public ServerState Server { get; }

    public CommandDispatcher Dispatcher { get; }

    public static CommandExecutor Create(ServerState server) =>
        server.Options.ExecutorMode == "thread" ? new ThreadExecutor(server) : new InlineExecutor(server);

    /// <summary>Runs every command of <paramref name="batch"/> for <paramref name="client"/>.</summary>
    public abstract ValueTask ExecuteAsync(ClientSession client, RequestBatch batch, ReadOnlyMemory<byte> input);

    /// <summary>Runs a job with the executor's exclusivity (cron, shutdown, client cleanup).</summary>
    public abstract Task RunExclusive(Action job);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Serialized execution on the caller's thread: the connection that parsed a batch takes the executor lock,
/// runs the batch and releases it, then sends its own replies. No queue, no wake-up, no thread switch per
/// request; on a 2-core machine shared with the clients this is the faster design (docs/ARCHITECTURE.md).
/// </summary>
public sealed class InlineExecutor : CommandExecutor
{
    private readonly Lock _gate = new();

    // The client whose script was suspended on the event loop (ClientSession.SuspendedScript): between the
    // suspension and the resumption on a pool thread the lock is free, but only this client may take it.
    private ClientSession? _reservedFor;

    public InlineExecutor(ServerState server)
        : base(server)
    {
    }

    public override ValueTask ExecuteAsync(ClientSession client, RequestBatch batch, ReadOnlyMemory<byte> input)
    {
        if (TryEnter(client))
        {
            RunBatch(client, batch, input.Span);
            return ValueTask.CompletedTask;
        }
        return ExecuteContendedAsync(client, batch, input);
    }

    private bool TryEnter(ClientSession? client)
    {
        if (!_gate.TryEnter())
        {
            return false;
        }
        ClientSession? reserved = Volatile.Read(ref _reservedFor);
        if (reserved is null || reserved == client)
        {
            return true;
        }
        _gate.Exit();
        return false;
    }

    // On the socket event loop's thread (not a pool thread), a long script is suspended and handed to the
    // connection to finish from a pool thread (ClientSession.OnEventLoop); the executor stays reserved for it.
    private void RunBatch(ClientSession client, RequestBatch batch, ReadOnlySpan<byte> input)
    {
        try
        {
            client.OnEventLoop = !Thread.CurrentThread.IsThreadPoolThread;
            Dispatcher.ExecuteBatch(client, batch, input);
        }
        finally
        {
            Volatile.Write(ref _reservedFor, client.SuspendedScript is null ? null : client);
            _gate.Exit();
        }
    }

    // The executor is taken: normally for microseconds (another connection's batch), so spin; if it stays
    // taken, wait without holding the thread, and while a script runs past busy-reply-threshold answer
    // BUSY (or act on SCRIPT KILL) without the executor, as Redis does.
    private async ValueTask ExecuteContendedAsync(ClientSession client, RequestBatch batch, ReadOnlyMemory<byte> input)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            if (Volatile.Read(ref _reservedFor) != client && BusyScriptReplies.IsBusy(Server))
            {
                BusyScriptReplies.Answer(Server, client, batch, input.Span);
                return;
            }
            if (TryEnter(client))
            {
                RunBatch(client, batch, input.Span);
                return;
            }
            if (spinner.NextSpinWillYield)
            {
                await Task.Delay(1).ConfigureAwait(false);
                spinner.Reset();
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    public override Task RunExclusive(Action job)
    {
        if (TryEnter(null))
        {
            try
            {
                job();
            }
            finally
            {
                _gate.Exit();
            }
            return Task.CompletedTask;
        }
        return RunExclusiveContendedAsync(job);
    }

    // Never block a thread on the executor: a long script holds it for seconds, and connections closing
    // meanwhile (each leaves the registries through here) would otherwise pin thread-pool threads.
    private async Task RunExclusiveContendedAsync(Action job)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            if (TryEnter(null))
            {
                try
                {
                    job();
                }
                finally
                {
                    _gate.Exit();
                }
                return;
            }
            if (spinner.NextSpinWillYield)
            {
                await Task.Delay(1).ConfigureAwait(false);
                spinner.Reset();
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}

/// <summary>
/// A dedicated executor thread fed by a queue: connections enqueue their batch and await its completion.
/// Kept as the measured alternative (kvserver-executor thread); it costs two thread handoffs per batch.
/// </summary>
public sealed class ThreadExecutor : CommandExecutor
{
    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _thread;
    private readonly ConditionalWeakTable<ClientSession, WorkItem> _items = [];
    private volatile bool _stopping;

    public ThreadExecutor(ServerState server)
        : base(server)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "kvserver-executor" };
        _thread.Start();
    }

    public override ValueTask ExecuteAsync(ClientSession client, RequestBatch batch, ReadOnlyMemory<byte> input)
    {
        if (BusyScriptReplies.IsBusy(Server))
        {
            BusyScriptReplies.Answer(Server, client, batch, input.Span);
            return ValueTask.CompletedTask;
        }
        WorkItem item = _items.GetValue(client, static _ => new WorkItem());
        item.Prepare(this, client, batch, input);
        _queue.Enqueue(item);
        _signal.Release();
        return new ValueTask(item, item.Version);
    }

    public override Task RunExclusive(Action job)
    {
        var item = new WorkItem();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        item.Job = () =>
        {
            job();
            done.SetResult();
        };
        _queue.Enqueue(item);
        _signal.Release();
        return done.Task;
    }

    private void Run()
    {
        while (!_stopping)
        {
            _signal.Wait();
            while (_queue.TryDequeue(out WorkItem? item))
            {
                item.Execute();
            }
        }
    }

    public override void Dispose()
    {
        _stopping = true;
        _signal.Release();
        base.Dispose();
    }

    private sealed class WorkItem : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private ThreadExecutor? _owner;
        private ClientSession? _client;
        private RequestBatch? _batch;
        private ReadOnlyMemory<byte> _input;

        public Action? Job { get; set; }

        public short Version => _core.Version;

        public void Prepare(ThreadExecutor owner, ClientSession client, RequestBatch batch, ReadOnlyMemory<byte> input)
        {
            _core.Reset();
            _owner = owner;
            _client = client;
            _batch = batch;
            _input = input;
        }

        public void Execute()
        {
            if (Job is not null)
            {
                Job();
                return;
            }
            try
            {
                _owner!.Dispatcher.ExecuteBatch(_client!, _batch!, _input.Span);
                _core.SetResult(true);
            }
            catch (Exception ex)
            {
                _core.SetException(ex);
            }
        }

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
