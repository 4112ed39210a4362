using System.Text;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Cli;

/// <summary>
/// redis-cli, the reference client, against KvServer: plain commands, repeat and database options, the
/// keyspace tools (--scan, --bigkeys, --memkeys), --stat and --pipe. Each test gets a fresh server, so the
/// keyspace tools see only the keys it created.
/// </summary>
public sealed class RedisCliTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new();

    private int Port => _server.Port;

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private RedisCli.Result Cli(params string[] args)
    {
        RedisCli.Result result = RedisCli.Run(Port, args);
        Assert.True(result.ExitCode == 0, $"redis-cli {string.Join(' ', args)} exited with {result.ExitCode}: {result.Output}{result.Error}");
        return result;
    }

    private void Call(params string[] args)
    {
        using var client = new RespClient(Port);
        RespReply reply = client.Call(args);
        Assert.False(reply.IsError, $"{string.Join(' ', args)}: {reply}");
    }

    [RequiresFact("ping", "echo", Tool = Executables.RedisCli)]
    public void PingAndEcho_PrintRawReplies()
    {
        Assert.Equal("PONG\n", Cli("PING").Output);
        Assert.Equal("hello world\n", Cli("ECHO", "hello world").Output);
    }

    [RequiresFact("set", "get", Tool = Executables.RedisCli)]
    public void SetThenGet_PrintsValue_AndNoRawQuotesIt()
    {
        Assert.Equal("OK\n", Cli("SET", "cli:k", "some value").Output);
        Assert.Equal("some value\n", Cli("GET", "cli:k").Output);
        Assert.Equal("\"some value\"\n", Cli("--no-raw", "GET", "cli:k").Output);
        Assert.Equal("(nil)\n", Cli("--no-raw", "GET", "cli:missing").Output);
    }

    [RequiresFact("set", "get", Tool = Executables.RedisCli)]
    public void ValueFromStdin_WithX_IsStoredVerbatim()
    {
        RedisCli.Result result = RedisCli.Run(Port, ["-x", "SET", "cli:stdin"], Encoding.Latin1.GetBytes("line1\nline2\n"));

        Assert.Equal(0, result.ExitCode);
        using var client = new RespClient(Port);
        Assert.Equal("line1\nline2\n", client.Call("GET", "cli:stdin").Text);
    }

    [RequiresFact("set", "get", "echo", Tool = Executables.RedisCli)]
    public void Pipe_OfThousandSets_ReportsNoErrors()
    {
        var input = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            string key = "pipe:" + i;
            input.Append($"*3\r\n$3\r\nSET\r\n${key.Length}\r\n{key}\r\n$1\r\nv\r\n");
        }

        RedisCli.Result result = RedisCli.Run(Port, ["--pipe"], Encoding.ASCII.GetBytes(input.ToString()));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("errors: 0, replies: 1000", result.Output + result.Error);
        using var client = new RespClient(Port);
        Assert.Equal("v", client.Call("GET", "pipe:999").Text);
    }

    [RequiresFact("set", "scan", Tool = Executables.RedisCli)]
    public void Scan_WithPattern_ListsOnlyMatchingKeys()
    {
        for (int i = 0; i < 30; i++)
        {
            Call("SET", "user:" + i, "u");
            Call("SET", "order:" + i, "o");
        }

        string[] keys = Cli("--scan", "--pattern", "user:*").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(30, keys.Length);
        Assert.All(keys, k => Assert.StartsWith("user:", k));
        Assert.Equal(30, new HashSet<string>(keys).Count);
    }

    [RequiresFact("incr", Tool = Executables.RedisCli)]
    public void Repeat_Incr_PrintsEachReply()
    {
        Assert.Equal("1\n2\n3\n4\n5\n", Cli("-r", "5", "INCR", "x").Output);
    }

    [RequiresFact("select", "set", "get", Tool = Executables.RedisCli)]
    public void DatabaseOption_SetsInThatDatabase()
    {
        Assert.Equal("OK\n", Cli("-n", "3", "SET", "a", "b").Output);

        using var client = new RespClient(Port);
        Assert.True(client.Call("GET", "a").Length < 0);
        Assert.Equal("OK", client.Call("SELECT", "3").Text);
        Assert.Equal("b", client.Call("GET", "a").Text);
    }

    [RequiresFact("info", Tool = Executables.RedisCli)]
    public void Info_PrintsSectionsWithRedisVersion()
    {
        string output = Cli("info").Output;

        Assert.Contains("# Server", output);
        Assert.Contains("redis_version:", output);
        Assert.Contains("# Keyspace", output);
    }

    [RequiresFact("set", "dbsize", "scan", "type", "strlen", Tool = Executables.RedisCli)]
    public void Bigkeys_OnStrings_PrintsSummary()
    {
        Call("SET", "big:short", "x");
        Call("SET", "big:long", new string('x', 1000));

        string output = Cli("--bigkeys").Output;

        Assert.Contains("-------- summary -------", output);
        Assert.Contains("Sampled 2 keys in the keyspace!", output);
        Assert.Contains("Biggest string found '\"big:long\"' has 1000 bytes", output);
    }

    [RequiresFact("set", "rpush", "hset", "sadd", "zadd", "dbsize", "scan", "type", "strlen", "llen", "hlen", "scard", "zcard",
        Tool = Executables.RedisCli)]
    public void Bigkeys_OnEveryType_CountsEachType()
    {
        Call("SET", "t:string", "abc");
        Call("RPUSH", "t:list", "a", "b", "c", "d");
        Call("HSET", "t:hash", "f1", "v", "f2", "v");
        Call("SADD", "t:set", "a", "b", "c");
        Call("ZADD", "t:zset", "1", "a");

        string output = Cli("--bigkeys").Output;

        Assert.Contains("Sampled 5 keys in the keyspace!", output);
        Assert.Contains("1 lists with 4 items", output);
        Assert.Contains("1 hashs with 2 fields", output);
        Assert.Contains("1 strings with 3 bytes", output);
        Assert.Contains("1 sets with 3 members", output);
        Assert.Contains("1 zsets with 1 members", output);
    }

    [RequiresFact("set", "dbsize", "scan", "type", "memory|usage", Tool = Executables.RedisCli)]
    public void Memkeys_OnStrings_PrintsSummary()
    {
        Call("SET", "mem:a", "x");
        Call("SET", "mem:b", new string('y', 5000));

        string output = Cli("--memkeys").Output;

        Assert.Contains("-------- summary -------", output);
        Assert.Contains("Sampled 2 keys in the keyspace!", output);
        Assert.Contains("Biggest string found '\"mem:b\"' has", output);
    }

    [RequiresFact("info", Tool = Executables.RedisCli)]
    public void Stat_PrintsHeaderAndSamples_UntilKilled()
    {
        List<string> lines = RedisCli.FirstLines(Port, ["--stat", "-i", "0.1"], 5);

        Assert.Equal(5, lines.Count);
        Assert.Contains("data", lines[0]);
        Assert.Contains("keys", lines[1]);
        Assert.Contains("clients", lines[1]);
        for (int i = 2; i < lines.Count; i++)
        {
            Assert.Matches(@"^\d+\s+\S+\s+\d+\s+\d+\s+\d+ \(\+\d+\)\s+\d+", lines[i]);
        }
    }
}
