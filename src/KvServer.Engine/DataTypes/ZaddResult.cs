namespace KvServer.Engine.DataTypes;

/// <summary>What <see cref="SortedSetValue.Add"/> did (ZADD_OUT_*); None = processed, score unchanged.</summary>
public enum ZaddResult
{
    None,
    Added,
    Updated,
    Nop,
    NaN,
}
