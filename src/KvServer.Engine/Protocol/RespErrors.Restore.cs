namespace KvServer.Engine.Protocol;

public static partial class RespErrors
{
    // cluster.c restoreCommand
    public static ReadOnlySpan<byte> RestoreInvalidIdleTime => "ERR Invalid IDLETIME value, must be >= 0"u8;
    public static ReadOnlySpan<byte> RestoreInvalidFreq => "ERR Invalid FREQ value, must be >= 0 and <= 255"u8;
    public static ReadOnlySpan<byte> RestoreInvalidTtl => "ERR Invalid TTL value, must be >= 0"u8;
    public static ReadOnlySpan<byte> RestoreBadPayload => "ERR DUMP payload version or checksum are wrong"u8;
    public static ReadOnlySpan<byte> RestoreBadDataFormat => "ERR Bad data format"u8;
}
