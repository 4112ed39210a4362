namespace KvServer.Engine.DataTypes;

/// <summary>Building a sorted set from a decoded RDB value or DUMP payload.</summary>
public sealed partial class SortedSetValue
{
    /// <summary>A listpack-encoded set over entries already in rank order.</summary>
    internal static SortedSetValue FromListpack(ZsetListpack listpack) => new(listpack);
}
