namespace KvServer.Engine.Configuration;

/// <summary>
/// One client class's client-output-buffer-limit: a hard limit in bytes, and a soft limit in bytes that may
/// be exceeded for at most <see cref="SoftSeconds"/> seconds (0 disables a limit).
/// </summary>
public readonly record struct ClientOutputBufferLimit(long HardBytes, long SoftBytes, long SoftSeconds);
