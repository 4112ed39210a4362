namespace KvServer.Engine.Protocol;

public static partial class RespErrors
{
    // functions.c fcallCommandGeneric
    public static ReadOnlySpan<byte> FunctionNotFound => "ERR Function not found"u8;
    public static ReadOnlySpan<byte> FunctionBadNumberOfKeys => "ERR Bad number of keys provided"u8;

    // script.c scriptPrepareForRun
    public static ReadOnlySpan<byte> ScriptWriteFlagWithRo => "ERR Can not execute a script with write flag using *_ro command."u8;

    // functions.c functionListCommand
    public static ReadOnlySpan<byte> FunctionLibraryNameMissing => "ERR library name argument was not given"u8;

    // functions.c functionDeleteCommand
    public static ReadOnlySpan<byte> FunctionLibraryNotFound => "ERR Library not found"u8;

    // functions.c functionFlushCommand
    public static ReadOnlySpan<byte> FunctionFlushMode => "ERR FUNCTION FLUSH only supports SYNC|ASYNC option"u8;

    // functions.c functionRestoreCommand
    public static ReadOnlySpan<byte> FunctionRestorePolicy => "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE."u8;
    public static ReadOnlySpan<byte> DumpPayloadInvalid => "ERR DUMP payload version or checksum are wrong"u8;

    // server.c createSharedObjects: slowscripterr, the BUSY reply while a function runs
    public static ReadOnlySpan<byte> BusyFunction => "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."u8;
}
