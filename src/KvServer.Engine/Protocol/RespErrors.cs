namespace KvServer.Engine.Protocol;

/// <summary>
/// Every fixed error text KvServer replies with, byte for byte as Redis 7.0 words it (without the leading
/// '-' and trailing CRLF, which <see cref="RespWriter.WriteError(ReadOnlySpan{byte})"/> adds). The comment on
/// each names the Redis source it comes from. Errors built from arguments are formatted where they occur.
/// </summary>
public static partial class RespErrors
{
    // server.c createSharedObjects
    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;
    public static ReadOnlySpan<byte> NoAuth => "NOAUTH Authentication required."u8;
    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NotFloat => "ERR value is not a valid float"u8;
    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;
    public static ReadOnlySpan<byte> OutOfRange => "ERR index out of range"u8;
    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;
    public static ReadOnlySpan<byte> InvalidDbIndex => "ERR invalid DB index"u8;
    public static ReadOnlySpan<byte> SameObject => "ERR source and destination objects are the same"u8;
    public static ReadOnlySpan<byte> OutOfMemory => "OOM command not allowed when used memory > 'maxmemory'."u8;
    public static ReadOnlySpan<byte> BusyKey => "BUSYKEY Target key name already exists."u8;
    public static ReadOnlySpan<byte> MaxClients => "ERR max number of clients reached"u8;

    // Shared by several families: SCAN/HSCAN/SSCAN/ZSCAN (parseScanCursorOrReply), counts that must be
    // positive (LPOP/SPOP/ZPOP count, DEBUG...), and numkeys of LMPOP/ZMPOP/SINTERCARD/ZINTERCARD.
    public static ReadOnlySpan<byte> InvalidCursor => "ERR invalid cursor"u8;
    public static ReadOnlySpan<byte> NotPositive => "ERR value is out of range, must be positive"u8;
    public static ReadOnlySpan<byte> NumkeysNotPositive => "ERR numkeys should be greater than 0"u8;

    // t_string.c
    public static ReadOnlySpan<byte> StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8;
    public static ReadOnlySpan<byte> IncrOverflow => "ERR increment or decrement would overflow"u8;
    public static ReadOnlySpan<byte> NanOrInfinity => "ERR increment would produce NaN or Infinity"u8;
    public static ReadOnlySpan<byte> OffsetOutOfRange => "ERR offset is out of range"u8;
    public static ReadOnlySpan<byte> BitOffsetOutOfRange => "ERR bit offset is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitNotInteger => "ERR bit is not an integer or out of range"u8;

    // expire.c
    public static ReadOnlySpan<byte> ExpireNxXxGtLt => "ERR NX and XX, GT or LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ExpireGtLt => "ERR GT and LT options at the same time are not compatible"u8;

    // server.c processCommand / networking.c
    public static ReadOnlySpan<byte> ProtocolInvalidMultibulk => "ERR Protocol error: invalid multibulk length"u8;
    public static ReadOnlySpan<byte> ProtocolInvalidBulk => "ERR Protocol error: invalid bulk length"u8;
    public static ReadOnlySpan<byte> ProtocolBigMultibulkCount => "ERR Protocol error: too big mbulk count string"u8;
    public static ReadOnlySpan<byte> ProtocolBigBulkCount => "ERR Protocol error: too big bulk count string"u8;
    public static ReadOnlySpan<byte> ProtocolBigInline => "ERR Protocol error: too big inline request"u8;
    public static ReadOnlySpan<byte> ProtocolUnbalancedQuotes => "ERR Protocol error: unbalanced quotes in request"u8;
    public static ReadOnlySpan<byte> ProtocolUnauthMultibulk => "ERR Protocol error: unauthenticated multibulk length"u8;
    public static ReadOnlySpan<byte> ProtocolUnauthBulk => "ERR Protocol error: unauthenticated bulk length"u8;

    // acl.c / server.c AUTH
    public static ReadOnlySpan<byte> WrongPass => "WRONGPASS invalid username-password pair or user is disabled."u8;
    public static ReadOnlySpan<byte> AuthNoPassword => "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"u8;

    // server.c
    public static ReadOnlySpan<byte> CommandNotAllowedInSubscribe => "ERR Can't execute"u8;
    public static ReadOnlySpan<byte> DebugDisabled => "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."u8;
}
