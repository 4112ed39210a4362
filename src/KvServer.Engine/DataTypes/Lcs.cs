namespace KvServer.Engine.DataTypes;

/// <summary>
/// The longest common subsequence of two strings (LCS command), by the same dynamic programming table and
/// the same backward walk as Redis's lcsCommand, so ties resolve identically and IDX reports the same
/// ranges in the same order (from the end of the strings towards the start).
/// </summary>
public sealed class Lcs
{
    private readonly uint[] _table;
    private readonly int _bLength;

    private Lcs(uint[] table, int bLength)
    {
        _table = table;
        _bLength = bLength;
    }

    /// <summary>Bytes the table needs: (|a|+1)·(|b|+1) 32-bit cells. Redis refuses above proto-max-bulk-len.</summary>
    public static long TableBytes(int aLength, int bLength) => ((long)aLength + 1) * ((long)bLength + 1) * sizeof(uint);

    /// <summary>Fills the table: cell (i, j) holds the LCS length of a[..i] and b[..j].</summary>
    public static Lcs Compute(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int width = b.Length + 1;
        uint[] table = new uint[(long)(a.Length + 1) * width];
        for (int i = 1; i <= a.Length; i++)
        {
            int row = i * width;
            int previousRow = row - width;
            byte ai = a[i - 1];
            for (int j = 1; j <= b.Length; j++)
            {
                if (ai == b[j - 1])
                {
                    table[row + j] = table[previousRow + j - 1] + 1;
                }
                else
                {
                    uint up = table[previousRow + j];
                    uint left = table[row + j - 1];
                    table[row + j] = up > left ? up : left;
                }
            }
        }
        return new Lcs(table, b.Length);
    }

    private uint At(int i, int j) => _table[i * (_bLength + 1) + j];

    /// <summary>Length of the LCS.</summary>
    public uint Length(int aLength) => At(aLength, _bLength);

    /// <summary>
    /// Walks back from the end of both strings, building the LCS into <paramref name="result"/> (when not
    /// null, sized <see cref="Length"/>) and collecting the matched ranges of at least
    /// <paramref name="minMatchLength"/> bytes into <paramref name="matches"/> (when not null).
    /// </summary>
    public void Walk(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, byte[]? result, long minMatchLength, List<LcsMatch>? matches)
    {
        int i = a.Length;
        int j = b.Length;
        int index = (int)At(i, j);
        // aStart == a.Length means "no range open", as in Redis.
        int aStart = a.Length, aEnd = 0, bStart = 0, bEnd = 0;
        while (i > 0 && j > 0)
        {
            bool emit = false;
            if (a[i - 1] == b[j - 1])
            {
                if (result is not null)
                {
                    result[index - 1] = a[i - 1];
                }
                if (aStart == a.Length)
                {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                }
                else if (aStart == i && bStart == j)
                {
                    // The match continues the open range backwards.
                    aStart--;
                    bStart--;
                }
                else
                {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0)
                {
                    emit = true;
                }
                index--;
                i--;
                j--;
            }
            else
            {
                if (At(i - 1, j) > At(i, j - 1))
                {
                    i--;
                }
                else
                {
                    j--;
                }
                if (aStart != a.Length)
                {
                    emit = true;
                }
            }
            if (emit)
            {
                long matchLength = aEnd - aStart + 1;
                if (matches is not null && (minMatchLength == 0 || matchLength >= minMatchLength))
                {
                    matches.Add(new LcsMatch(aStart, aEnd, bStart, bEnd, matchLength));
                }
                aStart = a.Length;
            }
        }
    }
}
