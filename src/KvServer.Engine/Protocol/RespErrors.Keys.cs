namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the generic key, expiry and database commands.</summary>
public static partial class RespErrors
{
    // object.c getRangeLongFromObjectOrReply, as getIntFromObjectOrReply calls it (MOVE, COPY ... DB)
    public static ReadOnlySpan<byte> Int32ArgumentOutOfRange => "ERR value is out of range, value must between -2147483648 and 2147483647"u8;

    // db.c swapdbCommand
    public static ReadOnlySpan<byte> InvalidFirstDbIndex => "ERR invalid first DB index"u8;
    public static ReadOnlySpan<byte> InvalidSecondDbIndex => "ERR invalid second DB index"u8;

    // object.c objectCommand
    public static ReadOnlySpan<byte> IdleTimeUnderLfu => "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;
    public static ReadOnlySpan<byte> FreqWithoutLfu => "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;
}
