namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the connection commands (HELLO, SELECT, CLIENT ...), as Redis 7.0 words them.</summary>
public static partial class RespErrors
{
    // networking.c helloCommand
    public static ReadOnlySpan<byte> HelloProtocolNotInteger => "ERR Protocol version is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NoProto => "NOPROTO unsupported protocol version"u8;
    public static ReadOnlySpan<byte> HelloNoAuth => "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"u8;

    // networking.c clientSetNameOrReply
    public static ReadOnlySpan<byte> ClientNameInvalid => "ERR Client names cannot contain spaces, newlines or special characters."u8;

    // object.c getRangeLongFromObjectOrReply, as getIntFromObjectOrReply uses it for SELECT
    public static ReadOnlySpan<byte> SelectIndexNotInt => "ERR value is out of range, value must between -2147483648 and 2147483647"u8;

    // networking.c clientCommand
    public static ReadOnlySpan<byte> NoSuchClient => "ERR No such client"u8;
    public static ReadOnlySpan<byte> ClientIdNotPositive => "ERR client-id should be greater than 0"u8;
    public static ReadOnlySpan<byte> InvalidClientId => "ERR Invalid client ID"u8;
    public static ReadOnlySpan<byte> ClientPauseMode => "ERR CLIENT PAUSE mode must be WRITE or ALL"u8;

    // timeout.c getTimeoutFromObjectOrReply (milliseconds)
    public static ReadOnlySpan<byte> PauseTimeoutNotInteger => "ERR timeout is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> PauseTimeoutNegative => "ERR timeout is negative"u8;
}
