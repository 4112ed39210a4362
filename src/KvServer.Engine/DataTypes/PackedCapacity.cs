namespace KvServer.Engine.DataTypes;

/// <summary>
/// How the packed encodings (<see cref="ListPack"/>, <see cref="ZsetListpack"/>) size their single byte array.
/// Small collections are many and each keeps its array for long, so an array holds little more than its
/// entries: growth by an eighth in the 8-byte steps arrays are allocated in anyway (amortizing runs of
/// single inserts), exact sizes when the caller knows them, and a shrink to fit after large deletions, as
/// lpShrinkToFit does.
/// </summary>
internal static class PackedCapacity
{
    /// <summary>
    /// <paramref name="data"/> (holding <paramref name="used"/> bytes), or a larger copy with room for
    /// <paramref name="needed"/> bytes; <paramref name="exact"/> asks for no more than that.
    /// </summary>
    public static byte[] Ensure(byte[]? data, int used, long needed, bool exact)
    {
        int capacity = data?.Length ?? 0;
        if (needed <= capacity)
        {
            return data!;
        }
        long wanted = exact || capacity == 0 ? needed : Math.Max(needed, (long)used + (used >> 3));
        wanted = (wanted + 7) & ~7L;
        if (wanted > Array.MaxLength)
        {
            wanted = needed;
        }
        byte[] next = new byte[wanted];
        if (used > 0)
        {
            data.AsSpan(0, used).CopyTo(next);
        }
        return next;
    }

    /// <summary>After a deletion: a trimmed copy when less than half of a non-tiny array is used.</summary>
    public static byte[] ShrinkAfterDelete(byte[] data, int used)
    {
        if (data.Length <= 64 || used >= data.Length / 2)
        {
            return data;
        }
        byte[] trimmed = new byte[(used + 7) & ~7];
        data.AsSpan(0, used).CopyTo(trimmed);
        return trimmed;
    }
}
