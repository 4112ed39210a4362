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

    private sealed record Anchor(long UnixMs, long Timestamp);

    private Anchor _anchor = NewAnchor();

    public long UnixTimeMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Wall-clock Unix ms at Stopwatch <paramref name="timestamp"/> (taken after the last resync).</summary>
    public long FromTimestamp(long timestamp)
    {
        Anchor anchor = Volatile.Read(ref _anchor);
        return anchor.UnixMs + (timestamp - anchor.Timestamp) * 1000 / System.Diagnostics.Stopwatch.Frequency;
    }

    /// <summary>Re-reads the wall clock (the cron calls this, so NTP adjustments are followed).</summary>
    public void Resync() => Volatile.Write(ref _anchor, NewAnchor());

    private static Anchor NewAnchor() =>
        new(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), System.Diagnostics.Stopwatch.GetTimestamp());
}

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualClock : IClock
{
    public ManualClock(long start) => UnixTimeMilliseconds = start;

    public long UnixTimeMilliseconds { get; set; }

    public void Advance(long milliseconds) => UnixTimeMilliseconds += milliseconds;
}
