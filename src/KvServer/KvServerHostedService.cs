using KvServer.Engine;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Networking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KvServer;

/// <summary>
/// Starts the engine inside the generic host: executor, cron and listener on start; on SIGINT/SIGTERM or
/// SHUTDOWN it stops accepting, lets in-flight batches finish, closes connections and exits 0.
/// </summary>
internal sealed class KvServerHostedService : IHostedService
{
    private readonly ServerOptions _options;
    private readonly ConfigRegistry _config;
    private readonly CommandLine _commandLine;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private KvServerEngine? _engine;
    private ShutdownSignals? _signals;

    public KvServerHostedService(ServerOptions options, ConfigRegistry config, CommandLine commandLine,
        IHostApplicationLifetime lifetime, ILogger<KvServerHostedService> logger)
    {
        _options = options;
        _config = config;
        _commandLine = commandLine;
        _lifetime = lifetime;
        _logger = logger;
    }

    public static int ExitCode { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _logger.LogWarning("oO0OoO0OoO0Oo KvServer is starting oO0OoO0OoO0Oo");
        _logger.LogWarning("KvServer version={Version} (Redis {Redis} compatible), bits=64, pid={Pid}, just started",
            EngineInfo.KvServerVersion, EngineInfo.RedisVersion, Environment.ProcessId);
        _logger.LogWarning(_commandLine.ConfigFile is null ? "Warning: no config file specified, using the default config." : "Configuration loaded");
        _engine = new KvServerEngine(_options, _config, _logger)
        {
            ConfigFile = _commandLine.ConfigFile ?? "",
        };
        _engine.Server.ShutdownRequested = _ => _lifetime.StopApplication();
        if (!_engine.LoadDataFromDisk())
        {
            ExitCode = 1;
            _lifetime.StopApplication();
            return Task.CompletedTask;
        }
        try
        {
            _engine.Start();
        }
        catch (KvServer.Engine.Persistence.Aof.AofLoadException ex)
        {
            // A damaged or unreadable append-only file: Redis logs why and exits 1.
            _logger.LogWarning("{Message}", ex.Message);
            ExitCode = 1;
            _lifetime.StopApplication();
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Failed listening on port {Port} (tcp): {Message}", _options.Port, ex.Message);
            ExitCode = 1;
            _lifetime.StopApplication();
            return Task.CompletedTask;
        }
        _signals = new ShutdownSignals(_engine, _lifetime, _logger);
        _logger.LogInformation("Running mode=standalone, port={Port}.", _engine.Port);
        _logger.LogInformation("Server initialized");
        _logger.LogInformation("Ready to accept connections tcp");
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // SHUTDOWN and the signals log it when they prepare the shutdown (before the final save), as Redis does.
        if (_engine is null || !_engine.Server.Saves.ShutdownPrepared)
        {
            _logger.LogWarning("User requested shutdown...");
        }
        _signals?.Dispose();
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
        _logger.LogWarning("KvServer is now ready to exit, bye bye...");
    }
}
