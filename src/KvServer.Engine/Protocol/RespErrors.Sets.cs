namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the set commands (t_set.c).</summary>
public static partial class RespErrors
{
    public static ReadOnlySpan<byte> SintercardTooManyKeys => "ERR Number of keys can't be greater than number of args"u8;
    public static ReadOnlySpan<byte> SintercardLimitNegative => "ERR LIMIT can't be negative"u8;
}
