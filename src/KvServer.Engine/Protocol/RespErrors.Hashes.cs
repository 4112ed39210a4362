namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the hash commands (t_hash.c), and those HSCAN shares with the other SCANs (db.c).</summary>
public static partial class RespErrors
{
    // t_hash.c hsetCommand (addReplyErrorArity on an odd number of field/value arguments)
    public static ReadOnlySpan<byte> HsetArity => "ERR wrong number of arguments for 'hset' command"u8;
    public static ReadOnlySpan<byte> HmsetArity => "ERR wrong number of arguments for 'hmset' command"u8;

    // t_hash.c hincrbyCommand
    public static ReadOnlySpan<byte> HashValueNotInteger => "ERR hash value is not an integer"u8;

    // t_hash.c hincrbyfloatCommand
    public static ReadOnlySpan<byte> HashValueNotFloat => "ERR hash value is not a float"u8;
    public static ReadOnlySpan<byte> HashIncrementNanOrInfinity => "ERR value is NaN or Infinity"u8;

    // t_hash.c hrandfieldCommand: a WITHVALUES count whose doubled reply length would overflow
    public static ReadOnlySpan<byte> HrandfieldCountOutOfRange => "ERR value is out of range"u8;

    // object.c getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) for HRANDFIELD and SRANDMEMBER counts
    public static ReadOnlySpan<byte> RandomCountOutOfRange =>
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8;
}
