using System.Diagnostics;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Execution;

/// <summary>
/// Redis's serverCron: runs <c>hz</c> times a second on the executor, between batches. It expires keys
/// nobody reads (activeExpireCycle), closes idle clients (<c>timeout</c>) and shrinks emptied tables.
/// </summary>
public sealed class ServerCron : IDisposable
{
    private const int KeysPerLoop = 20;          // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
    private const int AcceptableStalePercent = 10; // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE
    private const int SlowTimePercent = 25;      // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC

    private readonly CommandExecutor _executor;
    private readonly ServerState _server;
    private readonly Timer _timer;
    private int _running;
    private int _cycles;

    public ServerCron(CommandExecutor executor)
    {
        _executor = executor;
        _server = executor.Server;
        int period = 1000 / Math.Max(1, _server.Options.Hz);
        _timer = new Timer(_ => Tick(), null, period, period);
    }

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
        if (server.Options.ActiveExpireEnabled)
        {
            ActiveExpireCycle(server);
        }
        server.Stats.SampleMetrics(server.Clock.UnixTimeMilliseconds);
        CloseIdleClients(server);
        foreach (Database db in server.Databases)
        {
            db.CompactTables();
        }
    }

    private void RunOnce()
    {
        RunOnce(_server);
        _cycles++;
    }

    /// <summary>
    /// activeExpireCycle (slow mode): for each database, sample keys with a TTL and delete the expired ones,
    /// repeating while more than 10% of a sample had expired, within a time budget of 25% of a cron period
    /// (scaled by active-expire-effort).
    /// </summary>
    public static void ActiveExpireCycle(ServerState server)
    {
        int effort = server.Options.ActiveExpireEffort - 1;
        int keysPerLoop = KeysPerLoop + KeysPerLoop / 4 * effort;
        int stalePercent = AcceptableStalePercent - effort;
        long budgetTicks = Stopwatch.Frequency * (SlowTimePercent + 2 * effort) / 100 / Math.Max(1, server.Options.Hz);
        long deadline = Stopwatch.GetTimestamp() + budgetTicks;
        foreach (Database db in server.Databases)
        {
            while (db.ExpiresCount > 0)
            {
                long now = server.Clock.UnixTimeMilliseconds;
                (int sampled, int expired) = db.ExpireSample(keysPerLoop, now, server.Random);
                if (sampled == 0 || expired * 100 <= sampled * stalePercent || Stopwatch.GetTimestamp() > deadline)
                {
                    break;
                }
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }
        }
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
            if (now - client.LastInteractionMs > timeout * 1000L)
            {
                client.Transport?.Close();
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
