using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Aof;
using KvServer.Engine.Protocol;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Networking;

/// <summary>
/// One client's TCP connection: reads with a <see cref="PipeReader"/>, parses every complete command the
/// read brought (pipelining), hands the batch to the executor, then sends the replies the batch wrote into
/// the client's output buffer with one send. Only this loop touches the socket for sending.
/// </summary>
public sealed class ClientConnection : IClientTransport
{
    private readonly Socket _socket;
    private readonly CommandExecutor _executor;
    private readonly ServerState _server;
    private readonly ILogger? _logger;
    private readonly ClientSession _session;
    private PipeReader? _reader;
    private int _closed;
    private byte[] _spare = RespWriter.RentBuffer();

    // 1 while someone sends this client's output (the connection's flush, or the executor's push sender):
    // sends must not interleave, and the holder sends whatever is buffered before it lets go.
    private int _sending;

    private int _pushQueued;   // 1 while this client waits in the push sender's queue

    // True while the client's own batch runs (its replies are written without the output lock); changed
    // under the output lock, so the push sender never swaps the buffer from under those writes.
    private bool _executing;

    private readonly PushSender _pushSender;

    // The event loop the socket is registered with (Linux), or null when .NET's socket engine serves it.
    private readonly EpollEventLoop? _eventLoop;

    // This connection's wait for the event loop's AOF round (appendfsync always), made on first use.
    private AofReplyWaiter? _aofWaiter;
    private EventLoopSocket? _loopSocket;

    // Bytes the buffer must hold before parsing can progress (set when a command is incomplete).
    private long _needed;

    // True when the parser stopped at its command limit (an unauthenticated client gets one command per
    // batch) with more bytes buffered: they must be parsed without waiting for the peer to send again.
    private bool _moreBuffered;

    internal ClientConnection(Socket socket, CommandExecutor executor, ILogger? logger, PushSender pushSender, EpollEventLoop? eventLoop = null)
    {
        _eventLoop = eventLoop;
        _pushSender = pushSender;
        _socket = socket;
        _executor = executor;
        _server = executor.Server;
        _logger = logger;
        RemoteAddress = FormatEndpoint(socket.RemoteEndPoint);
        LocalAddress = FormatEndpoint(socket.LocalEndPoint);
        Descriptor = socket.Handle.ToInt64();
        _session = new ClientSession(_server.Clients.NextId(), _server, this);
    }

    public ClientSession Session => _session;

    public string RemoteAddress { get; }

    public string LocalAddress { get; }

    public long Descriptor { get; }

    private static string FormatEndpoint(System.Net.EndPoint? endPoint) => endPoint switch
    {
        System.Net.IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => $"{ip.Address.MapToIPv4()}:{ip.Port}",
        // As Redis's anetFormatAddr: an IPv6 address in brackets, so "addr" splits on its last ':'.
        System.Net.IPEndPoint ip when ip.AddressFamily == AddressFamily.InterNetworkV6 => $"[{ip.Address}]:{ip.Port}",
        System.Net.IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        null => "",
        _ => endPoint.ToString() ?? "",
    };

    public void Close()
    {
        _session.CloseRequested = true;
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            // Wake a read in progress; the loop sees CloseRequested, flushes what is pending and exits.
            _reader?.CancelPendingRead();
        }
    }

    public void Kill()
    {
        _session.CloseRequested = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        Close();
    }

    /// <summary>
    /// Called by the executor after it wrote pushes for this client (PUBLISH, keyspace events). They go out
    /// through the shared <see cref="PushSender"/>, which coalesces a burst into one send, instead of waking the
    /// connection's read loop (a cancelled read and a thread-pool hop per message).
    /// </summary>
    private void Wake()
    {
        if (_server.Aof is { FsyncAlways: true })
        {
            // Replies of the client's own batch may wait for an fsync: only the connection may send them.
            _reader?.CancelPendingRead();
            return;
        }
        if (Interlocked.Exchange(ref _pushQueued, 1) == 0)
        {
            _pushSender.Enqueue(this);
        }
    }

    /// <summary>Run by the <see cref="PushSender"/>: sends what is buffered unless a send is already under way.</summary>
    internal void SendPushes()
    {
        Volatile.Write(ref _pushQueued, 0);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            SendPendingThenRelease();
        }
    }

    /// <summary>
    /// Holding the send right: sends what the output buffer holds without blocking, hands a remainder to an
    /// asynchronous send, and once everything went out releases the right and looks again, so bytes written
    /// by a writer who found the right taken are never left behind.
    /// </summary>
    private void SendPendingThenRelease()
    {
        while (true)
        {
            _server.Aof?.WriteUpTo(_session.AofDurableOffset);
            if (!TakeOutputOrRelease(out byte[] outgoing, out int length))
            {
                return;
            }
            int sent = TrySendNow(outgoing, length);
            if (sent < length)
            {
                _ = SendRestAsync(outgoing, sent, length);
                return;
            }
            Interlocked.Add(ref _server.Stats.NetOutputBytes, length);
            _spare = RespWriter.Recycle(outgoing);
        }
    }

    /// <summary>
    /// Holding the send right: swaps the buffered output out, or, when there is none, releases the right.
    /// Writers write under the output lock and then ask for a send, so once the right is released here the
    /// next writer's request sends. While the client's own batch runs, the executor writes its replies
    /// without the lock: the buffer is not the sender's to swap then (it is released too), and the
    /// connection's flush after the batch sends everything.
    /// </summary>
    private bool TakeOutputOrRelease(out byte[] outgoing, out int length)
    {
        lock (_session.OutputLock)
        {
            if (_session.Reply.Length == 0 || _executing)
            {
                Volatile.Write(ref _sending, 0);
                outgoing = [];
                length = 0;
                return false;
            }
            outgoing = _session.Reply.Swap(_spare, out length);
            _spare = null!;
            return true;
        }
    }

    // Waits (without holding a thread) for the send right; rarely waits: only while a push send that the
    // client has not read yet is finishing.
    private async ValueTask AcquireSendRightAsync()
    {
        while (Interlocked.CompareExchange(ref _sending, 1, 0) != 0)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    private void SetExecuting(bool executing)
    {
        lock (_session.OutputLock)
        {
            _executing = executing;
        }
    }

    // One non-blocking send; the bytes taken (all of them, some, or none when the socket buffer is full).
    private int TrySendNow(byte[] outgoing, int length)
    {
        try
        {
            int sent = _socket.Send(outgoing, 0, length, SocketFlags.None, out SocketError error);
            return error is SocketError.Success or SocketError.WouldBlock ? sent : length;
        }
        catch (ObjectDisposedException)
        {
            return length;   // the connection is closing; the bytes have nowhere to go
        }
    }

    private async Task SendRestAsync(byte[] outgoing, int offset, int length)
    {
        try
        {
            await SendAllAsync(outgoing.AsMemory(offset, length - offset)).ConfigureAwait(false);
            Interlocked.Add(ref _server.Stats.NetOutputBytes, length);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The read loop sees the broken connection and closes it.
        }
        _spare = RespWriter.Recycle(outgoing);
        SendPendingThenRelease();
    }

    public async Task RunAsync()
    {
        _session.Wake = Wake;
        _server.Clients.Add(_session);
        _reader = PipeReader.Create(OpenReadStream(), new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
        var batch = new RequestBatch();
        try
        {
            while (!_session.CloseRequested)
            {
                ReadResult result = await _reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (_session.CloseRequested)
                {
                    break;
                }
                // A canceled read is a wake-up (a pub/sub message for this client): the normal path below
                // sends pending output; any bytes that arrived meanwhile are parsed as usual.
                if (buffer.Length < _needed && !result.IsCompleted)
                {
                    // A large command is still arriving: do not re-parse until enough bytes are here.
                    await FlushAsync().ConfigureAwait(false);
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                bool close = await ProcessAsync(buffer, batch).ConfigureAwait(false) || (result.IsCompleted && !_moreBuffered);
                if (close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away; nothing to report.
        }
        catch (Exception ex)
        {
            _logger?.LogWarning(ex, "Client {Address} closed after an internal error", RemoteAddress);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The stream the connection reads: the event loop's when there is one, else a <see cref="NetworkStream"/>
    /// over .NET's socket engine. Either way the socket ends up non-blocking: synchronous sends (the executor's
    /// push sender) must never block.
    /// </summary>
    private Stream OpenReadStream()
    {
        if (_eventLoop is not null)
        {
            _socket.Blocking = false;
            _loopSocket = _eventLoop.Register(_socket);
            return new EventLoopStream(_loopSocket);
        }
        // Non-blocking only after the stream is made: NetworkStream insists on a blocking socket.
        var stream = new NetworkStream(_socket, ownsSocket: false);
        _socket.Blocking = false;
        return stream;
    }

    private ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes) =>
        _loopSocket is { } loopSocket ? loopSocket.SendAsync(bytes) : SendThroughEngineAsync(bytes);

    private async ValueTask SendThroughEngineAsync(ReadOnlyMemory<byte> bytes) =>
        await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);

    // Parses and runs what the buffer holds, sends the replies, advances the reader. True = close now.
    private async ValueTask<bool> ProcessAsync(ReadOnlySequence<byte> buffer, RequestBatch batch)
    {
        // Parsing needs contiguous bytes; a read that spans pipe segments is copied once into a pooled array.
        byte[]? linear = null;
        ReadOnlyMemory<byte> input;
        if (buffer.IsSingleSegment)
        {
            input = buffer.First;
        }
        else
        {
            linear = ArrayPool<byte>.Shared.Rent(checked((int)buffer.Length));
            buffer.CopyTo(linear);
            input = linear.AsMemory(0, (int)buffer.Length);
        }
        try
        {
            var limits = new ParserLimits
            {
                MaxBulkLength = _server.Options.ProtoMaxBulkLength,
                Unauthenticated = !_session.Authenticated,
                MaxCommands = _session.Authenticated ? 0 : 1,
            };
            batch.Clear();
            ParseStatus status = RespRequestParser.Parse(input.Span, batch, limits, out int consumed, out long neededAbsolute, out ReadOnlySpan<byte> errorSpan);
            byte[]? protocolError = status == ParseStatus.ProtocolError ? errorSpan.ToArray() : null;
            _needed = neededAbsolute > 0 ? neededAbsolute - consumed : 0;
            _moreBuffered = status != ParseStatus.ProtocolError && limits.MaxCommands > 0 && batch.Count >= limits.MaxCommands && consumed < input.Length;
            Interlocked.Add(ref _server.Stats.NetInputBytes, consumed);

            _session.QueryBufferLength = buffer.Length;
            // A suspended script is finished even when a close was requested meanwhile: it reserves the executor.
            while ((batch.HasPending && !_session.CloseRequested) || _session.SuspendedScript is not null)
            {
                SetExecuting(true);
                try
                {
                    await _executor.ExecuteAsync(_session, batch, input).ConfigureAwait(false);
                }
                finally
                {
                    SetExecuting(false);
                }
                if (_session.ScriptDeferred)
                {
                    // Continue off the event loop's thread (ClientSession.OnEventLoop).
                    await Task.Yield();
                }
                else if (_session.Blocked is { } blocked)
                {
                    await FlushAsync().ConfigureAwait(false);
                    await WaitWhileBlockedAsync(blocked).ConfigureAwait(false);
                }
                else if (_session.PauseHeld)
                {
                    await FlushAsync().ConfigureAwait(false);
                    await WaitWhilePausedAsync().ConfigureAwait(false);
                }
            }
            _session.QueryBufferLength = 0;
            if (protocolError is not null && !_session.CloseRequested)
            {
                _session.Reply.WriteError(protocolError);
                _logger?.LogDebug("Protocol error from client {Address}: {Error}", RemoteAddress, System.Text.Encoding.ASCII.GetString(protocolError));
            }
            await FlushAsync().ConfigureAwait(false);
            // Everything was examined, so the next read waits for new bytes, unless commands are still buffered.
            SequencePosition consumedPosition = buffer.GetPosition(consumed);
            _reader!.AdvanceTo(consumedPosition, _moreBuffered ? consumedPosition : buffer.End);
            return protocolError is not null;
        }
        finally
        {
            if (linear is not null)
            {
                ArrayPool<byte>.Shared.Return(linear);
            }
        }
    }

    /// <summary>
    /// Sends what the client's writer holds. The buffer is swapped out under the client's output lock, so
    /// the executor may write pushes for this client (pub/sub, an unblocked pop) while the send is running.
    /// </summary>
    private async ValueTask FlushAsync()
    {
        // The AOF bytes these replies depend on reach the kernel first (and the disk, with appendfsync always),
        // so an acknowledged write survives the process being killed.
        if (_server.Aof is { } aof)
        {
            await aof.BeforeReplyAsync(_session.AofDurableOffset, _aofWaiter ??= new AofReplyWaiter()).ConfigureAwait(false);
        }
        if (_session.Reply.Length == 0)
        {
            return;
        }
        await AcquireSendRightAsync().ConfigureAwait(false);
        while (TakeOutputOrRelease(out byte[] outgoing, out int length))
        {
            try
            {
                await SendAllAsync(outgoing.AsMemory(0, length)).ConfigureAwait(false);
                Interlocked.Add(ref _server.Stats.NetOutputBytes, length);
            }
            catch
            {
                _spare = RespWriter.Recycle(outgoing);
                Volatile.Write(ref _sending, 0);
                throw;
            }
            _spare = RespWriter.Recycle(outgoing);
        }
    }

    /// <summary>
    /// Parks the connection while its client is blocked: no thread is held, the executor is free. Ends when
    /// the executor serves the client, when the deadline passes (the timeout reply is written on the
    /// executor), or when the peer disconnects (the client is removed from the wait queues).
    /// </summary>
    private async ValueTask WaitWhileBlockedAsync(BlockedState state)
    {
        const int PollMs = 100;
        while (true)
        {
            long wait = PollMs;
            if (state.DeadlineMs > 0)
            {
                long remaining = state.DeadlineMs - _server.Clock.UnixTimeMilliseconds;
                if (remaining <= 0)
                {
                    await _executor.RunExclusive(() =>
                    {
                        if (ReferenceEquals(_session.Blocked, state))
                        {
                            _server.Blocking.TimeOut(_session);
                        }
                    }).ConfigureAwait(false);
                    break;
                }
                wait = Math.Min(wait, remaining);
            }
            Task released = state.Released.Task;
            if (await Task.WhenAny(released, Task.Delay((int)wait)).ConfigureAwait(false) == released)
            {
                break;
            }
            if (PeerClosed())
            {
                await _executor.RunExclusive(() => _server.Blocking.Unblock(_session)).ConfigureAwait(false);
                _session.CloseRequested = true;
                break;
            }
        }
        if (_server.Aof is { } aof)
        {
            // Served by another client's write: the pop done for us was propagated before we were released.
            _session.AofDurableOffset = aof.AppendedOffset;
        }
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// CLIENT PAUSE: the dispatcher left the held command pending in the batch; wait here (no thread held, the
    /// executor free for other clients) in steps of at most 10 ms until the pause ends by its timeout or
    /// CLIENT UNPAUSE, then the caller hands the rest of the batch to the executor again, which re-checks the
    /// pause. Replies of the commands before the held one were already sent. Ends early if the client is
    /// killed or the peer disconnects.
    /// </summary>
    private async ValueTask WaitWhilePausedAsync()
    {
        const int PollMs = 10;
        while (!_session.CloseRequested)
        {
            long remaining = _server.PauseUntilMs - _server.Clock.UnixTimeMilliseconds;
            if (remaining <= 0)
            {
                return;
            }
            await Task.Delay((int)Math.Min(PollMs, remaining)).ConfigureAwait(false);
            if (PeerClosed())
            {
                _session.CloseRequested = true;
                return;
            }
        }
    }

    public bool IsPeerClosed() => PeerClosed();

    private bool PeerClosed()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private async ValueTask CloseAsync()
    {
        try
        {
            // Replies written before the close (QUIT's +OK, a protocol error) still go out.
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
        _session.IsClosed = true;
        // Leave every registry that points at this client: wait queues, watched keys, subscriptions.
        await _executor.RunExclusive(() =>
        {
            _server.Blocking.Unblock(_session);
            _server.Watches.UnwatchAll(_session);
            _server.PubSub.RemoveClient(_session);
        }).ConfigureAwait(false);
        _server.Clients.Remove(_session);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        // A push send still under way ends now that the socket is shut down; then the send right is kept for
        // good, so nothing touches the buffers being returned.
        await AcquireSendRightAsync().ConfigureAwait(false);
        _loopSocket?.Unregister();
        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
        }
        _session.Reply.Dispose();
        RespWriter.ReturnBuffer(_spare);
    }
}
