using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// The AOF's timestamp annotation (aof-timestamp-enabled, genAofTimestampAnnotationIfNeeded): a line
/// "#TS:&lt;unix seconds&gt;\r\n" between commands, which loaders skip (an annotation starts with '#').
/// </summary>
internal static class TimestampAnnotation
{
    /// <summary>Bytes the longest annotation takes.</summary>
    public const int MaxLength = 4 + Utf8Number.MaxInt64Chars + 2;

    /// <summary>Writes the annotation for <paramref name="unixSeconds"/> into <paramref name="destination"/> and returns it.</summary>
    public static ReadOnlySpan<byte> Format(long unixSeconds, Span<byte> destination)
    {
        "#TS:"u8.CopyTo(destination);
        int length = 4 + Utf8Number.FormatInt64(unixSeconds, destination[4..]);
        destination[length++] = (byte)'\r';
        destination[length++] = (byte)'\n';
        return destination[..length];
    }
}
