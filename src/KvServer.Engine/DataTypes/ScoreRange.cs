namespace KvServer.Engine.DataTypes;

/// <summary>
/// A score interval of ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE (Redis's zrangespec): each end inclusive, or
/// exclusive when written with a leading '('.
/// </summary>
public readonly struct ScoreRange : IZsetRange
{
    public ScoreRange(double min, double max, bool minExclusive, bool maxExclusive)
    {
        Min = min;
        Max = max;
        MinExclusive = minExclusive;
        MaxExclusive = maxExclusive;
    }

    public double Min { get; }

    public double Max { get; }

    public bool MinExclusive { get; }

    public bool MaxExclusive { get; }

    /// <summary>zslValueGteMin.</summary>
    public bool AboveMin(double value) => MinExclusive ? value > Min : value >= Min;

    /// <summary>zslValueLteMax.</summary>
    public bool BelowMax(double value) => MaxExclusive ? value < Max : value <= Max;

    /// <summary>True when no score can be inside (min above max, or a single point with an open end).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));

    bool IZsetRange.AboveMin(SkipListNode node) => AboveMin(node.Score);

    bool IZsetRange.BelowMax(SkipListNode node) => BelowMax(node.Score);

    bool IZsetRange.AboveMin(ZsetListpack listpack, int offset) => AboveMin(listpack.ScoreAt(offset));

    bool IZsetRange.BelowMax(ZsetListpack listpack, int offset) => BelowMax(listpack.ScoreAt(offset));

    /// <summary>
    /// zslParseRange: each bound is parsed with strtod, so, as in Redis, leading blanks, hex floats and an
    /// empty text (0) are accepted, trailing characters and NaN are not, and an overflow becomes ±inf.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseBound(min, out double minValue, out bool minExclusive) ||
            !TryParseBound(max, out double maxValue, out bool maxExclusive))
        {
            return false;
        }
        range = new ScoreRange(minValue, maxValue, minExclusive, maxExclusive);
        return true;
    }

    private static bool TryParseBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        // Redis hands the C string to strtod, which stops at an embedded NUL.
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        exclusive = false;
        if (text.Length > 0 && text[0] == (byte)'(')
        {
            exclusive = true;
            text = text[1..];
        }
        int consumed = ZsetNumber.Strtod(text, out value, out _);
        // strtod sets eptr to the start when nothing converts: only an empty text then ends at the NUL.
        return consumed == text.Length && !double.IsNaN(value);
    }
}
