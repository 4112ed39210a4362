namespace KvServer.Engine.DataTypes;

/// <summary>
/// Read access to one field of a hash value, for SORT's <c>BY key*->field</c> and <c>GET key*->field</c>
/// patterns (lookupKeyByPattern calls hashTypeGetValueObject). The hash type implements it; until then the
/// hash branch of those patterns finds nothing, as Redis does for a missing field.
/// </summary>
public interface IHashFieldSource
{
    /// <summary>The value of <paramref name="field"/> as bytes the caller may keep; false if absent.</summary>
    bool TryGetField(ReadOnlySpan<byte> field, out byte[] value);
}
