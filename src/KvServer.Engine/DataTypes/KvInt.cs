namespace KvServer.Engine.DataTypes;

/// <summary>
/// A string value held as a 64-bit integer: Redis's OBJ_ENCODING_INT (OBJECT ENCODING "int"). SET of a
/// canonical integer stores one; INCR/DECR update it in place, so counters never allocate.
/// </summary>
public sealed class KvInt
{
    public KvInt(long value) => Value = value;

    public long Value;
}
