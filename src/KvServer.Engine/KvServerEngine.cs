using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Networking;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine;

/// <summary>
/// A whole server without a host: state, executor, cron and listener wired together. The host and the
/// integration tests both start servers through this class.
/// </summary>
public sealed class KvServerEngine : IAsyncDisposable
{
    private readonly ILogger? _logger;
    private ConnectionListener? _listener;
    private ServerCron? _cron;

    public KvServerEngine(ServerOptions options, ConfigRegistry config, ILogger? logger = null, IClock? clock = null)
    {
        _logger = logger;
        Server = new ServerState(options, config, clock);
        Executor = CommandExecutor.Create(Server);
        Server.Saves.Executor = Executor;
        Server.Saves.Logger = logger;
    }

    public ServerState Server { get; }

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
        _listener = new ConnectionListener(Executor, _logger);
        _listener.Start();
        Server.Config.RebindListeners = _listener.Rebind;
        _cron = new ServerCron(Executor);
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
        Executor.Dispose();
    }
}
