using System.Buffers;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// Writes a snapshot's chunks to a temporary file on a thread of its own, so the executor only ever queues
/// them; at the end it appends the CRC-64 trailer (<see cref="RdbFileWriter"/>: zeros when rdbchecksum is off), flushes,
/// fsyncs and renames the file into place (so a reader never sees a half-written file), then fsyncs the
/// directory so the rename survives a crash. Any I/O error fails <see cref="Completion"/> and removes the
/// temporary file. With incremental fsync (<c>rdb-save-incremental-fsync</c>, <c>aof-rewrite-incremental-fsync</c>)
/// it also fsyncs after every <see cref="IncrementalFsyncBytes"/> written, as Redis's rio does, so the kernel
/// never holds many dirty pages of the file and the final fsync is short; being this thread's, those fsyncs
/// overlap the encoding instead of delaying it.
/// </summary>
/// <remarks>
/// The queue is a plain queue under a monitor, consumed by a synchronous loop: a channel and an async
/// loop were about 50 framework methods that the first SAVE of a process compiled while clients waited.
/// </remarks>
public sealed class BackgroundFileWriter : ISnapshotOutput
{
    // The chunks not written yet, and whether the producer is done (completed or aborted); under _gate, which
    // the writer thread waits on while the queue is empty.
    private readonly Queue<(byte[] Chunk, int Length)> _chunks = new();
    private readonly object _gate = new();
    private bool _producerDone;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _tempPath;
    private readonly string _finalPath;
    private readonly bool _checksum;
    private long _pending;
    private volatile bool _aborted;
    private readonly bool _rdbTrailer;
    private readonly bool _incrementalFsync;

    /// <summary>REDIS_AUTOSYNC_BYTES: how much is written between two incremental fsyncs.</summary>
    public const long IncrementalFsyncBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Starts the writer thread, which creates <paramref name="tempPath"/> (as the forked child does in Redis, so
    /// a directory that cannot be written shows up as a failed save, not as a refused command).
    /// </summary>
    public BackgroundFileWriter(string tempPath, string finalPath, bool checksum, bool incrementalFsync = false)
        : this(tempPath, finalPath, checksum, rdbTrailer: true, incrementalFsync)
    {
    }

    /// <summary>
    /// <paramref name="rdbTrailer"/> false writes the chunks only, with no CRC-64 trailer (an AOF base in RESP
    /// form, which is not an RDB file).
    /// </summary>
    public BackgroundFileWriter(string tempPath, string finalPath, bool checksum, bool rdbTrailer, bool incrementalFsync)
    {
        _tempPath = tempPath;
        _finalPath = finalPath;
        _checksum = checksum;
        _rdbTrailer = rdbTrailer;
        _incrementalFsync = incrementalFsync;
        new Thread(WriteAll) { IsBackground = true, Name = "kvserver-snapshot-writer" }.Start();
    }

    /// <summary>Completes when the file is in place; faults with the I/O error otherwise (cancelled when aborted).</summary>
    public Task Completion => _done.Task;

    /// <summary>
    /// Blocks until the writer thread ends (the caller has completed or aborted the chunks); returns the error
    /// that failed it, or null when the file is in place.
    /// </summary>
    public Exception? WaitForCompletion()
    {
        try
        {
            Completion.GetAwaiter().GetResult();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    public long PendingBytes => Interlocked.Read(ref _pending);

    /// <summary>Whether the writer already failed (the walk can stop early).</summary>
    public bool HasFailed => Completion.IsFaulted || Completion.IsCanceled;

    public void Write(byte[] chunk, int length)
    {
        Interlocked.Add(ref _pending, length);
        lock (_gate)
        {
            if (!_producerDone)
            {
                _chunks.Enqueue((chunk, length));
                Monitor.Pulse(_gate);
                return;
            }
        }
        Interlocked.Add(ref _pending, -length);
        ArrayPool<byte>.Shared.Return(chunk);
    }

    public void Complete() => EndProducing();

    public void Abort()
    {
        _aborted = true;
        EndProducing();
    }

    private void EndProducing()
    {
        lock (_gate)
        {
            _producerDone = true;
            Monitor.Pulse(_gate);
        }
    }

    // The next chunk to write; false once the producer is done and the queue is empty, or at once when aborted.
    private bool TryTake(out byte[] chunk, out int length)
    {
        lock (_gate)
        {
            while (_chunks.Count == 0 && !_producerDone)
            {
                Monitor.Wait(_gate);
            }
            if (_aborted || _chunks.Count == 0)
            {
                chunk = [];
                length = 0;
                return false;
            }
            (chunk, length) = _chunks.Dequeue();
            return true;
        }
    }

    private void WriteAll()
    {
        try
        {
            WriteFile();
            _done.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            _done.TrySetCanceled();
        }
        catch (Exception ex)
        {
            _done.TrySetException(ex);
        }
    }

    private void WriteFile()
    {
        try
        {
            var stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            using (var file = new RdbFileWriter(stream, _checksum, ownsStream: true))
            {
                long unsynced = 0;
                while (TryTake(out byte[] chunk, out int length))
                {
                    try
                    {
                        file.Append(chunk.AsSpan(0, length));
                        unsynced += length;
                        if (_incrementalFsync && unsynced >= IncrementalFsyncBytes)
                        {
                            stream.Flush(flushToDisk: true);
                            unsynced = 0;
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(chunk);
                        Interlocked.Add(ref _pending, -length);
                    }
                }
                ThrowIfAborted();
                if (_rdbTrailer)
                {
                    file.Finish();
                }
                stream.Flush(flushToDisk: true);
            }
            ThrowIfAborted();
            File.Move(_tempPath, _finalPath, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(_finalPath)));
        }
        catch
        {
            DrainAfterFailure();
            TryDelete(_tempPath);
            throw;
        }
    }

    private void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new OperationCanceledException("snapshot aborted");
        }
    }

    // After a write error or an abort: what is queued goes back to the pool, and what the producer still
    // hands over is returned at once.
    private void DrainAfterFailure()
    {
        lock (_gate)
        {
            _producerDone = true;
            while (_chunks.TryDequeue(out (byte[] Chunk, int Length) item))
            {
                ArrayPool<byte>.Shared.Return(item.Chunk);
                Interlocked.Add(ref _pending, -item.Length);
            }
        }
    }

    private static void SyncDirectory(string? directory)
    {
        if (directory is null || OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (IOException)
        {
            // Some file systems refuse to open a directory; the rename itself already happened.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
