using KvServer.Engine.Configuration;

namespace KvServer.Tests.Configuration;

public class ConfigFileParserTests
{
    private static ConfigRegistry NewRegistry() => new(new ServerOptions());

    private static string Fatal(int line, string text, string reason) =>
        $"\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line {line}\n>>> '{text}'\n{reason}";

    private static string LoadError(string config)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => ConfigFileParser.Apply(NewRegistry(), config));
        return error.Message;
    }

    [Theory]
    [InlineData("port 7599\nfoo bar\n", 2, "foo bar", "Bad directive or wrong number of arguments")]
    [InlineData("port\n", 1, "port", "wrong number of arguments")]
    [InlineData("port 1 2\n", 1, "port 1 2", "wrong number of arguments")]
    [InlineData("port abc\n", 1, "port abc", "argument couldn't be parsed into an integer")]
    [InlineData("port 70000\n", 1, "port 70000", "argument must be between 0 and 65535 inclusive")]
    [InlineData("maxmemory 1x\n", 1, "maxmemory 1x", "argument must be a memory value")]
    [InlineData("loglevel foo\n", 1, "loglevel foo", "argument(s) must be one of the following: debug, verbose, notice, warning")]
    [InlineData("save 1\n", 1, "save 1", "Invalid save parameters")]
    [InlineData("save a b\n", 1, "save a b", "Invalid save parameters")]
    [InlineData("dir /nonexistent-kvserver\n", 1, "dir /nonexistent-kvserver", "No such file or directory")]
    [InlineData("daemonize maybe\n", 1, "daemonize maybe", "argument must be 'yes' or 'no'")]
    [InlineData("replicaof a\n", 1, "replicaof a", "wrong number of arguments")]
    [InlineData("replicaof a b\n", 1, "replicaof a b", "Invalid master port")]
    [InlineData("client-output-buffer-limit normal 0 0\n", 1, "client-output-buffer-limit normal 0 0", "Wrong number of arguments in buffer limit configuration.")]
    [InlineData("notify-keyspace-events Q\n", 1, "notify-keyspace-events Q", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")]
    [InlineData("oom-score-adj-values 1 2\n", 1, "oom-score-adj-values 1 2", "wrong number of arguments")]
    [InlineData("enable-debug-command yes no\n", 1, "enable-debug-command yes no", "wrong number of arguments")]
    [InlineData("port \"7599\n", 1, "port \"7599", "Unbalanced quotes in configuration line")]
    [InlineData("rename-command foo bar\n", 1, "rename-command foo bar", "No such command in rename-command")]
    [InlineData("rename-command get\n", 1, "rename-command get", "Bad directive or wrong number of arguments")]
    [InlineData("loadmodule\n", 1, "loadmodule", "Bad directive or wrong number of arguments")]
    [InlineData("sentinel foo\n", 1, "sentinel foo", "sentinel directive while not in sentinel mode")]
    [InlineData("a.b\n", 1, "a.b", "Module config specified without value")]
    [InlineData("maxmemory-clients -5\n", 1, "maxmemory-clients -5", "argument must be a memory or percent value")]
    [InlineData("maxmemory-clients 200%\n", 1, "maxmemory-clients 200%", "percentage argument must be less or equal to 100")]
    [InlineData("unixsocketperm 999\n", 1, "unixsocketperm 999", "argument couldn't be parsed as an octal number")]
    [InlineData("list-max-ziplist-entries 1 2\n", 1, "list-max-ziplist-entries 1 2", "Bad directive or wrong number of arguments")]
    [InlineData("user\n", 1, "user", "Bad directive or wrong number of arguments")]
    [InlineData("   # comment\n\n  port 1 \n\tfoo\n", 4, "foo", "Bad directive or wrong number of arguments")]
    [InlineData("requirepass\n", 1, "requirepass", "wrong number of arguments")]
    [InlineData("maxmemory -1\n", 1, "maxmemory -1", "argument must be a memory value")]
    public void Apply_BadLine_FailsWithRedisMessage(string config, int line, string text, string reason)
    {
        Assert.Equal(Fatal(line, text, reason), LoadError(config));
    }

    [Fact]
    public void Apply_BadLine_AppliesNothing()
    {
        var options = new ServerOptions();
        var registry = new ConfigRegistry(options);
        Assert.Throws<ConfigException>(() => ConfigFileParser.Apply(registry, "maxmemory 10mb\nport abc\n"));
        Assert.Equal("0", registry.GetValue("maxmemory"));
        Assert.Equal(0, options.MaxMemory);
    }

    [Fact]
    public void Apply_LogFileInMissingDirectory_FailsWithoutLine()
    {
        Assert.Equal("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory",
            LoadError("logfile /nonexistent-kvserver/x.log\n"));
    }

    [Theory]
    [InlineData("save 100 1\nsave 200 2\n", "100 1 200 2")]
    [InlineData("save ''\nsave 100 1\n", "100 1")]
    [InlineData("save 100 1\nsave ''\n", "")]
    [InlineData("port 1\n", "3600 1 300 100 60 10000")]
    [InlineData("save 100 1 200 2\nsave 300 3\n", "100 1 200 2 300 3")]
    [InlineData("save\n", "")]
    [InlineData("save 100 1\nsave\n", "100 1")]
    [InlineData("save \"100 1 200 2\"\n", "100 1 200 2")]
    public void Apply_SaveLines_AccumulateAsRedis(string config, string expected)
    {
        ConfigRegistry registry = NewRegistry();
        ConfigFileParser.Apply(registry, config);
        Assert.Equal(expected, registry.GetValue("save"));
    }

    [Theory]
    [InlineData("hz 1000\n", "hz", "500")]
    [InlineData("notify-keyspace-events KEA\n", "notify-keyspace-events", "AKE")]
    [InlineData("unixsocketperm 0700\n", "unixsocketperm", "700")]
    [InlineData("latency-tracking-info-percentiles\n", "latency-tracking-info-percentiles", "")]
    [InlineData("client-output-buffer-limit\n", "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")]
    [InlineData("client-output-buffer-limit replica 1mb 2mb 3\nclient-output-buffer-limit normal 1 2 3\n", "client-output-buffer-limit",
        "normal 1 2 3 slave 1048576 2097152 3 pubsub 33554432 8388608 60")]
    [InlineData("maxmemory-clients 10%\n", "maxmemory-clients", "10%")]
    [InlineData("bind 127.0.0.1 ::1\nbind 1.2.3.4\n", "bind", "1.2.3.4")]
    [InlineData("BIND 127.0.0.1\n", "bind", "127.0.0.1")]
    [InlineData("slaveof host 6380\n", "replicaof", "host 6380")]
    [InlineData("requirepass \"a b\\x41\"\n", "requirepass", "a bA")]
    [InlineData("list-max-ziplist-entries 1\nlua-replicate-commands yes\n", "port", "6379")]
    [InlineData("kvserver-executor thread\n", "kvserver-executor", "thread")]
    [InlineData("kvserver-event-loop-poll-us -1\n", "kvserver-event-loop-poll-us", "-1")]
    public void Apply_ValidLines_SetValues(string config, string name, string expected)
    {
        ConfigRegistry registry = NewRegistry();
        ConfigFileParser.Apply(registry, config);
        Assert.Equal(expected, registry.GetValue(name));
    }

    [Fact]
    public void Apply_FileOnlyDirectives_AreRecorded()
    {
        ConfigRegistry registry = NewRegistry();
        ConfigFileParser.Apply(registry, "user alice on >pw ~* +@all\nrename-command flushall \"\"\nloadmodule /x.so a\nmy.param 1\nsentinel\n");
        Assert.Equal(["alice", "on", ">pw", "~*", "+@all"], Assert.Single(registry.UserDirectives));
        Assert.Equal(("flushall", ""), Assert.Single(registry.RenamedCommands));
        Assert.Equal(["/x.so", "a"], Assert.Single(registry.ModuleDirectives));
    }

    [Fact]
    public void Apply_ReplicaOfInClusterMode_Fails()
    {
        Assert.Equal("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nreplicaof directive not allowed in cluster mode",
            LoadError("cluster-enabled yes\nreplicaof h 1\n"));
    }

    [Fact]
    public void Load_CommandLineAfterFile_CountsLinesLikeRedis()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "port 0\n");
            ConfigException error = Assert.Throws<ConfigException>(() => ConfigFileParser.Load(NewRegistry(), path, ["--port", "abc"]));
            Assert.Equal(Fatal(3, "port \"abc\"", "argument couldn't be parsed into an integer"), error.Message);
            File.WriteAllText(path, "port 0");
            error = Assert.Throws<ConfigException>(() => ConfigFileParser.Load(NewRegistry(), path, ["--maxmemory", "1", "--port", "a b"]));
            Assert.Equal(Fatal(3, "port \"a b\"", "argument couldn't be parsed into an integer"), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "--port", "0", "--save", "--loglevel", "foo" }, 4, "loglevel \"foo\"")]
    [InlineData(new[] { "--port", "0", "--loglevel" }, 3, "loglevel")]
    [InlineData(new[] { "--port", "0", "--bind", "1.2.3.4", "5.6.7.8", "--loglevel", "x" }, 4, "loglevel \"x\"")]
    [InlineData(new[] { "--port", "0", "--loglevel x" }, 3, "loglevel x")]
    public void Load_CommandLineOnly_ReportsRedisLine(string[] args, int line, string text)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => ConfigFileParser.Load(NewRegistry(), null, args));
        string reason = text == "loglevel" ? "wrong number of arguments" : "argument(s) must be one of the following: debug, verbose, notice, warning";
        Assert.Equal(Fatal(line, text, reason), error.Message);
    }

    [Fact]
    public void Load_TrailingBareSave_DisablesSaving()
    {
        ConfigRegistry registry = NewRegistry();
        ConfigFileParser.Load(registry, null, ["--port", "0", "--save"]);
        Assert.Equal("", registry.GetValue("save"));
        registry = NewRegistry();
        ConfigFileParser.Load(registry, null, ["--save", "--port", "7"]);
        Assert.Equal("", registry.GetValue("save"));
        Assert.Equal("7", registry.GetValue("port"));
    }

    [Fact]
    public void Load_MissingFile_FailsLikeRedis()
    {
        ConfigException error = Assert.Throws<ConfigException>(() => ConfigFileParser.Load(NewRegistry(), "/nonexistent-kvserver.conf", []));
        Assert.Equal("Fatal error, can't open config file '/nonexistent-kvserver.conf': No such file or directory", error.Message);
    }

    [Fact]
    public void Apply_Include_NumbersLinesPerFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "maxmemory 1mb\n\nhz abc\n");
            Assert.Equal(Fatal(3, "hz abc", "argument couldn't be parsed into an integer"), LoadError($"port 1\ninclude {path}\n"));
            File.WriteAllText(path, "maxmemory 1mb\n");
            ConfigRegistry registry = NewRegistry();
            ConfigFileParser.Apply(registry, $"include {path}\nport 5\n");
            Assert.Equal("1048576", registry.GetValue("maxmemory"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
