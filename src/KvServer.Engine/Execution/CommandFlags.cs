namespace KvServer.Engine.Execution;

/// <summary>Redis 7.0 command flags (CMD_* in server.h), as COMMAND INFO names them.</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    Write = 1 << 0,
    ReadOnly = 1 << 1,
    DenyOom = 1 << 2,
    Module = 1 << 3,
    Admin = 1 << 4,
    PubSub = 1 << 5,
    NoScript = 1 << 6,
    Blocking = 1 << 7,
    Loading = 1 << 8,
    Stale = 1 << 9,
    SkipMonitor = 1 << 10,
    SkipSlowlog = 1 << 11,
    Asking = 1 << 12,
    Fast = 1 << 13,
    NoAuth = 1 << 14,
    MayReplicate = 1 << 15,
    Sentinel = 1 << 16,
    OnlySentinel = 1 << 17,
    NoMandatoryKeys = 1 << 18,
    Protected = 1 << 19,
    NoAsyncLoading = 1 << 20,
    NoMulti = 1 << 21,
    MovableKeys = 1 << 22,
    AllowBusy = 1 << 23,
}

/// <summary>Maps the flag names used in the command table to <see cref="CommandFlags"/>.</summary>
public static class CommandFlagNames
{
    public static CommandFlags Parse(string name) => name switch
    {
        "write" => CommandFlags.Write,
        "readonly" => CommandFlags.ReadOnly,
        "denyoom" => CommandFlags.DenyOom,
        "module" => CommandFlags.Module,
        "admin" => CommandFlags.Admin,
        "pubsub" => CommandFlags.PubSub,
        "noscript" => CommandFlags.NoScript,
        "blocking" => CommandFlags.Blocking,
        "loading" => CommandFlags.Loading,
        "stale" => CommandFlags.Stale,
        "skip_monitor" => CommandFlags.SkipMonitor,
        "skip_slowlog" => CommandFlags.SkipSlowlog,
        "asking" => CommandFlags.Asking,
        "fast" => CommandFlags.Fast,
        "no_auth" => CommandFlags.NoAuth,
        "may_replicate" => CommandFlags.MayReplicate,
        "sentinel" => CommandFlags.Sentinel,
        "only_sentinel" => CommandFlags.OnlySentinel,
        "no_mandatory_keys" => CommandFlags.NoMandatoryKeys,
        "protected" => CommandFlags.Protected,
        "no_async_loading" => CommandFlags.NoAsyncLoading,
        "no_multi" => CommandFlags.NoMulti,
        "movablekeys" => CommandFlags.MovableKeys,
        "allow_busy" => CommandFlags.AllowBusy,
        _ => throw new InvalidDataException($"unknown command flag '{name}' in the command table"),
    };
}
