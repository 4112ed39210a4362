using System.Buffers.Binary;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Decodes an intset blob (intset.c, RDB type 11): encoding (2, 4 or 8 bytes per member) and count as
/// little-endian uint32s, then the members, sorted, little endian. The result is the <c>short[]</c>,
/// <c>int[]</c> or <c>long[]</c> that <see cref="DataTypes.IntSet"/> keeps as its storage.
/// </summary>
internal static class RedisIntsetReader
{
    private const int HeaderSize = 8;

    /// <summary>
    /// The members as an array of the blob's width. Members must be strictly ascending (the set's lookups bisect),
    /// so an unsorted or duplicated blob is corrupt.
    /// </summary>
    public static Array Decode(ReadOnlySpan<byte> blob, string error)
    {
        if (blob.Length < HeaderSize)
        {
            throw RdbLoadException.Corrupt(error);
        }
        uint width = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if ((width != 2 && width != 4 && width != 8) || (long)count * width != blob.Length - HeaderSize)
        {
            throw RdbLoadException.Corrupt(error);
        }
        ReadOnlySpan<byte> body = blob[HeaderSize..];
        switch (width)
        {
            case 2:
                var shorts = new short[count];
                for (int i = 0; i < shorts.Length; i++)
                {
                    shorts[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]);
                    CheckAscending(i > 0 && shorts[i] <= shorts[i - 1], error);
                }
                return shorts;
            case 4:
                var ints = new int[count];
                for (int i = 0; i < ints.Length; i++)
                {
                    ints[i] = BinaryPrimitives.ReadInt32LittleEndian(body[(i * 4)..]);
                    CheckAscending(i > 0 && ints[i] <= ints[i - 1], error);
                }
                return ints;
            default:
                var longs = new long[count];
                for (int i = 0; i < longs.Length; i++)
                {
                    longs[i] = BinaryPrimitives.ReadInt64LittleEndian(body[(i * 8)..]);
                    CheckAscending(i > 0 && longs[i] <= longs[i - 1], error);
                }
                return longs;
        }
    }

    private static void CheckAscending(bool outOfOrder, string error)
    {
        if (outOfOrder)
        {
            throw RdbLoadException.Corrupt(error);
        }
    }
}
