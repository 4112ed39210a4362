using System.Runtime.ExceptionServices;

namespace KvServer.Engine.Persistence;

/// <summary>
/// A piece of work handed to the thread pool while the caller does its own share (the second half of a batch
/// of list nodes to compress or decompress), so a save or a load of a big list uses the machine's second
/// core. The caller never depends on the pool: if no pool thread has taken the piece when the caller is
/// done with its own share, <see cref="Finish"/> runs it on the caller's thread.
/// </summary>
/// <remarks>
/// SAVE and the load already hold the executor (every client waits for them), so a second core shortens
/// that wait; a pool thread that is busy elsewhere costs nothing but the lost overlap. One piece at a time;
/// reusable, and it allocates nothing per piece.
/// </remarks>
internal abstract class HelperWork : IThreadPoolWorkItem
{
    private const int Queued = 1;
    private const int Taken = 2;

    private readonly ManualResetEventSlim _done = new(false);
    private int _state;
    private Exception? _error;

    /// <summary>Whether handing work over can pay: a second core exists.</summary>
    public static bool Worthwhile => Environment.ProcessorCount > 1;

    /// <summary>The piece of work; its inputs are the subclass's fields, set before <see cref="Start"/>.</summary>
    protected abstract void Run();

    /// <summary>Queues the piece; call <see cref="Finish"/> before touching its inputs or outputs again.</summary>
    public void Start()
    {
        _error = null;
        _done.Reset();
        Volatile.Write(ref _state, Queued);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        // A late execution of a piece the caller already took back finds nothing to do.
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
        {
            return;
        }
        try
        {
            Run();
        }
        catch (Exception ex)
        {
            _error = ex;
        }
        finally
        {
            _done.Set();
        }
    }

    /// <summary>Completes the piece: runs it here when no pool thread has taken it, else waits for it.</summary>
    public void Finish()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued)
        {
            Run();
            return;
        }
        _done.Wait();
        if (_error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }
}
