namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// One real redis-server for a test class (xunit class fixture). When redis-server is not on PATH nothing is
/// started: the tests using it carry a skip condition on the same check, so they never reach <see cref="Port"/>.
/// </summary>
public class RedisServerFixture : IDisposable
{
    private readonly RedisServer? _server;

    public RedisServerFixture()
    {
        if (Executables.Find(Executables.RedisServer) is not null)
        {
            _server = RedisServer.Start();
        }
    }

    public int Port => _server?.Port ?? throw new InvalidOperationException("redis-server is not on PATH");

    public void Dispose()
    {
        _server?.Dispose();
        GC.SuppressFinalize(this);
    }
}
