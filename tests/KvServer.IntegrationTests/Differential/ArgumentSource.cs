using System.Text;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// Seeded random arguments for generated commands. Pools are small on purpose: few keys so that commands
/// collide (and types clash: WRONGTYPE paths), and values full of edge cases: integer limits and overflows,
/// floats like 1e308, inf and nan, empty and binary strings, text that only looks like a number. Big values
/// stay at a few hundred bytes so that O(N*M) commands (LCS) stay cheap, and nothing ever asks either server
/// to allocate hundreds of megabytes (offsets past 512 MB are generated only where they are rejected).
/// </summary>
public sealed class ArgumentSource
{
    private static readonly string[] s_keys = ["k0", "k1", "k2", "k3", "k4", "{k}5", "", "\x00\xffk"];

    private static readonly string[] s_integers =
    [
        "0", "1", "-1", "2", "3", "10", "-10", "42", "100", "9223372036854775807", "-9223372036854775808",
        "9223372036854775806", "-9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "007", "+1", "-0", " 1", "1 ", "0x10", "1e3", "3.0", "", "abc",
    ];

    private static readonly string[] s_floats =
    [
        "0", "1", "-1", "1.5", "-0.5", "0.1", "3.0", "10", "1e308", "-1e308", "1e309", "1.7976931348623157e308",
        "5e-324", "1e-320", "inf", "-inf", "+inf", "Infinity", "nan", "-nan", "1e3", "1.", "-.5", ".5", "0x1p3",
        " 1.5", "1.5 ", "", "abc", "00012", "1.0000000000000002", "9007199254740993", "-0.0",
    ];

    private static readonly string[] s_texts =
    [
        "", "a", "abc", "hello world", "\x00", "\x00\x01\xff", "\r\n", "foo bar baz", "10", "-1", "3.14", "NaN",
        "\xe2\x82\xac", "  ", "x",
    ];

    private static readonly string[] s_indexes =
    [
        "0", "1", "2", "3", "-1", "-2", "-3", "5", "-5", "100", "-100", "9223372036854775807",
        "-9223372036854775808", "abc", "", "1.5", "+2",
    ];

    private static readonly string[] s_counts = ["0", "1", "2", "3", "5", "10", "-1", "-5", "100", "-100", "abc", "1.5"];

    private static readonly string[] s_patterns =
    [
        "*", "k*", "k?", "k[0-2]", "k[^0]", "\\k*", "*5", "{k}*", "[", "*\x00*", "h*llo", "?", "f*", "a*", "[a-c]*", "x",
    ];

    private readonly Random _random;
    private int _unique;

    public ArgumentSource(int seed) => _random = new Random(seed);

    public int Next(int max) => _random.Next(max);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    public byte[] Pick(params string[] values) => Bytes(values[_random.Next(values.Length)]);

    /// <summary>Upper or lower case, so option parsing is checked to be case-insensitive.</summary>
    public byte[] Option(params string[] values)
    {
        string value = values[_random.Next(values.Length)];
        return Bytes(Chance(0.2) ? value.ToLowerInvariant() : value);
    }

    public byte[] Key() => Pick(s_keys);

    /// <summary>The key where other families' helpers create keys of other types.</summary>
    public byte[] ForeignKey() => Pick("k4");

    public byte[] Integer() => Pick(s_integers);

    public byte[] SmallInteger() => Pick("0", "1", "-1", "2", "5", "10", "-3", "100");

    public byte[] Float() => Pick(s_floats);

    public byte[] Index() => Pick(s_indexes);

    public byte[] Count() => Pick(s_counts);

    public byte[] Pattern() => Pick(s_patterns);

    /// <summary>A string value: numbers, floats, text, sometimes long (past the embstr and listpack limits).</summary>
    public byte[] Value()
    {
        int kind = _random.Next(100);
        return kind switch
        {
            < 35 => Integer(),
            < 55 => Float(),
            < 90 => Pick(s_texts),
            _ => Long(),
        };
    }

    /// <summary>A short value (APPEND, SETRANGE) so strings grow slowly.</summary>
    public byte[] ShortValue() => Pick("", "a", "bc", "\x00", "123", "-", "xyz\xff", "1.5", "ab\r\ncd");

    /// <summary>44/45 (embstr limit), 64/65 (listpack value limit), 100 or 300 bytes.</summary>
    public byte[] Long()
    {
        int[] lengths = [44, 45, 64, 65, 100, 300];
        int length = lengths[_random.Next(lengths.Length)];
        var bytes = new byte[length];
        byte fill = (byte)"xyz0"[_random.Next(4)];
        Array.Fill(bytes, fill);
        bytes[^1] = (byte)('a' + _random.Next(3));
        return bytes;
    }

    /// <summary>
    /// A list element or zset member: few distinct values so they repeat. The binary one is "q\0": Redis's
    /// SORT ALPHA compares with strcoll, which stops at NUL, so "\0" would tie with "" and make the order
    /// depend on the sort algorithm.
    /// </summary>
    public byte[] Element() => Chance(0.05) ? Long() : Pick("a", "b", "c", "d", "1", "2", "3", "-1", "10", "", "q\x00", "hello world", "x");

    public byte[] Field() => Chance(0.03) ? Long() : Pick("f0", "f1", "f2", "f3", "f4", "f5", "", "1", "\x00\xff");

    /// <summary>Set members: mostly integers (intset encoding), some text (hashtable encoding).</summary>
    public byte[] Member() => Chance(0.03) ? Long() : Pick("1", "2", "3", "-5", "10", "100", "9223372036854775807", "a", "b", "x", "");

    public byte[] Score() => Chance(0.7)
        ? Pick("0", "1", "-1", "2", "1.5", "3", "10", "-2.5", "100")
        : Pick("inf", "-inf", "+inf", "1e308", "-1e308", "nan", "abc", "", "(1", " 1", "0x1", "1e-320", "9007199254740993", "1e309");

    public byte[] ScoreBound() => Pick("-inf", "+inf", "inf", "0", "1", "(1", "2", "(2", "1.5", "(1.5", "-1", "10", "(", "abc", "[1", "nan", "(-inf");

    public byte[] LexBound() => Pick("-", "+", "[a", "(a", "[b", "(c", "[x", "[", "(", "a", "[\x00", "(1", "[10", "[");

    /// <summary>Relative TTL in seconds: far in the future, or zero/negative (deleted at once), or invalid.</summary>
    public byte[] Seconds() => Pick("100", "1000", "3600", "0", "-1", "-100", "abc", "1.5", "", "9223372036854775807", "9223372036854775806", "4611686018427387904");

    /// <summary>
    /// A relative TTL never generated before in this run, for EXPIRE ... GT/LT: comparing two TTLs set from
    /// the same relative value would depend on whether the clock ticked between the two commands.
    /// </summary>
    public byte[] UniqueSeconds(bool milliseconds)
    {
        long seconds = 10_000 + 7 * (long)++_unique;
        return Bytes((milliseconds ? seconds * 1000 : seconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A key holding a sorted set whose members all have score 0: lex ranges are only specified there.</summary>
    public byte[] LexKey() => Pick("lex", "{k}lex");

    public byte[] Milliseconds() => Pick("100000", "1000000", "3600000", "0", "-1", "abc", "1.5", "9223372036854775807", "-9223372036854775808");

    /// <summary>Absolute time in seconds: 2100 (future), 2001 (past), or invalid.</summary>
    public byte[] UnixSeconds() => Pick("4102444800", "1000000000", "0", "-1", "abc", "9223372036854775807");

    public byte[] UnixMilliseconds() => Pick("4102444800000", "1000000000000", "0", "-1", "abc", "9223372036854775807");

    /// <summary>Blocking timeouts: short (the command returns nil quickly) or invalid; never 0 (forever).</summary>
    public byte[] Timeout() => Pick("0.01", "0.005", "-1", "abc", "-0.5", "");

    /// <summary>numkeys for LMPOP/ZUNION-style commands: usually right, sometimes off or invalid.</summary>
    public byte[] NumKeys(int actual) => Chance(0.85)
        ? Bytes(actual.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : Pick("0", "-1", "abc", (actual + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "100000");

    /// <summary>1 to <paramref name="max"/> items from <paramref name="item"/>.</summary>
    public List<byte[]> Several(Func<byte[]> item, int max)
    {
        int n = 1 + _random.Next(max);
        var items = new List<byte[]>(n);
        for (int i = 0; i < n; i++)
        {
            items.Add(item());
        }
        return items;
    }
}
