using System.Runtime.InteropServices;
using KvServer.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KvServer;

/// <summary>
/// SIGTERM and SIGINT as Redis handles them (sigShutdownHandler + prepareForShutdown): the signal schedules a
/// shutdown that first saves according to shutdown-on-sigterm / shutdown-on-sigint ("default" saves when save
/// points are configured; "save", "nosave", "force" as for SHUTDOWN). If that save fails without "force", the
/// server logs the error and keeps running; a second signal while a shutdown is pending exits at once.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly KvServerEngine _engine;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly PosixSignalRegistration[] _registrations;
    private int _pending;

    public ShutdownSignals(KvServerEngine engine, IHostApplicationLifetime lifetime, ILogger logger)
    {
        _engine = engine;
        _lifetime = lifetime;
        _logger = logger;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;   // the host does not stop by itself: the save decides
        string name = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            _logger.LogWarning("You insist... exiting now.");
            Environment.Exit(1);
        }
        _logger.LogWarning("Received {Signal} scheduling shutdown...", name);
        string flags = context.Signal == PosixSignal.SIGTERM ? _engine.Server.Options.ShutdownOnSigterm : _engine.Server.Options.ShutdownOnSigint;
        _ = Task.Run(() => ShutdownAsync(flags));
    }

    private async Task ShutdownAsync(string flags)
    {
        bool save = HasWord(flags, "save");
        bool noSave = HasWord(flags, "nosave");
        bool force = HasWord(flags, "force");
        bool ready = false;
        await _engine.Executor.RunExclusive(() => ready = _engine.Server.Saves.PrepareForShutdown(save, noSave, force));
        if (ready)
        {
            _lifetime.StopApplication();
        }
        else
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    private static bool HasWord(string flags, string word)
    {
        foreach (string part in flags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}

/// <summary>
/// The host's lifetime without the console's signal handling: <see cref="ShutdownSignals"/> decides when a
/// signal stops the server, as a failed final save must keep it running.
/// </summary>
internal sealed class ServerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
