namespace KvServer.Engine.Protocol;

public static partial class RespErrors
{
    // multi.c
    public static ReadOnlySpan<byte> MultiNested => "ERR MULTI calls can not be nested"u8;
    public static ReadOnlySpan<byte> ExecWithoutMulti => "ERR EXEC without MULTI"u8;
    public static ReadOnlySpan<byte> DiscardWithoutMulti => "ERR DISCARD without MULTI"u8;
    public static ReadOnlySpan<byte> WatchInsideMulti => "ERR WATCH inside MULTI is not allowed"u8;
    public static ReadOnlySpan<byte> ExecAbort => "EXECABORT Transaction discarded because of previous errors."u8;

    // server.c processCommand
    public static ReadOnlySpan<byte> NotAllowedInMulti => "ERR Command not allowed inside a transaction"u8;
}
