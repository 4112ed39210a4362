namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the server commands (INFO, CONFIG, COMMAND, DEBUG, SHUTDOWN).</summary>
public static partial class RespErrors
{
    // config.c configRewriteCommand
    public static ReadOnlySpan<byte> ConfigNoFile => "ERR The server is running without a config file"u8;

    // server.c getKeysSubcommandImpl
    public static ReadOnlySpan<byte> GetKeysInvalidCommand => "ERR Invalid command specified"u8;
    public static ReadOnlySpan<byte> GetKeysNoKeys => "ERR The command has no key arguments"u8;
    public static ReadOnlySpan<byte> GetKeysBadArity => "ERR Invalid number of arguments specified for command"u8;
    public static ReadOnlySpan<byte> GetKeysInvalidArguments => "ERR Invalid arguments specified for command"u8;

    // debug.c debugCommand
    public static ReadOnlySpan<byte> NotListpack => "ERR Not a listpack encoded object."u8;
    public static ReadOnlySpan<byte> NotQuicklist => "ERR Not a quicklist encoded object."u8;
    public static ReadOnlySpan<byte> NotSds => "ERR Not an sds encoded string."u8;
    public static ReadOnlySpan<byte> PackedThreshold => "ERR argument must be a memory value bigger than 1 and smaller than 4gb"u8;
    public static ReadOnlySpan<byte> Resp2NotSupported => "ERR RESP2 is not supported by this command"u8;
    public static ReadOnlySpan<byte> WrongProtocolType =>
        "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"u8;

    // server.c shutdownCommand
    public static ReadOnlySpan<byte> NoShutdownInProgress => "ERR No shutdown in progress."u8;
    public static ReadOnlySpan<byte> ShutdownFailed => "ERR Errors trying to SHUTDOWN. Check logs."u8;
}
