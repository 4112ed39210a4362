using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Execution;

/// <summary>
/// Redis's serverCron: runs <c>hz</c> times a second on the executor, between batches. It expires keys
/// nobody reads (activeExpireCycle), closes idle clients (<c>timeout</c>) and shrinks emptied tables.
/// </summary>
public sealed class ServerCron : IDisposable
{
    private readonly CommandExecutor _executor;
    private readonly ServerState _server;
    private readonly Timer _timer;
    private int _running;
    private int _cycles;
    private int _period;

    public ServerCron(CommandExecutor executor)
    {
        _executor = executor;
        _server = executor.Server;
        _period = PeriodFor(_server.Options.Hz);
        _timer = new Timer(_ => Tick(), null, _period, _period);
    }

    private static int PeriodFor(int hz) => 1000 / Math.Max(1, hz);

    private void Tick()
    {
        // A slow cycle must not pile up behind itself.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }
        try
        {
            _executor.RunExclusive(RunOnce).GetAwaiter().GetResult();
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>One cron pass (public so tests can drive it with a manual clock).</summary>
    public static void RunOnce(ServerState server)
    {
        (server.Clock as Keyspace.SystemClock)?.Resync();
        if (server.Options.ActiveExpireEnabled)
        {
            ActiveExpireCycle(server);
        }
        server.Stats.SampleMetrics(server.Clock.UnixTimeMilliseconds);
        server.Aof?.CronTick();
        CloseIdleClients(server);
        server.Saves.Cron();
        foreach (Database db in server.Databases)
        {
            db.CompactTables();
        }
    }

    private void RunOnce()
    {
        RunOnce(_server);
        _cycles++;
        // CONFIG SET hz takes effect from the next tick, as serverCron reschedules itself with 1000/hz.
        int period = PeriodFor(_server.Options.Hz);
        if (period != _period)
        {
            _period = period;
            _timer.Change(period, period);
        }
    }

    /// <summary>
    /// activeExpireCycle (slow mode), see <see cref="Keyspace.ActiveExpireCycle"/>. Like Redis it does nothing
    /// while clients are paused, so the dataset stays still until the pause ends.
    /// </summary>
    public static void ActiveExpireCycle(ServerState server)
    {
        if (server.PauseUntilMs > server.Clock.UnixTimeMilliseconds)
        {
            return;
        }
        server.ActiveExpire.Run(server.Databases, server.KeyspaceStats, server.Clock, server.Options.Hz, server.Options.ActiveExpireEffort);
    }

    private static void CloseIdleClients(ServerState server)
    {
        int timeout = server.Options.Timeout;
        if (timeout <= 0)
        {
            return;
        }
        long now = server.Clock.UnixTimeMilliseconds;
        foreach (ClientSession client in server.Clients.Snapshot())
        {
            // As clientsCronHandleTimeout: clients waiting in a blocking command or a pause, and pub/sub
            // subscribers, are never idle-closed.
            if (client.Blocked is not null || client.PauseHeld || client.IsPubSub)
            {
                continue;
            }
            if (now - client.LastInteractionMs > timeout * 1000L)
            {
                client.Transport?.Close();
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
