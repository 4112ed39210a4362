namespace KvServer.Engine.Protocol;

/// <summary>Error texts of the list commands (t_list.c) and SORT (sort.c).</summary>
public static partial class RespErrors
{
    // t_list.c lposCommand
    public static ReadOnlySpan<byte> LposRankZero => "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"u8;
    public static ReadOnlySpan<byte> LposCountNegative => "ERR COUNT can't be negative"u8;
    public static ReadOnlySpan<byte> LposMaxlenNegative => "ERR MAXLEN can't be negative"u8;

    // t_list.c lmpopGenericCommand (numkeys: RespErrors.NumkeysNotPositive)
    public static ReadOnlySpan<byte> LmpopCount => "ERR count should be greater than 0"u8;

    // sort.c sortCommandGeneric
    public static ReadOnlySpan<byte> SortScoreNotDouble => "ERR One or more scores can't be converted into double"u8;
}
