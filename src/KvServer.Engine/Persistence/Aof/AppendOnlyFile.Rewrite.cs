using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// Rewriting (Redis 7.0 design, no rewrite buffer): at the start a new incremental file is opened and
/// feeding switches to it; the new base is written from the dataset as it was at that instant; then the
/// manifest switches atomically to "new base + files opened since", and the files it no longer names are
/// deleted.
/// </summary>
public sealed partial class AppendOnlyFile
{
    /// <summary>aof_rewrites: rewrites completed.</summary>
    public long Rewrites { get; private set; }

    /// <summary>aof_last_bgrewrite_status.</summary>
    public bool LastRewriteOk { get; private set; } = true;

    /// <summary>aof_rewrites_consecutive_failures.</summary>
    public long ConsecutiveRewriteFailures { get; private set; }

    /// <summary>aof_last_rewrite_time_sec (-1 before the first).</summary>
    public long LastRewriteSeconds { get; private set; } = -1;

    /// <summary>
    /// Applies <c>appendonly</c> after CONFIG SET (startAppendOnly / stopAppendOnly): turning it on writes a
    /// base holding the current dataset and starts appending; turning it off stops appending. Executor-only.
    /// Returns an error text when the AOF could not be started.
    /// </summary>
    public string? ApplyConfig()
    {
        if (Options.AppendOnly && !IsOn)
        {
            KillRewrite();
            try
            {
                Manifest = AofLoader.ReadManifest(ManifestPath);
                RewriteNow();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AofLoadException)
            {
                _logger?.LogWarning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
                return "ERR Failed to set current 'appendonly' configuration: " + ex.Message;
            }
        }
        else if (!Options.AppendOnly && IsOn)
        {
            KillRewrite();
            Stop();
        }
        return null;
    }

    /// <summary>
    /// Rewrites the AOF from the dataset while holding the executor: a new incr file, a new base, the
    /// manifest switched, history deleted. Executor-only; the dataset cannot change meanwhile.
    /// </summary>
    public void RewriteNow()
    {
        long started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(DirectoryPath);
        if (!IsOn)
        {
            // Not appending: the files on disk (if any) are the truth, not what was loaded at start.
            Manifest = AofLoader.ReadManifest(ManifestPath);
        }
        WriteBuffered();
        AofManifest next = Manifest.Clone();
        // With the AOF off, a rewrite only leaves a base (and a manifest naming it), as Redis's does.
        bool on = IsOn || Options.AppendOnly;
        string? incrName = on ? next.NewIncrFileName(Options.AppendFilename) : null;
        string baseName = next.NewBaseFileName(Options.AppendFilename, UseRdbPreamble);
        try
        {
            AofRewriter.WriteBase(_server, Path.Combine(DirectoryPath, baseName), Options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastRewriteOk = false;
            ConsecutiveRewriteFailures++;
            _logger?.LogWarning("Error rewriting the append only file: {Message}", ex.Message);
            throw;
        }
        if (incrName is not null)
        {
            OpenIncr(incrName);
        }
        SwitchToNewBase(next, keepNewestIncr: incrName is not null);
        LastRewriteSeconds = ElapsedMs(started) / 1000;
        CompleteRewrite();
        if (on)
        {
            StartFeeding();
        }
    }

    /// <summary>
    /// serverCron's automatic rewrite: the AOF grew by auto-aof-rewrite-percentage over its size after the
    /// last rewrite (or load) and is past auto-aof-rewrite-min-size.
    /// </summary>
    public void CronTick()
    {
        if (_rewrite is not null || _server.Saves.InProgress)
        {
            return;
        }
        if (RewriteScheduled)
        {
            StartBackgroundRewrite();
            return;
        }
        if (!IsOn)
        {
            return;
        }
        long percentage = long.Parse(_server.Config.GetValue("auto-aof-rewrite-percentage"), System.Globalization.CultureInfo.InvariantCulture);
        if (percentage == 0 || !Configuration.ConfigRegistry.TryParseMemory(_server.Config.GetValue("auto-aof-rewrite-min-size"), out long minSize) || CurrentSize <= minSize)
        {
            return;
        }
        long baseSize = BaseSize > 0 ? BaseSize : 1;
        long growth = (CurrentSize * 100 / baseSize) - 100;
        if (growth >= percentage)
        {
            _logger?.LogInformation("Starting automatic rewriting of AOF on {Growth}% growth", growth);
            StartBackgroundRewrite();
        }
    }

    /// <summary>aof-use-rdb-preamble: whether a new base is an RDB file (else RESP commands).</summary>
    private bool UseRdbPreamble => _server.Config.GetValue("aof-use-rdb-preamble") == "yes";

    /// <summary>
    /// The new base (already named in <paramref name="next"/>) is in place: the incr files it covers become
    /// history, all of them when <paramref name="keepNewestIncr"/> is false (no AOF running, so no incr file
    /// was opened for the rewrite), and the manifest switches to it on disk and in memory.
    /// </summary>
    private void SwitchToNewBase(AofManifest next, bool keepNewestIncr)
    {
        if (keepNewestIncr)
        {
            next.MarkRewrittenIncrAsHistory();
        }
        else
        {
            foreach (AofFileInfo incr in next.Incr)
            {
                next.History.Add(incr with { Type = AofFileType.History });
            }
            next.Incr.Clear();
        }
        PersistManifest(next);
        Manifest = next;
    }

    /// <summary>After the switch: history deleted, sizes and rewrite statistics brought up to date.</summary>
    private void CompleteRewrite()
    {
        DeleteHistoryFiles();
        UpdateSizes();
        BaseSize = CurrentSize;
        Rewrites++;
        ConsecutiveRewriteFailures = 0;
        LastRewriteOk = true;
        _logger?.LogInformation("Background AOF rewrite finished successfully");
    }

    /// <summary>aofDelHistoryFiles: deletes the files the manifest keeps only as history.</summary>
    private void DeleteHistoryFiles()
    {
        if (Manifest.History.Count == 0)
        {
            return;
        }
        foreach (AofFileInfo info in Manifest.History)
        {
            _logger?.LogInformation("Removing the history file {Name} in the background", info.FileName);
            try
            {
                File.Delete(Path.Combine(DirectoryPath, info.FileName));
            }
            catch (IOException)
            {
            }
        }
        Manifest.History.Clear();
        PersistManifest(Manifest);
    }
}
