namespace KvServer;

/// <summary>Version strings the host prints.</summary>
internal static class ServerInfo
{
    public static string KvServerVersion => KvServer.Engine.EngineInfo.KvServerVersion;

    public static string VersionLine => $"KvServer v={KvServerVersion} (Redis {KvServer.Engine.EngineInfo.RedisVersion} compatible) bits=64";
}
