namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the string and bitmap families (t_string.c, bitops.c).</summary>
public static partial class RespErrors
{
    // t_string.c decrbyCommand: negating LLONG_MIN would overflow.
    public static ReadOnlySpan<byte> DecrementOverflow => "ERR decrement would overflow"u8;

    // t_string.c lcsCommand
    public static ReadOnlySpan<byte> LcsNotStrings => "ERR The specified keys must contain string values"u8;
    public static ReadOnlySpan<byte> LcsLenAndIdx => "ERR If you want both the length and indexes, please just use IDX."u8;
    public static ReadOnlySpan<byte> LcsTableTooLarge => "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"u8;

    // bitops.c bitposCommand
    public static ReadOnlySpan<byte> BitposBitArgument => "ERR The bit argument must be 1 or 0."u8;

    // bitops.c bitopCommand
    public static ReadOnlySpan<byte> BitopNotSingleKey => "ERR BITOP NOT must be called with a single source key."u8;

    // bitops.c getBitfieldTypeFromArgument
    public static ReadOnlySpan<byte> BitfieldType => "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."u8;

    // bitops.c bitfieldGeneric
    public static ReadOnlySpan<byte> BitfieldOverflowType => "ERR Invalid OVERFLOW type specified"u8;
    public static ReadOnlySpan<byte> BitfieldReadOnly => "ERR BITFIELD_RO only supports the GET subcommand"u8;
}
