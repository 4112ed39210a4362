using System.Globalization;
using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class SortCommandsTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string NotDouble = "-ERR One or more scores can't be converted into double\r\n";

    private static string Arr(params string?[] items)
    {
        var text = new StringBuilder($"*{items.Length}\r\n");
        foreach (string? item in items)
        {
            text.Append(item is null ? "$-1\r\n" : $"${Encoding.Latin1.GetByteCount(item)}\r\n{item}\r\n");
        }
        return text.ToString();
    }

    private static CommandHarness Filled(params string[] elements)
    {
        var h = new CommandHarness();
        h.Run(["RPUSH", "l", .. elements]);
        return h;
    }

    private static void Store(CommandHarness h, string key, object value) =>
        h.Server.Databases[0].Set(Encoding.Latin1.GetBytes(key), value);

    /// <summary>A stand-in for the set and sorted set types: elements in a fixed enumeration order.</summary>
    private sealed class FakeCollection(KvType type, params string[] elements) : IKvCollection, ISortableCollection
    {
        public KvType Type => type;

        public string Encoding => "fake";

        public long Count => elements.Length;

        public IKvCollection Clone() => this;

        public void CollectElements(List<byte[]> destination)
        {
            foreach (string element in elements)
            {
                destination.Add(System.Text.Encoding.Latin1.GetBytes(element));
            }
        }
    }

    /// <summary>A stand-in for the hash type, exposing fields to SORT's key*->field patterns.</summary>
    private sealed class FakeHash(params (string Field, string Value)[] fields) : IKvCollection, IHashFieldSource
    {
        public KvType Type => KvType.Hash;

        public string Encoding => "fake";

        public long Count => fields.Length;

        public IKvCollection Clone() => this;

        public bool TryGetField(ReadOnlySpan<byte> field, out byte[] value)
        {
            foreach (var (name, text) in fields)
            {
                if (field.SequenceEqual(System.Text.Encoding.Latin1.GetBytes(name)))
                {
                    value = System.Text.Encoding.Latin1.GetBytes(text);
                    return true;
                }
            }
            value = [];
            return false;
        }
    }

    // ---- ordering ----

    [Fact]
    public void Sort_List_NumericAscendingAndDescending()
    {
        var h = Filled("3", "1", "2", "10", "1.5");
        Assert.Equal(Arr("1", "1.5", "2", "3", "10"), h.Run("SORT", "l"));
        Assert.Equal(Arr("10", "3", "2", "1.5", "1"), h.Run("SORT", "l", "DESC"));
        Assert.Equal(Arr("1", "1.5", "2", "3", "10"), h.Run("SORT_RO", "l"));
    }

    [Fact]
    public void Sort_Alpha_IsByteOrder()
    {
        var h = Filled("b", "a", "c", "B", "A", "10", "9", "", "ab", "aa");
        Assert.Equal(Arr("", "10", "9", "A", "B", "a", "aa", "ab", "b", "c"), h.Run("SORT", "l", "ALPHA"));
        Assert.Equal(Arr("c", "b", "ab", "aa", "a", "B", "A", "9", "10", ""), h.Run("SORT", "l", "alpha", "desc"));
    }

    [Fact]
    public void Sort_LastOfAscDescWins()
    {
        var h = Filled("1", "2", "3");
        Assert.Equal(Arr("3", "2", "1"), h.Run("SORT", "l", "ASC", "DESC"));
        Assert.Equal(Arr("1", "2", "3"), h.Run("SORT", "l", "DESC", "ASC"));
    }

    [Fact]
    public void Sort_EqualScores_OrderedByElementBytes()
    {
        var h = Filled("1.0", "1", "01", "3", "1");
        Assert.Equal(Arr("01", "1", "1", "1.0", "3"), h.Run("SORT", "l"));
        Assert.Equal(Arr("3", "1.0", "1", "1", "01"), h.Run("SORT", "l", "DESC"));
    }

    [Fact]
    public void Sort_NonNumeric_ReturnsScoreErrorWhateverTheLimit()
    {
        var h = Filled("a", "1");
        Assert.Equal(NotDouble, h.Run("SORT", "l"));
        Assert.Equal(NotDouble, h.Run("SORT", "l", "LIMIT", "0", "0"));
        Assert.Equal(Arr("1", "a"), h.Run("SORT", "l", "ALPHA"));
        Assert.Equal(Arr("a", "1"), h.Run("SORT", "l", "BY", "nosort"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("\t\n 5")]
    [InlineData("+5")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("0x10")]
    [InlineData("0x1p3")]
    [InlineData("0X1.8p1")]
    [InlineData("-0x.8")]
    [InlineData("1e5")]
    [InlineData("1E-5")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("+INF")]
    [InlineData("2.2250738585072014e-308")]
    [InlineData("0e-400")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("5\0abc")]
    public void Sort_StrtodAcceptedForms_Sort(string value)
    {
        var h = Filled(value, "0");
        Assert.StartsWith("*2\r\n", h.Run("SORT", "l"));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("-nan")]
    [InlineData("nan(1)")]
    [InlineData("1e400")]
    [InlineData("1.7976931348623159e308")]
    [InlineData("1e-310")]
    [InlineData("1e-400")]
    [InlineData("0x1p2000")]
    [InlineData("0x1p-1080")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("  ")]
    [InlineData("1 ")]
    [InlineData("infin")]
    [InlineData("0x")]
    [InlineData("1_0")]
    [InlineData("1,5")]
    public void Sort_StrtodRejectedForms_ReturnScoreError(string value)
    {
        var h = Filled(value, "0");
        Assert.Equal(NotDouble, h.Run("SORT", "l"));
    }

    [Fact]
    public void Sort_SpecialValues_OrderNumerically()
    {
        var h = Filled("", " 1", "0x10", "1e5", "inf", "-inf");
        Assert.Equal(Arr("-inf", "", " 1", "0x10", "1e5", "inf"), h.Run("SORT", "l"));
    }

    // ---- LIMIT ----

    [Theory]
    [InlineData("1", "2", new[] { "1.5", "2" })]
    [InlineData("-1", "2", new[] { "1", "1.5" })]
    [InlineData("0", "-1", new[] { "1", "1.5", "2", "3", "10" })]
    [InlineData("10", "2", new string[0])]
    [InlineData("4", "10", new[] { "10" })]
    [InlineData("0", "0", new string[0])]
    [InlineData("2", "9223372036854775807", new[] { "2", "3", "10" })]
    [InlineData("-9223372036854775808", "9223372036854775807", new[] { "1", "1.5", "2", "3", "10" })]
    [InlineData("9223372036854775807", "9223372036854775807", new string[0])]
    public void Sort_Limit_SelectsRange(string offset, string count, string[] expected)
    {
        var h = Filled("3", "1", "2", "10", "1.5");
        Assert.Equal(Arr(expected), h.Run("SORT", "l", "LIMIT", offset, count));
    }

    [Fact]
    public void Sort_LaterLimitWins()
    {
        var h = Filled("1", "2", "3");
        Assert.Equal(Arr("2"), h.Run("SORT", "l", "ALPHA", "LIMIT", "0", "1", "LIMIT", "1", "1"));
    }

    // ---- errors ----

    [Theory]
    [InlineData(new[] { "SORT", "l", "LIMIT", "a", "2" }, NotInteger)]
    [InlineData(new[] { "SORT", "l", "LIMIT", "0", "b" }, NotInteger)]
    [InlineData(new[] { "SORT", "l", "LIMIT", "0" }, Syntax)]
    [InlineData(new[] { "SORT", "l", "FOO" }, Syntax)]
    [InlineData(new[] { "SORT", "l", "STORE" }, Syntax)]
    [InlineData(new[] { "SORT", "l", "BY" }, Syntax)]
    [InlineData(new[] { "SORT", "l", "GET" }, Syntax)]
    [InlineData(new[] { "SORT", "s", "FOO" }, Syntax)]
    [InlineData(new[] { "SORT", "s" }, WrongType)]
    [InlineData(new[] { "SORT_RO", "l", "STORE", "dst" }, Syntax)]
    [InlineData(new[] { "SORT_RO", "s" }, WrongType)]
    public void Sort_Errors_OptionsBeforeType(string[] command, string expected)
    {
        var h = Filled("1");
        h.Run("SET", "s", "x");
        Assert.Equal(expected, h.Run(command));
        Assert.False(h.KeyExists("dst"));
    }

    [Fact]
    public void Sort_HashValue_ReturnsWrongType()
    {
        var h = new CommandHarness();
        Store(h, "h", new FakeHash(("a", "1")));
        Assert.Equal(WrongType, h.Run("SORT", "h"));
    }

    [Fact]
    public void Sort_MissingKey_ReturnsEmptyArray()
    {
        var h = new CommandHarness();
        Assert.Equal("*0\r\n", h.Run("SORT", "nokey"));
        Assert.Equal("*0\r\n", h.Run("SORT", "nokey", "BY", "nosort", "DESC", "LIMIT", "1", "2"));
    }

    // ---- BY ----

    [Fact]
    public void Sort_ByNosort_KeepsListOrderAndDescReverses()
    {
        var h = Filled("3", "1", "2", "10", "1.5");
        Assert.Equal(Arr("3", "1", "2", "10", "1.5"), h.Run("SORT", "l", "BY", "nosort"));
        Assert.Equal(Arr("1.5", "10", "2", "1", "3"), h.Run("SORT", "l", "BY", "nosort", "DESC"));
        Assert.Equal(Arr("1", "2"), h.Run("SORT", "l", "BY", "nosort", "LIMIT", "1", "2"));
        Assert.Equal(Arr("10", "2"), h.Run("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"));
        Assert.Equal(Arr(), h.Run("SORT", "l", "BY", "nosort", "LIMIT", "9", "2"));
        Assert.Equal(Arr("3"), h.Run("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "4", "5"));
    }

    [Fact]
    public void Sort_ByWithoutStar_StaysUnsortedEvenIfLaterByHasOne()
    {
        var h = Filled("3", "1", "2");
        h.Run("SET", "w_1", "30");
        Assert.Equal(Arr("3", "1", "2"), h.Run("SORT", "l", "BY", "w_*", "BY", "nosort"));
        Assert.Equal(Arr("3", "1", "2"), h.Run("SORT", "l", "BY", "nosort", "BY", "w_*"));
    }

    [Fact]
    public void Sort_ByPattern_UsesExternalWeights()
    {
        var h = Filled("1", "2", "3");
        h.Run("SET", "w_1", "30");
        h.Run("SET", "w_2", "10");
        h.Run("SET", "w_3", "20");
        Assert.Equal(Arr("2", "3", "1"), h.Run("SORT", "l", "BY", "w_*"));
        Assert.Equal(Arr("1", "3", "2"), h.Run("SORT", "l", "BY", "w_*", "DESC"));
        Assert.Equal(Arr("2", "3", "1"), h.Run("SORT", "l", "BY", "w_*", "ALPHA"));
    }

    [Fact]
    public void Sort_ByPattern_WithPrefixAndPostfix()
    {
        var h = Filled("1", "2", "3");
        h.Run("SET", "pre1post", "5");
        h.Run("SET", "pre2post", "4");
        h.Run("SET", "pre3post", "6");
        Assert.Equal(Arr("2", "1", "3"), h.Run("SORT", "l", "BY", "pre*post"));
    }

    [Fact]
    public void Sort_ByMissingKeys_ScoresZeroThenElementOrder()
    {
        var h = Filled("3", "1", "2");
        h.Run("SET", "w_3", "-1");
        Assert.Equal(Arr("3", "1", "2"), h.Run("SORT", "l", "BY", "w_*"));
        Assert.Equal(Arr("2", "1", "3"), h.Run("SORT", "l", "BY", "w_*", "DESC"));
    }

    [Fact]
    public void Sort_ByAlphaWithMissingKeys_MissingFirst()
    {
        var h = Filled("1", "2", "3");
        h.Run("SET", "a_1", "b");
        h.Run("SET", "a_2", "a");
        Assert.Equal(Arr("3", "2", "1"), h.Run("SORT", "l", "BY", "a_*", "ALPHA"));
        Assert.Equal(Arr("1", "2", "3"), h.Run("SORT", "l", "BY", "a_*", "ALPHA", "DESC"));
        Assert.Equal(NotDouble, h.Run("SORT", "l", "BY", "a_*"));
    }

    [Fact]
    public void Sort_ByAlphaTies_KeepListOrder()
    {
        var h = Filled("3", "1", "2");
        h.Run("SET", "k_1", "x");
        h.Run("SET", "k_2", "x");
        h.Run("SET", "k_3", "x");
        Assert.Equal(Arr("3", "1", "2"), h.Run("SORT", "l", "BY", "k_*", "ALPHA"));
        Assert.Equal(Arr("3", "1", "2"), h.Run("SORT", "l", "BY", "k_*", "ALPHA", "DESC"));
    }

    [Fact]
    public void Sort_ByKeyOfOtherType_CountsAsMissing()
    {
        var h = Filled("1", "2");
        h.Run("RPUSH", "w_1", "5");
        h.Run("SET", "w_2", "-5");
        Assert.Equal(Arr("2", "1"), h.Run("SORT", "l", "BY", "w_*"));
    }

    [Fact]
    public void Sort_ByStar_LooksUpTheElementAsKey()
    {
        var h = Filled("1", "2");
        h.Run("SET", "1", "v1");
        Assert.Equal(NotDouble, h.Run("SORT", "l", "BY", "*"));
    }

    // ---- GET ----

    [Fact]
    public void Sort_GetPatterns_ReplyPerPatternWithNulls()
    {
        var h = Filled("1", "2", "3");
        h.Run("SET", "w_1", "30");
        h.Run("SET", "w_2", "10");
        h.Run("SET", "w_3", "20");
        h.Run("SET", "o_1", "one");
        h.Run("SET", "o_2", "two");
        Assert.Equal(Arr("two", null, "one"), h.Run("SORT", "l", "BY", "w_*", "GET", "o_*"));
        Assert.Equal(Arr("two", "2", null, "3", "one", "1"), h.Run("SORT", "l", "BY", "w_*", "GET", "o_*", "GET", "#"));
        Assert.Equal(Arr("3", null), h.Run("SORT", "l", "BY", "w_*", "GET", "#", "GET", "o_*", "LIMIT", "1", "1"));
        Assert.Equal(Arr("30", "10", "20"), h.Run("SORT", "l", "BY", "nosort", "GET", "w_*"));
        Assert.Equal(Arr(), h.Run("SORT", "l", "BY", "w_*", "LIMIT", "0", "0", "GET", "#"));
    }

    [Fact]
    public void Sort_GetMissing_IsNullInResp3()
    {
        var h = Filled("1");
        h.UseResp3();
        Assert.Equal("*2\r\n_\r\n$1\r\n1\r\n", h.Run("SORT", "l", "GET", "nothing_*", "GET", "#"));
    }

    [Theory]
    [InlineData("#x")]
    [InlineData("x")]
    [InlineData("")]
    public void Sort_GetPatternWithoutStar_IsNull(string pattern)
    {
        var h = Filled("1");
        h.Run("SET", "x", "value");
        h.Run("SET", "#x", "value");
        Assert.Equal(Arr([null]), h.Run("SORT", "l", "GET", pattern));
    }

    [Fact]
    public void Sort_GetArrowAtEnd_IsPartOfTheKeyName()
    {
        var h = Filled("1", "2");
        h.Run("SET", "h_1->", "literal");
        Assert.Equal(Arr("literal", null), h.Run("SORT", "l", "GET", "h_*->"));
    }

    [Fact]
    public void Sort_HashFieldPatterns_ReadHashFields()
    {
        var h = Filled("1", "2", "3");
        Store(h, "h_1", new FakeHash(("f", "3"), ("g", "x")));
        Store(h, "h_2", new FakeHash(("f", "1")));
        Store(h, "h_3", new FakeHash(("f", "2")));
        h.Run("SET", "s_1", "string");
        Assert.Equal(Arr("2", "3", "1"), h.Run("SORT", "l", "BY", "h_*->f"));
        Assert.Equal(Arr(null, "2", null, "3", "x", "1"), h.Run("SORT", "l", "BY", "h_*->f", "GET", "h_*->g", "GET", "#"));
        Assert.Equal(NotDouble, h.Run("SORT", "l", "BY", "h_*->g"));
        Assert.Equal(Arr(null, null, null), h.Run("SORT", "l", "GET", "s_*->f"));
    }

    // ---- STORE ----

    [Fact]
    public void Sort_Store_WritesListAndReturnsCount()
    {
        var h = Filled("3", "1", "2");
        h.Run("SET", "o_1", "one");
        Assert.Equal(":3\r\n", h.Run("SORT", "l", "STORE", "dst"));
        Assert.Equal(Arr("1", "2", "3"), h.Run("LRANGE", "dst", "0", "-1"));
        Assert.Equal(":6\r\n", h.Run("SORT", "l", "GET", "o_*", "GET", "#", "STORE", "dst"));
        Assert.Equal(Arr("one", "1", "", "2", "", "3"), h.Run("LRANGE", "dst", "0", "-1"));
    }

    [Fact]
    public void Sort_Store_ReplacesOtherTypeAndDropsTtl()
    {
        var h = Filled("2", "1");
        h.Run("SET", "dst", "x");
        h.Server.Databases[0].SetExpire("dst"u8, h.Clock.UnixTimeMilliseconds + 10_000);
        Assert.Equal(":2\r\n", h.Run("SORT", "l", "STORE", "dst"));
        Assert.Equal(-1, h.Server.Databases[0].GetExpire("dst"u8));
        Assert.Equal(Arr("1", "2"), h.Run("LRANGE", "dst", "0", "-1"));
    }

    [Fact]
    public void Sort_StoreEmptyResult_DeletesDestination()
    {
        var h = Filled("1");
        h.Run("SET", "dst", "x");
        long before = h.Server.KeyspaceStats.Dirty;
        Assert.Equal(":0\r\n", h.Run("SORT", "nokey", "STORE", "dst"));
        Assert.False(h.KeyExists("dst"));
        Assert.Equal(before + 1, h.Server.KeyspaceStats.Dirty);
        Assert.Equal(":0\r\n", h.Run("SORT", "l", "LIMIT", "5", "1", "STORE", "dst"));
        Assert.Equal(before + 1, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void Sort_Store_CountsStoredElementsAsChanges()
    {
        var h = Filled("1", "2", "3");
        long before = h.Server.KeyspaceStats.Dirty;
        h.Run("SORT", "l", "STORE", "dst");
        Assert.Equal(before + 3, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void Sort_StoreIntoSource_ReplacesIt()
    {
        var h = Filled("3", "1", "2");
        Assert.Equal(":3\r\n", h.Run("SORT", "l", "DESC", "STORE", "l"));
        Assert.Equal(Arr("3", "2", "1"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Sort_LaterStoreWins()
    {
        var h = Filled("1");
        Assert.Equal(":1\r\n", h.Run("SORT", "l", "STORE", "a", "STORE", "b"));
        Assert.False(h.KeyExists("a"));
        Assert.True(h.KeyExists("b"));
    }

    // ---- sets and sorted sets ----

    [Fact]
    public void Sort_Set_SortsNumericallyAndAlpha()
    {
        var h = new CommandHarness();
        Store(h, "s", new FakeCollection(KvType.Set, "3", "10", "2"));
        Assert.Equal(Arr("2", "3", "10"), h.Run("SORT", "s"));
        Assert.Equal(Arr("10", "2", "3"), h.Run("SORT", "s", "ALPHA"));
    }

    [Fact]
    public void Sort_SetByNosort_UsesSetOrderButStoreSortsAlpha()
    {
        var h = new CommandHarness();
        Store(h, "s", new FakeCollection(KvType.Set, "b", "c", "a"));
        Assert.Equal(Arr("b", "c", "a"), h.Run("SORT", "s", "BY", "nosort"));
        Assert.Equal(Arr("b", "c", "a"), h.Run("SORT", "s", "BY", "nosort", "DESC"));
        Assert.Equal(":3\r\n", h.Run("SORT", "s", "BY", "nosort", "STORE", "d"));
        Assert.Equal(Arr("a", "b", "c"), h.Run("LRANGE", "d", "0", "-1"));
        Assert.Equal(":3\r\n", h.Run("SORT", "s", "BY", "nosort", "DESC", "STORE", "d"));
        Assert.Equal(Arr("c", "b", "a"), h.Run("LRANGE", "d", "0", "-1"));
        Assert.Equal(":1\r\n", h.Run("SORT", "s", "BY", "nosort", "LIMIT", "0", "1", "STORE", "d"));
        Assert.Equal(Arr("a"), h.Run("LRANGE", "d", "0", "-1"));
    }

    [Fact]
    public void Sort_SortedSetByNosort_UsesRankOrder()
    {
        var h = new CommandHarness();
        Store(h, "z", new FakeCollection(KvType.SortedSet, "a", "b", "c", "d"));
        Assert.Equal(Arr("a", "b", "c", "d"), h.Run("SORT", "z", "BY", "nosort"));
        Assert.Equal(Arr("d", "c", "b", "a"), h.Run("SORT", "z", "BY", "nosort", "DESC"));
        Assert.Equal(Arr("b", "c"), h.Run("SORT", "z", "BY", "nosort", "LIMIT", "1", "2"));
        Assert.Equal(Arr("c", "b"), h.Run("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"));
        Assert.Equal(Arr(), h.Run("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "5", "2"));
        Assert.Equal(Arr("a", "b"), h.Run("SORT", "z", "BY", "nosort", "LIMIT", "-5", "2"));
        Assert.Equal(Arr("b", "c", "d"), h.Run("SORT", "z", "BY", "nosort", "LIMIT", "1", "-1"));
        Assert.Equal(Arr("d", "c", "b", "a"), h.Run("SORT", "z", "ALPHA", "DESC"));
        Assert.Equal(NotDouble, h.Run("SORT", "z"));
    }

    // ---- large lists ----

    [Theory]
    [InlineData(-2, 10)]
    [InlineData(2, 10)]
    [InlineData(-2, 5000)]
    [InlineData(3, 5000)]
    public void Sort_SmallAndLargeLists_MatchModel(int fill, int size)
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, $"list-max-listpack-size {fill}"));
        var random = new Random(size + fill);
        var numbers = new List<double>();
        for (int i = 0; i < size; i++)
        {
            double value = Math.Round(random.NextDouble() * 1000 - 500, 3);
            numbers.Add(value);
            h.Run("RPUSH", "l", value.ToString("R", CultureInfo.InvariantCulture));
        }
        var sorted = numbers.ConvertAll(v => v.ToString("R", CultureInfo.InvariantCulture));
        sorted.Sort((a, b) =>
        {
            int cmp = double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture));
            return cmp != 0 ? cmp : string.CompareOrdinal(a, b);
        });
        Assert.Equal(Arr([.. sorted]), h.Run("SORT", "l"));
        Assert.Equal(Arr([.. sorted.GetRange(size / 2, Math.Min(5, size - size / 2))]), h.Run("SORT", "l", "LIMIT", (size / 2).ToString(), "5"));
        Assert.Equal($":{size}\r\n", h.Run("SORT", "l", "DESC", "STORE", "dst"));
        sorted.Reverse();
        Assert.Equal(Arr([.. sorted]), h.Run("LRANGE", "dst", "0", "-1"));
        var ordinal = new List<string>(sorted);
        ordinal.Sort(string.CompareOrdinal);
        Assert.Equal(Arr([.. ordinal]), h.Run("SORT", "l", "ALPHA"));
    }

    [Theory]
    [InlineData("SORT")]
    [InlineData("SORT_RO")]
    public void Sort_OnListpackZset_ConvertsItToSkiplistAsRedisDoes(string command)
    {
        var h = new CommandHarness();
        h.Run("ZADD", "z", "1", "10", "2", "20");
        h.Run(command, "z", "LIMIT", "0", "1");
        Assert.Equal("$8\r\nskiplist\r\n", h.Run("OBJECT", "ENCODING", "z"));
    }
}
