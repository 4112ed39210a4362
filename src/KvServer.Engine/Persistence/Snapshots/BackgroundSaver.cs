using System.Diagnostics;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// RDB saving as Redis's server does it (rdb.c, serverCron): SAVE, BGSAVE [SCHEDULE], the save points, the
/// state INFO persistence reports and the "stop writes after a failed save" rule. A background save is a
/// <see cref="KeyspaceSnapshot"/> walked in slices on the executor, its bytes written by a
/// <see cref="BackgroundFileWriter"/>. Everything here runs on the executor except the pump, which only
/// schedules slices through <see cref="CommandExecutor.RunExclusive"/>.
/// </summary>
public sealed class BackgroundSaver
{
    /// <summary>CONFIG_BGSAVE_RETRY_DELAY: after a failed save, save points wait this long before retrying.</summary>
    public const int RetryDelaySeconds = 5;

    private readonly ServerState _server;
    private Job? _current;

    public BackgroundSaver(ServerState server)
    {
        _server = server;
        LastSaveUnix = server.StartTimeMs / 1000;
    }

    /// <summary>Creates the format of a save (the RDB file; tests substitute their own).</summary>
    public Func<ServerState, ISnapshotFormat> FormatFactory { get; set; } = RdbSnapshotFormat.Create;

    /// <summary>The executor slices run on; without one (unit tests) a background save completes at once.</summary>
    public CommandExecutor? Executor { get; set; }

    public ILogger? Logger { get; set; }

    /// <summary>lastsave: Unix time of the last successful save (the start time before any).</summary>
    public long LastSaveUnix { get; private set; }

    /// <summary>lastbgsave_status.</summary>
    public bool LastBackgroundSaveOk { get; private set; } = true;

    /// <summary>lastbgsave_try: when the last background save was attempted (save points retry after a delay).</summary>
    public long LastBackgroundSaveTryUnix { get; private set; }

    /// <summary>rdb_last_bgsave_time_sec.</summary>
    public long LastBackgroundSaveSeconds { get; private set; } = -1;

    /// <summary>rdb_saves: saves started since the server started (SAVE and BGSAVE).</summary>
    public long Saves { get; private set; }

    /// <summary>rdb_last_cow_size: the extra memory the last background save peaked at.</summary>
    public long LastCowBytes { get; private set; }

    /// <summary>latest_fork_usec: how long starting the last snapshot held the executor.</summary>
    public long LatestStartMicroseconds { get; private set; }

    /// <summary>total_forks: snapshots started (BGSAVE here; the AOF rewrite adds its own).</summary>
    public long SnapshotsStarted { get; set; }

    /// <summary>rdb_bgsave_scheduled: BGSAVE SCHEDULE (or BGSAVE in MULTI) waits for the running job.</summary>
    public bool Scheduled { get; set; }

    /// <summary>
    /// Another background snapshot job (an AOF rewrite) is running: Redis's "another child process is active".
    /// Set by that job.
    /// </summary>
    public bool OtherJobActive { get; set; }

    public bool InProgress => _current is not null;

    /// <summary>The running background save's snapshot (INFO progress), or null.</summary>
    public KeyspaceSnapshot? Current => _current?.Snapshot;

    /// <summary>rdb_current_bgsave_time_sec: seconds since the running save started, -1 when none runs.</summary>
    public long CurrentSeconds => _current is null ? -1 : NowUnix - _current.StartUnix;

    /// <summary>The running job's writer finishes (tests and shutdown wait on it).</summary>
    public Task CurrentCompletion => _current?.Done.Task ?? Task.CompletedTask;

    /// <summary>
    /// writeCommandsDeniedByDiskError for RDB: the last background save failed, save points are configured and
    /// stop-writes-on-bgsave-error is on, so write commands (and PING) get the MISCONF error.
    /// </summary>
    public bool WritesDenied =>
        !LastBackgroundSaveOk && _server.Options.StopWritesOnBgsaveError && _server.Options.SavePoints.Length > 0;

    private long NowUnix => _server.Clock.UnixTimeMilliseconds / 1000;

    /// <summary>The dump file: dir/dbfilename.</summary>
    public string FilePath => Path.Combine(_server.Options.Dir, _server.Options.DbFilename);

    // SAVE writes rdbSave's "temp-<pid>.rdb" (RdbSaver.TempFilePath). A background save gets its own name
    // (Redis's child has its own pid), so an abandoned one still cleaning up never removes the file of the
    // SAVE that follows it (FLUSHALL, SHUTDOWN).
    private string BackgroundTempPath => Path.Combine(_server.Options.Dir, $"temp-{Environment.ProcessId}-{SnapshotsStarted}.rdb");

    /// <summary>
    /// rdbSave: writes the whole keyspace now, holding the executor (SAVE, SHUTDOWN, FLUSHALL, DEBUG RELOAD).
    /// Nothing can change meanwhile, so it walks the tables without arming barriers (and so it can run even
    /// while another snapshot job is under way). False (logged) when the file could not be written.
    /// </summary>
    public bool Save()
    {
        Saves++;
        try
        {
            RdbSaver.Save(_server, FilePath, CreateFormat());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Logger?.LogWarning("Failed saving the DB: {Message} (in server root dir {Dir})", ex.Message, _server.Options.Dir);
            return false;
        }
        Logger?.LogInformation("DB saved on disk");
        _server.KeyspaceStats.Dirty = 0;
        LastSaveUnix = NowUnix;
        LastBackgroundSaveOk = true;
        return true;
    }

    /// <summary>
    /// rdbSaveBackground: starts a point-in-time snapshot written in executor slices. False when one could not
    /// start (another job runs). On the executor.
    /// </summary>
    public bool StartBackground()
    {
        if (_current is not null || OtherJobActive)
        {
            return false;
        }
        long started = Stopwatch.GetTimestamp();
        LastBackgroundSaveTryUnix = NowUnix;
        Saves++;
        SnapshotsStarted++;
        var writer = new BackgroundFileWriter(BackgroundTempPath, FilePath, _server.Options.RdbChecksum, _server.Options.RdbSaveIncrementalFsync);
        KeyspaceSnapshot snapshot = KeyspaceSnapshot.Start(_server, CreateFormat(), writer);
        var job = new Job(snapshot, writer, _server.KeyspaceStats.Dirty, NowUnix);
        _current = job;
        LatestStartMicroseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        Logger?.LogInformation("Background saving started (point-in-time snapshot of {Keys} keys)", snapshot.KeysTotal);
        if (Executor is null)
        {
            snapshot.RunToEnd();
            Finish(job, writer.WaitForCompletion());
        }
        else
        {
            _ = SnapshotPump.RunAsync(_server, Executor, snapshot, writer, writer.Completion, error => Finish(job, error));
        }
        return true;
    }

    /// <summary>
    /// killRDBChild: abandons the running background save (FLUSHALL, SHUTDOWN), removing its temporary file.
    /// Like a child killed with SIGUSR1, this is not a failed save.
    /// </summary>
    public void Kill()
    {
        Job? job = _current;
        if (job is null)
        {
            return;
        }
        job.Killed = true;
        job.Snapshot.Abort();
        job.Writer.Abort();
        // The writer stops at its next chunk; wait for it so that a file it was about to rename into place
        // cannot replace the one a SAVE right after this (FLUSHALL, SHUTDOWN) writes.
        job.Writer.WaitForCompletion();
        Logger?.LogWarning("Background saving terminated by signal 10");
        EndJob(job);
    }

    /// <summary>Whether <see cref="PrepareForShutdown"/> succeeded: the host does not save a second time.</summary>
    public bool ShutdownPrepared { get; private set; }

    /// <summary>
    /// prepareForShutdown's persistence part: abandons a running background save, then saves when save points
    /// are configured (unless <paramref name="noSave"/>) or when <paramref name="save"/> asks to. False when
    /// that save failed and <paramref name="force"/> is off: the server must keep running. On the executor.
    /// </summary>
    public bool PrepareForShutdown(bool save, bool noSave, bool force)
    {
        Logger?.LogWarning("User requested shutdown...");
        if (_current is not null)
        {
            Logger?.LogWarning("There is a child saving an .rdb. Killing it!");
            Kill();
        }
        if ((_server.Options.SavePoints.Length > 0 && !noSave) || save)
        {
            Logger?.LogInformation("Saving the final RDB snapshot before exiting.");
            if (!Save())
            {
                if (!force)
                {
                    Logger?.LogWarning("Error trying to save the DB, can't exit.");
                    Logger?.LogWarning("Errors trying to shut down the server. Check the logs for more information.");
                    return false;
                }
                Logger?.LogWarning("Error trying to save the DB. Exit anyway.");
            }
        }
        ShutdownPrepared = true;
        return true;
    }

    /// <summary>The save part of serverCron: BGSAVE SCHEDULE and the save points. On the executor.</summary>
    public void Cron()
    {
        if (_current is not null || OtherJobActive)
        {
            return;
        }
        long now = NowUnix;
        bool mayRetry = LastBackgroundSaveOk || now - LastBackgroundSaveTryUnix > RetryDelaySeconds;
        long dirty = _server.KeyspaceStats.Dirty;
        foreach ((long seconds, int changes) in _server.Options.SavePoints)
        {
            if (dirty >= changes && now - LastSaveUnix > seconds && mayRetry)
            {
                Logger?.LogInformation("{Changes} changes in {Seconds} seconds. Saving...", changes, seconds);
                StartBackground();
                break;
            }
        }
        if (_current is null && !OtherJobActive && Scheduled && mayRetry && StartBackground())
        {
            Scheduled = false;
        }
    }

    private ISnapshotFormat CreateFormat() => FormatFactory(_server);

    // backgroundSaveDoneHandlerDisk.
    private void Finish(Job job, Exception? error)
    {
        if (job.Killed)
        {
            job.Done.TrySetResult();
            return;
        }
        if (!job.Snapshot.IsFinished)
        {
            job.Snapshot.Abort();
        }
        if (error is null)
        {
            Logger?.LogInformation("DB saved on disk");
            Logger?.LogInformation("Snapshot CoW for RDB: peak {Peak} MB ({Keys} keys, {Bytes} bytes written)",
                (job.Snapshot.PeakExtraBytes / (1024.0 * 1024)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                job.Snapshot.KeysProcessed, job.Snapshot.BytesWritten);
            Logger?.LogInformation("Background saving terminated with success");
            _server.KeyspaceStats.Dirty -= job.DirtyBefore;
            LastSaveUnix = NowUnix;
            LastBackgroundSaveOk = true;
        }
        else
        {
            Logger?.LogWarning("Failed saving the DB in the background: {Message} (in server root dir {Dir})", error.Message, _server.Options.Dir);
            Logger?.LogWarning("Background saving error");
            LastBackgroundSaveOk = false;
        }
        LastCowBytes = job.Snapshot.PeakExtraBytes;
        EndJob(job);
        job.Done.TrySetResult();
    }

    private void EndJob(Job job)
    {
        if (_current == job)
        {
            _current = null;
            LastBackgroundSaveSeconds = NowUnix - job.StartUnix;
        }
    }

    private sealed class Job
    {
        public Job(KeyspaceSnapshot snapshot, BackgroundFileWriter writer, long dirtyBefore, long startUnix)
        {
            Snapshot = snapshot;
            Writer = writer;
            DirtyBefore = dirtyBefore;
            StartUnix = startUnix;
        }

        public KeyspaceSnapshot Snapshot { get; }

        public BackgroundFileWriter Writer { get; }

        public long DirtyBefore { get; }

        public long StartUnix { get; }

        public bool Killed { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
