namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the set commands (t_set.c).</summary>
public static partial class RespErrors
{
    // object.c getPositiveLongFromObjectOrReply's default text (SPOP count)
    public static ReadOnlySpan<byte> SpopCountNotPositive => "ERR value is out of range, must be positive"u8;

    // t_set.c sinterCardCommand
    public static ReadOnlySpan<byte> SintercardNumkeys => "ERR numkeys should be greater than 0"u8;
    public static ReadOnlySpan<byte> SintercardTooManyKeys => "ERR Number of keys can't be greater than number of args"u8;
    public static ReadOnlySpan<byte> SintercardLimitNegative => "ERR LIMIT can't be negative"u8;
}
