namespace KvServer.Engine.Protocol;

public static partial class RespErrors
{
    // eval.c evalGenericCommand
    public static ReadOnlySpan<byte> ScriptTooManyKeys => "ERR Number of keys can't be greater than number of args"u8;
    public static ReadOnlySpan<byte> ScriptNegativeKeys => "ERR Number of keys can't be negative"u8;
    public static ReadOnlySpan<byte> NoScript => "NOSCRIPT No matching script. Please use EVAL."u8;
    public static ReadOnlySpan<byte> ScriptFlushMode => "ERR SCRIPT FLUSH only support SYNC|ASYNC option"u8;

    // script.c scriptKill / server.c processCommand
    public static ReadOnlySpan<byte> NotBusy => "NOTBUSY No scripts in execution right now."u8;
    public static ReadOnlySpan<byte> Busy => "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."u8;
    public static ReadOnlySpan<byte> Unkillable => "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."u8;
}
