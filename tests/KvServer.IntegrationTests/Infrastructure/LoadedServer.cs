using KvServer.Engine;
using KvServer.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A KvServer started in-process with extra configuration (e.g. <c>dir</c> and <c>dbfilename</c>) that loads
/// its data from disk first, as the host does at start-up; its log lines are kept for assertions.
/// </summary>
public sealed class LoadedServer : IAsyncDisposable
{
    private readonly KvServerEngine _engine;

    private LoadedServer(KvServerEngine engine, ListLogger log)
    {
        _engine = engine;
        Log = log;
    }

    public int Port => _engine.Port;

    public KvServerEngine Engine => _engine;

    public ListLogger Log { get; }

    /// <summary>Starts a server on a free port with <paramref name="config"/> (redis.conf lines); fails the test if loading fails.</summary>
    public static LoadedServer Start(string config)
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        ConfigFileParser.Apply(registry, "bind 127.0.0.1\nport 0\nsave \"\"\nenable-debug-command yes\n" + config);
        var log = new ListLogger();
        var engine = new KvServerEngine(options, registry, log);
        Assert.True(engine.LoadDataFromDisk(), "loading failed:\n" + string.Join('\n', log.Lines));
        engine.Start();
        return new LoadedServer(engine, log);
    }

    /// <summary>Starts a server loading <paramref name="file"/> from <paramref name="directory"/>.</summary>
    public static LoadedServer StartWithRdb(string directory, string file) =>
        Start($"dir \"{directory}\"\ndbfilename \"{file}\"\n");

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}

/// <summary>An <see cref="ILogger"/> that keeps every formatted line.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception));
        }
    }
}
