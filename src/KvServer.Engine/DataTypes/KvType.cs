namespace KvServer.Engine.DataTypes;

/// <summary>The five Redis value types (plus stream, which KvServer does not store yet).</summary>
public enum KvType
{
    None,
    String,
    List,
    Set,
    SortedSet,
    Hash,
    Stream,
}
