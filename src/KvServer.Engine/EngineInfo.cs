namespace KvServer.Engine;

/// <summary>Versions KvServer reports: its own, and the Redis version whose behaviour it implements.</summary>
public static class EngineInfo
{
    /// <summary>What INFO redis_version and HELLO version say, so version-checking clients enable 7.0 features.</summary>
    public const string RedisVersion = "7.0.15";

    public const string KvServerVersion = "0.1.0";
}
