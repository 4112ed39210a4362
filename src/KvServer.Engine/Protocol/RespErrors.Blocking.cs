namespace KvServer.Engine.Protocol;

public static partial class RespErrors
{
    // timeout.c getTimeoutFromObjectOrReply
    public static ReadOnlySpan<byte> TimeoutNotFloat => "ERR timeout is not a float or out of range"u8;
    public static ReadOnlySpan<byte> TimeoutNegative => "ERR timeout is negative"u8;

    // blocked.c (CLIENT UNBLOCK ... ERROR)
    public static ReadOnlySpan<byte> Unblocked => "UNBLOCKED client unblocked via CLIENT UNBLOCK"u8;
}
