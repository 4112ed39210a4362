using System.Diagnostics;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Snapshots;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// BGREWRITEAOF in the background (rewriteAppendOnlyFileBackground): the new incr file is opened and named in
/// the manifest first, so everything written from now on lands there; the new base is the point-in-time
/// snapshot taken at the same instant, walked in executor slices while clients keep running; when its file
/// is in place, the manifest switches to it and the older files become history.
/// </summary>
public sealed partial class AppendOnlyFile
{
    private RewriteJob? _rewrite;

    /// <summary>aof_rewrite_in_progress.</summary>
    public bool RewriteInProgress => _rewrite is not null;

    /// <summary>aof_rewrite_scheduled: asked for while a BGSAVE ran; started by the cron once it ends.</summary>
    public bool RewriteScheduled { get; private set; }

    /// <summary>aof_current_rewrite_time_sec.</summary>
    public long CurrentRewriteSeconds => _rewrite is null ? -1 : ElapsedMs(_rewrite.Started) / 1000;

    /// <summary>aof_last_cow_size: the snapshot's peak extra memory in the last rewrite.</summary>
    public long LastCowBytes { get; private set; }

    /// <summary>What BGREWRITEAOF replies.</summary>
    public enum RewriteRequest
    {
        Started,
        Scheduled,
        AlreadyInProgress,
        Failed,
    }

    /// <summary>
    /// BGREWRITEAOF: starts a background rewrite, or schedules it while a background save runs. Executor-only.
    /// </summary>
    public RewriteRequest RequestRewrite()
    {
        if (_rewrite is not null)
        {
            return RewriteRequest.AlreadyInProgress;
        }
        if (_server.Saves.InProgress)
        {
            RewriteScheduled = true;
            return RewriteRequest.Scheduled;
        }
        return StartBackgroundRewrite() ? RewriteRequest.Started : RewriteRequest.Failed;
    }

    /// <summary>Starts the rewrite now (no job of either kind may be running). False when it could not start.</summary>
    public bool StartBackgroundRewrite()
    {
        if (_rewrite is not null || _server.Saves.InProgress)
        {
            return false;
        }
        long started = Stopwatch.GetTimestamp();
        try
        {
            Directory.CreateDirectory(DirectoryPath);
            if (!IsOn)
            {
                Manifest = AofLoader.ReadManifest(ManifestPath);
            }
            bool on = IsOn;
            if (on)
            {
                // 7.0's openNewIncrAofForAppend: from here on, writes go to a file the new base does not cover.
                string incrName = Manifest.NewIncrFileName(Options.AppendFilename);
                OpenIncr(incrName);
                PersistManifest(Manifest);
                lock (_bufferLock)
                {
                    _selectedDb = -1;
                }
            }
            bool preamble = UseRdbPreamble;
            string baseName = $"{Options.AppendFilename}.{Manifest.CurrentBaseSeq + 1}{AofManifest.BaseSuffix}{(preamble ? AofManifest.RdbFormatSuffix : AofManifest.AofFormatSuffix)}";
            string temp = Path.Combine(DirectoryPath, $"temp-rewriteaof-bg-{Environment.ProcessId}.aof");
            ISnapshotFormat format = preamble ? new RdbSnapshotFormat(_server, aofBase: true) : new AofSnapshotFormat(_server);
            var writer = new BackgroundFileWriter(temp, Path.Combine(DirectoryPath, baseName), _server.Options.RdbChecksum, rdbTrailer: preamble, _server.Options.AofRewriteIncrementalFsync);
            KeyspaceSnapshot snapshot = KeyspaceSnapshot.Start(_server, format, writer);
            _server.Saves.OtherJobActive = true;
            _server.Saves.SnapshotsStarted++;
            var job = new RewriteJob(snapshot, writer, started, on);
            _rewrite = job;
            RewriteScheduled = false;
            _logger?.LogInformation("Background append only file rewriting started (point-in-time snapshot of {Keys} keys)", snapshot.KeysTotal);
            if (_server.Saves.Executor is { } executor)
            {
                _ = SnapshotPump.RunAsync(_server, executor, snapshot, writer, writer.Completion, error => FinishRewrite(job, error));
            }
            else
            {
                snapshot.RunToEnd();
                FinishRewrite(job, writer.WaitForCompletion());
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger?.LogWarning("Can't rewrite append only file in background: {Message}", ex.Message);
            LastRewriteOk = false;
            ConsecutiveRewriteFailures++;
            return false;
        }
    }

    // backgroundRewriteDoneHandler: the base is in place; switch the manifest to it.
    private void FinishRewrite(RewriteJob job, Exception? error)
    {
        if (_rewrite != job)
        {
            // Killed meanwhile.
            return;
        }
        if (!job.Snapshot.IsFinished)
        {
            job.Snapshot.Abort();
        }
        _rewrite = null;
        _server.Saves.OtherJobActive = false;
        LastCowBytes = job.Snapshot.PeakExtraBytes;
        LastRewriteSeconds = ElapsedMs(job.Started) / 1000;
        if (error is not null)
        {
            _logger?.LogWarning("Background AOF rewrite terminated with error: {Message}", error.Message);
            LastRewriteOk = false;
            ConsecutiveRewriteFailures++;
            return;
        }
        AofManifest next = Manifest.Clone();
        next.NewBaseFileName(Options.AppendFilename, UseRdbPreamble);
        SwitchToNewBase(next, keepNewestIncr: job.AppendOn);
        _logger?.LogInformation("Background AOF rewrite terminated with success");
        CompleteRewrite();
    }

    /// <summary>
    /// Abandons a running background rewrite (SHUTDOWN, CONFIG SET appendonly, the engine stopping): the
    /// snapshot stops and its temporary file is removed. The manifest already names the incr file opened at
    /// the start, so nothing written since is lost.
    /// </summary>
    public void KillRewrite()
    {
        RewriteJob? job = _rewrite;
        if (job is null)
        {
            return;
        }
        job.Snapshot.Abort();
        job.Writer.Abort();
        job.Writer.WaitForCompletion();
        _rewrite = null;
        _server.Saves.OtherJobActive = false;
        _logger?.LogWarning("Killing running AOF rewrite child");
    }

    private sealed class RewriteJob(KeyspaceSnapshot snapshot, BackgroundFileWriter writer, long started, bool appendOn)
    {
        public KeyspaceSnapshot Snapshot { get; } = snapshot;

        public BackgroundFileWriter Writer { get; } = writer;

        public long Started { get; } = started;

        public bool AppendOn { get; } = appendOn;
    }
}
