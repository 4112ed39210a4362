using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class ListCommandsTests
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string MustBePositive = "-ERR value is out of range, must be positive\r\n";
    private const string RankZero = "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n";

    /// <summary>The expected RESP array of bulk strings.</summary>
    private static string Arr(params string[] items)
    {
        var text = new StringBuilder($"*{items.Length}\r\n");
        foreach (string item in items)
        {
            text.Append($"${Encoding.Latin1.GetByteCount(item)}\r\n{item}\r\n");
        }
        return text.ToString();
    }

    private static string Bulk(string value) => $"${value.Length}\r\n{value}\r\n";

    private static CommandHarness WithFill(int fill) =>
        new(cfg => ConfigFileParser.Apply(cfg, $"list-max-listpack-size {fill}"));

    private static CommandHarness Filled(params string[] elements)
    {
        var h = new CommandHarness();
        h.Run(["RPUSH", "l", .. elements]);
        return h;
    }

    // ---- LPUSH / RPUSH / LPUSHX / RPUSHX ----

    [Fact]
    public void Lpush_NewKey_ReturnsLengthAndPushesEachToHead()
    {
        var h = new CommandHarness();
        Assert.Equal(":3\r\n", h.Run("LPUSH", "l", "a", "b", "c"));
        Assert.Equal(Arr("c", "b", "a"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Rpush_ExistingKey_AppendsAndReturnsNewLength()
    {
        var h = Filled("a");
        Assert.Equal(":3\r\n", h.Run("RPUSH", "l", "b", "c"));
        Assert.Equal(Arr("a", "b", "c"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Theory]
    [InlineData("LPUSHX")]
    [InlineData("RPUSHX")]
    public void Pushx_MissingKey_ReturnsZeroAndCreatesNothing(string command)
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run(command, "l", "a"));
        Assert.False(h.KeyExists("l"));
    }

    [Fact]
    public void Pushx_ExistingKey_Pushes()
    {
        var h = Filled("m");
        Assert.Equal(":3\r\n", h.Run("LPUSHX", "l", "b", "a"));
        Assert.Equal(":5\r\n", h.Run("RPUSHX", "l", "y", "z"));
        Assert.Equal(Arr("a", "b", "m", "y", "z"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Theory]
    [InlineData("LPUSH")]
    [InlineData("RPUSH")]
    [InlineData("LPUSHX")]
    [InlineData("RPUSHX")]
    public void Push_OnStringKey_ReturnsWrongType(string command)
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(WrongType, h.Run(command, "s", "a"));
    }

    [Fact]
    public void Push_CountsOneChangePerElement()
    {
        var h = new CommandHarness();
        long before = h.Server.KeyspaceStats.Dirty;
        h.Run("RPUSH", "l", "a", "b", "c");
        Assert.Equal(before + 3, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void Rpush_BinaryElements_RoundTrip()
    {
        var h = new CommandHarness();
        byte[] value = [0, 13, 10, 0xFF, 0x80];
        h.RunBytes(h.Client, "RPUSH"u8.ToArray(), "l"u8.ToArray(), value);
        Assert.Equal("$5\r\n\0\r\n\u00FF\u0080\r\n", h.Run("LINDEX", "l", "0"));
    }

    [Fact]
    public void Rpush_EmptyElement_IsStored()
    {
        var h = new CommandHarness();
        Assert.Equal(":2\r\n", h.Run("RPUSH", "l", "", "a"));
        Assert.Equal("*2\r\n$0\r\n\r\n$1\r\na\r\n", h.Run("LRANGE", "l", "0", "-1"));
    }

    // ---- LPOP / RPOP ----

    [Theory]
    [InlineData("LPOP")]
    [InlineData("RPOP")]
    public void Pop_MissingKey_ReturnsNullBulk(string command)
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run(command, "nokey"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run(command, "nokey"));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    public void Pop_MissingKeyWithCount_ReturnsNullArray(string count)
    {
        var h = new CommandHarness();
        Assert.Equal("*-1\r\n", h.Run("LPOP", "nokey", count));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("RPOP", "nokey", count));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public void Pop_BadCount_ReturnsMustBePositiveBeforeLookup(string count)
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(MustBePositive, h.Run("LPOP", "nokey", count));
        Assert.Equal(MustBePositive, h.Run("RPOP", "s", count));
    }

    [Fact]
    public void Pop_TooManyArguments_ReturnsArityError()
    {
        var h = Filled("a");
        Assert.Equal("-ERR wrong number of arguments for 'lpop' command\r\n", h.Run("LPOP", "l", "1", "2"));
        Assert.Equal("-ERR wrong number of arguments for 'rpop' command\r\n", h.Run("RPOP", "l", "1", "2"));
    }

    [Fact]
    public void Pop_CountZeroOnList_ReturnsEmptyArrayAndKeepsList()
    {
        var h = Filled("a");
        Assert.Equal("*0\r\n", h.Run("LPOP", "l", "0"));
        Assert.Equal(":1\r\n", h.Run("LLEN", "l"));
    }

    [Fact]
    public void Pop_OnStringKey_ReturnsWrongType()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(WrongType, h.Run("LPOP", "s"));
        Assert.Equal(WrongType, h.Run("RPOP", "s", "0"));
    }

    [Fact]
    public void Lpop_SingleElement_ReturnsHeadBulk()
    {
        var h = Filled("a", "b");
        Assert.Equal(Bulk("a"), h.Run("LPOP", "l"));
        Assert.Equal(Bulk("b"), h.Run("RPOP", "l"));
        Assert.False(h.KeyExists("l"));
    }

    [Fact]
    public void Rpop_WithCount_ReturnsTailFirst()
    {
        var h = Filled("a", "b", "c", "d", "e");
        Assert.Equal(Arr("e", "d"), h.Run("RPOP", "l", "2"));
        Assert.Equal(Arr("a", "b"), h.Run("LPOP", "l", "2"));
        Assert.Equal(Arr("c"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Lpop_CountBeyondLength_ReturnsAllAndDeletesKey()
    {
        var h = Filled("a", "b", "c");
        long before = h.Server.KeyspaceStats.Dirty;
        Assert.Equal(Arr("a", "b", "c"), h.Run("LPOP", "l", "10"));
        Assert.False(h.KeyExists("l"));
        Assert.Equal(before + 3, h.Server.KeyspaceStats.Dirty);
    }

    // ---- LLEN / LINDEX / LSET ----

    [Fact]
    public void Llen_ReturnsLengthZeroOrWrongType()
    {
        var h = Filled("a", "b");
        h.Run("SET", "s", "x");
        Assert.Equal(":2\r\n", h.Run("LLEN", "l"));
        Assert.Equal(":0\r\n", h.Run("LLEN", "nokey"));
        Assert.Equal(WrongType, h.Run("LLEN", "s"));
    }

    [Theory]
    [InlineData("0", "a")]
    [InlineData("2", "c")]
    [InlineData("-1", "c")]
    [InlineData("-3", "a")]
    public void Lindex_InRange_ReturnsElement(string index, string expected)
    {
        var h = Filled("a", "b", "c");
        Assert.Equal(Bulk(expected), h.Run("LINDEX", "l", index));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-4")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    public void Lindex_OutOfRange_ReturnsNull(string index)
    {
        var h = Filled("a", "b", "c");
        Assert.Equal("$-1\r\n", h.Run("LINDEX", "l", index));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("LINDEX", "l", index));
    }

    [Fact]
    public void Lindex_KeyIsCheckedBeforeIndex()
    {
        var h = Filled("a");
        h.Run("SET", "s", "x");
        Assert.Equal("$-1\r\n", h.Run("LINDEX", "nokey", "abc"));
        Assert.Equal(WrongType, h.Run("LINDEX", "s", "abc"));
        Assert.Equal(NotInteger, h.Run("LINDEX", "l", "abc"));
    }

    [Fact]
    public void Lset_ReplacesElement()
    {
        var h = Filled("a", "b", "c");
        Assert.Equal("+OK\r\n", h.Run("LSET", "l", "1", "B"));
        Assert.Equal("+OK\r\n", h.Run("LSET", "l", "-1", "C"));
        Assert.Equal(Arr("a", "B", "C"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Lset_Errors_InRedisOrder()
    {
        var h = Filled("a");
        h.Run("SET", "s", "x");
        Assert.Equal("-ERR no such key\r\n", h.Run("LSET", "nokey", "abc", "x"));
        Assert.Equal(WrongType, h.Run("LSET", "s", "abc", "x"));
        Assert.Equal(NotInteger, h.Run("LSET", "l", "abc", "x"));
        Assert.Equal("-ERR index out of range\r\n", h.Run("LSET", "l", "1", "x"));
        Assert.Equal("-ERR index out of range\r\n", h.Run("LSET", "l", "-2", "x"));
    }

    // ---- LRANGE / LTRIM ----

    [Theory]
    [InlineData("0", "-1", new[] { "a", "b", "c", "d", "e" })]
    [InlineData("-100", "100", new[] { "a", "b", "c", "d", "e" })]
    [InlineData("1", "3", new[] { "b", "c", "d" })]
    [InlineData("-2", "-1", new[] { "d", "e" })]
    [InlineData("2", "1", new string[0])]
    [InlineData("-1", "-2", new string[0])]
    [InlineData("5", "10", new string[0])]
    [InlineData("4", "4", new[] { "e" })]
    [InlineData("-9223372036854775808", "9223372036854775807", new[] { "a", "b", "c", "d", "e" })]
    public void Lrange_ClipsLikeRedis(string start, string end, string[] expected)
    {
        var h = Filled("a", "b", "c", "d", "e");
        Assert.Equal(Arr(expected), h.Run("LRANGE", "l", start, end));
    }

    [Fact]
    public void Lrange_IndexesAreParsedBeforeLookup()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(NotInteger, h.Run("LRANGE", "nokey", "a", "1"));
        Assert.Equal(NotInteger, h.Run("LRANGE", "s", "0", "b"));
        Assert.Equal(WrongType, h.Run("LRANGE", "s", "0", "1"));
        Assert.Equal("*0\r\n", h.Run("LRANGE", "nokey", "0", "-1"));
    }

    [Theory]
    [InlineData("1", "-2", new[] { "b", "c", "d" })]
    [InlineData("0", "0", new[] { "a" })]
    [InlineData("-2", "100", new[] { "d", "e" })]
    [InlineData("0", "-1", new[] { "a", "b", "c", "d", "e" })]
    public void Ltrim_KeepsRange(string start, string end, string[] expected)
    {
        var h = Filled("a", "b", "c", "d", "e");
        Assert.Equal("+OK\r\n", h.Run("LTRIM", "l", start, end));
        Assert.Equal(Arr(expected), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Theory]
    [InlineData("2", "1")]
    [InlineData("5", "10")]
    [InlineData("0", "-6")]
    public void Ltrim_EmptyRange_DeletesKey(string start, string end)
    {
        var h = Filled("a", "b", "c", "d", "e");
        Assert.Equal("+OK\r\n", h.Run("LTRIM", "l", start, end));
        Assert.False(h.KeyExists("l"));
    }

    [Fact]
    public void Ltrim_MissingKeyAndErrors()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(NotInteger, h.Run("LTRIM", "nokey", "a", "1"));
        Assert.Equal("+OK\r\n", h.Run("LTRIM", "nokey", "0", "1"));
        Assert.Equal(WrongType, h.Run("LTRIM", "s", "0", "1"));
    }

    [Fact]
    public void Ltrim_CountsRemovedElementsAsChanges()
    {
        var h = Filled("a", "b", "c", "d", "e");
        long before = h.Server.KeyspaceStats.Dirty;
        h.Run("LTRIM", "l", "1", "2");
        Assert.Equal(before + 3, h.Server.KeyspaceStats.Dirty);
    }

    // ---- LREM ----

    [Theory]
    [InlineData("2", 2, new[] { "b", "c", "a", "d", "a" })]
    [InlineData("-1", 1, new[] { "a", "b", "a", "c", "a", "d" })]
    [InlineData("0", 4, new[] { "b", "c", "d" })]
    [InlineData("10", 4, new[] { "b", "c", "d" })]
    [InlineData("-9223372036854775808", 4, new[] { "b", "c", "d" })]
    public void Lrem_RemovesByDirectionAndCount(string count, int removed, string[] rest)
    {
        var h = Filled("a", "b", "a", "c", "a", "d", "a");
        Assert.Equal($":{removed}\r\n", h.Run("LREM", "l", count, "a"));
        Assert.Equal(Arr(rest), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Lrem_LastElements_DeletesKey()
    {
        var h = Filled("a", "a");
        Assert.Equal(":2\r\n", h.Run("LREM", "l", "0", "a"));
        Assert.False(h.KeyExists("l"));
    }

    [Fact]
    public void Lrem_NoMatch_ReturnsZeroWithoutChange()
    {
        var h = Filled("a");
        long before = h.Server.KeyspaceStats.Dirty;
        Assert.Equal(":0\r\n", h.Run("LREM", "l", "0", "z"));
        Assert.Equal(before, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void Lrem_Errors_CountFirst()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(NotInteger, h.Run("LREM", "nokey", "a", "x"));
        Assert.Equal(":0\r\n", h.Run("LREM", "nokey", "0", "x"));
        Assert.Equal(WrongType, h.Run("LREM", "s", "0", "x"));
    }

    // ---- LINSERT ----

    [Fact]
    public void Linsert_BeforeAndAfter_ReturnsNewLength()
    {
        var h = Filled("a", "c");
        Assert.Equal(":3\r\n", h.Run("LINSERT", "l", "before", "c", "b"));
        Assert.Equal(":4\r\n", h.Run("LINSERT", "l", "AfTeR", "c", "d"));
        Assert.Equal(":5\r\n", h.Run("LINSERT", "l", "BEFORE", "a", "0"));
        Assert.Equal(Arr("0", "a", "b", "c", "d"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Linsert_FirstPivotFromHeadIsUsed()
    {
        var h = Filled("p", "x", "p");
        h.Run("LINSERT", "l", "AFTER", "p", "new");
        Assert.Equal(Arr("p", "new", "x", "p"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Linsert_MissingPivot_ReturnsMinusOne()
    {
        var h = Filled("a");
        Assert.Equal(":-1\r\n", h.Run("LINSERT", "l", "before", "zz", "b"));
        Assert.Equal(":1\r\n", h.Run("LLEN", "l"));
    }

    [Fact]
    public void Linsert_Errors_PositionBeforeKey()
    {
        var h = new CommandHarness();
        h.Run("SET", "s", "x");
        Assert.Equal(Syntax, h.Run("LINSERT", "nokey", "foo", "a", "b"));
        Assert.Equal(Syntax, h.Run("LINSERT", "s", "foo", "a", "b"));
        Assert.Equal(":0\r\n", h.Run("LINSERT", "nokey", "before", "a", "b"));
        Assert.Equal(WrongType, h.Run("LINSERT", "s", "before", "a", "b"));
        Assert.False(h.KeyExists("nokey"));
    }

    // ---- LPOS ----

    [Theory]
    [InlineData(new[] { "LPOS", "l", "a" }, ":0\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "2" }, ":3\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "-1" }, ":6\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "-2", "COUNT", "0" }, "*2\r\n:3\r\n:0\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "COUNT", "2" }, "*2\r\n:0\r\n:3\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "COUNT", "0" }, "*3\r\n:0\r\n:3\r\n:6\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "MAXLEN", "1", "COUNT", "0" }, "*1\r\n:0\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "MAXLEN", "4", "COUNT", "0" }, "*2\r\n:0\r\n:3\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "-1", "MAXLEN", "2", "COUNT", "0" }, "*1\r\n:6\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "1", "MAXLEN", "1" }, ":0\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "5" }, "$-1\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "5", "COUNT", "2" }, "*0\r\n")]
    [InlineData(new[] { "LPOS", "l", "z" }, "$-1\r\n")]
    [InlineData(new[] { "LPOS", "l", "z", "COUNT", "1" }, "*0\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "count", "1", "count", "2" }, "*2\r\n:0\r\n:3\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "-9223372036854775808" }, ":6\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "-9223372036854775808", "COUNT", "1" }, "*3\r\n:6\r\n:3\r\n:0\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "-9223372036854775807" }, "$-1\r\n")]
    public void Lpos_FindsPositions(string[] command, string expected)
    {
        var h = Filled("a", "b", "c", "a", "b", "c", "a");
        Assert.Equal(expected, h.Run(command));
    }

    [Theory]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "0" }, RankZero)]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "abc" }, NotInteger)]
    [InlineData(new[] { "LPOS", "l", "a", "COUNT", "-1" }, "-ERR COUNT can't be negative\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "COUNT", "abc" }, "-ERR COUNT can't be negative\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "MAXLEN", "-1" }, "-ERR MAXLEN can't be negative\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "MAXLEN", "x" }, "-ERR MAXLEN can't be negative\r\n")]
    [InlineData(new[] { "LPOS", "l", "a", "COUNT" }, Syntax)]
    [InlineData(new[] { "LPOS", "l", "a", "FOO", "1" }, Syntax)]
    [InlineData(new[] { "LPOS", "l", "a", "RANK", "0", "COUNT", "-1" }, RankZero)]
    [InlineData(new[] { "LPOS", "l", "a", "COUNT", "-1", "RANK", "0" }, "-ERR COUNT can't be negative\r\n")]
    [InlineData(new[] { "LPOS", "nokey", "a", "RANK", "0" }, RankZero)]
    [InlineData(new[] { "LPOS", "s", "a", "RANK", "0" }, RankZero)]
    [InlineData(new[] { "LPOS", "s", "a" }, WrongType)]
    public void Lpos_Errors_OptionsBeforeKey(string[] command, string expected)
    {
        var h = Filled("a");
        h.Run("SET", "s", "x");
        Assert.Equal(expected, h.Run(command));
    }

    [Fact]
    public void Lpos_MissingKey_NullOrEmptyArray()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("LPOS", "nokey", "a"));
        Assert.Equal("*0\r\n", h.Run("LPOS", "nokey", "a", "COUNT", "0"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("LPOS", "nokey", "a"));
        Assert.Equal("*0\r\n", h.Run("LPOS", "nokey", "a", "COUNT", "0"));
    }

    // ---- LMOVE / RPOPLPUSH ----

    [Theory]
    [InlineData("LEFT", "RIGHT", "a", new[] { "b", "c", "a" })]
    [InlineData("RIGHT", "LEFT", "c", new[] { "c", "a", "b" })]
    [InlineData("left", "left", "a", new[] { "a", "b", "c" })]
    [InlineData("right", "right", "c", new[] { "a", "b", "c" })]
    public void Lmove_SameKey_Rotates(string from, string to, string moved, string[] after)
    {
        var h = Filled("a", "b", "c");
        Assert.Equal(Bulk(moved), h.Run("LMOVE", "l", "l", from, to));
        Assert.Equal(Arr(after), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Lmove_ToNewKey_CreatesItAndDeletesEmptiedSource()
    {
        var h = Filled("x");
        Assert.Equal(Bulk("x"), h.Run("LMOVE", "l", "d", "RIGHT", "LEFT"));
        Assert.False(h.KeyExists("l"));
        Assert.Equal(Arr("x"), h.Run("LRANGE", "d", "0", "-1"));
    }

    [Fact]
    public void Lmove_SingleElementSameKey_KeepsList()
    {
        var h = Filled("x");
        Assert.Equal(Bulk("x"), h.Run("RPOPLPUSH", "l", "l"));
        Assert.Equal(Arr("x"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Lmove_ToExistingList_PushesOnChosenSide()
    {
        var h = Filled("a", "b");
        h.Run("RPUSH", "d", "1", "2");
        Assert.Equal(Bulk("b"), h.Run("LMOVE", "l", "d", "RIGHT", "RIGHT"));
        Assert.Equal(Bulk("a"), h.Run("LMOVE", "l", "d", "LEFT", "LEFT"));
        Assert.Equal(Arr("a", "1", "2", "b"), h.Run("LRANGE", "d", "0", "-1"));
    }

    [Fact]
    public void Lmove_Errors_SyntaxBeforeKeys()
    {
        var h = Filled("a");
        h.Run("SET", "s", "x");
        Assert.Equal(Syntax, h.Run("LMOVE", "l", "d", "foo", "RIGHT"));
        Assert.Equal(Syntax, h.Run("LMOVE", "nokey", "d", "left", "foo"));
        Assert.Equal("$-1\r\n", h.Run("LMOVE", "nokey", "d", "left", "right"));
        Assert.Equal(WrongType, h.Run("LMOVE", "s", "d", "left", "right"));
    }

    [Fact]
    public void Lmove_DestinationWrongType_ChangesNothing()
    {
        var h = Filled("a", "b");
        h.Run("SET", "s", "x");
        long before = h.Server.KeyspaceStats.Dirty;
        Assert.Equal(WrongType, h.Run("LMOVE", "l", "s", "left", "right"));
        Assert.Equal(WrongType, h.Run("RPOPLPUSH", "l", "s"));
        Assert.Equal(Arr("a", "b"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(before, h.Server.KeyspaceStats.Dirty);
    }

    [Fact]
    public void Lmove_MissingSource_NullInBothProtocols()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("RPOPLPUSH", "nokey", "d"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("LMOVE", "nokey", "d", "LEFT", "LEFT"));
        Assert.False(h.KeyExists("d"));
    }

    [Fact]
    public void Rpoplpush_MovesTailToHead()
    {
        var h = Filled("a", "b", "c");
        h.Run("RPUSH", "d", "z");
        Assert.Equal(Bulk("c"), h.Run("RPOPLPUSH", "l", "d"));
        Assert.Equal(Arr("c", "z"), h.Run("LRANGE", "d", "0", "-1"));
        Assert.Equal(Arr("a", "b"), h.Run("LRANGE", "l", "0", "-1"));
    }

    [Fact]
    public void Lmove_CountsOneChange()
    {
        var h = Filled("a", "b");
        long before = h.Server.KeyspaceStats.Dirty;
        h.Run("LMOVE", "l", "d", "LEFT", "RIGHT");
        Assert.Equal(before + 1, h.Server.KeyspaceStats.Dirty);
    }

    // ---- LMPOP ----

    [Theory]
    [InlineData(new[] { "LMPOP", "0", "l", "LEFT" }, "-ERR numkeys should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "-1", "l", "LEFT" }, "-ERR numkeys should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "abc", "l", "LEFT" }, "-ERR numkeys should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "2", "l", "LEFT" }, Syntax)]
    [InlineData(new[] { "LMPOP", "9223372036854775807", "l", "LEFT" }, Syntax)]
    [InlineData(new[] { "LMPOP", "1", "l", "FOO" }, Syntax)]
    [InlineData(new[] { "LMPOP", "1", "l", "LEFT", "COUNT", "0" }, "-ERR count should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "1", "l", "LEFT", "COUNT", "-1" }, "-ERR count should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "1", "l", "LEFT", "COUNT", "abc" }, "-ERR count should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "1", "l", "LEFT", "COUNT" }, Syntax)]
    [InlineData(new[] { "LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1" }, Syntax)]
    [InlineData(new[] { "LMPOP", "1", "l", "LEFT", "FOO" }, Syntax)]
    [InlineData(new[] { "LMPOP", "1", "nokey", "LEFT", "COUNT", "0" }, "-ERR count should be greater than 0\r\n")]
    [InlineData(new[] { "LMPOP", "2", "nokey", "s", "LEFT" }, WrongType)]
    public void Lmpop_Errors(string[] command, string expected)
    {
        var h = Filled("a");
        h.Run("SET", "s", "x");
        Assert.Equal(expected, h.Run(command));
        Assert.Equal(":1\r\n", h.Run("LLEN", "l"));
    }

    [Fact]
    public void Lmpop_Arity_IsCheckedByDispatcher()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'lmpop' command\r\n", h.Run("LMPOP", "1", "l"));
    }

    [Fact]
    public void Lmpop_PopsFromFirstNonEmptyKey()
    {
        var h = Filled("a", "b", "c");
        h.Run("SET", "s", "x");
        Assert.Equal("*2\r\n$1\r\nl\r\n" + Arr("a"), h.Run("LMPOP", "3", "nokey", "l", "s", "LEFT"));
        Assert.Equal("*2\r\n$1\r\nl\r\n" + Arr("c", "b"), h.Run("LMPOP", "1", "l", "RIGHT", "COUNT", "5"));
        Assert.False(h.KeyExists("l"));
    }

    [Fact]
    public void Lmpop_NothingToPop_ReturnsNullArray()
    {
        var h = new CommandHarness();
        Assert.Equal("*-1\r\n", h.Run("LMPOP", "2", "a", "b", "LEFT"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("LMPOP", "2", "a", "b", "LEFT"));
    }

    [Fact]
    public void Lmpop_Resp3_ReplyIsStillAnArray()
    {
        var h = Filled("a", "b");
        h.UseResp3();
        Assert.Equal("*2\r\n$1\r\nl\r\n" + Arr("a", "b"), h.Run("LMPOP", "1", "l", "left", "count", "2"));
    }

    // ---- expiry, small and large lists ----

    [Fact]
    public void ExpiredList_IsTreatedAsMissing()
    {
        var h = Filled("a");
        h.Server.Databases[0].SetExpire("l"u8, h.Clock.UnixTimeMilliseconds + 100);
        h.Clock.Advance(200);
        Assert.Equal(":0\r\n", h.Run("LLEN", "l"));
        Assert.Equal(":1\r\n", h.Run("RPUSH", "l", "b"));
        Assert.Equal(Arr("b"), h.Run("LRANGE", "l", "0", "-1"));
    }

    /// <summary>
    /// The same command sequence on a small list and on a long one, with tiny nodes (many splits and merges
    /// of node boundaries) and default 8 KB nodes, checked against a plain model.
    /// </summary>
    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 10)]
    [InlineData(-2, 10)]
    [InlineData(1, 3000)]
    [InlineData(4, 3000)]
    [InlineData(-1, 3000)]
    [InlineData(-2, 3000)]
    public void Commands_OnSmallAndLargeLists_MatchModel(int fill, int size)
    {
        var h = WithFill(fill);
        var model = new List<string>();
        for (int i = 0; i < size; i++)
        {
            string value = (i % 7 == 0 ? "seven-" : "e") + i;
            h.Run(i % 2 == 0 ? "RPUSH" : "LPUSH", "l", value);
            if (i % 2 == 0)
            {
                model.Add(value);
            }
            else
            {
                model.Insert(0, value);
            }
        }
        Assert.Equal(Arr([.. model]), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Bulk(model[size / 2]), h.Run("LINDEX", "l", (size / 2).ToString()));
        Assert.Equal(Bulk(model[size - 3]), h.Run("LINDEX", "l", "-3"));

        h.Run("LSET", "l", (size / 3).ToString(), new string('S', 5000));
        model[size / 3] = new string('S', 5000);
        Assert.Equal(Bulk(model[size / 3]), h.Run("LINDEX", "l", (size / 3).ToString()));

        string pivot = model[size / 2];
        h.Run("LINSERT", "l", "AFTER", pivot, "inserted");
        model.Insert(model.IndexOf(pivot) + 1, "inserted");

        Assert.Equal(Arr(model.GetRange(size / 4, 5).ToArray()), h.Run("LRANGE", "l", (size / 4).ToString(), (size / 4 + 4).ToString()));

        int removed = model.RemoveAll(e => e.StartsWith("seven-", StringComparison.Ordinal) && e.EndsWith('0'));
        long lremTotal = 0;
        for (int i = 0; i < size; i += 7)
        {
            if (i.ToString().EndsWith('0'))
            {
                lremTotal += h.Call("LREM", "l", "0", "seven-" + i).Integer;
            }
        }
        Assert.Equal(removed, lremTotal);

        h.Run("LTRIM", "l", "1", "-2");
        model = model.GetRange(1, model.Count - 2);
        Assert.Equal($":{model.Count}\r\n", h.Run("LLEN", "l"));
        Assert.Equal(Arr([.. model]), h.Run("LRANGE", "l", "0", "-1"));

        RespValue popped = h.Call("RPOP", "l", "4");
        Assert.Equal(model[^1], popped.Items![0].Text);
        model.RemoveRange(model.Count - 4, 4);
        Assert.Equal(Arr([.. model]), h.Run("LRANGE", "l", "0", "-1"));
    }
}
