namespace KvServer.Engine.Configuration;

/// <summary>The parameter list: Redis 7.0's config.c standardConfig table, in its order where practical.</summary>
public sealed partial class ConfigRegistry
{
    private const long IntMax = int.MaxValue;

    private void RegisterAll()
    {
        ServerOptions o = Options;
        Integer("port", 0, 65535, 6379, v => o.Port = (int)v, ConfigFlags.None);
        Special("bind", "* -::*", v => (null, string.Join(' ', v.Split(' ', StringSplitOptions.RemoveEmptyEntries))),
            v => { o.Bind = v.Split(' ', StringSplitOptions.RemoveEmptyEntries); return null; }, ConfigFlags.MultiArg);
        Integer("databases", 1, IntMax, 16, v => o.Databases = (int)v, ConfigFlags.Immutable);
        Text("requirepass", "", v => o.RequirePass = v.Length == 0 ? null : v, ConfigFlags.Sensitive);
        Integer("maxclients", 1, uint.MaxValue, 10000, v => o.MaxClients = (int)Math.Min(v, int.MaxValue));
        Integer("timeout", 0, IntMax, 0, v => o.Timeout = (int)v);
        Integer("tcp-keepalive", 0, IntMax, 300, v => o.TcpKeepAlive = (int)v);
        Integer("hz", 0, IntMax, 10, v => o.Hz = (int)Math.Clamp(v, 1, 500));
        Enum("loglevel", ["debug", "verbose", "notice", "warning"], "notice", v => o.LogLevel = v);
        Text("logfile", "", v => o.LogFile = v, ConfigFlags.Immutable);
        Memory("proto-max-bulk-len", 1024 * 1024, long.MaxValue, 512L * 1024 * 1024, v => o.ProtoMaxBulkLength = v);
        Enum("enable-debug-command", ["no", "yes", "local"], "no", v => o.EnableDebugCommand = v, ConfigFlags.Immutable);
        Enum("enable-protected-configs", ["no", "yes", "local"], "no", v => o.EnableProtectedConfigs = v, ConfigFlags.Immutable);
        Enum("enable-module-command", ["no", "yes", "local"], "no", null, ConfigFlags.Immutable);
        Text("dir", ".", v => o.Dir = v, ConfigFlags.Protected);
        Memory("maxmemory", 0, long.MaxValue, 0, v => o.MaxMemory = v);
        Enum("maxmemory-policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"],
            "noeviction", v => o.MaxMemoryPolicy = v);
        Integer("active-expire-effort", 1, 10, 1, v => o.ActiveExpireEffort = (int)v);
        Enum("kvserver-executor", ["inline", "thread"], "inline", v => o.ExecutorMode = v, ConfigFlags.Immutable | ConfigFlags.Hidden);
        Bool("daemonize", false, null, ConfigFlags.Immutable);
        Bool("protected-mode", true);
        Special("save", "", v => (null, v), null, ConfigFlags.MultiArg);
        Bool("appendonly", false);
        Text("dbfilename", "dump.rdb", null, ConfigFlags.Protected);
        Integer("list-max-listpack-size", int.MinValue, IntMax, -2, v => o.ListMaxListpackSize = (int)v, alias: "list-max-ziplist-size");
        Integer("list-compress-depth", 0, IntMax, 0, v => o.ListCompressDepth = (int)v);
        Memory("hash-max-listpack-entries", 0, long.MaxValue, 128, v => o.HashMaxListpackEntries = v, alias: "hash-max-ziplist-entries");
        Memory("hash-max-listpack-value", 0, long.MaxValue, 64, v => o.HashMaxListpackValue = v, alias: "hash-max-ziplist-value");
        Memory("set-max-intset-entries", 0, long.MaxValue, 512, v => o.SetMaxIntsetEntries = v);
        Memory("zset-max-listpack-entries", 0, long.MaxValue, 128, v => o.ZsetMaxListpackEntries = v, alias: "zset-max-ziplist-entries");
        Memory("zset-max-listpack-value", 0, long.MaxValue, 64, v => o.ZsetMaxListpackValue = v, alias: "zset-max-ziplist-value");
    }
}
