namespace KvServer.Engine.Keyspace;

/// <summary>Wall-clock time in Unix milliseconds; injectable so expiry tests never sleep.</summary>
public interface IClock
{
    long UnixTimeMilliseconds { get; }
}

/// <summary>The real clock.</summary>
public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();

    public long UnixTimeMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualClock : IClock
{
    public ManualClock(long start) => UnixTimeMilliseconds = start;

    public long UnixTimeMilliseconds { get; set; }

    public void Advance(long milliseconds) => UnixTimeMilliseconds += milliseconds;
}
