using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class ObjectCommandTests
{
    private const string FreqError = "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n";
    private const string IdleTimeError = "-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n";

    private static CommandHarness Lfu() => new(cfg => ConfigFileParser.Apply(cfg, "maxmemory-policy allkeys-lfu"));

    // ---- ENCODING ----

    [Theory]
    [InlineData("123", "int")]
    [InlineData("-9223372036854775808", "int")]
    [InlineData("012", "embstr")]
    [InlineData("hello", "embstr")]
    [InlineData("12345678901234567890123456789012345678901234", "embstr")]
    [InlineData("123456789012345678901234567890123456789012345", "raw")]
    public void ObjectEncoding_StringValues_AsRedis(string value, string encoding)
    {
        var h = new CommandHarness();
        h.Run("SET", "k", value);
        Assert.Equal($"${encoding.Length}\r\n{encoding}\r\n", h.Run("OBJECT", "ENCODING", "k"));
    }

    [Fact]
    public void ObjectEncoding_Collection_ReportsItsEncoding()
    {
        var h = new CommandHarness();
        h.Server.Databases[0].Set("l"u8, new KeyTestCollection(KvType.List, "quicklist"));
        Assert.Equal("$9\r\nquicklist\r\n", h.Run("object", "encoding", "l"));
    }

    [Theory]
    [InlineData("ENCODING")]
    [InlineData("REFCOUNT")]
    [InlineData("IDLETIME")]
    [InlineData("FREQ")]
    public void Object_MissingKey_ReturnsNull(string subcommand)
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("OBJECT", subcommand, "nokey"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("OBJECT", subcommand, "nokey"));
    }

    [Fact]
    public void Object_ExpiredKey_ReturnsNull()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        h.Run("PEXPIRE", "k", "10");
        h.Clock.Advance(11);
        Assert.Equal("$-1\r\n", h.Run("OBJECT", "ENCODING", "k"));
        Assert.Equal(1, h.Server.KeyspaceStats.ExpiredKeys);
    }

    // ---- REFCOUNT ----

    [Theory]
    [InlineData("0", ":2147483647\r\n")]
    [InlineData("1", ":2147483647\r\n")]
    [InlineData("9999", ":2147483647\r\n")]
    [InlineData("10000", ":1\r\n")]
    [InlineData("-1", ":1\r\n")]
    [InlineData("abc", ":1\r\n")]
    [InlineData("01", ":1\r\n")]
    public void ObjectRefcount_SharedIntegers_ReportIntMax(string value, string expected)
    {
        var h = new CommandHarness();
        h.Run("SET", "k", value);
        Assert.Equal(expected, h.Run("OBJECT", "REFCOUNT", "k"));
    }

    [Theory]
    [InlineData("allkeys-lru", ":1\r\n")]
    [InlineData("volatile-lru", ":1\r\n")]
    [InlineData("allkeys-lfu", ":1\r\n")]
    [InlineData("volatile-ttl", ":2147483647\r\n")]
    [InlineData("allkeys-random", ":2147483647\r\n")]
    [InlineData("noeviction", ":2147483647\r\n")]
    public void ObjectRefcount_WithMaxmemory_SharedOnlyWithoutLruOrLfu(string policy, string expected)
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "maxmemory 100mb\nmaxmemory-policy " + policy));
        h.Run("SET", "k", "5");
        Assert.Equal(expected, h.Run("OBJECT", "REFCOUNT", "k"));
    }

    [Fact]
    public void ObjectRefcount_LruPolicyWithoutMaxmemory_StillShared()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "maxmemory-policy allkeys-lru"));
        h.Run("SET", "k", "5");
        Assert.Equal(":2147483647\r\n", h.Run("OBJECT", "REFCOUNT", "k"));
    }

    // ---- IDLETIME ----

    [Fact]
    public void ObjectIdletime_GrowsUntilTheKeyIsRead()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal(":0\r\n", h.Run("OBJECT", "IDLETIME", "k"));
        h.Clock.Advance(12_500);
        Assert.Equal(":12\r\n", h.Run("OBJECT", "IDLETIME", "k"));
        h.Run("GET", "k");
        Assert.Equal(":0\r\n", h.Run("OBJECT", "IDLETIME", "k"));
    }

    [Fact]
    public void ObjectIdletime_UnderLfu_IsError_ButMissingKeyIsNull()
    {
        CommandHarness h = Lfu();
        h.Run("SET", "k", "v");
        Assert.Equal(IdleTimeError, h.Run("OBJECT", "IDLETIME", "k"));
        Assert.Equal("$-1\r\n", h.Run("OBJECT", "IDLETIME", "nokey"));
    }

    // ---- FREQ ----

    [Fact]
    public void ObjectFreq_WithoutLfu_IsError_ButMissingKeyIsNull()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal(FreqError, h.Run("OBJECT", "FREQ", "k"));
        Assert.Equal("$-1\r\n", h.Run("OBJECT", "FREQ", "nokey"));
    }

    [Fact]
    public void ObjectFreq_UnderLfu_NewKeyFive_ReadAddsOne_InspectionDoesNot()
    {
        CommandHarness h = Lfu();
        h.Run("SET", "k", "abc");
        Assert.Equal(":5\r\n", h.Run("OBJECT", "FREQ", "k"));
        h.Run("GET", "k");
        Assert.Equal(":6\r\n", h.Run("OBJECT", "FREQ", "k"));
        h.Run("EXISTS", "k");
        h.Run("TYPE", "k");
        h.Run("TTL", "k");
        Assert.Equal(":6\r\n", h.Run("OBJECT", "FREQ", "k"));
    }

    [Fact]
    public void ObjectFreq_UnderLfu_DecaysWithTime()
    {
        CommandHarness h = Lfu();
        h.Run("SET", "k", "abc");
        h.Clock.Advance(2 * 60_000);
        Assert.Equal(":3\r\n", h.Run("OBJECT", "FREQ", "k"));
    }

    [Fact]
    public void ObjectFreq_PolicyChangedAtRuntime_FollowsThePolicy()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        Assert.Equal(FreqError, h.Run("OBJECT", "FREQ", "k"));
        h.Options.MaxMemoryPolicy = "volatile-lfu";
        Assert.Equal(':', h.Call("OBJECT", "FREQ", "k").Type);
        Assert.Equal(IdleTimeError, h.Run("OBJECT", "IDLETIME", "k"));
    }

    // ---- statistics, HELP, dispatch ----

    [Fact]
    public void Object_CountsHitsAndMisses_WithoutTouching()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        h.Clock.Advance(3_000);
        h.Run("OBJECT", "ENCODING", "k");
        h.Run("OBJECT", "REFCOUNT", "k");
        h.Run("OBJECT", "FREQ", "k");
        h.Run("OBJECT", "ENCODING", "nokey");
        Assert.Equal(3, h.Server.KeyspaceStats.Hits);
        Assert.Equal(1, h.Server.KeyspaceStats.Misses);
        Assert.Equal(":3\r\n", h.Run("OBJECT", "IDLETIME", "k"));
    }

    [Fact]
    public void ObjectHelp_ListsSubcommands()
    {
        var h = new CommandHarness();
        const string expected = "*15\r\n"
            + "+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
            + "+ENCODING <key>\r\n"
            + "+    Return the kind of internal representation used in order to store the value\r\n"
            + "+    associated with a <key>.\r\n"
            + "+FREQ <key>\r\n"
            + "+    Return the access frequency index of the <key>. The returned integer is\r\n"
            + "+    proportional to the logarithm of the recent access frequency of the key.\r\n"
            + "+IDLETIME <key>\r\n"
            + "+    Return the idle time of the <key>, that is the approximated number of\r\n"
            + "+    seconds elapsed since the last access to the key.\r\n"
            + "+REFCOUNT <key>\r\n"
            + "+    Return the number of references of the value associated with the specified\r\n"
            + "+    <key>.\r\n"
            + "+HELP\r\n"
            + "+    Prints this help.\r\n";
        Assert.Equal(expected, h.Run("OBJECT", "HELP"));
        h.UseResp3();
        Assert.Equal(expected, h.Run("object", "help"));
    }

    [Fact]
    public void Object_UnknownSubcommandOrArity_AreDispatcherErrors()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n", h.Run("OBJECT", "foo"));
        Assert.Equal("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n", h.Run("OBJECT", "foo", "k"));
        Assert.Equal("-ERR wrong number of arguments for 'object|encoding' command\r\n", h.Run("OBJECT", "encoding"));
        Assert.Equal("-ERR wrong number of arguments for 'object|help' command\r\n", h.Run("OBJECT", "HELP", "x"));
        Assert.Equal("-ERR wrong number of arguments for 'object' command\r\n", h.Run("OBJECT"));
    }
}
