using KvServer.Engine.Execution;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class CommandCommandsTests
{
    /// <summary>Binds a do-nothing handler, so a command KvServer does not implement yet becomes visible.</summary>
    private static CommandHarness WithCommands(params string[] names)
    {
        var h = new CommandHarness();
        foreach (string name in names)
        {
            if (h.Server.Commands.Find(name)!.Handler is null)
            {
                h.Server.Commands.Bind(name, static (_, _) => { });
            }
        }
        return h;
    }

    /// <summary>
    /// A typed rendering of a reply in which the subcommands of a container are sorted by name: Redis lists
    /// them in hash-table order, which changes from one run of redis-server to the next.
    /// </summary>
    private static string Canonical(string resp, bool docs)
    {
        RespValue reply = RespValue.Parse(resp);
        return docs ? RenderDocs(reply) : "*" + string.Concat(reply.Items!.Select(RenderInfo));
    }

    private static string Render(RespValue value) => value.Items is null
        ? $"{value.Type}{value.Text ?? value.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture)};"
        : $"{value.Type}[{string.Concat(value.Items.Select(Render))}]";

    private static string RenderInfo(RespValue info)
    {
        string head = string.Concat(info.Items!.Take(9).Select(Render));
        RespValue subcommands = info.Items![9];
        return $"[{head}{subcommands.Type}{{{string.Join("|", subcommands.Items!.Select(RenderInfo).Order(StringComparer.Ordinal))}}}]";
    }

    /// <summary>A map of command name to documentation; <paramref name="sort"/> orders it by name.</summary>
    private static string RenderDocs(RespValue map, bool sort = false)
    {
        var pairs = new List<string>();
        for (int i = 0; i < map.Items!.Count; i += 2)
        {
            pairs.Add(Render(map.Items[i]) + "=" + RenderDoc(map.Items[i + 1]));
        }
        return $"{map.Type}{{{string.Join(",", sort ? pairs.Order(StringComparer.Ordinal) : pairs)}}}";
    }

    private static string RenderDoc(RespValue doc)
    {
        var fields = new List<string>();
        for (int i = 0; i < doc.Items!.Count; i += 2)
        {
            RespValue value = doc.Items[i + 1];
            fields.Add(Render(doc.Items[i]) + "=" + (doc.Items[i].Text == "subcommands" ? RenderDocs(value, sort: true) : Render(value)));
        }
        return $"{doc.Type}{{{string.Join(",", fields)}}}";
    }

    private static string Run(CommandHarness h, bool resp3, params string[] args)
    {
        if (resp3)
        {
            h.UseResp3();
        }
        return h.Run(args);
    }

    [Theory]
    [InlineData(false, RedisReplies.GetInfoResp2)]
    [InlineData(true, RedisReplies.GetInfoResp3)]
    public void CommandInfo_Get_MatchesRedisBytes(bool resp3, string expected)
    {
        Assert.Equal(expected, Run(new CommandHarness(), resp3, "COMMAND", "INFO", "get"));
    }

    [Theory]
    [InlineData(false, RedisReplies.GetDocsResp2)]
    [InlineData(true, RedisReplies.GetDocsResp3)]
    public void CommandDocs_Get_MatchesRedisBytes(bool resp3, string expected)
    {
        Assert.Equal(expected, Run(new CommandHarness(), resp3, "COMMAND", "DOCS", "get"));
    }

    [Theory]
    [InlineData(false, RedisReplies.ConfigInfoResp2)]
    [InlineData(true, RedisReplies.ConfigInfoResp3)]
    public void CommandInfo_ConfigContainer_MatchesRedisUpToSubcommandOrder(bool resp3, string expected)
    {
        Assert.Equal(Canonical(expected, docs: false), Canonical(Run(new CommandHarness(), resp3, "COMMAND", "INFO", "config"), docs: false));
    }

    [Theory]
    [InlineData(false, RedisReplies.ConfigDocsResp2)]
    [InlineData(true, RedisReplies.ConfigDocsResp3)]
    public void CommandDocs_ConfigContainer_MatchesRedisUpToSubcommandOrder(bool resp3, string expected)
    {
        Assert.Equal(Canonical(expected, docs: true), Canonical(Run(new CommandHarness(), resp3, "COMMAND", "DOCS", "config"), docs: true));
    }

    [Theory]
    [InlineData(false, RedisReplies.CommandInfoResp2)]
    [InlineData(true, RedisReplies.CommandInfoResp3)]
    public void CommandInfo_CommandContainer_MatchesRedisUpToSubcommandOrder(bool resp3, string expected)
    {
        Assert.Equal(Canonical(expected, docs: false), Canonical(Run(new CommandHarness(), resp3, "COMMAND", "INFO", "command"), docs: false));
    }

    [Theory]
    [InlineData(false, RedisReplies.CommandDocsResp2)]
    [InlineData(true, RedisReplies.CommandDocsResp3)]
    public void CommandDocs_CommandContainer_MatchesRedisUpToSubcommandOrder(bool resp3, string expected)
    {
        Assert.Equal(Canonical(expected, docs: true), Canonical(Run(new CommandHarness(), resp3, "COMMAND", "DOCS", "command"), docs: true));
    }

    [Theory]
    [InlineData(false, RedisReplies.ConfigGetInfoResp2)]
    [InlineData(true, RedisReplies.ConfigGetInfoResp3)]
    public void CommandInfo_SubcommandByFullName_MatchesRedisBytes(bool resp3, string expected)
    {
        Assert.Equal(expected, Run(new CommandHarness(), resp3, "COMMAND", "INFO", "CONFIG|GET"));
    }

    [Theory]
    [InlineData(false, RedisReplies.KeysInfoResp2)]
    [InlineData(true, RedisReplies.KeysInfoResp3)]
    public void CommandInfo_CommandWithTipsAndKeySpecs_MatchesRedisBytes(bool resp3, string expected)
    {
        Assert.Equal(expected, Run(WithCommands("migrate"), resp3, "COMMAND", "INFO", "migrate"));
    }

    [Theory]
    [InlineData(false, RedisReplies.MigrateDocsResp2)]
    [InlineData(true, RedisReplies.MigrateDocsResp3)]
    public void CommandDocs_CommandWithHistory_MatchesRedisBytes(bool resp3, string expected)
    {
        Assert.Equal(expected, Run(WithCommands("migrate"), resp3, "COMMAND", "DOCS", "migrate"));
    }

    [Fact]
    public void CommandInfo_UnknownOrUnimplemented_ReturnsNull()
    {
        var h = new CommandHarness();
        Assert.Equal("*3\r\n$-1\r\n$-1\r\n$-1\r\n", h.Run("COMMAND", "INFO", "nosuch", "migrate", "config|nosuch"));
        h.UseResp3();
        Assert.Equal("*1\r\n_\r\n", h.Run("COMMAND", "INFO", "nosuch"));
    }

    [Fact]
    public void CommandInfo_NoNames_ReturnsEveryCommand()
    {
        var h = new CommandHarness();
        Assert.Equal(h.Run("COMMAND"), h.Run("COMMAND", "INFO"));
    }

    [Fact]
    public void Command_ListsOnlyImplementedCommands()
    {
        var h = new CommandHarness();
        RespValue all = h.Call("COMMAND");
        Assert.Equal(h.Call("COMMAND", "COUNT").Integer, all.Items!.Count);
        var names = all.Items.Select(i => i.Items![0].Text).ToList();
        Assert.Contains("get", names);
        Assert.Contains("config", names);
        Assert.DoesNotContain("migrate", names);
        Assert.DoesNotContain("config|get", names);
    }

    [Fact]
    public void CommandCount_GrowsWhenACommandIsBound()
    {
        var h = new CommandHarness();
        long before = h.Call("COMMAND", "COUNT").Integer;
        h.Server.Commands.Bind("migrate", static (_, _) => { });
        Assert.Equal(before + 1, h.Call("COMMAND", "COUNT").Integer);
    }

    [Fact]
    public void CommandCount_WithArgument_IsArityError()
    {
        Assert.Equal("-ERR wrong number of arguments for 'command|count' command\r\n", new CommandHarness().Run("COMMAND", "COUNT", "x"));
    }

    [Fact]
    public void CommandDocs_UnknownNamesSkippedDuplicatesKept()
    {
        var h = new CommandHarness();
        Assert.Equal("*0\r\n", h.Run("COMMAND", "DOCS", "nosuch"));
        RespValue docs = h.Call("COMMAND", "DOCS", "get", "nosuch", "GET");
        Assert.Equal(4, docs.Items!.Count);
        Assert.Equal("get", docs.Items[0].Text);
        Assert.Equal("get", docs.Items[2].Text);
        h.UseResp3();
        Assert.Equal("%0\r\n", h.Run("COMMAND", "DOCS", "nosuch"));
    }

    [Fact]
    public void CommandDocs_NoNames_DocumentsEveryCommand()
    {
        var h = new CommandHarness();
        RespValue docs = h.Call("COMMAND", "DOCS");
        Assert.Equal(h.Call("COMMAND", "COUNT").Integer * 2, docs.Items!.Count);
    }

    [Fact]
    public void CommandList_NoFilter_ListsCommandsAndSubcommands()
    {
        var h = new CommandHarness();
        List<string?> names = h.Call("COMMAND", "LIST").Items!.Select(i => i.Text).ToList();
        Assert.Contains("config", names);
        Assert.Contains("config|get", names);
        Assert.Contains("get", names);
        Assert.DoesNotContain("migrate", names);
        Assert.True(names.IndexOf("config") < names.IndexOf("config|get"));
    }

    [Fact]
    public void CommandList_FilterByPattern_MatchesFullNamesCaseInsensitively()
    {
        var h = new CommandHarness();
        List<string?> names = h.Call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG*").Items!.Select(i => i.Text).ToList();
        Assert.Equal("config", names[0]);
        Assert.Equal(["config", "config|get", "config|help", "config|resetstat", "config|rewrite", "config|set"], names.Order(StringComparer.Ordinal));
        Assert.Equal("*1\r\n$10\r\nconfig|get\r\n", h.Run("COMMAND", "LIST", "FILTERBY", "PATTERN", "config?get"));
    }

    [Fact]
    public void CommandList_FilterByAclCat_UsesCategoryWithoutAt()
    {
        var h = new CommandHarness();
        List<string?> names = h.Call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "string").Items!.Select(i => i.Text).ToList();
        Assert.Contains("get", names);
        Assert.DoesNotContain("ping", names);
        Assert.Equal("*0\r\n", h.Run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "@string"));
        Assert.Equal("*0\r\n", h.Run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"));
    }

    [Fact]
    public void CommandList_FilterByModule_MatchesNothing()
    {
        Assert.Equal("*0\r\n", new CommandHarness().Run("COMMAND", "LIST", "FILTERBY", "MODULE", "foo"));
    }

    [Theory]
    [InlineData("FILTERBY")]
    [InlineData("FILTERBY", "foo", "bar")]
    [InlineData("FILTERBY", "pattern", "x*", "extra")]
    [InlineData("foo")]
    public void CommandList_BadArguments_SyntaxError(params string[] extra)
    {
        Assert.Equal("-ERR syntax error\r\n", new CommandHarness().Run(["COMMAND", "LIST", .. extra]));
    }

    [Fact]
    public void CommandHelp_ReturnsRedisText()
    {
        string help = new CommandHarness().Run("COMMAND", "HELP");
        Assert.StartsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n", help);
        Assert.EndsWith("+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n", help);
    }

    [Theory]
    [InlineData("nosuch", "a")]
    [InlineData("config|get", "x")]
    [InlineData("config", "nosuch")]
    [InlineData("migrate", "h", "p", "k", "0", "5")]
    public void CommandGetkeys_UnknownCommand_InvalidCommand(params string[] command)
    {
        Assert.Equal("-ERR Invalid command specified\r\n", new CommandHarness().Run(["COMMAND", "GETKEYS", .. command]));
    }

    [Theory]
    [InlineData("config", "get")]
    [InlineData("ping", "x")]
    public void CommandGetkeys_CommandWithoutKeys_NoKeyArguments(params string[] command)
    {
        Assert.Equal("-ERR The command has no key arguments\r\n", new CommandHarness().Run(["COMMAND", "GETKEYS", .. command]));
    }

    [Fact]
    public void CommandGetkeys_WrongArity_InvalidNumberOfArguments()
    {
        Assert.Equal("-ERR Invalid number of arguments specified for command\r\n", new CommandHarness().Run("COMMAND", "GETKEYS", "get", "a", "b"));
    }

    [Fact]
    public void CommandGetkeys_TooFewArguments_ArityErrorOfGetkeys()
    {
        Assert.Equal("-ERR wrong number of arguments for 'command|getkeys' command\r\n", new CommandHarness().Run("COMMAND", "GETKEYS", "get"));
    }

    [Fact]
    public void CommandGetkeys_Get_ReturnsKey()
    {
        Assert.Equal("*1\r\n$1\r\nk\r\n", new CommandHarness().Run("COMMAND", "GETKEYS", "get", "k"));
    }

    [Theory]
    [InlineData("d a b", "zunionstore", "d", "2", "a", "b")]
    [InlineData("d a b", "zunionstore", "d", "2", "a", "b", "weights", "1", "2")]
    [InlineData(null, "zunionstore", "d", "5", "a", "b")]
    [InlineData(null, "zunionstore", "d", "-1", "a", "b")]
    [InlineData(null, "zunionstore", "d", "0", "a")]
    [InlineData("a b", "xread", "streams", "a", "b", "0", "0")]
    [InlineData("a", "xread", "streams", "a", "b", "0")]
    [InlineData(null, "xread", "count", "1", "x")]
    [InlineData("a LEFT", "lmpop", "2", "a", "LEFT")]
    [InlineData("", "eval", "s", "2", "a")]
    [InlineData("", "eval", "s", "0")]
    [InlineData("a b", "eval", "s", "2", "a", "b", "c")]
    [InlineData("k e", "sort", "k", "by", "x", "get", "y", "store", "d", "limit", "0", "1", "store", "e")]
    [InlineData("k", "sort_ro", "k", "by", "x")]
    [InlineData("a b", "migrate", "h", "p", "", "0", "5", "keys", "a", "b")]
    [InlineData("k", "migrate", "h", "p", "k", "0", "5", "auth", "x")]
    [InlineData(null, "migrate", "h", "p", "k", "0", "5", "keys", "a")]
    [InlineData("a c", "mset", "a", "b", "c", "d")]
    [InlineData("a b", "blpop", "a", "b", "0")]
    [InlineData("k d", "georadius", "k", "0", "0", "1", "km", "store", "d")]
    public void CommandGetkeys_MovableKeys_FollowsKeySpecs(string? expected, params string[] command)
    {
        CommandHarness h = WithCommands(command[0]);
        string reply = h.Run(["COMMAND", "GETKEYS", .. command]);
        if (expected is null)
        {
            Assert.Equal("-ERR Invalid arguments specified for command\r\n", reply);
            return;
        }
        string[] keys = expected.Length == 0 ? [] : expected.Split(' ');
        string bytes = $"*{keys.Length}\r\n" + string.Concat(keys.Select(k => $"${k.Length}\r\n{k}\r\n"));
        Assert.Equal(bytes, reply);
    }

    [Theory]
    [InlineData("k:OW,update", "set", "k", "v")]
    [InlineData("k:RW,access,update", "set", "k", "v", "GET")]
    [InlineData("k:RO,access", "bitfield", "k", "get", "u8", "0")]
    [InlineData("k:RW,access,update", "bitfield", "k", "get", "u8", "0", "set", "u8", "0", "1")]
    [InlineData("k:RO,access", "bitfield", "k")]
    [InlineData("k:RW,access,update", "bitfield", "k", "overflow")]
    [InlineData("d:OW,update a:RO,access b:RO,access", "zunionstore", "d", "2", "a", "b", "weights", "1", "2")]
    [InlineData("a:RW,access,delete b:RW,access,delete", "migrate", "h", "p", "", "0", "5", "keys", "a", "b")]
    [InlineData("k:RO,access e:OW,update", "sort", "k", "store", "e")]
    public void CommandGetkeysandflags_ReturnsRedisFlags(string expected, params string[] command)
    {
        CommandHarness h = WithCommands(command[0] == "get" ? [] : [command[0]]);
        RespValue reply = h.Call(["COMMAND", "GETKEYSANDFLAGS", .. command]);
        string actual = string.Join(' ', reply.Items!.Select(k => k.Items![0].Text + ":" + string.Join(',', k.Items[1].Items!.Select(f => f.Text))));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CommandGetkeysandflags_Resp3_FlagsAreASet()
    {
        CommandHarness h = WithCommands("set");
        h.UseResp3();
        Assert.Equal("*1\r\n*2\r\n$1\r\nk\r\n~3\r\n+RW\r\n+access\r\n+update\r\n", h.Run("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "get"));
    }
}

/// <summary>Replies recorded from redis-server 7.0.15 (HELLO 3 for the RESP3 ones).</summary>
internal static class RedisReplies
{
    public const string GetInfoResp2 =
        "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

    public const string GetInfoResp3 =
        "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";

    public const string GetDocsResp2 =
        "*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n";

    public const string GetDocsResp3 =
        "%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n";

    public const string ConfigInfoResp2 =
        "*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n*5\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n*10\r\n$14\r\nconfig|rewrite\r\n:2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n*10\r\n$10\r\nconfig|set\r\n:-4\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*2\r\n$24\r\nrequest_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n*10\r\n$11\r\nconfig|help\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n*0\r\n*10\r\n$16\r\nconfig|resetstat\r\n:2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n";

    public const string ConfigInfoResp3 =
        "*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n~0\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n*5\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~0\r\n~0\r\n~0\r\n*10\r\n$14\r\nconfig|rewrite\r\n:2\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~0\r\n~0\r\n~0\r\n*10\r\n$10\r\nconfig|set\r\n:-4\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~2\r\n$24\r\nrequest_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n~0\r\n~0\r\n*10\r\n$11\r\nconfig|help\r\n:2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n~0\r\n*10\r\n$16\r\nconfig|resetstat\r\n:2\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~0\r\n~0\r\n~0\r\n";

    public const string ConfigDocsResp2 =
        "*2\r\n$6\r\nconfig\r\n*10\r\n$7\r\nsummary\r\n$45\r\nA container for server configuration commands\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$22\r\nDepends on subcommand.\r\n$11\r\nsubcommands\r\n*10\r\n$10\r\nconfig|get\r\n*12\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n*1\r\n*2\r\n$5\r\n7.0.0\r\n$65\r\nAdded the ability to pass multiple pattern parameters in one call\r\n$9\r\narguments\r\n*1\r\n*8\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n$14\r\nconfig|rewrite\r\n*8\r\n$7\r\nsummary\r\n$63\r\nRewrite the configuration file with the in memory configuration\r\n$5\r\nsince\r\n$5\r\n2.8.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$10\r\nconfig|set\r\n*12\r\n$7\r\nsummary\r\n$48\r\nSet configuration parameters to the given values\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n*1\r\n*2\r\n$5\r\n7.0.0\r\n$57\r\nAdded the ability to set multiple parameters in one call.\r\n$9\r\narguments\r\n*1\r\n*8\r\n$4\r\nname\r\n$15\r\nparameter_value\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n$9\r\narguments\r\n*2\r\n*4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n*4\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\nstring\r\n$11\r\nconfig|help\r\n*8\r\n$7\r\nsummary\r\n$49\r\nShow helpful text about the different subcommands\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$16\r\nconfig|resetstat\r\n*8\r\n$7\r\nsummary\r\n$32\r\nReset the stats returned by INFO\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n";

    public const string ConfigDocsResp3 =
        "%1\r\n$6\r\nconfig\r\n%5\r\n$7\r\nsummary\r\n$45\r\nA container for server configuration commands\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$22\r\nDepends on subcommand.\r\n$11\r\nsubcommands\r\n%5\r\n$10\r\nconfig|get\r\n%6\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$65\r\nAdded the ability to pass multiple pattern parameters in one call\r\n$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n$9\r\narguments\r\n*1\r\n%2\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n$14\r\nconfig|rewrite\r\n%4\r\n$7\r\nsummary\r\n$63\r\nRewrite the configuration file with the in memory configuration\r\n$5\r\nsince\r\n$5\r\n2.8.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$10\r\nconfig|set\r\n%6\r\n$7\r\nsummary\r\n$48\r\nSet configuration parameters to the given values\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$57\r\nAdded the ability to set multiple parameters in one call.\r\n$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n$15\r\nparameter_value\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n$9\r\narguments\r\n*2\r\n%2\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\nstring\r\n$11\r\nconfig|help\r\n%4\r\n$7\r\nsummary\r\n$49\r\nShow helpful text about the different subcommands\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$16\r\nconfig|resetstat\r\n%4\r\n$7\r\nsummary\r\n$32\r\nReset the stats returned by INFO\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n";

    public const string CommandInfoResp2 =
        "*1\r\n*10\r\n$7\r\ncommand\r\n:-1\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*7\r\n*10\r\n$13\r\ncommand|count\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n*10\r\n$23\r\ncommand|getkeysandflags\r\n:-4\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n*10\r\n$12\r\ncommand|list\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n*10\r\n$15\r\ncommand|getkeys\r\n:-4\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n*10\r\n$12\r\ncommand|docs\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n*10\r\n$12\r\ncommand|info\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n*10\r\n$12\r\ncommand|help\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n";

    public const string CommandInfoResp3 =
        "*1\r\n*10\r\n$7\r\ncommand\r\n:-1\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~0\r\n*7\r\n*10\r\n$13\r\ncommand|count\r\n:2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n*10\r\n$23\r\ncommand|getkeysandflags\r\n:-4\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n*10\r\n$12\r\ncommand|list\r\n:-2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~0\r\n~0\r\n*10\r\n$15\r\ncommand|getkeys\r\n:-4\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n*10\r\n$12\r\ncommand|docs\r\n:-2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~0\r\n~0\r\n*10\r\n$12\r\ncommand|info\r\n:-2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~0\r\n~0\r\n*10\r\n$12\r\ncommand|help\r\n:2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n";

    public const string CommandDocsResp2 =
        "*2\r\n$7\r\ncommand\r\n*10\r\n$7\r\nsummary\r\n$34\r\nGet array of Redis command details\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$50\r\nO(N) where N is the total number of Redis commands\r\n$11\r\nsubcommands\r\n*14\r\n$13\r\ncommand|count\r\n*8\r\n$7\r\nsummary\r\n$34\r\nGet total number of Redis commands\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$23\r\ncommand|getkeysandflags\r\n*8\r\n$7\r\nsummary\r\n$56\r\nExtract keys and access flags given a full Redis command\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$54\r\nO(N) where N is the number of arguments to the command\r\n$12\r\ncommand|list\r\n*10\r\n$7\r\nsummary\r\n$35\r\nGet an array of Redis command names\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$50\r\nO(N) where N is the total number of Redis commands\r\n$9\r\narguments\r\n*1\r\n*10\r\n$4\r\nname\r\n$8\r\nfilterby\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\ntoken\r\n$8\r\nFILTERBY\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*3\r\n*6\r\n$4\r\nname\r\n$11\r\nmodule-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$6\r\nMODULE\r\n*6\r\n$4\r\nname\r\n$8\r\ncategory\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$6\r\nACLCAT\r\n*6\r\n$4\r\nname\r\n$7\r\npattern\r\n$4\r\ntype\r\n$7\r\npattern\r\n$5\r\ntoken\r\n$7\r\nPATTERN\r\n$15\r\ncommand|getkeys\r\n*8\r\n$7\r\nsummary\r\n$39\r\nExtract keys given a full Redis command\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$54\r\nO(N) where N is the number of arguments to the command\r\n$12\r\ncommand|docs\r\n*10\r\n$7\r\nsummary\r\n$49\r\nGet array of specific Redis command documentation\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$49\r\nO(N) where N is the number of commands to look up\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$12\r\ncommand-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n*2\r\n+optional\r\n+multiple\r\n$12\r\ncommand|info\r\n*12\r\n$7\r\nsummary\r\n$78\r\nGet array of specific Redis command details, or all when no argument is given.\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$49\r\nO(N) where N is the number of commands to look up\r\n$7\r\nhistory\r\n*1\r\n*2\r\n$5\r\n7.0.0\r\n$66\r\nAllowed to be called with no argument to get info on all commands.\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$12\r\ncommand-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n*2\r\n+optional\r\n+multiple\r\n$12\r\ncommand|help\r\n*8\r\n$7\r\nsummary\r\n$49\r\nShow helpful text about the different subcommands\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n";

    public const string CommandDocsResp3 =
        "%1\r\n$7\r\ncommand\r\n%5\r\n$7\r\nsummary\r\n$34\r\nGet array of Redis command details\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$50\r\nO(N) where N is the total number of Redis commands\r\n$11\r\nsubcommands\r\n%7\r\n$13\r\ncommand|count\r\n%4\r\n$7\r\nsummary\r\n$34\r\nGet total number of Redis commands\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$23\r\ncommand|getkeysandflags\r\n%4\r\n$7\r\nsummary\r\n$56\r\nExtract keys and access flags given a full Redis command\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$54\r\nO(N) where N is the number of arguments to the command\r\n$12\r\ncommand|list\r\n%5\r\n$7\r\nsummary\r\n$35\r\nGet an array of Redis command names\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$50\r\nO(N) where N is the total number of Redis commands\r\n$9\r\narguments\r\n*1\r\n%5\r\n$4\r\nname\r\n$8\r\nfilterby\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\ntoken\r\n$8\r\nFILTERBY\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*3\r\n%3\r\n$4\r\nname\r\n$11\r\nmodule-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$6\r\nMODULE\r\n%3\r\n$4\r\nname\r\n$8\r\ncategory\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$6\r\nACLCAT\r\n%3\r\n$4\r\nname\r\n$7\r\npattern\r\n$4\r\ntype\r\n$7\r\npattern\r\n$5\r\ntoken\r\n$7\r\nPATTERN\r\n$15\r\ncommand|getkeys\r\n%4\r\n$7\r\nsummary\r\n$39\r\nExtract keys given a full Redis command\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$54\r\nO(N) where N is the number of arguments to the command\r\n$12\r\ncommand|docs\r\n%5\r\n$7\r\nsummary\r\n$49\r\nGet array of specific Redis command documentation\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$49\r\nO(N) where N is the number of commands to look up\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$12\r\ncommand-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n$12\r\ncommand|info\r\n%6\r\n$7\r\nsummary\r\n$78\r\nGet array of specific Redis command details, or all when no argument is given.\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$49\r\nO(N) where N is the number of commands to look up\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$66\r\nAllowed to be called with no argument to get info on all commands.\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$12\r\ncommand-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n$12\r\ncommand|help\r\n%4\r\n$7\r\nsummary\r\n$49\r\nShow helpful text about the different subcommands\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n";

    public const string ConfigGetInfoResp2 =
        "*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n";

    public const string ConfigGetInfoResp3 =
        "*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~0\r\n~0\r\n~0\r\n";

    public const string KeysInfoResp2 =
        "*1\r\n*10\r\n$7\r\nmigrate\r\n:-6\r\n*2\r\n+write\r\n+movablekeys\r\n:3\r\n:3\r\n:1\r\n*4\r\n+@keyspace\r\n+@write\r\n+@slow\r\n+@dangerous\r\n*1\r\n$23\r\nnondeterministic_output\r\n*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:3\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*4\r\n+RW\r\n+access\r\n+delete\r\n+incomplete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n*4\r\n$7\r\nkeyword\r\n$4\r\nKEYS\r\n$9\r\nstartfrom\r\n:-2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

    public const string KeysInfoResp3 =
        "*1\r\n*10\r\n$7\r\nmigrate\r\n:-6\r\n~2\r\n+write\r\n+movablekeys\r\n:3\r\n:3\r\n:1\r\n~4\r\n+@keyspace\r\n+@write\r\n+@slow\r\n+@dangerous\r\n~1\r\n$23\r\nnondeterministic_output\r\n~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:3\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~4\r\n+RW\r\n+access\r\n+delete\r\n+incomplete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n%2\r\n$7\r\nkeyword\r\n$4\r\nKEYS\r\n$9\r\nstartfrom\r\n:-2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";

    public const string MigrateDocsResp2 =
        "*2\r\n$7\r\nmigrate\r\n*12\r\n$7\r\nsummary\r\n$63\r\nAtomically transfer a key from a Redis instance to another one.\r\n$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$223\r\nThis command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.\r\n$7\r\nhistory\r\n*4\r\n*2\r\n$5\r\n3.0.0\r\n$39\r\nAdded the `COPY` and `REPLACE` options.\r\n*2\r\n$5\r\n3.0.6\r\n$24\r\nAdded the `KEYS` option.\r\n*2\r\n$5\r\n4.0.7\r\n$24\r\nAdded the `AUTH` option.\r\n*2\r\n$5\r\n6.0.0\r\n$25\r\nAdded the `AUTH2` option.\r\n$9\r\narguments\r\n*9\r\n*4\r\n$4\r\nname\r\n$4\r\nhost\r\n$4\r\ntype\r\n$6\r\nstring\r\n*4\r\n$4\r\nname\r\n$4\r\nport\r\n$4\r\ntype\r\n$7\r\ninteger\r\n*6\r\n$4\r\nname\r\n$19\r\nkey_or_empty_string\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n*6\r\n$4\r\nname\r\n$12\r\nempty_string\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$0\r\n\r\n*4\r\n$4\r\nname\r\n$14\r\ndestination-db\r\n$4\r\ntype\r\n$7\r\ninteger\r\n*4\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$7\r\ninteger\r\n*10\r\n$4\r\nname\r\n$4\r\ncopy\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nCOPY\r\n$5\r\nsince\r\n$5\r\n3.0.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n*10\r\n$4\r\nname\r\n$7\r\nreplace\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nREPLACE\r\n$5\r\nsince\r\n$5\r\n3.0.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n*8\r\n$4\r\nname\r\n$14\r\nauthentication\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n*10\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$4\r\nAUTH\r\n$5\r\nsince\r\n$5\r\n4.0.7\r\n$5\r\nflags\r\n*1\r\n+optional\r\n*12\r\n$4\r\nname\r\n$17\r\nusername_password\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$5\r\nAUTH2\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n*4\r\n$4\r\nname\r\n$8\r\nusername\r\n$4\r\ntype\r\n$6\r\nstring\r\n*4\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n*12\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\ntoken\r\n$4\r\nKEYS\r\n$5\r\nsince\r\n$5\r\n3.0.6\r\n$5\r\nflags\r\n*2\r\n+optional\r\n+multiple\r\n";

    public const string MigrateDocsResp3 =
        "%1\r\n$7\r\nmigrate\r\n%6\r\n$7\r\nsummary\r\n$63\r\nAtomically transfer a key from a Redis instance to another one.\r\n$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$223\r\nThis command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.\r\n$7\r\nhistory\r\n~4\r\n*2\r\n$5\r\n3.0.0\r\n$39\r\nAdded the `COPY` and `REPLACE` options.\r\n*2\r\n$5\r\n3.0.6\r\n$24\r\nAdded the `KEYS` option.\r\n*2\r\n$5\r\n4.0.7\r\n$24\r\nAdded the `AUTH` option.\r\n*2\r\n$5\r\n6.0.0\r\n$25\r\nAdded the `AUTH2` option.\r\n$9\r\narguments\r\n*9\r\n%2\r\n$4\r\nname\r\n$4\r\nhost\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$4\r\nport\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%3\r\n$4\r\nname\r\n$19\r\nkey_or_empty_string\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$12\r\nempty_string\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$0\r\n\r\n%2\r\n$4\r\nname\r\n$14\r\ndestination-db\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%5\r\n$4\r\nname\r\n$4\r\ncopy\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nCOPY\r\n$5\r\nsince\r\n$5\r\n3.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%5\r\n$4\r\nname\r\n$7\r\nreplace\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nREPLACE\r\n$5\r\nsince\r\n$5\r\n3.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$14\r\nauthentication\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%5\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$4\r\nAUTH\r\n$5\r\nsince\r\n$5\r\n4.0.7\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%6\r\n$4\r\nname\r\n$17\r\nusername_password\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$5\r\nAUTH2\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%2\r\n$4\r\nname\r\n$8\r\nusername\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n%6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\ntoken\r\n$4\r\nKEYS\r\n$5\r\nsince\r\n$5\r\n3.0.6\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n";
}
