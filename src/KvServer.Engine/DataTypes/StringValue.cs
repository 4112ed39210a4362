using KvServer.Engine.Protocol;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// The three representations of a string value and the one place that converts between them. A value is
/// a <c>byte[]</c> (never mutated; "embstr" up to 44 bytes, "raw" above, as Redis reports them), a
/// <see cref="KvInt"/> ("int"), or a <see cref="KvRawString"/> ("raw", modified in place).
/// </summary>
public static class StringValue
{
    /// <summary>OBJ_ENCODING_EMBSTR_SIZE_LIMIT: longer strings are "raw".</summary>
    public const int EmbstrSizeLimit = 44;

    public static bool IsString(object value) => value is byte[] or KvInt or KvRawString;

    /// <summary>
    /// The value to store for bytes received from a client, as Redis's tryObjectEncoding chooses: a canonical
    /// integer of at most 20 characters becomes an int, anything else a copy of the bytes.
    /// </summary>
    public static object FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= Utf8Number.MaxInt64Chars && bytes.Length > 0 && Utf8Number.TryParseInt64(bytes, out long number))
        {
            return new KvInt(number);
        }
        return bytes.ToArray();
    }

    /// <summary>The bytes of a string value; an int is formatted into <paramref name="scratch"/> (20 bytes).</summary>
    public static ReadOnlySpan<byte> GetBytes(object value, Span<byte> scratch)
    {
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case KvInt number:
                int length = Utf8Number.FormatInt64(number.Value, scratch);
                return scratch[..length];
            case KvRawString raw:
                return raw.Span;
            default:
                throw new InvalidOperationException("not a string value");
        }
    }

    /// <summary>The bytes of a string value as an array (for callers that must keep them).</summary>
    public static byte[] ToArray(object value)
    {
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        return value is byte[] bytes ? bytes : GetBytes(value, scratch).ToArray();
    }

    public static long GetLength(object value) => value switch
    {
        byte[] bytes => bytes.Length,
        KvInt number => Utf8Number.CountDigits(number.Value),
        KvRawString raw => raw.Length,
        _ => 0,
    };

    /// <summary>OBJECT ENCODING of a string value.</summary>
    public static string Encoding(object value) => value switch
    {
        KvInt => "int",
        byte[] bytes when bytes.Length <= EmbstrSizeLimit => "embstr",
        _ => "raw",
    };

    /// <summary>Writes a string value as a bulk string reply.</summary>
    public static void WriteBulk(RespWriter reply, object value)
    {
        switch (value)
        {
            case byte[] bytes:
                reply.WriteBulkString(bytes);
                break;
            case KvInt number:
                reply.WriteBulkInteger(number.Value);
                break;
            case KvRawString raw:
                reply.WriteBulkString(raw.Span);
                break;
        }
    }

    /// <summary>A modifiable copy for APPEND/SETRANGE/SETBIT: raw strings are reused, others converted.</summary>
    public static KvRawString ToRaw(object value, int extraCapacity = 0)
    {
        if (value is KvRawString raw)
        {
            return raw;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> bytes = GetBytes(value, scratch);
        return new KvRawString(bytes, bytes.Length + extraCapacity);
    }

    /// <summary>An independent copy (COPY): immutable arrays are shared, mutable forms cloned.</summary>
    public static object Clone(object value) => value switch
    {
        KvInt number => new KvInt(number.Value),
        KvRawString raw => new KvRawString(raw.Span),
        _ => value,
    };
}
