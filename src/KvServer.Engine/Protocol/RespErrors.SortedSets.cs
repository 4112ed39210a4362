namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the sorted-set commands (t_zset.c), plus the shared helpers' texts they reach.</summary>
public static partial class RespErrors
{
    // t_zset.c zaddGenericCommand
    public static ReadOnlySpan<byte> ZaddNxXx => "ERR XX and NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZaddGtLtNx => "ERR GT, LT, and/or NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZaddIncrPairs => "ERR INCR option supports a single increment-element pair"u8;
    public static ReadOnlySpan<byte> ZsetScoreNaN => "ERR resulting score is not a number (NaN)"u8;

    // t_zset.c zslParseRange / zslParseLexRange callers
    public static ReadOnlySpan<byte> ZsetMinMaxNotFloat => "ERR min or max is not a float"u8;
    public static ReadOnlySpan<byte> ZsetMinMaxNotLex => "ERR min or max not valid string range item"u8;

    // t_zset.c zrangeGenericCommand
    public static ReadOnlySpan<byte> ZrangeLimitNeedsByscoreOrBylex => "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"u8;
    public static ReadOnlySpan<byte> ZrangeWithscoresWithBylex => "ERR syntax error, WITHSCORES not supported in combination with BYLEX"u8;

    // t_zset.c zunionInterDiffGenericCommand
    public static ReadOnlySpan<byte> ZsetWeightNotFloat => "ERR weight value is not a float"u8;
    public static ReadOnlySpan<byte> ZsetLimitNegative => "ERR LIMIT can't be negative"u8;

    // object.c getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) and t_zset.c zrandmemberCommand
    public static ReadOnlySpan<byte> ZrandmemberCountRange => "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8;
}
