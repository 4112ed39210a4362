using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// Hash commands against replies recorded from Redis 7.0.15. Collection tests run for both encodings: a
/// listpack (insertion order, compared byte for byte) and a hash table (hash-max-listpack-entries 0; order
/// unspecified, compared as sets).
/// </summary>
public sealed class HashCommandsTests
{
    public static TheoryData<string> Encodings => new() { "listpack", "hashtable" };

    private static CommandHarness NewHarness(string encoding = "listpack") => encoding == "listpack"
        ? new CommandHarness()
        : new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "hash-max-listpack-entries 0"));

    private static string Bulk(string text) => $"${text.Length}\r\n{text}\r\n";

    private static string Array(params string[] items) => $"*{items.Length}\r\n" + string.Concat(items.Select(Bulk));

    private static string[] Texts(RespValue value) => value.Items!.Select(item => item.Text!).ToArray();

    /// <summary>Pairs of a flat field/value reply, sorted, for hash-table replies whose order is unspecified.</summary>
    private static string[] SortedPairs(RespValue value)
    {
        string[] texts = Texts(value);
        var pairs = new List<string>();
        for (int i = 0; i < texts.Length; i += 2)
        {
            pairs.Add(texts[i] + "=" + texts[i + 1]);
        }
        pairs.Sort(StringComparer.Ordinal);
        return pairs.ToArray();
    }

    private static string[] Sorted(params string[] items)
    {
        string[] copy = (string[])items.Clone();
        System.Array.Sort(copy, StringComparer.Ordinal);
        return copy;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hset_NewAndExistingFields_ReturnsNumberOfNewFields(string encoding)
    {
        var h = NewHarness(encoding);
        Assert.Equal(":2\r\n", h.Run("HSET", "h", "a", "1", "b", "2"));
        Assert.Equal(":1\r\n", h.Run("HSET", "h", "a", "10", "c", "3"));
        Assert.Equal(":0\r\n", h.Run("HSET", "h", "a", "11", "a", "12"));
        Assert.Equal(Bulk("12"), h.Run("HGET", "h", "a"));
        Assert.Equal(":3\r\n", h.Run("HLEN", "h"));
        Assert.Equal(encoding, h.EncodingOf("h"));
    }

    [Fact]
    public void Hset_OddNumberOfArguments_ReturnsArityError()
    {
        var h = NewHarness();
        Assert.Equal("-ERR wrong number of arguments for 'hset' command\r\n", h.Run("HSET", "h", "a", "1", "b"));
        Assert.Equal("-ERR wrong number of arguments for 'hmset' command\r\n", h.Run("HMSET", "h", "a", "1", "b"));
        Assert.False(h.KeyExists("h"));
    }

    [Fact]
    public void Hmset_SetsFields_ReturnsOk()
    {
        var h = NewHarness();
        Assert.Equal("+OK\r\n", h.Run("HMSET", "h", "a", "1", "b", "2"));
        Assert.Equal("+OK\r\n", h.Run("HMSET", "h", "a", "3"));
        Assert.Equal(Array("a", "3", "b", "2"), h.Run("HGETALL", "h"));
    }

    [Fact]
    public void HashCommands_OnStringKey_ReturnWrongType()
    {
        var h = NewHarness();
        h.Run("SET", "s", "v");
        const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        Assert.Equal(WrongType, h.Run("HSET", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HMSET", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HSETNX", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HGET", "s", "a"));
        Assert.Equal(WrongType, h.Run("HMGET", "s", "a"));
        Assert.Equal(WrongType, h.Run("HGETALL", "s"));
        Assert.Equal(WrongType, h.Run("HKEYS", "s"));
        Assert.Equal(WrongType, h.Run("HVALS", "s"));
        Assert.Equal(WrongType, h.Run("HDEL", "s", "a"));
        Assert.Equal(WrongType, h.Run("HLEN", "s"));
        Assert.Equal(WrongType, h.Run("HSTRLEN", "s", "a"));
        Assert.Equal(WrongType, h.Run("HEXISTS", "s", "a"));
        Assert.Equal(WrongType, h.Run("HINCRBY", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HINCRBYFLOAT", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HRANDFIELD", "s"));
        Assert.Equal(WrongType, h.Run("HRANDFIELD", "s", "2"));
        Assert.Equal(WrongType, h.Run("HSCAN", "s", "0"));
        Assert.Equal(Bulk("v"), h.Run("GET", "s"));
    }

    [Fact]
    public void Hset_OnSetKey_ReturnsWrongType()
    {
        var h = NewHarness();
        h.Run("SADD", "s", "a");
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", h.Run("HGET", "s", "a"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hget_MissingFieldOrKey_ReturnsNull(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1");
        Assert.Equal(Bulk("1"), h.Run("HGET", "h", "a"));
        Assert.Equal("$-1\r\n", h.Run("HGET", "h", "b"));
        Assert.Equal("$-1\r\n", h.Run("HGET", "nokey", "a"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("HGET", "h", "b"));
        Assert.Equal("_\r\n", h.Run("HGET", "nokey", "a"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hmget_MixedFields_ReturnsValuesAndNulls(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "b", "two");
        Assert.Equal("*3\r\n$1\r\n1\r\n$-1\r\n$3\r\ntwo\r\n", h.Run("HMGET", "h", "a", "zz", "b"));
        Assert.Equal("*2\r\n$-1\r\n$-1\r\n", h.Run("HMGET", "nokey", "a", "b"));
        h.UseResp3();
        Assert.Equal("*3\r\n$1\r\n1\r\n_\r\n$3\r\ntwo\r\n", h.Run("HMGET", "h", "a", "zz", "b"));
        Assert.Equal("*2\r\n_\r\n_\r\n", h.Run("HMGET", "nokey", "a", "b"));
    }

    [Fact]
    public void Hgetall_Listpack_RepliesInInsertionOrder()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "z", "1", "a", "2", "m", "3");
        h.Run("HSET", "h", "a", "20");
        Assert.Equal(Array("z", "1", "a", "20", "m", "3"), h.Run("HGETALL", "h"));
        Assert.Equal(Array("z", "a", "m"), h.Run("HKEYS", "h"));
        Assert.Equal(Array("1", "20", "3"), h.Run("HVALS", "h"));
        h.UseResp3();
        Assert.Equal("%3\r\n" + Bulk("z") + Bulk("1") + Bulk("a") + Bulk("20") + Bulk("m") + Bulk("3"), h.Run("HGETALL", "h"));
        Assert.Equal(Array("z", "a", "m"), h.Run("HKEYS", "h"));
    }

    [Fact]
    public void Hgetall_Hashtable_RepliesEveryPair()
    {
        var h = NewHarness("hashtable");
        h.Run("HSET", "h", "z", "1", "a", "2", "m", "3");
        Assert.Equal(new[] { "a=2", "m=3", "z=1" }, SortedPairs(h.Call("HGETALL", "h")));
        Assert.Equal(Sorted("z", "a", "m"), Sorted(Texts(h.Call("HKEYS", "h"))));
        Assert.Equal(Sorted("1", "2", "3"), Sorted(Texts(h.Call("HVALS", "h"))));
        h.UseResp3();
        RespValue map = h.Call("HGETALL", "h");
        Assert.Equal('%', map.Type);
        Assert.Equal(new[] { "a=2", "m=3", "z=1" }, SortedPairs(map));
    }

    [Fact]
    public void Hgetall_MissingKey_ReturnsEmptyMapOrArray()
    {
        var h = NewHarness();
        Assert.Equal("*0\r\n", h.Run("HGETALL", "nokey"));
        Assert.Equal("*0\r\n", h.Run("HKEYS", "nokey"));
        Assert.Equal("*0\r\n", h.Run("HVALS", "nokey"));
        h.UseResp3();
        Assert.Equal("%0\r\n", h.Run("HGETALL", "nokey"));
        Assert.Equal("*0\r\n", h.Run("HKEYS", "nokey"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hdel_ExistingAndMissingFields_ReturnsDeletedCount(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "b", "2", "c", "3");
        Assert.Equal(":2\r\n", h.Run("HDEL", "h", "a", "zz", "c", "a"));
        Assert.Equal(":1\r\n", h.Run("HLEN", "h"));
        Assert.Equal(Array("b", "2"), h.Run("HGETALL", "h"));
        Assert.Equal(":0\r\n", h.Run("HDEL", "nokey", "a"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hdel_LastField_DeletesKey(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "b", "2");
        Assert.Equal(":2\r\n", h.Run("HDEL", "h", "a", "b", "c"));
        Assert.False(h.KeyExists("h"));
        Assert.Equal(":0\r\n", h.Run("HLEN", "h"));
    }

    [Fact]
    public void Hdel_ManyFieldsFromLargeHash_KeepsTheRest()
    {
        var h = NewHarness();
        var args = new List<string> { "HSET", "h" };
        for (int i = 0; i < 1000; i++)
        {
            args.Add("f" + i);
            args.Add("v" + i);
        }
        h.Run(args.ToArray());
        Assert.Equal("hashtable", h.EncodingOf("h"));
        var deletes = new List<string> { "HDEL", "h" };
        for (int i = 0; i < 990; i++)
        {
            deletes.Add("f" + i);
        }
        Assert.Equal(":990\r\n", h.Run(deletes.ToArray()));
        Assert.Equal(":10\r\n", h.Run("HLEN", "h"));
        Assert.Equal(Bulk("v995"), h.Run("HGET", "h", "f995"));
        Assert.Equal("hashtable", h.EncodingOf("h"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hstrlen_IntegerAndStringValues_ReturnsTextLength(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "s", "hello", "n", "-123", "big", "-9223372036854775808", "empty", "");
        Assert.Equal(":5\r\n", h.Run("HSTRLEN", "h", "s"));
        Assert.Equal(":4\r\n", h.Run("HSTRLEN", "h", "n"));
        Assert.Equal(":20\r\n", h.Run("HSTRLEN", "h", "big"));
        Assert.Equal(":0\r\n", h.Run("HSTRLEN", "h", "empty"));
        Assert.Equal(":0\r\n", h.Run("HSTRLEN", "h", "missing"));
        Assert.Equal(":0\r\n", h.Run("HSTRLEN", "nokey", "s"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hexists_PresentAndAbsent_ReturnsOneOrZero(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "", "empty");
        Assert.Equal(":1\r\n", h.Run("HEXISTS", "h", "a"));
        Assert.Equal(":1\r\n", h.Run("HEXISTS", "h", ""));
        Assert.Equal(":0\r\n", h.Run("HEXISTS", "h", "b"));
        Assert.Equal(":0\r\n", h.Run("HEXISTS", "nokey", "a"));
        h.UseResp3();
        Assert.Equal(":1\r\n", h.Run("HEXISTS", "h", "a"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hsetnx_NewOrExistingField_SetsOnlyNew(string encoding)
    {
        var h = NewHarness(encoding);
        Assert.Equal(":1\r\n", h.Run("HSETNX", "h", "a", "1"));
        Assert.Equal(":0\r\n", h.Run("HSETNX", "h", "a", "2"));
        Assert.Equal(":1\r\n", h.Run("HSETNX", "h", "b", "3"));
        Assert.Equal("*2\r\n$1\r\n1\r\n$1\r\n3\r\n", h.Run("HMGET", "h", "a", "b"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void IntegerLikeTexts_RoundTripExactly(string encoding)
    {
        // Canonical integers are stored as numbers in a listpack; everything else must come back unchanged.
        string[] texts =
        {
            "0", "-0", "007", "+1", "127", "128", "-4096", "-4097", "4095", "4096", "32767", "32768", "-32769",
            "8388607", "8388608", "-8388609", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5", " 1", "",
        };
        var h = NewHarness(encoding);
        var args = new List<string> { "HSET", "h" };
        foreach (string text in texts)
        {
            args.Add(text);
            args.Add(text);
        }
        Assert.Equal($":{texts.Length}\r\n", h.Run(args.ToArray()));
        foreach (string text in texts)
        {
            Assert.Equal(Bulk(text), h.Run("HGET", "h", text));
        }
        Assert.Equal("$-1\r\n", h.Run("HGET", "h", "7"));
        Assert.Equal("$-1\r\n", h.Run("HGET", "h", "1"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hincrby_NewAndExistingField_ReturnsNewValue(string encoding)
    {
        var h = NewHarness(encoding);
        Assert.Equal(":5\r\n", h.Run("HINCRBY", "h", "n", "5"));
        Assert.Equal(":-95\r\n", h.Run("HINCRBY", "h", "n", "-100"));
        Assert.Equal(Bulk("-95"), h.Run("HGET", "h", "n"));
        h.Run("HSET", "h", "big", "9223372036854775806");
        Assert.Equal(":9223372036854775807\r\n", h.Run("HINCRBY", "h", "big", "1"));
        Assert.Equal("-ERR increment or decrement would overflow\r\n", h.Run("HINCRBY", "h", "big", "1"));
        h.Run("HSET", "h", "small", "-9223372036854775808");
        Assert.Equal("-ERR increment or decrement would overflow\r\n", h.Run("HINCRBY", "h", "small", "-1"));
        Assert.Equal(":-1\r\n", h.Run("HINCRBY", "h", "small", "9223372036854775807"));
    }

    [Fact]
    public void Hincrby_InvalidValueOrIncrement_ReturnsErrors()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "s", "abc", "sp", " 1", "f", "1.5");
        Assert.Equal("-ERR hash value is not an integer\r\n", h.Run("HINCRBY", "h", "s", "1"));
        Assert.Equal("-ERR hash value is not an integer\r\n", h.Run("HINCRBY", "h", "sp", "1"));
        Assert.Equal("-ERR hash value is not an integer\r\n", h.Run("HINCRBY", "h", "f", "1"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("HINCRBY", "h", "s", "x"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("HINCRBY", "h", "n", "9223372036854775808"));
        // The increment is parsed before the key is looked at: no key is created, no WRONGTYPE.
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("HINCRBY", "nokey", "f", "x"));
        Assert.False(h.KeyExists("nokey"));
        h.Run("SET", "str", "v");
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("HINCRBY", "str", "f", "x"));
    }

    [Theory]
    [InlineData("12345.1", "12345.09999999999999964")]
    [InlineData("3.3", "3.3")]
    [InlineData("1234567.891", "1234567.89099999999996271")]
    [InlineData("99999999999.99", "99999999999.99000000208616257")]
    [InlineData("0.000003814697265625", "0.00000381469726562")]
    [InlineData("123456789012345678901234", "123456789012345678897152")]
    [InlineData("1.23456789012345678", "1.23456789012345678")]
    [InlineData("1e-20", "0")]
    [InlineData("-0.00000000000000000001", "0")]
    [InlineData("1.5e10", "15000000000")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("0x1p-3", "0.125")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("3.14159265358979323846264338327950288", "3.14159265358979324")]
    public void Hincrbyfloat_NewField_FormatsLikeRedisLongDouble(string increment, string expected)
    {
        var h = NewHarness();
        Assert.Equal(Bulk(expected), h.Run("HINCRBYFLOAT", "h", "f", increment));
        Assert.Equal(Bulk(expected), h.Run("HGET", "h", "f"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hincrbyfloat_Repeated_AccumulatesInLongDouble(string encoding)
    {
        var h = NewHarness(encoding);
        Assert.Equal(Bulk("1.1"), h.Run("HINCRBYFLOAT", "h", "g", "1.1"));
        Assert.Equal(Bulk("2.2"), h.Run("HINCRBYFLOAT", "h", "g", "1.1"));
        Assert.Equal(Bulk("3.3"), h.Run("HINCRBYFLOAT", "h", "g", "1.1"));
        Assert.Equal(Bulk("5000"), h.Run("HINCRBYFLOAT", "h", "i", "5.0e3"));
        Assert.Equal(Bulk("5000.00199999999999978"), h.Run("HINCRBYFLOAT", "h", "i", "2.0e-3"));
        Assert.Equal(Bulk("3.3"), h.Run("HINCRBYFLOAT", "h", "b", "3.3"));
        Assert.Equal(Bulk("10000000003.29999999981373549"), h.Run("HINCRBYFLOAT", "h", "b", "1e10"));
        h.Run("HSET", "h", "n", "-123");
        Assert.Equal(Bulk("-121.5"), h.Run("HINCRBYFLOAT", "h", "n", "1.5"));
        Assert.Equal(Bulk("-122"), h.Run("HINCRBYFLOAT", "h", "n", "-0.5"));
    }

    [Fact]
    public void Hincrbyfloat_HugeResult_PrintsEveryIntegerDigit()
    {
        var h = NewHarness();
        string reply = h.Run("HINCRBYFLOAT", "h", "k", "1e400");
        Assert.StartsWith("$401\r\n10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324", reply);
        Assert.EndsWith("734806343732497430221946880\r\n", reply);
        // 401 characters are over hash-max-listpack-value: the hash converts, as hashTypeSet does.
        Assert.Equal("hashtable", h.EncodingOf("h"));
    }

    [Fact]
    public void Hincrbyfloat_InvalidArguments_ReturnErrors()
    {
        var h = NewHarness();
        foreach (string bad in new[] { "abc", " 1", "1 ", "", "nan", "1e", "0x", "1e5000", "1e-5000" })
        {
            Assert.Equal("-ERR value is not a valid float\r\n", h.Run("HINCRBYFLOAT", "h", "f", bad));
        }
        Assert.Equal("-ERR value is NaN or Infinity\r\n", h.Run("HINCRBYFLOAT", "h", "f", "inf"));
        Assert.Equal("-ERR value is NaN or Infinity\r\n", h.Run("HINCRBYFLOAT", "h", "f", "-Infinity"));
        Assert.False(h.KeyExists("h"));
        h.Run("HSET", "h", "s", "abc", "sp", " 1", "inf", "inf");
        Assert.Equal("-ERR hash value is not a float\r\n", h.Run("HINCRBYFLOAT", "h", "s", "1"));
        Assert.Equal("-ERR hash value is not a float\r\n", h.Run("HINCRBYFLOAT", "h", "sp", "1"));
        Assert.Equal("-ERR increment would produce NaN or Infinity\r\n", h.Run("HINCRBYFLOAT", "h", "inf", "1"));
        Assert.Equal(Bulk("inf"), h.Run("HGET", "h", "inf"));
    }

    [Fact]
    public void HashListpack_EntriesOverLimit_ConvertsToHashtableAndNeverBack()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "hash-max-listpack-entries 2"));
        h.Run("HSET", "h", "a", "1", "a", "2", "a", "3");
        Assert.Equal("listpack", h.EncodingOf("h"));
        h.Run("HSET", "h", "b", "2");
        Assert.Equal("listpack", h.EncodingOf("h"));
        h.Run("HSET", "h", "c", "3");
        Assert.Equal("hashtable", h.EncodingOf("h"));
        h.Run("HDEL", "h", "a", "b");
        Assert.Equal("hashtable", h.EncodingOf("h"));
        Assert.Equal(Array("c", "3"), h.Run("HGETALL", "h"));
    }

    [Fact]
    public void HashListpack_DefaultEntryLimit_ConvertsAfter512Fields()
    {
        // Redis 7.0.15's compiled-in default hash-max-listpack-entries is 512.
        var h = NewHarness();
        for (int i = 0; i < 512; i++)
        {
            h.Run("HSET", "h", "f" + i, "v" + i);
        }
        Assert.Equal("listpack", h.EncodingOf("h"));
        h.Run("HSET", "h", "f512", "v512");
        Assert.Equal("hashtable", h.EncodingOf("h"));
        Assert.Equal(":513\r\n", h.Run("HLEN", "h"));
        for (int i = 0; i <= 512; i++)
        {
            Assert.Equal(Bulk("v" + i), h.Run("HGET", "h", "f" + i));
        }
    }

    [Fact]
    public void HashListpack_LongArgument_ConvertsBeforeWriting()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "hash-max-listpack-value 3"));
        h.Run("HSET", "h1", "abc", "123");
        Assert.Equal("listpack", h.EncodingOf("h1"));
        h.Run("HSET", "h2", "abcd", "1");
        Assert.Equal("hashtable", h.EncodingOf("h2"));
        h.Run("HSETNX", "h3", "f", "1234");
        Assert.Equal("hashtable", h.EncodingOf("h3"));
        h.Run("HSET", "h4", "f", "1");
        h.Run("HINCRBYFLOAT", "h4", "f", "0.5");
        Assert.Equal("listpack", h.EncodingOf("h4"));
        h.Run("HINCRBY", "h4", "g", "12345");
        Assert.Equal("hashtable", h.EncodingOf("h4"));
        Assert.Equal("*2\r\n$3\r\n1.5\r\n$5\r\n12345\r\n", h.Run("HMGET", "h4", "f", "g"));
    }

    [Fact]
    public void Hrandfield_MissingKey_ReturnsNullOrEmptyArray()
    {
        var h = NewHarness();
        Assert.Equal("$-1\r\n", h.Run("HRANDFIELD", "nokey"));
        Assert.Equal("*0\r\n", h.Run("HRANDFIELD", "nokey", "5"));
        Assert.Equal("*0\r\n", h.Run("HRANDFIELD", "nokey", "-5", "WITHVALUES"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("HRANDFIELD", "nokey"));
        Assert.Equal("*0\r\n", h.Run("HRANDFIELD", "nokey", "5"));
    }

    [Fact]
    public void Hrandfield_InvalidArguments_ReturnErrorsBeforeKeyLookup()
    {
        var h = NewHarness();
        h.Run("SET", "str", "v");
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("HRANDFIELD", "str", "x"));
        Assert.Equal("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
            h.Run("HRANDFIELD", "str", "-9223372036854775808"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("HRANDFIELD", "str", "1", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("HRANDFIELD", "str", "1", "WITHVALUES", "x"));
        Assert.Equal("-ERR value is out of range\r\n", h.Run("HRANDFIELD", "str", "9223372036854775807", "WITHVALUES"));
        Assert.Equal("-ERR value is out of range\r\n", h.Run("HRANDFIELD", "str", "-4611686018427387904", "withvalues"));
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", h.Run("HRANDFIELD", "str", "0"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hrandfield_NoCount_ReturnsOneExistingField(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "b", "2", "c", "3");
        for (int i = 0; i < 20; i++)
        {
            Assert.Contains(h.Call("HRANDFIELD", "h").Text, new[] { "a", "b", "c" });
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hrandfield_CountZero_ReturnsEmptyArray(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1");
        Assert.Equal("*0\r\n", h.Run("HRANDFIELD", "h", "0"));
        Assert.Equal("*0\r\n", h.Run("HRANDFIELD", "h", "0", "WITHVALUES"));
    }

    [Fact]
    public void Hrandfield_CountAtLeastSize_ReturnsWholeListpackInOrder()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "c", "3", "a", "1", "b", "2");
        Assert.Equal(Array("c", "a", "b"), h.Run("HRANDFIELD", "h", "3"));
        Assert.Equal(Array("c", "3", "a", "1", "b", "2"), h.Run("HRANDFIELD", "h", "10", "WITHVALUES"));
        h.UseResp3();
        Assert.Equal("*3\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
            h.Run("HRANDFIELD", "h", "10", "WITHVALUES"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hrandfield_PositiveCount_ReturnsDistinctFields(string encoding)
    {
        var h = NewHarness(encoding);
        var args = new List<string> { "HSET", "h" };
        for (int i = 0; i < 20; i++)
        {
            args.Add("f" + i.ToString("D2"));
            args.Add("v" + i);
        }
        h.Run(args.ToArray());
        for (int round = 0; round < 20; round++)
        {
            foreach (int count in new[] { 1, 5, 19 })
            {
                string[] fields = Texts(h.Call("HRANDFIELD", "h", count.ToString()));
                Assert.Equal(count, fields.Length);
                Assert.Equal(count, fields.Distinct().Count());
                Assert.All(fields, f => Assert.Matches("^f[01][0-9]$", f));
                if (encoding == "listpack")
                {
                    // lpRandomPairsUnique keeps listpack order.
                    Assert.Equal(fields.OrderBy(f => f, StringComparer.Ordinal), fields);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hrandfield_PositiveCountWithValues_PairsMatch(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
        string[] flat = Texts(h.Call("HRANDFIELD", "h", "3", "WITHVALUES"));
        Assert.Equal(6, flat.Length);
        for (int i = 0; i < 6; i += 2)
        {
            Assert.Equal(((char)(flat[i][0] - 'a' + '1')).ToString(), flat[i + 1]);
        }
        h.UseResp3();
        RespValue nested = h.Call("HRANDFIELD", "h", "3", "WITHVALUES");
        Assert.Equal(3, nested.Items!.Count);
        Assert.All(nested.Items, pair => Assert.Equal(((char)(pair.Items![0].Text![0] - 'a' + '1')).ToString(), pair.Items[1].Text));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Hrandfield_NegativeCount_DrawsWithRepetitionUniformly(string encoding)
    {
        var h = NewHarness(encoding);
        var args = new List<string> { "HSET", "h" };
        for (int i = 0; i < 10; i++)
        {
            args.Add("f" + i);
            args.Add("v" + i);
        }
        h.Run(args.ToArray());
        string[] fields = Texts(h.Call("HRANDFIELD", "h", "-10000"));
        Assert.Equal(10000, fields.Length);
        // Each field is expected 1000 times (standard deviation 30): far outside these bounds means bias.
        foreach (IGrouping<string, string> group in fields.GroupBy(f => f))
        {
            Assert.InRange(group.Count(), 800, 1200);
        }
        Assert.Equal(10, fields.Distinct().Count());
        string[] withValues = Texts(h.Call("HRANDFIELD", "h", "-7", "WITHVALUES"));
        Assert.Equal(14, withValues.Length);
        for (int i = 0; i < 14; i += 2)
        {
            Assert.Equal("v" + withValues[i][1..], withValues[i + 1]);
        }
    }

    [Fact]
    public void Hrandfield_NegativeCountResp3WithValues_NestsPairs()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "a", "1");
        h.UseResp3();
        Assert.Equal("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", h.Run("HRANDFIELD", "h", "-2", "WITHVALUES"));
        Assert.Equal("*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", h.Run("HRANDFIELD", "h", "1", "WITHVALUES"));
        Assert.Equal("*2\r\n$1\r\na\r\n$1\r\na\r\n", h.Run("HRANDFIELD", "h", "-2"));
    }

    [Fact]
    public void Hscan_Listpack_ReturnsEverythingWithCursorZero()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "a", "1", "b", "2", "ab", "3");
        string all = "*2\r\n$1\r\n0\r\n" + Array("a", "1", "b", "2", "ab", "3");
        Assert.Equal(all, h.Run("HSCAN", "h", "0"));
        Assert.Equal(all, h.Run("HSCAN", "h", "5", "COUNT", "1"));
        Assert.Equal(all, h.Run("HSCAN", "h", "-1"));
        Assert.Equal(all, h.Run("HSCAN", "h", ""));
        Assert.Equal(all, h.Run("HSCAN", "h", "0", "MATCH", "*"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("a", "1", "ab", "3"), h.Run("HSCAN", "h", "0", "match", "a*"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("ab", "3"), h.Run("HSCAN", "h", "0", "COUNT", "1", "MATCH", "a*", "MATCH", "?b"));
    }

    [Fact]
    public void Hscan_Hashtable_IteratesEveryFieldOnce()
    {
        var h = NewHarness();
        var args = new List<string> { "HSET", "h" };
        for (int i = 0; i < 1000; i++)
        {
            args.Add("field:" + i);
            args.Add("value:" + i);
        }
        h.Run(args.ToArray());
        Assert.Equal("hashtable", h.EncodingOf("h"));
        var seen = new Dictionary<string, string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            RespValue reply = h.Call("HSCAN", "h", cursor, "COUNT", "20");
            cursor = reply.Items![0].Text!;
            string[] pairs = Texts(reply.Items[1]);
            Assert.True(pairs.Length <= 200);
            for (int i = 0; i < pairs.Length; i += 2)
            {
                Assert.True(seen.TryAdd(pairs[i], pairs[i + 1]));
            }
            calls++;
        }
        while (cursor != "0");
        Assert.Equal(1000, seen.Count);
        Assert.True(calls > 5);
        Assert.All(seen, pair => Assert.Equal(pair.Key.Replace("field", "value"), pair.Value));
    }

    [Fact]
    public void Hscan_HashtableWithMatch_FiltersFields()
    {
        var h = NewHarness("hashtable");
        h.Run("HSET", "h", "apple", "1", "avocado", "2", "banana", "3");
        var found = new List<string>();
        string cursor = "0";
        do
        {
            RespValue reply = h.Call("HSCAN", "h", cursor, "MATCH", "a*");
            cursor = reply.Items![0].Text!;
            found.AddRange(Texts(reply.Items[1]));
        }
        while (cursor != "0");
        Assert.Equal(new[] { "apple=1", "avocado=2" }, SortedPairs(Flat(found)));
    }

    private static RespValue Flat(List<string> items) =>
        RespValue.Parse(Array(items.ToArray()));

    [Fact]
    public void Hscan_InvalidArguments_ReturnErrors()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "a", "1");
        h.Run("SET", "str", "v");
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "h", "x"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "h", " 1"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "h", "1x"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "h", "-"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "h", "18446744073709551616"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Array("a", "1"), h.Run("HSCAN", "h", "18446744073709551615"));
        // The cursor is checked before the key; the options only after it.
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "str", "x"));
        Assert.Equal("-ERR invalid cursor\r\n", h.Run("HSCAN", "nokey", "x"));
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("HSCAN", "nokey", "0", "COUNT", "0"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("HSCAN", "h", "0", "COUNT", "0"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("HSCAN", "h", "0", "COUNT", "x"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("HSCAN", "h", "0", "TYPE", "hash"));
        Assert.Equal("-ERR syntax error\r\n", h.Run("HSCAN", "h", "0", "MATCH"));
        h.UseResp3();
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("HSCAN", "nokey", "0"));
    }

    [Fact]
    public void HashWrites_CountDirtyChanges()
    {
        var h = NewHarness();
        long start = h.Server.KeyspaceStats.Dirty;
        h.Run("HSET", "h", "a", "1", "b", "2", "a", "3");
        Assert.Equal(start + 3, h.Server.KeyspaceStats.Dirty);
        h.Run("HDEL", "h", "a", "zz");
        Assert.Equal(start + 4, h.Server.KeyspaceStats.Dirty);
        h.Run("HSETNX", "h", "b", "9");
        h.Run("HGET", "h", "b");
        Assert.Equal(start + 4, h.Server.KeyspaceStats.Dirty);
        h.Run("HINCRBY", "h", "n", "1");
        h.Run("HINCRBYFLOAT", "h", "n", "1");
        Assert.Equal(start + 6, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void HashCommands_OnExpiredKey_SeeNoKey()
    {
        var h = NewHarness();
        h.Run("HSET", "h", "a", "1");
        h.Server.Databases[0].SetExpire("h"u8, h.Clock.UnixTimeMilliseconds + 1000);
        Assert.Equal(Bulk("1"), h.Run("HGET", "h", "a"));
        h.Clock.Advance(1001); // Redis expires a key once now > its time
        Assert.Equal("$-1\r\n", h.Run("HGET", "h", "a"));
        Assert.Equal(":1\r\n", h.Run("HSET", "h", "b", "2"));
        Assert.Equal(Array("b", "2"), h.Run("HGETALL", "h"));
        Assert.Equal(-1, h.Server.Databases[0].GetExpire("h"u8));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void HashValue_Clone_IsIndependent(string encoding)
    {
        var h = NewHarness(encoding);
        h.Run("HSET", "h", "a", "1", "b", "2");
        var original = (HashValue)h.Server.Databases[0].Peek("h"u8, h.Clock.UnixTimeMilliseconds)!;
        var copy = (HashValue)original.Clone();
        h.Run("HSET", "h", "a", "changed");
        h.Run("HDEL", "h", "b");
        Assert.Equal(2, copy.Count);
        Assert.Equal(encoding, copy.Encoding);
        Span<byte> scratch = stackalloc byte[ListPack.ScratchSize];
        Assert.True(copy.TryGetValue("a"u8, scratch, out ReadOnlySpan<byte> value));
        Assert.Equal("1", Encoding.ASCII.GetString(value));
    }

    [Fact]
    public void Hset_BinaryFieldsAndValues_AreStoredExactly()
    {
        var h = NewHarness();
        byte[] field = { 0, 1, 2, 255, (byte)'\r', (byte)'\n' };
        byte[] value = { 255, 0, 10, 13 };
        Assert.Equal(":1\r\n", h.RunBytes(h.Client, "HSET"u8.ToArray(), "h"u8.ToArray(), field, value));
        string reply = h.RunBytes(h.Client, "HGET"u8.ToArray(), "h"u8.ToArray(), field);
        Assert.Equal("$4\r\n" + Encoding.Latin1.GetString(value) + "\r\n", reply);
    }
}
