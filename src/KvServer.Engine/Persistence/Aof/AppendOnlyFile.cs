using System.Diagnostics;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// The append-only file while the server runs (Redis 7.0 aof.c): the buffer that propagated commands are
/// appended to (<see cref="Feed"/>), the write of that buffer into the current incremental file at the end of
/// every batch (before its replies are sent), and fsync by <c>appendfsync</c>: <c>always</c> before the
/// replies go out (one fsync serves every connection waiting for it), <c>everysec</c> on a background timer,
/// <c>no</c> never. The files are the multi-part layout: <c>appenddirname/</c> holds a base, incremental
/// files and the manifest naming them.
/// </summary>
/// <remarks>
/// Threads: <see cref="Feed"/> and <see cref="WriteBuffered"/> run on the executor. The written and synced
/// offsets are read by connections without the executor; the fsync and the switch of the current file are
/// serialized by <see cref="_syncLock"/>.
/// </remarks>
public sealed partial class AppendOnlyFile : IDisposable
{
    private readonly ServerState _server;
    private readonly ILogger? _logger;
    private readonly RespCommandBuffer _buffer = new();
    private readonly Lock _syncLock = new();
    private Timer? _fsyncTimer;

    // The incremental file being appended to and the offset of its end.
    private SafeFileHandle? _incr;
    private long _incrOffset;

    // Logical offsets over the life of the process (not per file): bytes written, and bytes known fsynced.
    private long _writtenTotal;
    private long _syncedTotal;

    // server.aof_selected_db: the db the file's reader will be in after what was written; -1 forces a SELECT.
    private int _selectedDb = -1;

    public AppendOnlyFile(ServerState server, ILogger? logger)
    {
        _server = server;
        _logger = logger;
    }

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
    public int BufferLength => _buffer.Length;

    /// <summary>Size of the AOF (base + incr files) for INFO and the auto-rewrite rule.</summary>
    public long CurrentSize { get; private set; }

    /// <summary>Size of the AOF after the last rewrite or load (aof_base_size).</summary>
    public long BaseSize { get; private set; }

    /// <summary>aof_last_write_status.</summary>
    public bool LastWriteOk { get; private set; } = true;

    /// <summary>aof_delayed_fsync: times an everysec fsync was still running when the next one was due.</summary>
    public long DelayedFsyncs { get; private set; }

    /// <summary>feedAppendOnlyFile: appends one operation in RESP form, preceded by SELECT when the db changes.</summary>
    public void Feed(int db, ReadOnlySpan<byte> command)
    {
        if (db != _selectedDb)
        {
            _buffer.AppendArrayHeader(2);
            _buffer.AppendBulk("SELECT"u8);
            _buffer.AppendBulk(db);
            _selectedDb = db;
        }
        _buffer.AppendRaw(command);
    }

    /// <summary>Feeds a two-argument command (DEL key after an expiry).</summary>
    public void FeedCommand(int db, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key)
    {
        if (db != _selectedDb)
        {
            _buffer.AppendArrayHeader(2);
            _buffer.AppendBulk("SELECT"u8);
            _buffer.AppendBulk(db);
            _selectedDb = db;
        }
        _buffer.AppendArrayHeader(2);
        _buffer.AppendBulk(name);
        _buffer.AppendBulk(key);
    }

    /// <summary>
    /// flushAppendOnlyFile's write: the buffer goes to the kernel (one write syscall). Executor-only; called
    /// at the end of every batch, before the connection sends the replies of the commands the buffer holds,
    /// so an acknowledged write survives the process being killed.
    /// </summary>
    public void WriteBuffered()
    {
        if (_buffer.Length == 0 || _incr is null)
        {
            return;
        }
        ReadOnlySpan<byte> bytes = _buffer.WrittenSpan;
        try
        {
            RandomAccess.Write(_incr, bytes, _incrOffset);
        }
        catch (IOException ex)
        {
            // Keep the buffer: the next batch retries, as Redis retries a failed write in beforeSleep.
            if (LastWriteOk)
            {
                _logger?.LogWarning("Error writing to the AOF file: {Message}", ex.Message);
            }
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
        _buffer.Clear();
        if (Options.AppendFsync == "always")
        {
            // Nothing to do here: each connection waits for an fsync covering its batch before it replies
            // (EnsureSynced), so batches of several clients share one fsync.
        }
    }

    /// <summary>
    /// appendfsync always: returns once everything up to <paramref name="offset"/> is on disk. The first
    /// caller fsyncs; callers arriving meanwhile find their offset covered by it or by the next one (group
    /// commit). Runs on the connection's thread, without the executor, so other batches keep running.
    /// </summary>
    public void EnsureSynced(long offset)
    {
        if (Volatile.Read(ref _syncedTotal) >= offset)
        {
            return;
        }
        lock (_syncLock)
        {
            if (_syncedTotal >= offset)
            {
                return;
            }
            SyncLocked();
        }
    }

    // Fsyncs the current file; every byte written before the call is then durable.
    private void SyncLocked()
    {
        long upTo = Volatile.Read(ref _writtenTotal);
        SafeFileHandle? handle = _incr;
        if (handle is null || handle.IsClosed)
        {
            return;
        }
        try
        {
            RandomAccess.FlushToDisk(handle);
            Volatile.Write(ref _syncedTotal, Math.Max(_syncedTotal, upTo));
        }
        catch (IOException ex)
        {
            _logger?.LogWarning("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {Message}. Exiting...", ex.Message);
        }
    }

    // everysec: once a second, fsync what was written since the last one (Redis hands this to a bio thread).
    private void FsyncTick()
    {
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

    /// <summary>Called by the dispatcher after a batch: writes the buffer and notes what the replies depend on.</summary>
    public void AfterBatch(ClientSession client)
    {
        WriteBuffered();
        client.AofDurableOffset = _writtenTotal;
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
            string baseName = Manifest.NewBaseFileName(Options.AppendFilename, _server.Config.GetValue("aof-use-rdb-preamble") == "yes");
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

    private void OpenIncr(string name)
    {
        SafeFileHandle handle = File.OpenHandle(Path.Combine(DirectoryPath, name), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
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
        _selectedDb = -1;
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
        _logger?.LogInformation("Calling fsync() on the AOF file.");
        Stop();
    }

    public void Dispose()
    {
        _fsyncTimer?.Dispose();
        _incr?.Dispose();
        _buffer.Dispose();
    }

    internal static long ElapsedMs(long startTimestamp) => (Stopwatch.GetTimestamp() - startTimestamp) * 1000 / Stopwatch.Frequency;
}
