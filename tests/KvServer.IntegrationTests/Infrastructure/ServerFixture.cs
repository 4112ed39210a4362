using KvServer.Engine;
using KvServer.Engine.Configuration;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A real KvServer listening on 127.0.0.1 on a free port, started in-process through the same engine the
/// host uses. Shared by the tests of one class (xunit class fixture); tests use distinct keys or FLUSHALL.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private KvServerEngine? _engine;

    /// <summary>
    /// The port to test. With KVSERVER_TEST_EXTERNAL_PORT set, tests talk to that server instead (e.g. a real
    /// redis-server, to check that the tests themselves expect Redis's behaviour); see <see cref="ImplementedCommands"/>.
    /// </summary>
    public int Port => ImplementedCommands.ExternalPort ?? _engine!.Port;

    public KvServerEngine Engine => _engine!;

    /// <summary>The server's <c>dir</c>: a fresh temporary directory, removed when the fixture ends.</summary>
    public string DataDirectory { get; private set; } = "";

    /// <summary>Extra config lines (redis.conf syntax) for a derived fixture.</summary>
    protected virtual string ExtraConfig => "";

    public Task InitializeAsync()
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        // Persistence stays off and inside a temporary directory unless a fixture's ExtraConfig says otherwise.
        DataDirectory = Directory.CreateTempSubdirectory("kvserver-it-").FullName;
        ConfigFileParser.Apply(config, $"bind 127.0.0.1\nport 0\nenable-debug-command yes\nsave \"\"\ndir \"{DataDirectory}\"\n" + ExtraConfig);
        _engine = new KvServerEngine(options, config);
        _engine.Start();
        if (ImplementedCommands.ExternalPort is not null)
        {
            // An external server keeps its data between runs; start each fixture from an empty keyspace.
            using var client = new RespClient(Port);
            client.Call("FLUSHALL");
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
