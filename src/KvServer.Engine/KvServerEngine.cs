using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Networking;
using KvServer.Engine.Persistence;
using KvServer.Engine.Warmup;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine;

/// <summary>
/// A whole server without a host: state, executor, cron and listener wired together. The host and the
/// integration tests both start servers through this class.
/// </summary>
public sealed class KvServerEngine : IAsyncDisposable
{
    // 1 while a start-up load holds the process's no-GC region (see HoldOffCollections).
    private static int s_noGcRegionOwned;

    private readonly ILogger? _logger;
    private ConnectionListener? _listener;
    private ServerCron? _cron;

    public KvServerEngine(ServerOptions options, ConfigRegistry config, ILogger? logger = null, IClock? clock = null)
    {
        _logger = logger;
        // Building the server state takes longer than compiling the loader: overlap the two.
        PrepareToLoad(options, logger);
        Server = new ServerState(options, config, clock);
        Executor = CommandExecutor.Create(Server);
        Server.Saves.Executor = Executor;
        Server.Saves.Logger = logger;
    }

    public ServerState Server { get; }

    /// <summary>
    /// Starts compiling the RDB loader in the background when <paramref name="options"/> name a file the start
    /// will load (see <see cref="CodeWarmup.Loader"/>); a host calls it as soon as its configuration is read, the
    /// earlier the better. Once per process; the engine's constructor calls it too.
    /// </summary>
    public static void PrepareToLoad(ServerOptions options, ILogger? logger = null)
    {
        if (!options.AppendOnly && File.Exists(Path.Combine(options.Dir, options.DbFilename)))
        {
            CodeWarmup.Loader.Start(logger);
        }
    }

    public CommandExecutor Executor { get; }

    public string ConfigFile
    {
        get => Server.ConfigFile;
        set => Server.ConfigFile = value;
    }

    /// <summary>The bound TCP port.</summary>
    public int Port => _listener?.Port ?? 0;

    public void Start()
    {
        LoadAppendOnlyFile();
        _listener = new ConnectionListener(Executor, _logger);
        _listener.Start();
        Server.Config.RebindListeners = _listener.Rebind;
        _cron = new ServerCron(Executor);
        // The load is over: the idle start-up compiles what the first SAVE and the first clients would (once
        // per process).
        CodeWarmup.AfterStart.Start(_logger);
    }

    /// <summary>
    /// With appendonly yes the dataset comes from the append-only file (never from the RDB, as in Redis),
    /// which is then opened for appending; a fresh start creates it. Throws
    /// <see cref="Persistence.Aof.AofLoadException"/> when the files cannot be loaded.
    /// </summary>
    private void LoadAppendOnlyFile()
    {
        var aof = new Persistence.Aof.AppendOnlyFile(Server, _logger);
        Server.Aof = aof;
        if (!Server.Options.AppendOnly)
        {
            return;
        }
        Persistence.Aof.AofManifest manifest = Persistence.Aof.AofLoader.ReadManifest(aof.ManifestPath);
        aof.UpgradeOldStyleFile(manifest);
        Server.Dispatcher.RunLoading(() => new Persistence.Aof.AofLoader(Server, aof.DirectoryPath, _logger).Load(manifest));
        aof.SetLoadedManifest(manifest);
        aof.OpenOnServerStart();
    }

    /// <summary>
    /// loadDataFromDisk: before the server accepts connections, loads <c>dir</c>/<c>dbfilename</c> when it
    /// exists (and appendonly is off), logging as Redis does. False when the file could not be loaded: the
    /// reason is logged and, as with Redis, the server must not start (the data was left empty).
    /// </summary>
    public bool LoadDataFromDisk()
    {
        if (Server.Options.AppendOnly)
        {
            // The append-only file is loaded by Start (LoadAppendOnlyFile), which also opens it for appending.
            return true;
        }
        return LoadRdbFromDisk();
    }

    private bool LoadRdbFromDisk()
    {
        string path = Path.Combine(Server.Options.Dir, Server.Options.DbFilename);
        if (!File.Exists(path))
        {
            return true;
        }
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        CodeWarmup.Loader.Stop();
        bool holdingOffCollections = HoldOffCollections(new FileInfo(path).Length);
        try
        {
            RdbLoadResult result = RdbLoader.LoadFile(Server, path, RdbLoadFlags.None, _logger);
            if (result.EmptyKeysSkipped > 0)
            {
                _logger?.LogInformation("Done loading RDB, keys loaded: {Loaded}, keys expired: {Expired}, empty keys skipped: {Empty}.",
                    result.KeysLoaded, result.KeysExpired, result.EmptyKeysSkipped);
            }
            else
            {
                _logger?.LogInformation("Done loading RDB, keys loaded: {Loaded}, keys expired: {Expired}.",
                    result.KeysLoaded, result.KeysExpired);
            }
            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            _logger?.LogInformation("DB loaded from disk: {Seconds} seconds",
                seconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception ex) when (ex is RdbLoadException or IOException or UnauthorizedAccessException)
        {
            _logger?.LogWarning("{Message}", ex.Message);
            _logger?.LogWarning("Fatal error loading the DB: {Reason}. Exiting.",
                ex is RdbLoadException ? "Invalid argument" : ex.Message);
            return false;
        }
        finally
        {
            if (holdingOffCollections)
            {
                ResumeCollections();
            }
        }
    }

    /// <summary>
    /// A start-up load builds the whole dataset at once, and every collection during it only promotes what it
    /// has just built (a million-element list: one 1.3 ms pause in a 23 ms load). So the load runs in a
    /// no-GC region sized for what the file expands to; the runtime commits nothing up front, and a load that
    /// allocates more simply gets its collections back. False when the runtime declines, or when another engine
    /// of this process (tests run several) holds the region: there is one per process.
    /// </summary>
    private static bool HoldOffCollections(long fileLength)
    {
        if (Interlocked.CompareExchange(ref s_noGcRegionOwned, 1, 0) != 0)
        {
            return false;
        }
        // Bytes of objects per byte of file: about 3.5 for a compressed list, 5 for small keys; with room.
        const long ExpectedExpansion = 8;
        const long Minimum = 16L << 20;
        const long Maximum = 4L << 30;
        // Under a memory limit the runtime declines what it could not commit; half of what it may use is the most.
        long budget = Math.Min(Math.Clamp(fileLength * ExpectedExpansion, Minimum, Maximum),
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);
        try
        {
            if (System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion
                && GC.TryStartNoGCRegion(budget, disallowFullBlockingGC: true))
            {
                return true;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // A GC without regions (segments) refuses more than its ephemeral segment: load with collections.
        }
        Volatile.Write(ref s_noGcRegionOwned, 0);
        return false;
    }

    private static void ResumeCollections()
    {
        // The region ends by itself once the budget is used up; ending it again would throw.
        if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
        Volatile.Write(ref s_noGcRegionOwned, 0);
    }

    public async ValueTask DisposeAsync()
    {
        _cron?.Dispose();
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
        // A background save still running is abandoned (its temporary file removed), as at SHUTDOWN.
        await Executor.RunExclusive(Server.Saves.Kill).ConfigureAwait(false);
        if (Server.Aof is { } aof)
        {
            await Executor.RunExclusive(aof.FlushOnShutdown).ConfigureAwait(false);
            aof.Dispose();
        }
        Executor.Dispose();
    }
}
