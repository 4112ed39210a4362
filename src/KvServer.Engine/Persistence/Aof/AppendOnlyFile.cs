using System.Diagnostics;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// The append-only file while the server runs (Redis 7.0 aof.c): the buffer that propagated commands are
/// appended to (<see cref="Feed"/>), the write of that buffer into the current incremental file before the
/// replies that depend on it are sent, and fsync by <c>appendfsync</c>: <c>always</c> before the
/// replies go out (one fsync serves every connection waiting for it), <c>everysec</c> on a background timer,
/// <c>no</c> never. The files are the multi-part layout: <c>appenddirname/</c> holds a base, incremental
/// files and the manifest naming them.
/// </summary>
/// <remarks>
/// Threads: <see cref="Feed"/> runs on the executor; connections write and fsync without it
/// (<see cref="BeforeReplyAsync"/>), so the executor never waits for the disk. The buffer swap, the file
/// write and the fsync each have their own lock. With appendfsync always, connections on the event loop
/// share one write and one fsync per round of the loop (<see cref="EventLoop"/>).
/// </remarks>
public sealed partial class AppendOnlyFile : IDisposable
{
    private readonly ServerState _server;
    private readonly ILogger? _logger;
    private readonly Lock _syncLock = new();

    // Propagated bytes accumulate in _buffer (under _bufferLock, taken briefly by the executor); a writer
    // swaps it with _writing and writes that (under _writeLock, which also owns the file offset).
    private readonly Lock _bufferLock = new();
    private readonly Lock _writeLock = new();
    private RespCommandBuffer _buffer = new();
    private RespCommandBuffer _writing = new();
    private long _appendedTotal;

    // Group commit for appendfsync always: waiters take _nextSync's task; the fsync thread completes it.
    private readonly Lock _syncWaitLock = new();
    private readonly SemaphoreSlim _syncRequested = new(0);
    private TaskCompletionSource _nextSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _syncThread;
    private bool _syncRunning;
    private bool _nextHasWaiters;
    private volatile bool _disposed;
    private Timer? _fsyncTimer;

    // appendfsync always on the event loop (Redis's beforeSleep): the connections waiting for the loop's
    // round and the list being released (swapped, so a released connection can join the next round), whether
    // the round is scheduled, and the work that writes, fsyncs and releases them after the loop's events.
    // Touched only on the loop's thread.
    private List<AofReplyWaiter> _loopWaiters = [];
    private List<AofReplyWaiter> _releasing = [];
    private bool _loopRoundScheduled;
    private readonly LoopFsync _loopFsync;

    // The incremental file being appended to and the offset of its end.
    private SafeFileHandle? _incr;
    private long _incrOffset;

    // Logical offsets over the life of the process (not per file): bytes written, and bytes known fsynced.
    private long _writtenTotal;
    private long _syncedTotal;

    // server.aof_selected_db: the db the file's reader will be in after what was written; -1 forces a SELECT.
    private int _selectedDb = -1;

    // aof_cur_timestamp: the second the last "#TS" annotation named (aof-timestamp-enabled).
    private long _annotatedSecond;

    public AppendOnlyFile(ServerState server, ILogger? logger)
    {
        _server = server;
        _logger = logger;
        _loopFsync = new LoopFsync(this);
    }

    /// <summary>
    /// The loop serving the connections, when there is one: with appendfsync always its connections wait
    /// for the loop's round (see <see cref="BeforeReplyAsync"/>).
    /// </summary>
    public IEventLoopRounds? EventLoop { get; set; }

    public AofManifest Manifest { get; private set; } = new();

    private ServerOptions Options => _server.Options;

    /// <summary>The directory holding the AOF files: <c>dir/appenddirname</c>.</summary>
    public string DirectoryPath => Path.Combine(Options.Dir, Options.AppendDirName);

    public string ManifestPath => Path.Combine(DirectoryPath, AofManifest.ManifestName(Options.AppendFilename));

    /// <summary>Whether commands are being appended (AOF_ON or waiting for the first rewrite).</summary>
    public bool IsOn => _server.Propagation.Target == this;

    /// <summary>Bytes written to the files so far (logical, over the process's life).</summary>
    public long WrittenOffset => Volatile.Read(ref _writtenTotal);

    public long SyncedOffset => Volatile.Read(ref _syncedTotal);

    /// <summary>Whether replies must wait for fsync (appendfsync always).</summary>
    public bool FsyncAlways => Options.AppendFsync == "always";

    /// <summary>Bytes propagated but not yet written (aof_buffer_length).</summary>
    public long BufferLength => AppendedOffset - WrittenOffset;

    /// <summary>Size of the AOF (base + incr files) for INFO and the auto-rewrite rule.</summary>
    public long CurrentSize { get; private set; }

    /// <summary>Size of the AOF after the last rewrite or load (aof_base_size).</summary>
    public long BaseSize { get; private set; }

    /// <summary>aof_last_write_status.</summary>
    public bool LastWriteOk { get; private set; } = true;

    // aof_bio_fsync_status: false after an fsync failed, until one succeeds.
    private volatile bool _lastFsyncOk = true;

    // The MISCONF error of the last failed write or fsync (strerror of its errno), made when it failed.
    private byte[] _diskError = [];

    /// <summary>
    /// writeCommandsDeniedByDiskError for the AOF: while it is on and its last write (or fsync) failed, write
    /// commands and PING are refused with <see cref="DiskError"/>, until a later write (or fsync) succeeds.
    /// </summary>
    public bool WritesDenied => (!LastWriteOk || !_lastFsyncOk) && IsOn;

    /// <summary>"MISCONF Errors writing to the AOF file: &lt;strerror&gt;", as Redis words it.</summary>
    public ReadOnlySpan<byte> DiskError => Volatile.Read(ref _diskError);

    /// <summary>aof_delayed_fsync: times an everysec fsync was still running when the next one was due.</summary>
    public long DelayedFsyncs { get; private set; }

    /// <summary>feedAppendOnlyFile: appends one operation in RESP form, preceded by SELECT when the db changes.</summary>
    public void Feed(int db, ReadOnlySpan<byte> command)
    {
        lock (_bufferLock)
        {
            int before = _buffer.Length;
            BeforeCommand(db);
            _buffer.AppendRaw(command);
            Volatile.Write(ref _appendedTotal, _appendedTotal + (_buffer.Length - before));
        }
    }

    /// <summary>Feeds a two-argument command (DEL key after an expiry).</summary>
    public void FeedCommand(int db, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key)
    {
        lock (_bufferLock)
        {
            int before = _buffer.Length;
            BeforeCommand(db);
            _buffer.AppendArrayHeader(2);
            _buffer.AppendBulk(name);
            _buffer.AppendBulk(key);
            Volatile.Write(ref _appendedTotal, _appendedTotal + (_buffer.Length - before));
        }
    }

    /// <summary>
    /// What goes before a command (feedAppendOnlyFile): with aof-timestamp-enabled, a "#TS:seconds" annotation
    /// when a new second began since the last one; then a SELECT when the command's database is not the last
    /// one's. Under the buffer lock.
    /// </summary>
    private void BeforeCommand(int db)
    {
        if (Options.AofTimestampEnabled)
        {
            long second = _server.Clock.UnixTimeMilliseconds / 1000;
            if (second > _annotatedSecond)
            {
                _annotatedSecond = second;
                Span<byte> annotation = stackalloc byte[TimestampAnnotation.MaxLength];
                _buffer.AppendRaw(TimestampAnnotation.Format(second, annotation));
            }
        }
        if (db != _selectedDb)
        {
            _buffer.AppendArrayHeader(2);
            _buffer.AppendBulk("SELECT"u8);
            _buffer.AppendBulk(db);
            _selectedDb = db;
        }
    }

    /// <summary>Bytes propagated so far (logical, over the process's life): what a reply may depend on.</summary>
    public long AppendedOffset => Volatile.Read(ref _appendedTotal);

    /// <summary>Writes everything propagated so far (shutdown, rewrite, the once-a-second timer).</summary>
    public void WriteBuffered() => WriteUpTo(AppendedOffset);

    /// <summary>
    /// flushAppendOnlyFile's write: makes sure the bytes up to <paramref name="offset"/> reached the kernel.
    /// A connection calls it before sending replies, without the executor. The first caller swaps the
    /// buffer out and writes everything propagated so far in one write syscall; callers arriving meanwhile
    /// find their offset covered when it is done (group write), so the executor never waits for the disk.
    /// </summary>
    public void WriteUpTo(long offset)
    {
        if (Volatile.Read(ref _writtenTotal) >= offset)
        {
            return;
        }
        lock (_writeLock)
        {
            if (_writtenTotal >= offset || _incr is null)
            {
                return;
            }
            if (_writing.Length == 0)
            {
                lock (_bufferLock)
                {
                    (_buffer, _writing) = (_writing, _buffer);
                }
            }
            ReadOnlySpan<byte> bytes = _writing.WrittenSpan;
            try
            {
                RandomAccess.Write(_incr, bytes, _incrOffset);
            }
            catch (IOException ex)
            {
                // Kept in _writing: the next caller retries, as Redis retries a failed write in beforeSleep.
                string reason = ErrorText(ex);
                if (LastWriteOk)
                {
                    _logger?.LogWarning("Error writing to the AOF file: {Reason}", reason);
                }
                NoteDiskError(reason);
                LastWriteOk = false;
                return;
            }
            if (!LastWriteOk)
            {
                _logger?.LogWarning("AOF write error looks solved, Redis can write again.");
                LastWriteOk = true;
            }
            _incrOffset += bytes.Length;
            CurrentSize += bytes.Length;
            Volatile.Write(ref _writtenTotal, _writtenTotal + bytes.Length);
            _writing.Clear();
        }
    }

    /// <summary>
    /// appendfsync always: completes once everything up to <paramref name="offset"/> is on disk. Waiters
    /// register for the next fsync and the fsync thread serves all of them with one call (group commit);
    /// nobody blocks a thread meanwhile, so connections keep reading and the executor keeps running,
    /// and the writes arriving during one fsync are covered by the next.
    /// </summary>
    public ValueTask WaitSyncedAsync(long offset)
    {
        if (Volatile.Read(ref _syncedTotal) >= offset)
        {
            return ValueTask.CompletedTask;
        }
        TaskCompletionSource? lead = null;
        Task next;
        lock (_syncWaitLock)
        {
            if (_syncedTotal >= offset)
            {
                return ValueTask.CompletedTask;
            }
            if (!_syncRunning)
            {
                // Nobody is fsyncing: this caller does it now, on its own thread (no handoff).
                _syncRunning = true;
                lead = TakeRound();
            }
            else
            {
                _nextHasWaiters = true;
            }
            next = _nextSync.Task;
        }
        if (lead is not null)
        {
            SyncRound(lead);
            return Volatile.Read(ref _syncedTotal) >= offset || _incr is null ? ValueTask.CompletedTask : new ValueTask(RetryUntilSyncedAsync(offset));
        }
        return new ValueTask(WaitForRoundAsync(offset, next));
    }

    private async Task WaitForRoundAsync(long offset, Task round)
    {
        await round.ConfigureAwait(false);
        // The round's fsync covers what the caller wrote before registering, unless the write or the fsync failed.
        if (Volatile.Read(ref _syncedTotal) < offset && _incr is not null)
        {
            await RetryUntilSyncedAsync(offset).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a failed write or fsync: both are tried again every 100 ms, off the loop and without the executor,
    /// until what the replies depend on is on disk or the AOF is turned off (Redis retries in every
    /// beforeSleep; trying again at once would only spin).
    /// </summary>
    private async Task RetryUntilSyncedAsync(long offset)
    {
        while (Volatile.Read(ref _syncedTotal) < offset && _incr is not null)
        {
            await Task.Delay(100).ConfigureAwait(false);
            WriteUpTo(offset);
            if (Volatile.Read(ref _writtenTotal) >= offset)
            {
                lock (_syncLock)
                {
                    SyncLocked();
                }
            }
        }
    }

    // Takes the waiters registered so far as one round (under _syncWaitLock).
    private TaskCompletionSource TakeRound()
    {
        TaskCompletionSource round = _nextSync;
        _nextSync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _nextHasWaiters = false;
        return round;
    }

    // One fsync covering every byte written before it, then the round's waiters are released. If more
    // waiters registered meanwhile, the fsync thread runs their round, so the caller's reply is not held up.
    private void SyncRound(TaskCompletionSource round)
    {
        lock (_syncLock)
        {
            SyncLocked();
        }
        round.TrySetResult();
        bool more;
        lock (_syncWaitLock)
        {
            more = _nextHasWaiters;
            if (!more)
            {
                _syncRunning = false;
            }
        }
        if (more)
        {
            EnsureSyncThread();
            _syncRequested.Release();
        }
    }

    // The fsync thread: runs rounds while connections keep registering, then leaves fsyncing to the next
    // caller again.
    private void SyncLoop()
    {
        while (!_disposed)
        {
            _syncRequested.Wait();
            while (true)
            {
                TaskCompletionSource round;
                lock (_syncWaitLock)
                {
                    if (!_nextHasWaiters)
                    {
                        _syncRunning = false;
                        break;
                    }
                    round = TakeRound();
                }
                lock (_syncLock)
                {
                    SyncLocked();
                }
                round.TrySetResult();
            }
        }
    }

    private void EnsureSyncThread()
    {
        if (_syncThread is not null)
        {
            return;
        }
        lock (_syncWaitLock)
        {
            _syncThread ??= StartSyncThread();
        }
    }

    private Thread StartSyncThread()
    {
        var thread = new Thread(SyncLoop) { IsBackground = true, Name = "kvserver-aof-fsync" };
        thread.Start();
        return thread;
    }

    // Fsyncs the current file; every byte written before the call is then durable. False when there is no
    // file (the AOF was turned off) or the fsync failed.
    private bool SyncLocked()
    {
        long upTo = Volatile.Read(ref _writtenTotal);
        SafeFileHandle? handle = _incr;
        if (handle is null || handle.IsClosed)
        {
            return false;
        }
        try
        {
            RandomAccess.FlushToDisk(handle);
            Volatile.Write(ref _syncedTotal, Math.Max(_syncedTotal, upTo));
            _lastFsyncOk = true;
            return true;
        }
        catch (IOException ex)
        {
            // Redis exits here with always; KvServer keeps the replies waiting and retries instead.
            string reason = ErrorText(ex);
            _logger?.LogWarning(FsyncAlways
                ? "Can't persist AOF for fsync error when the AOF fsync policy is 'always': {Reason}."
                : "Fail to fsync the AOF file: {Reason}.", reason);
            NoteDiskError(reason);
            _lastFsyncOk = false;
            return false;
        }
    }

    private void NoteDiskError(string reason) =>
        Volatile.Write(ref _diskError, System.Text.Encoding.ASCII.GetBytes("MISCONF Errors writing to the AOF file: " + reason));

    /// <summary>strerror of the failed call's errno (what Redis prints), or the exception's message without one.</summary>
    internal static string ErrorText(IOException ex) =>
        ex.HResult is > 0 and < 4096 ? System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(ex.HResult) : ex.Message;

    // everysec: once a second, fsync what was written since the last one (Redis hands this to a bio thread).
    private void FsyncTick()
    {
        // Writes propagated outside any client's batch (active expiry in the cron) reach the file here at the latest.
        WriteBuffered();
        if (Options.AppendFsync != "everysec" || Volatile.Read(ref _syncedTotal) >= Volatile.Read(ref _writtenTotal))
        {
            return;
        }
        if (!_syncLock.TryEnter())
        {
            DelayedFsyncs++;
            return;
        }
        try
        {
            SyncLocked();
        }
        finally
        {
            _syncLock.Exit();
        }
    }

    /// <summary>
    /// Called by the dispatcher after a batch: notes how much of the AOF the client's replies depend on (all
    /// that was propagated until now, other clients' writes included, since the batch may have read them).
    /// The connection writes (and with always fsyncs) up to there before sending.
    /// </summary>
    public void AfterBatch(ClientSession client) => client.AofDurableOffset = AppendedOffset;

    /// <summary>
    /// Before a connection sends replies: what they depend on is written to the kernel and, with
    /// appendfsync always, fsynced.
    /// </summary>
    /// <remarks>
    /// With appendfsync always and an event loop, a connection passes its <paramref name="waiter"/> and joins
    /// the loop's round (Redis's beforeSleep): after the loop has served all its events, one write of
    /// everything propagated and one fsync cover every connection served, and each goes on to send its
    /// replies right there, on the loop's thread. A connection running elsewhere (accepted, or resumed after
    /// a blocking command, on a pool thread) joins from the loop too, and so comes back to it. Before, the
    /// first connection fsynced on its own thread: on the loop that was one fsync per command, each one
    /// holding every other connection (0.09× Redis's throughput).
    /// </remarks>
    public ValueTask BeforeReplyAsync(long offset, AofReplyWaiter? waiter = null)
    {
        if (waiter is not null && EventLoop is { } loop && (FsyncAlways || loop.IsLoopThread))
        {
            if (RoundCovers(offset))
            {
                return ValueTask.CompletedTask;
            }
            ValueTask released = waiter.Prepare(this, loop, offset);
            if (loop.IsLoopThread)
            {
                JoinLoopRound(waiter, loop);
            }
            else
            {
                loop.Post(waiter);
            }
            return released;
        }
        WriteUpTo(offset);
        return FsyncAlways ? WaitSyncedAsync(offset) : ValueTask.CompletedTask;
    }

    // What a loop round would do for a reply depending on offset is already done: fsynced (always), or written.
    private bool RoundCovers(long offset) => Volatile.Read(ref FsyncAlways ? ref _syncedTotal : ref _writtenTotal) >= offset;

    /// <summary>On the loop's thread: adds <paramref name="waiter"/> to the loop's round, scheduling it if it is the first.</summary>
    internal void JoinLoopRound(AofReplyWaiter waiter, IEventLoopRounds loop)
    {
        if (RoundCovers(waiter.Offset))
        {
            waiter.Release();
            return;
        }
        _loopWaiters.Add(waiter);
        if (!_loopRoundScheduled)
        {
            _loopRoundScheduled = true;
            loop.RunAfterEvents(_loopFsync);
        }
    }

    // The loop's round: one write of everything propagated, one fsync (always), then the waiting connections
    // go on, each on this thread in turn (one shared task would send all but the first to the thread pool).
    // Under always, a failed write or fsync leaves them to the retries off the loop (RetryUntilSyncedAsync).
    private void RunLoopRound()
    {
        _loopRoundScheduled = false;
        (_loopWaiters, _releasing) = (_releasing, _loopWaiters);
        long target = AppendedOffset;
        // Without always, a failed write does not hold the replies (the next write retries it), as on the
        // connections' own path.
        bool released = true;
        try
        {
            WriteUpTo(target);
            if (FsyncAlways)
            {
                lock (_syncLock)
                {
                    released = SyncLocked() && Volatile.Read(ref _syncedTotal) >= target;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The file was closed under the round (shutdown): there is nothing left to wait for.
        }
        if (released)
        {
            foreach (AofReplyWaiter waiter in _releasing)
            {
                waiter.Release();
            }
        }
        else
        {
            _ = ReleaseWhenSyncedAsync([.. _releasing], target);
        }
        _releasing.Clear();
    }

    private async Task ReleaseWhenSyncedAsync(AofReplyWaiter[] waiters, long offset)
    {
        try
        {
            await RetryUntilSyncedAsync(offset).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Closed while retrying (shutdown).
        }
        foreach (AofReplyWaiter waiter in waiters)
        {
            waiter.Release();
        }
    }

    private sealed class LoopFsync(AppendOnlyFile aof) : IThreadPoolWorkItem
    {
        public void Execute() => aof.RunLoopRound();
    }

    /// <summary>
    /// Opens (or creates) the incremental file to append to, as aofOpenIfNeededOnServerStart does, and
    /// starts feeding. A fresh start creates the base first (an empty dataset's base, or the current one).
    /// </summary>
    public void OpenOnServerStart()
    {
        Directory.CreateDirectory(DirectoryPath);
        if (Manifest.Base is null && Manifest.Incr.Count == 0)
        {
            string baseName = Manifest.NewBaseFileName(Options.AppendFilename, UseRdbPreamble);
            AofRewriter.WriteBase(_server, Path.Combine(DirectoryPath, baseName), Options);
            _logger?.LogInformation("Creating AOF base file {Name} on server start", baseName);
        }
        bool creating = Manifest.Incr.Count == 0;
        string incrName = creating ? Manifest.NewIncrFileName(Options.AppendFilename) : Manifest.Incr[^1].FileName;
        OpenIncr(incrName);
        _logger?.LogInformation(creating ? "Creating AOF incr file {Name} on server start" : "Opening AOF incr file {Name} on server start", incrName);
        if (Manifest.Dirty)
        {
            PersistManifest(Manifest);
        }
        UpdateSizes();
        BaseSize = CurrentSize;
        StartFeeding();
    }

    /// <summary>The manifest read from disk (loading), before the files are opened.</summary>
    public void SetLoadedManifest(AofManifest manifest) => Manifest = manifest;

    /// <summary>
    /// aofUpgradePrepare, at start-up: a single append-only file of Redis before 7.0 (<c>dir</c>/<c>appendfilename</c>)
    /// becomes the base of the multi-part layout: the manifest names it as base 1, then it is moved into the
    /// AOF directory, so it loads as before and the server appends to a new incremental file. Done when the
    /// directory does not exist, or holds no manifest, or its manifest names only that base and the file has
    /// not been moved yet (an upgrade interrupted between the two steps). Throws
    /// <see cref="AofLoadException"/> with Redis's message when the directory or the move fails.
    /// </summary>
    public void UpgradeOldStyleFile(AofManifest manifest)
    {
        string oldPath = Path.Combine(Options.Dir, Options.AppendFilename);
        if (!File.Exists(oldPath))
        {
            return;
        }
        bool interrupted = manifest.Base is { } only && manifest.Incr.Count == 0
            && only.FileName == Options.AppendFilename && !File.Exists(Path.Combine(DirectoryPath, Options.AppendFilename));
        if (Directory.Exists(DirectoryPath) && !(manifest.Base is null && manifest.Incr.Count == 0) && !interrupted)
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(DirectoryPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AofLoadException($"Can't open or create append-only dir {Options.AppendDirName}: {ex.Message}");
        }
        manifest.Base = new AofFileInfo(Options.AppendFilename, 1, AofFileType.Base);
        manifest.CurrentBaseSeq = 1;
        manifest.Dirty = true;
        PersistManifest(manifest);
        try
        {
            File.Move(oldPath, Path.Combine(DirectoryPath, Options.AppendFilename));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AofLoadException($"Error trying to move the old AOF file {Options.AppendFilename} into dir {Options.AppendDirName}: {ex.Message}");
        }
        FsyncDirectory(DirectoryPath);
        _logger?.LogInformation("Successfully migrated an old-style AOF file ({File}) into the AOF directory ({Dir}).",
            Options.AppendFilename, Options.AppendDirName);
    }

    private void OpenIncr(string name)
    {
        SafeFileHandle handle = File.OpenHandle(Path.Combine(DirectoryPath, name), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        WriteBuffered();
        lock (_writeLock)
        lock (_syncLock)
        {
            SafeFileHandle? old = _incr;
            if (old is not null)
            {
                // What went to the old file must be durable before it stops being the one we fsync.
                try
                {
                    RandomAccess.FlushToDisk(old);
                }
                catch (IOException)
                {
                }
                old.Dispose();
            }
            _incr = handle;
            _incrOffset = RandomAccess.GetLength(handle);
        }
    }

    private void StartFeeding()
    {
        lock (_bufferLock)
        {
            _selectedDb = -1;
        }
        _server.Propagation.Target = this;
        _fsyncTimer ??= new Timer(_ => FsyncTick(), null, 1000, 1000);
    }

    /// <summary>Stops appending (appendonly no): what is buffered is written and fsynced, the file closed.</summary>
    public void Stop()
    {
        _server.Propagation.Target = null;
        WriteBuffered();
        _fsyncTimer?.Dispose();
        _fsyncTimer = null;
        lock (_writeLock)
        lock (_syncLock)
        {
            if (_incr is not null)
            {
                try
                {
                    RandomAccess.FlushToDisk(_incr);
                }
                catch (IOException)
                {
                }
                _incr.Dispose();
                _incr = null;
            }
            _syncedTotal = _writtenTotal;
        }
    }

    /// <summary>
    /// persistAofManifest: writes the manifest to a temp file, fsyncs it and renames it over the old one, so a
    /// crash leaves either the old or the new manifest, never a mix.
    /// </summary>
    public void PersistManifest(AofManifest manifest)
    {
        string temp = Path.Combine(DirectoryPath, "temp-" + AofManifest.ManifestName(Options.AppendFilename));
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(manifest.Format());
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, ManifestPath, overwrite: true);
        FsyncDirectory(DirectoryPath);
        manifest.Dirty = false;
    }

    // The rename must survive a crash too: fsync the directory entry (as Redis's fsyncFileDir).
    internal static void FsyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            using SafeFileHandle dir = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Some file systems refuse to open or fsync a directory; the rename itself still happened.
        }
    }

    private void UpdateSizes()
    {
        long size = 0;
        if (Manifest.Base is not null)
        {
            size += FileLength(Manifest.Base.FileName);
        }
        foreach (AofFileInfo info in Manifest.Incr)
        {
            size += FileLength(info.FileName);
        }
        CurrentSize = size;
    }

    private long FileLength(string name)
    {
        var info = new FileInfo(Path.Combine(DirectoryPath, name));
        return info.Exists ? info.Length : 0;
    }

    /// <summary>Shutdown: write and fsync what is pending ("Calling fsync() on the AOF file.").</summary>
    public void FlushOnShutdown()
    {
        if (!IsOn)
        {
            return;
        }
        KillRewrite();
        _logger?.LogInformation("Calling fsync() on the AOF file.");
        Stop();
    }

    public void Dispose()
    {
        _disposed = true;
        _syncRequested.Release();
        lock (_syncWaitLock)
        {
            _nextSync.TrySetResult();
        }
        _fsyncTimer?.Dispose();
        _incr?.Dispose();
        _buffer.Dispose();
        _writing.Dispose();
    }

    internal static long ElapsedMs(long startTimestamp) => (Stopwatch.GetTimestamp() - startTimestamp) * 1000 / Stopwatch.Frequency;
}
