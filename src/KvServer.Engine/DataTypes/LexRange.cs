namespace KvServer.Engine.DataTypes;

/// <summary>
/// A member interval of ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX (Redis's zlexrangespec): "[x" inclusive,
/// "(x" exclusive, "-" and "+" the smallest and largest possible strings. A ref struct over the command's
/// arguments, so parsing allocates nothing.
/// </summary>
public readonly ref struct LexRange : IZsetRange
{
    private readonly ReadOnlySpan<byte> _min;
    private readonly ReadOnlySpan<byte> _max;
    private readonly LexBoundKind _minKind;
    private readonly LexBoundKind _maxKind;

    private LexRange(ReadOnlySpan<byte> min, LexBoundKind minKind, bool minExclusive,
        ReadOnlySpan<byte> max, LexBoundKind maxKind, bool maxExclusive)
    {
        _min = min;
        _max = max;
        _minKind = minKind;
        _maxKind = maxKind;
        MinExclusive = minExclusive;
        MaxExclusive = maxExclusive;
    }

    public bool MinExclusive { get; }

    public bool MaxExclusive { get; }

    /// <summary>zslParseLexRange: both items must start with '(' or '[' or be exactly "-" or "+".</summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseItem(min, out ReadOnlySpan<byte> minValue, out LexBoundKind minKind, out bool minExclusive) ||
            !TryParseItem(max, out ReadOnlySpan<byte> maxValue, out LexBoundKind maxKind, out bool maxExclusive))
        {
            return false;
        }
        range = new LexRange(minValue, minKind, minExclusive, maxValue, maxKind, maxExclusive);
        return true;
    }

    private static bool TryParseItem(ReadOnlySpan<byte> item, out ReadOnlySpan<byte> value, out LexBoundKind kind, out bool exclusive)
    {
        value = default;
        kind = LexBoundKind.Value;
        exclusive = false;
        if (item.IsEmpty)
        {
            return false;
        }
        switch (item[0])
        {
            // Redis tests c[1] != '\0' on the NUL-terminated string: "+" followed by a NUL byte still counts.
            case (byte)'+':
                kind = LexBoundKind.PlusInfinity;
                exclusive = true;
                return item.Length == 1 || item[1] == 0;
            case (byte)'-':
                kind = LexBoundKind.MinusInfinity;
                exclusive = true;
                return item.Length == 1 || item[1] == 0;
            case (byte)'(':
                exclusive = true;
                value = item[1..];
                return true;
            case (byte)'[':
                value = item[1..];
                return true;
            default:
                return false;
        }
    }

    /// <summary>sdscmplex of a member against a bound: "-" is below and "+" above every string.</summary>
    private static int Compare(ReadOnlySpan<byte> member, LexBoundKind kind, ReadOnlySpan<byte> bound) => kind switch
    {
        LexBoundKind.MinusInfinity => 1,
        LexBoundKind.PlusInfinity => -1,
        _ => member.SequenceCompareTo(bound),
    };

    bool IZsetRange.AboveMin(SkipListNode node) => AboveMin(node.Member);

    bool IZsetRange.BelowMax(SkipListNode node) => BelowMax(node.Member);

    bool IZsetRange.AboveMin(ZsetListpack listpack, int offset) => AboveMin(listpack.MemberAt(offset));

    bool IZsetRange.BelowMax(ZsetListpack listpack, int offset) => BelowMax(listpack.MemberAt(offset));

    /// <summary>zslLexValueGteMin.</summary>
    public bool AboveMin(ReadOnlySpan<byte> member)
    {
        int cmp = Compare(member, _minKind, _min);
        return MinExclusive ? cmp > 0 : cmp >= 0;
    }

    /// <summary>zslLexValueLteMax.</summary>
    public bool BelowMax(ReadOnlySpan<byte> member)
    {
        int cmp = Compare(member, _maxKind, _max);
        return MaxExclusive ? cmp < 0 : cmp <= 0;
    }

    /// <summary>True when no string can be inside (zslIsInLexRange's first test).</summary>
    public bool IsEmpty
    {
        get
        {
            int cmp;
            if (_minKind == _maxKind && _minKind != LexBoundKind.Value)
            {
                cmp = 0;   // the same shared string object: sdscmplex says equal
            }
            else if (_minKind == LexBoundKind.MinusInfinity || _maxKind == LexBoundKind.PlusInfinity)
            {
                cmp = -1;
            }
            else if (_minKind == LexBoundKind.PlusInfinity || _maxKind == LexBoundKind.MinusInfinity)
            {
                cmp = 1;
            }
            else
            {
                cmp = _min.SequenceCompareTo(_max);
            }
            return cmp > 0 || (cmp == 0 && (MinExclusive || MaxExclusive));
        }
    }

    private enum LexBoundKind : byte
    {
        Value,
        MinusInfinity,
        PlusInfinity,
    }
}
