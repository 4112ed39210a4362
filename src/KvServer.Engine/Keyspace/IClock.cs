namespace KvServer.Engine.Keyspace;

/// <summary>Wall-clock time in Unix milliseconds; injectable so expiry tests never sleep.</summary>
public interface IClock
{
    long UnixTimeMilliseconds { get; }
}

/// <summary>
/// The real clock. Besides reading the wall clock it converts a Stopwatch timestamp the caller already
/// has into wall-clock time (<see cref="FromTimestamp"/>): the dispatcher times every command with the
/// Stopwatch anyway, so "now" for the command costs no second clock read (clock reads were the largest
/// user-space item in a profile of pipelined GETs). The anchor is re-read by the cron ten times a second,
/// so the derived time never strays from the wall clock by more than the drift of 100 ms.
/// </summary>
public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();

    // 100 ns units (DateTime ticks) per Stopwatch tick.
    private static readonly double s_unitsPerTimestampTick = 10_000_000.0 / System.Diagnostics.Stopwatch.Frequency;

    private sealed record Anchor(long UnixUnits, long Timestamp);

    private Anchor _anchor = NewAnchor();

    /// <summary>
    /// Now, derived from the Stopwatch like <see cref="FromTimestamp"/>, so every reader of the clock (the
    /// dispatcher, scripts, the cron) agrees on the same time to the millisecond.
    /// </summary>
    public long UnixTimeMilliseconds => FromTimestamp(System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>Wall-clock Unix ms at Stopwatch <paramref name="timestamp"/> (taken after the last resync).</summary>
    public long FromTimestamp(long timestamp)
    {
        Anchor anchor = Volatile.Read(ref _anchor);
        long units = anchor.UnixUnits + (long)((timestamp - anchor.Timestamp) * s_unitsPerTimestampTick);
        return units / 10_000;
    }

    /// <summary>Re-reads the wall clock (the cron calls this, so NTP adjustments are followed).</summary>
    public void Resync() => Volatile.Write(ref _anchor, NewAnchor());

    // Kept in 100 ns units, not milliseconds, so no truncation makes derived times lag the wall clock.
    private static Anchor NewAnchor() =>
        new(DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks, System.Diagnostics.Stopwatch.GetTimestamp());
}

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualClock : IClock
{
    public ManualClock(long start) => UnixTimeMilliseconds = start;

    public long UnixTimeMilliseconds { get; set; }

    public void Advance(long milliseconds) => UnixTimeMilliseconds += milliseconds;
}
