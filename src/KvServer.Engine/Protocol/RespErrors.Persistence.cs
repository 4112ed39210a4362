namespace KvServer.Engine.Protocol;

/// <summary>Error texts of RDB saving (SAVE, BGSAVE) and of writes refused after a failed save.</summary>
public static partial class RespErrors
{
    // rdb.c saveCommand / bgsaveCommand
    public static ReadOnlySpan<byte> BackgroundSaveInProgress => "ERR Background save already in progress"u8;
    public static ReadOnlySpan<byte> AnotherChildActive =>
        "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."u8;

    /// <summary>shared.err: a save that failed (the log says why).</summary>
    public static ReadOnlySpan<byte> Bare => "ERR"u8;

    /// <summary>shared.bgsaveerr: writes refused after a failed background save (stop-writes-on-bgsave-error).</summary>
    public static ReadOnlySpan<byte> MisconfBgsave =>
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."u8;
}
