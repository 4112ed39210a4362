using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using KvServer.Engine.Execution;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Networking;

/// <summary>
/// The client sockets' event loop on Linux: one thread waits in <c>epoll_wait</c> for every connection and
/// runs what became ready on itself — a read completes on this thread and the connection's loop (parse,
/// execute, reply) continues inline, as in Redis's event loop.
/// </summary>
/// <remarks>
/// .NET's own socket engine does the same with inline completions, but it goes back to sleep in
/// <c>epoll_wait</c> the moment it has nothing to do. On a machine where an idle CPU halts, waking a sleeping
/// loop costs the client that writes the request an inter-processor interrupt, and with redis-benchmark the
/// client is the bottleneck. So after any activity this loop keeps polling (<c>epoll_wait</c> with a zero
/// timeout) for <c>kvserver-event-loop-poll-us</c> microseconds before it sleeps: under load it is awake
/// when a request arrives, and an idle server still sleeps. Measured in benchmarks/README.md.
/// </remarks>
internal sealed class EpollEventLoop : IEventLoopRounds, IDisposable
{
    private const int MaxEvents = 256;
    private const uint EpollIn = 0x001;
    private const uint EpollOut = 0x004;
    private const uint EpollErr = 0x008;
    private const uint EpollHup = 0x010;
    private const uint EpollRdHup = 0x2000;
    private const uint EpollEt = 1u << 31;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int CloseOnExec = 0x80000;
    private const int EventFdNonBlock = 0x800;
    private const int Eintr = 4;

    /// <summary>epoll data of the stop signal; socket tokens never reach it (their slot is below 2^31).</summary>
    private const ulong StopToken = ulong.MaxValue;

    /// <summary>epoll data of the wake-up signal of <see cref="Post"/>.</summary>
    private const ulong WakeToken = ulong.MaxValue - 1;

    // struct epoll_event is packed on x86-64 (12 bytes, data at 4) and naturally aligned elsewhere (16, at 8).
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int s_dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _epollFd;
    private readonly int _stopFd;
    private readonly int _wakeFd;
    private readonly long _pollTicks;
    private readonly ILogger? _logger;
    private readonly Thread _thread;
    private readonly Lock _gate = new();

    // Registered sockets by slot; an event's data is (generation << 32) | slot, so an event harvested for a
    // socket that was unregistered meanwhile (and its slot reused) is recognised and dropped.
    private EventLoopSocket?[] _sockets = new EventLoopSocket?[64];
    private readonly Stack<int> _freeSlots = new();
    private int _usedSlots;
    private uint _generation;
    private volatile bool _stopping;

    // Other threads' work that needs a CPU now (see HoldPolling): while above 0 the loop sleeps when idle.
    private int _pollHolds;

    // Work to run after the current events (RunAfterEvents); touched only by the loop's thread.
    private readonly List<IThreadPoolWorkItem> _afterEvents = [];

    // Work other threads handed to the loop (Post), and 1 while a wake-up is signalled and not yet taken.
    private readonly ConcurrentQueue<IThreadPoolWorkItem> _posted = new();
    private int _wakePending;

    private EpollEventLoop(int epollFd, int stopFd, int wakeFd, int pollMicroseconds, ILogger? logger)
    {
        _epollFd = epollFd;
        _stopFd = stopFd;
        _wakeFd = wakeFd;
        _pollTicks = pollMicroseconds * Stopwatch.Frequency / 1_000_000;
        _logger = logger;
        AddInterest(stopFd, EpollIn, StopToken);
        AddInterest(wakeFd, EpollIn, WakeToken);
        _thread = new Thread(Run) { IsBackground = true, Name = "kvserver-event-loop" };
        _thread.Start();
    }

    /// <summary>
    /// The event loop, or null where there is none (not Linux, or the system calls are unavailable): the
    /// connections then use .NET's socket engine.
    /// </summary>
    public static EpollEventLoop? TryCreate(int pollMicroseconds, ILogger? logger)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }
        try
        {
            int epollFd = EpollCreate1(CloseOnExec);
            if (epollFd < 0)
            {
                return null;
            }
            int stopFd = EventFd(0, CloseOnExec | EventFdNonBlock);
            int wakeFd = stopFd < 0 ? -1 : EventFd(0, CloseOnExec | EventFdNonBlock);
            if (wakeFd < 0)
            {
                if (stopFd >= 0)
                {
                    Close(stopFd);
                }
                Close(epollFd);
                return null;
            }
            return new EpollEventLoop(epollFd, stopFd, wakeFd, pollMicroseconds, logger);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds a connected, non-blocking socket to the loop. Readiness is edge-triggered: the socket remembers
    /// that it may have bytes (or room), and a read or send that has to wait is completed by this loop.
    /// </summary>
    public EventLoopSocket Register(Socket socket)
    {
        int fd = (int)socket.Handle;
        EventLoopSocket registered;
        lock (_gate)
        {
            int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _usedSlots++;
            if (slot == _sockets.Length)
            {
                Array.Resize(ref _sockets, slot * 2);
            }
            ulong token = ((ulong)++_generation << 32) | (uint)slot;
            registered = new EventLoopSocket(this, socket, token);
            _sockets[slot] = registered;
        }
        // The slot is filled before the kernel can report an event for it (epoll_ctl orders the two).
        AddInterest(fd, EpollIn | EpollOut | EpollRdHup | EpollEt, registered.Token);
        return registered;
    }

    /// <summary>Removes a socket; called before the socket is closed, so its descriptor is never reused while registered.</summary>
    public void Unregister(EventLoopSocket socket)
    {
        try
        {
            EpollCtl(_epollFd, EpollCtlDel, (int)socket.Socket.Handle, new byte[s_eventSize]);
        }
        catch (ObjectDisposedException)
        {
            // Closed already: the kernel dropped the registration with the descriptor.
        }
        lock (_gate)
        {
            int slot = (int)(uint)socket.Token;
            if (ReferenceEquals(_sockets[slot], socket))
            {
                _sockets[slot] = null;
                _freeSlots.Push(slot);
            }
        }
    }

    private void AddInterest(int fd, uint events, ulong token)
    {
        byte[] ev = new byte[s_eventSize];
        BitConverter.TryWriteBytes(ev.AsSpan(0, 4), events);
        BitConverter.TryWriteBytes(ev.AsSpan(s_dataOffset, 8), token);
        if (EpollCtl(_epollFd, EpollCtlAdd, fd, ev) != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        finally
        {
            // Work handed over before the stop still runs (a connection may be waiting on it).
            RunPosted();
            RunWorkAfterEvents();
            Close(_stopFd);
            Close(_wakeFd);
            Close(_epollFd);
        }
    }

    private void Loop()
    {
        byte[] events = new byte[MaxEvents * s_eventSize];
        long pollUntil = 0;
        while (!_stopping)
        {
            bool polling = _pollTicks > 0 && Volatile.Read(ref _pollHolds) == 0 && Stopwatch.GetTimestamp() < pollUntil;
            int count = EpollWait(_epollFd, events, MaxEvents, polling ? 0 : -1);
            if (count < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }
                _logger?.LogError("The event loop stopped: epoll_wait failed with errno {Errno}", errno);
                return;
            }
            if (count == 0 && _posted.IsEmpty)
            {
                // Polling and nothing came: let another thread of this CPU run (a no-op when none waits).
                Thread.Yield();
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                Dispatch(events.AsSpan(i * s_eventSize, s_eventSize));
            }
            RunPosted();
            RunWorkAfterEvents();
            pollUntil = Stopwatch.GetTimestamp() + _pollTicks;
        }
    }

    private void RunPosted()
    {
        if (_posted.IsEmpty)
        {
            return;
        }
        // Taken before the queue is drained: a Post from now on signals again, so none is left waiting.
        Volatile.Write(ref _wakePending, 0);
        ReadEventFd(_wakeFd);
        while (_posted.TryDequeue(out IThreadPoolWorkItem? work))
        {
            try
            {
                work.Execute();
            }
            catch (Exception ex)
            {
                _logger?.LogWarning(ex, "Work posted to the event loop failed");
            }
        }
    }

    private void RunWorkAfterEvents()
    {
        // Work may add more work; the loop runs it in the same round.
        for (int i = 0; i < _afterEvents.Count; i++)
        {
            try
            {
                _afterEvents[i].Execute();
            }
            catch (Exception ex)
            {
                _logger?.LogWarning(ex, "Work after the event loop's events failed");
            }
        }
        _afterEvents.Clear();
    }

    /// <summary>True on the loop's own thread (where connections run their batches).</summary>
    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="work"/> on the loop once the events of the current wake-up are handled (Redis's
    /// beforeSleep writes). Only from the loop's thread.
    /// </summary>
    public void RunAfterEvents(IThreadPoolWorkItem work)
    {
        Debug.Assert(IsLoopThread);
        _afterEvents.Add(work);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the loop's thread, from any thread: after the events of the round in
    /// which it arrives, before that round's <see cref="RunAfterEvents"/> work. Wakes the loop if it sleeps.
    /// </summary>
    public void Post(IThreadPoolWorkItem work)
    {
        _posted.Enqueue(work);
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            WriteEventFd(_wakeFd, 1);
        }
    }

    /// <summary>
    /// Another thread of the server has work queued (the push sender): until <see cref="ReleasePolling"/>, the
    /// loop waits for events instead of polling, leaving the CPU to that work.
    /// </summary>
    public void HoldPolling() => Interlocked.Increment(ref _pollHolds);

    public void ReleasePolling() => Interlocked.Decrement(ref _pollHolds);

    private void Dispatch(ReadOnlySpan<byte> ev)
    {
        uint flags = BitConverter.ToUInt32(ev);
        ulong token = BitConverter.ToUInt64(ev[s_dataOffset..]);
        if (token is StopToken or WakeToken)
        {
            // The wake-up's work runs after the events (RunPosted), which also resets its signal.
            return;
        }
        EventLoopSocket?[] sockets = _sockets;
        int slot = (int)(uint)token;
        if (slot >= sockets.Length || sockets[slot] is not { } socket || socket.Token != token)
        {
            return;
        }
        try
        {
            // Hang-up and error make a waiting read or send try again and see the end or the error.
            if ((flags & (EpollIn | EpollRdHup | EpollHup | EpollErr)) != 0)
            {
                socket.OnReadable((flags & (EpollRdHup | EpollHup | EpollErr)) != 0);
            }
            if ((flags & (EpollOut | EpollHup | EpollErr)) != 0)
            {
                socket.OnWritable();
            }
        }
        catch (Exception ex)
        {
            // A connection's continuation runs here; its failure must not stop the loop serving the others.
            _logger?.LogWarning(ex, "A connection failed in the event loop");
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        WriteEventFd(_stopFd, 1);
        // The loop closes its descriptors as it ends (Dispose may be called from a continuation on the loop).
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
        // A connection still registered (a peer that never reads its replies) would wait forever.
        EventLoopSocket?[] remaining;
        lock (_gate)
        {
            remaining = (EventLoopSocket?[])_sockets.Clone();
        }
        foreach (EventLoopSocket? socket in remaining)
        {
            socket?.Abort();
        }
    }

    private static void WriteEventFd(int fd, ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BitConverter.TryWriteBytes(bytes, value);
        _ = Write(fd, ref MemoryMarshal.GetReference(bytes), bytes.Length);
    }

    // Resets an eventfd's counter (non-blocking: nothing to read is fine).
    private static void ReadEventFd(int fd)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        _ = Read(fd, ref MemoryMarshal.GetReference(bytes), bytes.Length);
    }

    [DllImport("libc.so.6", EntryPoint = "epoll_create1", SetLastError = true)]
    private static extern int EpollCreate1(int flags);

    [DllImport("libc.so.6", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static extern int EpollCtl(int epfd, int op, int fd, byte[] ev);

    [DllImport("libc.so.6", EntryPoint = "epoll_wait", SetLastError = true)]
    private static extern int EpollWait(int epfd, [Out] byte[] events, int maxEvents, int timeout);

    [DllImport("libc.so.6", EntryPoint = "eventfd", SetLastError = true)]
    private static extern int EventFd(uint initialValue, int flags);

    [DllImport("libc.so.6", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, ref byte buffer, nint count);

    [DllImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
