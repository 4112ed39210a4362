namespace KvServer.Engine.Persistence;

/// <summary>RDBFLAGS_*: how a load differs from loading dump.rdb at start-up.</summary>
[Flags]
public enum RdbLoadFlags
{
    None = 0,

    /// <summary>
    /// RDBFLAGS_AOF_PREAMBLE: the RDB is an AOF base file or the preamble of an AOF. Keys whose time has passed
    /// are kept (the AOF that follows, or the active expiry, deletes them), as Redis does for AOF loading.
    /// </summary>
    AofPreamble = 1,

    /// <summary>
    /// RDBFLAGS_ALLOW_DUP: a key already in the database (or twice in the file) is replaced instead of stopping
    /// the load with "Duplicated key found in RDB file".
    /// </summary>
    AllowDuplicates = 2,
}
