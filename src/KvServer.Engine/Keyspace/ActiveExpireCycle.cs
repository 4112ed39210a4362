using System.Diagnostics;

namespace KvServer.Engine.Keyspace;

/// <summary>
/// Redis's activeExpireCycle (slow mode, expire.c): removes keys whose time has passed even if nobody reads
/// them again. Each call walks up to 16 databases, resuming where the last call stopped; per database it
/// repeats sampling 20 keys with a TTL (more with a higher active-expire-effort) while more than 10% of a
/// sample had expired, and gives up when it has used 25% of a cron period. The next call then visits every
/// database. One instance per server holds the state that Redis keeps in static variables.
/// </summary>
public sealed class ActiveExpireCycle
{
    private const int KeysPerLoop = 20;            // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
    private const int AcceptableStalePercent = 10; // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE
    private const int SlowTimePercent = 25;        // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC
    private const int DatabasesPerCall = 16;       // CRON_DBS_PER_CALL

    private int _currentDb;
    private bool _timeLimitExit;

    /// <summary>Whether the last cycle stopped on its time budget (the next one then visits every database).</summary>
    public bool TimeLimitExit => _timeLimitExit;

    /// <summary>
    /// Runs one slow cycle. <paramref name="hz"/> and <paramref name="effort"/> (active-expire-effort, 1..10)
    /// set the time budget and the sample size exactly as in Redis; the budget is measured with
    /// <see cref="Stopwatch"/> (real CPU time), the expiry times with <paramref name="clock"/>.
    /// </summary>
    public void Run(Database[] databases, KeyspaceStats stats, IClock clock, int hz, int effort)
    {
        int extra = Math.Clamp(effort, 1, 10) - 1;
        int keysPerLoop = KeysPerLoop + KeysPerLoop / 4 * extra;
        int slowTimePercent = SlowTimePercent + 2 * extra;
        int acceptableStale = AcceptableStalePercent - extra;

        int dbsPerCall = DatabasesPerCall;
        if (dbsPerCall > databases.Length || _timeLimitExit)
        {
            dbsPerCall = databases.Length;
        }
        long start = Stopwatch.GetTimestamp();
        long timeLimitTicks = Math.Max(1, Stopwatch.Frequency * slowTimePercent / 100 / Math.Max(1, hz));
        _timeLimitExit = false;

        long totalSampled = 0;
        long totalExpired = 0;
        int iteration = 0;
        for (int j = 0; j < dbsPerCall && !_timeLimitExit; j++)
        {
            // Advance first, so a cycle that runs out of time in this database starts with the next one.
            Database db = databases[_currentDb];
            _currentDb = (_currentDb + 1) % databases.Length;
            while (true)
            {
                iteration++;
                if (!db.ActiveExpireStep(keysPerLoop, clock.UnixTimeMilliseconds, out int sampled, out int expired))
                {
                    break;
                }
                totalSampled += sampled;
                totalExpired += expired;
                // Reading the time is cheap but not free: check once every 16 iterations, as Redis does.
                if ((iteration & 0xF) == 0 && Stopwatch.GetTimestamp() - start > timeLimitTicks)
                {
                    _timeLimitExit = true;
                    stats.ExpiredTimeCapReachedCount++;
                    break;
                }
                // Stop when an acceptable share of the sample was stale; an empty sample (only empty
                // buckets visited) tries again.
                if (sampled > 0 && expired * 100 / sampled <= acceptableStale)
                {
                    break;
                }
            }
        }

        long elapsedTicks = Stopwatch.GetTimestamp() - start;
        stats.ExpireCycleTimeUsedMicroseconds += elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        double current = totalSampled > 0 ? (double)totalExpired / totalSampled : 0;
        stats.ExpiredStalePercent = (current * 0.05) + (stats.ExpiredStalePercent * 0.95);
    }
}
