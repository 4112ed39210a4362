using System.Globalization;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class ServerCommandsTests
{
    private static CommandHarness WithDebug() => new(cfg => ConfigFileParser.Apply(cfg, "enable-debug-command yes"));

    private static readonly long LruClock = 1_700_000_000L & 0xFFFFFF;

    // ---- TIME, LASTSAVE ----

    [Fact]
    public void Time_ReturnsSecondsAndMicroseconds()
    {
        var h = new CommandHarness();
        Assert.Equal("*2\r\n$10\r\n1700000000\r\n$1\r\n0\r\n", h.Run("TIME"));
        h.Clock.Advance(1234);
        Assert.Equal("*2\r\n$10\r\n1700000001\r\n$6\r\n234000\r\n", h.Run("TIME"));
    }

    [Fact]
    public void Time_WithArgument_ArityError()
    {
        Assert.Equal("-ERR wrong number of arguments for 'time' command\r\n", new CommandHarness().Run("TIME", "x"));
    }

    [Fact]
    public void Lastsave_ReturnsStartTime()
    {
        var h = new CommandHarness();
        h.Clock.Advance(10_000);
        Assert.Equal(":1700000000\r\n", h.Run("LASTSAVE"));
    }

    // ---- SHUTDOWN ----

    private static (CommandHarness Harness, List<bool?> Requests) WithShutdownHook()
    {
        var h = new CommandHarness();
        var requests = new List<bool?>();
        h.Server.ShutdownRequested = save => requests.Add(save);
        return (h, requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false, "NOSAVE")]
    [InlineData(true, "save")]
    [InlineData(false, "nosave", "now", "force")]
    [InlineData(null, "NOW")]
    public void Shutdown_Valid_StopsWithoutReply(bool? save, params string[] flags)
    {
        (CommandHarness h, List<bool?> requests) = WithShutdownHook();
        Assert.Equal("", h.Run(["SHUTDOWN", .. flags]));
        Assert.Equal([save], requests);
        Assert.True(h.Client.CloseRequested);
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("save", "nosave")]
    [InlineData("abort", "now")]
    [InlineData("nosave", "abort")]
    public void Shutdown_BadFlags_SyntaxError(params string[] flags)
    {
        (CommandHarness h, List<bool?> requests) = WithShutdownHook();
        Assert.Equal("-ERR syntax error\r\n", h.Run(["SHUTDOWN", .. flags]));
        Assert.Empty(requests);
        Assert.False(h.Client.CloseRequested);
    }

    [Fact]
    public void Shutdown_Abort_NoShutdownInProgress()
    {
        (CommandHarness h, List<bool?> requests) = WithShutdownHook();
        Assert.Equal("-ERR No shutdown in progress.\r\n", h.Run("SHUTDOWN", "ABORT"));
        Assert.Empty(requests);
    }

    // ---- CONFIG ----

    [Fact]
    public void ConfigGet_Resp2AndResp3()
    {
        var h = new CommandHarness();
        Assert.Equal("*4\r\n$2\r\nhz\r\n$2\r\n10\r\n$4\r\nport\r\n$4\r\n6379\r\n", h.Run("CONFIG", "GET", "hz", "port"));
        h.UseResp3();
        Assert.Equal("%2\r\n$2\r\nhz\r\n$2\r\n10\r\n$4\r\nport\r\n$4\r\n6379\r\n", h.Run("CONFIG", "GET", "hz", "port"));
        Assert.Equal("%0\r\n", h.Run("CONFIG", "GET", "nosuch"));
    }

    [Fact]
    public void ConfigGet_Pattern_ReturnsEveryMatch()
    {
        RespValue reply = new CommandHarness().Call("CONFIG", "GET", "*max-*-entries");
        var names = reply.Items!.Where((_, i) => i % 2 == 0).Select(v => v.Text).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["hash-max-listpack-entries", "hash-max-ziplist-entries", "set-max-intset-entries",
            "zset-max-listpack-entries", "zset-max-ziplist-entries"], names);
    }

    [Fact]
    public void ConfigGet_Star_Returns192Parameters()
    {
        Assert.Equal(384, new CommandHarness().Call("CONFIG", "GET", "*").Items!.Count);
    }

    [Fact]
    public void ConfigGet_NoPattern_ArityError()
    {
        Assert.Equal("-ERR wrong number of arguments for 'config|get' command\r\n", new CommandHarness().Run("CONFIG", "GET"));
    }

    [Fact]
    public void ConfigSet_SeveralPairs_AppliesAndShows()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("CONFIG", "SET", "maxmemory", "1mb", "maxmemory-policy", "ALLKEYS-LRU", "timeout", "30"));
        Assert.Equal("*6\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n$7\r\ntimeout\r\n$2\r\n30\r\n",
            h.Run("CONFIG", "GET", "maxmemory", "maxmemory-policy", "timeout"));
        Assert.Equal(1048576, h.Options.MaxMemory);
        Assert.Equal(30, h.Options.Timeout);
    }

    [Fact]
    public void ConfigSet_OddArguments_SyntaxError()
    {
        Assert.Equal("-ERR syntax error\r\n", new CommandHarness().Run("CONFIG", "SET", "port", "1", "hz"));
    }

    [Fact]
    public void ConfigSet_TooFewArguments_ArityError()
    {
        Assert.Equal("-ERR wrong number of arguments for 'config|set' command\r\n", new CommandHarness().Run("CONFIG", "SET", "port"));
    }

    [Theory]
    [InlineData("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n", "foo", "1")]
    [InlineData("-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n", "daemonize", "yes", "foo", "1")]
    [InlineData("-ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter\r\n", "port", "1", "PORT", "2")]
    [InlineData("-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n", "hz", "x")]
    [InlineData("-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n", "dir", "/tmp")]
    public void ConfigSet_Errors_AsRedis(string expected, params string[] pairs)
    {
        Assert.Equal(expected, new CommandHarness().Run(["CONFIG", "SET", .. pairs]));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("local")]
    public void ConfigSet_ProtectedConfigAllowed_WhenEnabled(string setting)
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "enable-protected-configs " + setting));
        Assert.Equal("+OK\r\n", h.Run("CONFIG", "SET", "dbfilename", "other.rdb"));
        Assert.Equal("other.rdb", h.Options.DbFilename);
    }

    [Fact]
    public void ConfigResetstat_ReturnsOk()
    {
        Assert.Equal("+OK\r\n", new CommandHarness().Run("CONFIG", "RESETSTAT"));
    }

    [Fact]
    public void ConfigRewrite_WithoutConfigFile_Error()
    {
        Assert.Equal("-ERR The server is running without a config file\r\n", new CommandHarness().Run("CONFIG", "REWRITE"));
    }

    [Fact]
    public void ConfigRewrite_WithConfigFile_RewritesIt()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# my server\nhz 5\n");
            var h = new CommandHarness(cfg => ConfigFileParser.Load(cfg, path, []));
            h.Server.ConfigFile = path;
            Assert.Equal("+OK\r\n", h.Run("CONFIG", "SET", "hz", "25", "maxmemory", "2gb"));
            Assert.Equal("+OK\r\n", h.Run("CONFIG", "REWRITE"));
            string content = File.ReadAllText(path);
            Assert.StartsWith("# my server\nhz 25\n\n# Generated by CONFIG REWRITE\n", content);
            Assert.Contains("\nmaxmemory 2gb\n", content);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ConfigHelp_ExactRedisText()
    {
        Assert.Equal(
            "*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n" +
            "+    Return parameters matching the glob-like <pattern> and their values.\r\n+SET <directive> <value>\r\n" +
            "+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n" +
            "+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n",
            new CommandHarness().Run("CONFIG", "HELP"));
    }

    [Fact]
    public void Config_UnknownSubcommand_Error()
    {
        Assert.Equal("-ERR unknown subcommand 'nosuch'. Try CONFIG HELP.\r\n", new CommandHarness().Run("CONFIG", "nosuch"));
    }

    // ---- DEBUG ----

    [Fact]
    public void Debug_DisabledByDefault_ProtectedCommandError()
    {
        Assert.StartsWith("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\"",
            new CommandHarness().Run("DEBUG", "HELP"));
    }

    [Fact]
    public void DebugHelp_ListsSubcommands()
    {
        string help = WithDebug().Run("DEBUG", "HELP");
        Assert.StartsWith("*106\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+AOF-FLUSH-SLEEP <microsec>\r\n", help);
        Assert.Contains("+SET-ACTIVE-EXPIRE <0|1>\r\n", help);
        Assert.EndsWith("+HELP\r\n+    Prints this help.\r\n", help);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("help", "x")]
    [InlineData("object")]
    [InlineData("object", "a", "b")]
    [InlineData("set-active-expire")]
    [InlineData("change-repl-id", "x")]
    [InlineData("jmap")]
    [InlineData("stringmatch-len", "a*", "abc")]
    public void Debug_UnknownOrWrongArity_SubcommandError(params string[] args)
    {
        Assert.Equal($"-ERR unknown subcommand or wrong number of arguments for '{args[0]}'. Try DEBUG HELP.\r\n", WithDebug().Run(["DEBUG", .. args]));
    }

    [Fact]
    public void DebugObject_Embstr_RedisFormat()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "foo", "bar");
        h.Clock.Advance(5000);
        Assert.Matches($@"^\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:4 lru:{LruClock} lru_seconds_idle:5\r\n$",
            h.Run("DEBUG", "OBJECT", "foo"));
    }

    [Theory]
    [InlineData("123", "refcount:2147483647 encoding:int serializedlength:2")]
    [InlineData("-5", "refcount:1 encoding:int serializedlength:2")]
    [InlineData("1000", "refcount:2147483647 encoding:int serializedlength:3")]
    [InlineData("100000", "refcount:1 encoding:int serializedlength:5")]
    [InlineData("12345678901", "refcount:1 encoding:int serializedlength:12")]
    [InlineData("hello world", "refcount:1 encoding:embstr serializedlength:12")]
    public void DebugObject_StringEncodings_RefcountAndLength(string value, string expected)
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "k", value);
        Assert.Contains(" " + expected + " ", h.Run("DEBUG", "OBJECT", "k"));
    }

    [Fact]
    public void DebugObject_SharedIntegersNotUsedWithLruMaxmemory()
    {
        CommandHarness h = WithDebug();
        h.Run("CONFIG", "SET", "maxmemory", "1gb", "maxmemory-policy", "allkeys-lru");
        h.Run("SET", "k", "7");
        Assert.Contains(" refcount:1 encoding:int ", h.Run("DEBUG", "OBJECT", "k"));
    }

    [Fact]
    public void DebugObject_RawString_LengthPrefix()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "k", new string('x', 100));
        Assert.Contains(" encoding:raw serializedlength:102 ", h.Run("DEBUG", "OBJECT", "k"));
    }

    [Fact]
    public void DebugObject_MissingKey_NoSuchKey()
    {
        Assert.Equal("-ERR no such key\r\n", WithDebug().Run("DEBUG", "OBJECT", "nosuch"));
    }

    [Fact]
    public void DebugObject_DoesNotTouchKey()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "k", "v");
        h.Clock.Advance(3000);
        h.Run("DEBUG", "OBJECT", "k");
        Assert.Contains("lru_seconds_idle:3", h.Run("DEBUG", "OBJECT", "k"));
        Assert.Equal("0", InfoField(h, "keyspace_hits"));
    }

    private static string InfoField(CommandHarness h, string name) =>
        h.Call("INFO", "everything").Text!.Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    [Theory]
    [InlineData("0")]
    [InlineData("0.001")]
    [InlineData("abc")]
    [InlineData("-1")]
    public void DebugSleep_ReturnsOk(string seconds)
    {
        Assert.Equal("+OK\r\n", WithDebug().Run("DEBUG", "SLEEP", seconds));
    }

    [Fact]
    public void DebugSetActiveExpire_TurnsCronExpiryOffAndOn()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "k", "v");
        h.Server.Databases[0].SetExpire("k"u8, h.Clock.UnixTimeMilliseconds + 10);
        h.Clock.Advance(100);
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
        Assert.False(h.Options.ActiveExpireEnabled);
        ServerCron.RunOnce(h.Server);
        Assert.Equal(1, h.Server.Databases[0].Count);
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
        ServerCron.RunOnce(h.Server);
        Assert.Equal(0, h.Server.Databases[0].Count);
    }

    [Fact]
    public void DebugChangeReplId_DrawsNewReplicationId()
    {
        CommandHarness h = WithDebug();
        string before = h.Server.ReplicationId;
        h.Server.ReplicationId2 = new string('a', 40);
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "CHANGE-REPL-ID"));
        Assert.NotEqual(before, h.Server.ReplicationId);
        Assert.Matches("^[0-9a-f]{40}$", h.Server.ReplicationId);
        Assert.Equal(new string('0', 40), h.Server.ReplicationId2);
    }

    [Fact]
    public void DebugStringmatchTest_Passes()
    {
        Assert.Equal("+Apparently Redis did not crash: test passed\r\n", WithDebug().Run("DEBUG", "STRINGMATCH-TEST"));
    }

    [Theory]
    [InlineData("100", 100L)]
    [InlineData("0", 1L << 30)]
    [InlineData("4293918720", 4293918720L)]
    [InlineData("1mb", 1048576L)]
    public void DebugQuicklistPackedThreshold_SetsThreshold(string size, long expected)
    {
        CommandHarness h = WithDebug();
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "QUICKLIST-PACKED-THRESHOLD", size));
        Assert.Equal(expected, h.Options.QuicklistPackedThreshold);
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("4293918721")]
    [InlineData("-1")]
    public void DebugQuicklistPackedThreshold_BadSize_Error(string size)
    {
        Assert.Equal("-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n", WithDebug().Run("DEBUG", "QUICKLIST-PACKED-THRESHOLD", size));
    }

    [Fact]
    public void DebugListpackAndQuicklist_OnString_NotThatEncoding()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "foo", "bar");
        Assert.Equal("-ERR Not a listpack encoded object.\r\n", h.Run("DEBUG", "LISTPACK", "foo"));
        Assert.Equal("-ERR Not a quicklist encoded object.\r\n", h.Run("DEBUG", "QUICKLIST", "foo"));
        Assert.Equal("-ERR no such key\r\n", h.Run("DEBUG", "LISTPACK", "nosuch"));
    }

    [Fact]
    public void DebugSdslen_Embstr_ReportsSizes()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "foo", "bar");
        h.Run("SET", "n", "123");
        Assert.Equal("+key_sds_len:3, key_sds_avail:0, key_zmalloc: 8, val_sds_len:3, val_sds_avail:0, val_zmalloc: 16\r\n", h.Run("DEBUG", "SDSLEN", "foo"));
        Assert.Equal("-ERR Not an sds encoded string.\r\n", h.Run("DEBUG", "SDSLEN", "n"));
    }

    [Theory]
    [InlineData("string", "$11\r\nHello World\r\n", "$11\r\nHello World\r\n")]
    [InlineData("integer", ":12345\r\n", ":12345\r\n")]
    [InlineData("double", "$5\r\n3.141\r\n", ",3.141\r\n")]
    [InlineData("bignum", "$37\r\n1234567999999999999999999999999999999\r\n", "(1234567999999999999999999999999999999\r\n")]
    [InlineData("null", "$-1\r\n", "_\r\n")]
    [InlineData("array", "*3\r\n:0\r\n:1\r\n:2\r\n", "*3\r\n:0\r\n:1\r\n:2\r\n")]
    [InlineData("set", "*3\r\n:0\r\n:1\r\n:2\r\n", "~3\r\n:0\r\n:1\r\n:2\r\n")]
    [InlineData("map", "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n", "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n")]
    [InlineData("attrib", "$39\r\nSome real reply following the attribute\r\n",
        "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n")]
    [InlineData("push", "-ERR RESP2 is not supported by this command\r\n",
        ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n")]
    [InlineData("verbatim", "$25\r\nThis is a verbatim\nstring\r\n", "=29\r\ntxt:This is a verbatim\nstring\r\n")]
    [InlineData("true", ":1\r\n", "#t\r\n")]
    [InlineData("FALSE", ":0\r\n", "#f\r\n")]
    [InlineData("nosuch",
        "-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n",
        "-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n")]
    public void DebugProtocol_EveryType_Resp2AndResp3(string type, string resp2, string resp3)
    {
        CommandHarness h = WithDebug();
        Assert.Equal(resp2, h.Run("DEBUG", "PROTOCOL", type));
        h.UseResp3();
        Assert.Equal(resp3, h.Run("DEBUG", "PROTOCOL", type));
    }

    [Fact]
    public void DebugError_RepliesWithTheGivenLine()
    {
        CommandHarness h = WithDebug();
        Assert.Equal("-foo bar\r\n", h.Run("DEBUG", "ERROR", "foo bar"));
        Assert.Equal("-ERR foo\r\n", h.Run("DEBUG", "ERROR", "ERR foo"));
    }

    [Fact]
    public void DebugLog_ReturnsOk()
    {
        Assert.Equal("+OK\r\n", WithDebug().Run("DEBUG", "LOG", "hello"));
    }

    [Fact]
    public void DebugPopulate_CreatesMissingKeys()
    {
        CommandHarness h = WithDebug();
        h.Run("SET", "key:1", "mine");
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "POPULATE", "3"));
        Assert.Equal("$7\r\nvalue:0\r\n", h.Run("GET", "key:0"));
        Assert.Equal("$4\r\nmine\r\n", h.Run("GET", "key:1"));
        Assert.Equal("$7\r\nvalue:2\r\n", h.Run("GET", "key:2"));
        Assert.Equal(3, h.Server.Databases[0].Count);
    }

    [Fact]
    public void DebugPopulate_PrefixAndSize_CutOrPad()
    {
        CommandHarness h = WithDebug();
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "POPULATE", "2", "pre", "5"));
        Assert.Equal("$5\r\nvalue\r\n", h.Run("GET", "pre:0"));
        Assert.Equal("+OK\r\n", h.Run("DEBUG", "POPULATE", "1", "pad", "9"));
        Assert.Equal("$9\r\nvalue:0\0\0\r\n", h.Run("GET", "pad:0"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    public void DebugPopulate_BadCount_MustBePositive(string count)
    {
        Assert.Equal("-ERR value is out of range, must be positive\r\n", WithDebug().Run("DEBUG", "POPULATE", count));
        Assert.Equal("-ERR value is out of range, must be positive\r\n", WithDebug().Run("DEBUG", "POPULATE", "1", "p", count));
    }

    [Fact]
    public void ServerCommands_Registered()
    {
        var h = new CommandHarness();
        foreach (string name in new[] { "time", "lastsave", "shutdown", "info", "debug", "config|get", "config|set", "config|resetstat",
            "config|rewrite", "config|help", "command", "command|count", "command|list", "command|info", "command|docs", "command|getkeys",
            "command|getkeysandflags", "command|help" })
        {
            Assert.True(h.Server.Commands.Find(name)!.IsImplemented, name);
        }
        Assert.Equal(string.Empty, string.Empty.ToString(CultureInfo.InvariantCulture));
    }
}
