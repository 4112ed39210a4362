namespace KvServer.Engine.Persistence;

/// <summary>
/// A corrupt, truncated or unsupported RDB file or DUMP payload. The message is the line Redis logs for the
/// same failure where Redis has one ("Short read or OOM loading DB. Unrecoverable error, aborting now.",
/// "Wrong RDB checksum expected: (…) but got (…). Aborting now.", ...). Loading stops at the first one:
/// there is no way to resume inside a value, so this is the one exception the loader throws on purpose.
/// </summary>
public sealed class RdbLoadException : Exception
{
    public RdbLoadException(string message)
        : base(message)
    {
    }

    public RdbLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Whether the data ended inside a record (a truncated file), rather than being malformed.</summary>
    public bool IsShortRead { get; private init; }

    /// <summary>The error rdbReportCorruptRDB / rdbReportReadError raise for a value that is not well formed.</summary>
    public static RdbLoadException Corrupt(string detail) => new(detail);

    /// <summary>rdbLoad's eoferr: the file ended inside a record.</summary>
    public static RdbLoadException ShortRead() =>
        new("Short read or OOM loading DB. Unrecoverable error, aborting now.") { IsShortRead = true };
}
