namespace KvServer.Engine.Keyspace;

/// <summary>
/// The clock the databases stamp new and overwritten keys with (their LRU/LFU clock): the start time of
/// the command being run, published once per command by <see cref="Execution.CommandContext"/>, and the
/// underlying clock before the first command (loading at startup). It exists because reading the system
/// clock costs as much as a whole SET on some machines, and the command already read it once.
/// </summary>
public sealed class KeyspaceClock : IClock
{
    private readonly IClock _source;
    private long _commandTime = -1;

    public KeyspaceClock(IClock source) => _source = source;

    /// <summary>The current command's start time (Unix ms); set by the dispatcher through the context.</summary>
    public long CommandTime
    {
        get => _commandTime;
        set => _commandTime = value;
    }

    public long UnixTimeMilliseconds => _commandTime >= 0 ? _commandTime : _source.UnixTimeMilliseconds;
}
