using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace KvServer.Engine.Networking;

/// <summary>
/// A connection's socket as the <see cref="EpollEventLoop"/> sees it: non-blocking reads and sends that
/// complete at once when they can, and otherwise wait — without a thread — for the loop to report the socket
/// ready, then finish on the loop's thread.
/// </summary>
/// <remarks>
/// Readiness is edge-triggered, so the socket keeps a "may have bytes" flag: set by every read event, cleared
/// before each read. A read that returned less than it asked for drained the socket, and the next read waits
/// for the next event instead of trying a <c>recv</c> that would fail (.NET's engine tries it; Redis does
/// not). A short read does not prove the socket drained once the peer has shut down or failed: the kernel
/// reports the end (or the error) once, possibly with the last bytes, and <c>recv</c> returns those bytes
/// first and the end only on the next call. So a hang-up is remembered for good, and from then on every read
/// tries <c>recv</c>. One read and one send may wait at a time, which is how a connection uses its socket.
/// </remarks>
internal sealed class EventLoopSocket : IValueTaskSource<int>
{
    private readonly EpollEventLoop _loop;
    private ManualResetValueTaskSourceCore<int> _read;
    private Memory<byte> _readBuffer;
    private CancellationTokenRegistration _readCancellation;
    private CancellationToken _readToken;

    // 1 while a read waits for the loop; whoever exchanges it back to 0 completes that read.
    private int _readWaiting;
    private volatile bool _mayRead = true;

    // Set once the loop reported the peer's shutdown, a hang-up or an error; never cleared.
    private volatile bool _peerDone;

    private TaskCompletionSource? _writeWaiter;
    private int _writeWaiting;
    private volatile bool _mayWrite = true;
    private volatile bool _closed;

    internal EventLoopSocket(EpollEventLoop loop, Socket socket, ulong token)
    {
        _loop = loop;
        Socket = socket;
        Token = token;
    }

    public Socket Socket { get; }

    /// <summary>The epoll data of this registration (generation and slot).</summary>
    public ulong Token { get; }

    /// <summary>
    /// Reads what has arrived into <paramref name="buffer"/>: the count, 0 at the end of the stream. Waits
    /// for the peer when nothing is there; <paramref name="cancellationToken"/> ends the wait with an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_mayRead && TryReceive(buffer.Span, out int received))
        {
            return new ValueTask<int>(received);
        }
        _read.Reset();
        _read.RunContinuationsAsynchronously = false;
        _readBuffer = buffer;
        _readToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the wait is armed, so whoever ends the read can unregister it.
            _readCancellation = cancellationToken.UnsafeRegister(static s => ((EventLoopSocket)s!).CancelRead(), this);
        }
        if (!ArmRead())
        {
            ResumeRead();   // bytes, a close or a cancellation came meanwhile: the read ends here and now
        }
        return new ValueTask<int>(this, _read.Version);
    }

    /// <summary>
    /// Arms the wait of the current read. False when it took the wait back at once because something came
    /// between the failed attempt and the arming (an event, a close, a cancellation, which found no wait to
    /// end); the caller then resumes the read itself.
    /// </summary>
    private bool ArmRead()
    {
        Interlocked.Exchange(ref _readWaiting, 1);
        return !((_mayRead || _closed || _readToken.IsCancellationRequested) && Interlocked.Exchange(ref _readWaiting, 0) == 1);
    }

    /// <summary>
    /// One <c>recv</c>; false when the socket had nothing. Clears "may read" first, so an event that comes
    /// during the call sets it again; a full buffer leaves it set, as more bytes may be waiting.
    /// </summary>
    private bool TryReceive(Span<byte> buffer, out int received)
    {
        _mayRead = false;
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(EventLoopSocket));
        }
        received = Socket.Receive(buffer, SocketFlags.None, out SocketError error);
        switch (error)
        {
            case SocketError.Success:
                // Read after the recv: a hang-up the loop reported before "may read" was cleared above is seen.
                if (received == buffer.Length || _peerDone)
                {
                    _mayRead = true;
                }
                return true;
            case SocketError.WouldBlock:
                return false;
            default:
                throw new SocketException((int)error);
        }
    }

    /// <summary>
    /// The loop saw bytes, or the end or an error (<paramref name="peerDone"/>): completes a waiting read on the
    /// loop's thread.
    /// </summary>
    internal void OnReadable(bool peerDone)
    {
        if (peerDone)
        {
            _peerDone = true;
        }
        _mayRead = true;
        if (Interlocked.Exchange(ref _readWaiting, 0) == 1)
        {
            ResumeRead();
        }
    }

    /// <summary>
    /// Ends a read whose wait was taken back (by the loop or by the reader): with the cancellation if there
    /// was one, else with what <c>recv</c> gives; a late event for bytes an earlier read already took arms the
    /// wait again, its cancellation still registered.
    /// </summary>
    private void ResumeRead()
    {
        while (true)
        {
            if (_readToken.IsCancellationRequested)
            {
                EndRead();
                _read.SetException(new OperationCanceledException(_readToken));
                return;
            }
            try
            {
                if (TryReceive(_readBuffer.Span, out int received))
                {
                    EndRead();
                    _read.SetResult(received);
                    return;
                }
            }
            catch (Exception ex)
            {
                EndRead();
                _read.SetException(ex);
                return;
            }
            if (ArmRead())
            {
                return;
            }
        }
    }

    private void CancelRead()
    {
        if (Interlocked.Exchange(ref _readWaiting, 0) == 1)
        {
            FailReadOnPool(new OperationCanceledException(_readToken));
        }
    }

    /// <summary>
    /// Ends the waiting read from another thread (a CLIENT KILL, a wake-up, the socket leaving the loop): the
    /// read loop resumes on the pool, never inside the caller.
    /// </summary>
    private void FailReadOnPool(Exception error)
    {
        EndRead();
        _read.RunContinuationsAsynchronously = true;
        _read.SetException(error);
    }

    private void EndRead()
    {
        _readCancellation.Unregister();
        _readCancellation = default;
        _readBuffer = default;
    }

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    /// <summary>Sends all of <paramref name="bytes"/>, waiting for room in the socket buffer when it is full.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        int sent = TrySend(bytes.Span);
        return sent == bytes.Length ? default : SendRestAsync(bytes[sent..]);
    }

    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> rest)
    {
        while (!rest.IsEmpty)
        {
            await WaitWritableAsync().ConfigureAwait(false);
            rest = rest[TrySend(rest.Span)..];
        }
    }

    // Sends what the socket takes now (without blocking); the count, possibly 0.
    private int TrySend(ReadOnlySpan<byte> bytes)
    {
        int total = 0;
        while (total < bytes.Length)
        {
            _mayWrite = false;
            if (_closed)
            {
                throw new ObjectDisposedException(nameof(EventLoopSocket));
            }
            int sent = Socket.Send(bytes[total..], SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                break;
            }
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
            total += sent;
        }
        if (total == bytes.Length)
        {
            _mayWrite = true;
        }
        return total;
    }

    private Task WaitWritableAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writeWaiter = waiter;
        Interlocked.Exchange(ref _writeWaiting, 1);
        if ((_mayWrite || _closed) && Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            return Task.CompletedTask;
        }
        return waiter.Task;
    }

    /// <summary>The loop saw room to send (or a hang-up): resumes a waiting send.</summary>
    internal void OnWritable()
    {
        _mayWrite = true;
        if (Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            _writeWaiter!.TrySetResult();
        }
    }

    /// <summary>
    /// Leaves the loop before the socket is closed. A read or send still waiting ends with an
    /// <see cref="ObjectDisposedException"/> (on the pool), so nothing waits for an event that will not come.
    /// </summary>
    public void Unregister()
    {
        _closed = true;
        _loop.Unregister(this);
        FailWaiters();
    }

    /// <summary>The loop stopped: a read or send still waiting ends now (nothing would ever complete it).</summary>
    internal void Abort()
    {
        _closed = true;
        FailWaiters();
    }

    private void FailWaiters()
    {
        if (Interlocked.Exchange(ref _readWaiting, 0) == 1)
        {
            FailReadOnPool(new ObjectDisposedException(nameof(EventLoopSocket)));
        }
        if (Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            _writeWaiter!.TrySetResult();   // the send tries again and sees the socket closed
        }
    }
}
