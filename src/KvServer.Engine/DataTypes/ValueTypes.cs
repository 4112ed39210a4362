namespace KvServer.Engine.DataTypes;

/// <summary>Type and encoding of any stored value: the one switch over value representations.</summary>
public static class ValueTypes
{
    public static KvType TypeOf(object value) => value switch
    {
        byte[] or KvInt or KvRawString => KvType.String,
        IKvCollection collection => collection.Type,
        _ => KvType.None,
    };

    /// <summary>The name TYPE replies with.</summary>
    public static ReadOnlySpan<byte> TypeName(KvType type) => type switch
    {
        KvType.String => "string"u8,
        KvType.List => "list"u8,
        KvType.Set => "set"u8,
        KvType.SortedSet => "zset"u8,
        KvType.Hash => "hash"u8,
        KvType.Stream => "stream"u8,
        _ => "none"u8,
    };

    /// <summary>OBJECT ENCODING's answer.</summary>
    public static string Encoding(object value) => value is IKvCollection collection
        ? collection.Encoding
        : StringValue.Encoding(value);

    /// <summary>An independent deep copy (COPY, MOVE across databases keeps the original).</summary>
    public static object Clone(object value) => value is IKvCollection collection
        ? collection.Clone()
        : StringValue.Clone(value);
}

/// <summary>Implemented by every collection value (list, hash, set, sorted set).</summary>
public interface IKvCollection
{
    KvType Type { get; }

    /// <summary>Redis's encoding name for the current representation ("listpack", "hashtable", ...).</summary>
    string Encoding { get; }

    /// <summary>Number of elements; an empty collection is deleted from the keyspace.</summary>
    long Count { get; }

    IKvCollection Clone();
}
