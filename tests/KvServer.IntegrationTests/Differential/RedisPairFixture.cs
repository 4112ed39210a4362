using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>Two independent redis-servers, to check that the generator and the allow-list are deterministic.</summary>
public sealed class RedisPairFixture : IDisposable
{
    private readonly RedisServer? _first;
    private readonly RedisServer? _second;

    public RedisPairFixture()
    {
        if (Executables.Find(Executables.RedisServer) is not null)
        {
            _first = RedisServer.Start();
            _second = RedisServer.Start();
        }
    }

    public int FirstPort => _first?.Port ?? throw new InvalidOperationException("redis-server is not on PATH");

    public int SecondPort => _second?.Port ?? throw new InvalidOperationException("redis-server is not on PATH");

    public void Dispose()
    {
        _first?.Dispose();
        _second?.Dispose();
    }
}
