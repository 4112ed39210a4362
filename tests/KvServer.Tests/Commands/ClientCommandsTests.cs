using System.Text;
using KvServer.Engine.Commands;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>CLIENT subcommands, CLIENT REPLY handling in the dispatcher and CLIENT PAUSE holding; replies checked against Redis 7.0.15.</summary>
public class ClientCommandsTests
{
    private static readonly string[] ClientListFields =
    [
        "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi", "qbuf",
        "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user",
        "redir", "resp",
    ];

    /// <summary>A transport that records CLIENT KILL / timeout closes.</summary>
    private sealed class FakeTransport(string remote, string local) : IClientTransport
    {
        public string RemoteAddress { get; } = remote;

        public string LocalAddress { get; } = local;

        public long Descriptor => 42;

        public bool Closed { get; private set; }

        public void Close() => Closed = true;

        public void Kill() => Closed = true;

        public bool IsPeerClosed() => Closed;
    }

    private static (ClientSession Client, FakeTransport Transport) Connect(CommandHarness h, string remote = "10.0.0.1:5000", string local = "127.0.0.1:6379")
    {
        var transport = new FakeTransport(remote, local);
        var client = new ClientSession(h.Server.Clients.NextId(), h.Server, transport);
        h.Server.Clients.Add(client);
        return (client, transport);
    }

    /// <summary>Splits a CLIENT LIST line into its fields, in order.</summary>
    private static List<KeyValuePair<string, string>> Fields(string line)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (string part in line.TrimEnd('\n').Split(' '))
        {
            int eq = part.IndexOf('=');
            fields.Add(new(part[..eq], part[(eq + 1)..]));
        }
        return fields;
    }

    private static Dictionary<string, string> FieldMap(string line)
    {
        var map = new Dictionary<string, string>();
        foreach (KeyValuePair<string, string> field in Fields(line))
        {
            map[field.Key] = field.Value;
        }
        return map;
    }

    /// <summary>The lines of a CLIENT LIST reply (RESP2 bulk).</summary>
    private static string[] ListLines(CommandHarness h, params string[] args)
    {
        RespValue reply = h.Call(args);
        Assert.Equal('$', reply.Type);
        return reply.Text!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static RequestBatch Parse(string request, out byte[] input)
    {
        input = Encoding.Latin1.GetBytes(request);
        var batch = new RequestBatch();
        RespRequestParser.Parse(input, batch, new ParserLimits { MaxBulkLength = 512L * 1024 * 1024 }, out _, out _, out _);
        return batch;
    }

    private static string TakeReplies(ClientSession client)
    {
        string text = Encoding.Latin1.GetString(client.Reply.WrittenSpan);
        client.Reply.Reset();
        return text;
    }

    // CLIENT ID / SETNAME / GETNAME

    [Fact]
    public void ClientId_ReturnsCallersId()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        Assert.Equal($":{h.Client.Id}\r\n", h.Run("CLIENT", "ID"));
        Assert.Equal($":{other.Id}\r\n", h.RunAs(other, "client", "id"));
        Assert.NotEqual(h.Client.Id, other.Id);
    }

    [Fact]
    public void ClientId_WithArgument_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'client|id' command\r\n", h.Run("CLIENT", "ID", "x"));
    }

    [Fact]
    public void ClientGetname_WithoutName_ReturnsNullInBothProtocols()
    {
        var h = new CommandHarness();
        Assert.Equal("$-1\r\n", h.Run("CLIENT", "GETNAME"));
        h.UseResp3();
        Assert.Equal("_\r\n", h.Run("CLIENT", "GETNAME"));
    }

    [Fact]
    public void ClientSetname_ThenGetname_ReturnsName()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "SETNAME", "conn-1"));
        Assert.Equal("$6\r\nconn-1\r\n", h.Run("CLIENT", "GETNAME"));
    }

    [Fact]
    public void ClientSetname_Empty_RemovesName()
    {
        var h = new CommandHarness();
        h.Run("CLIENT", "SETNAME", "x");
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "SETNAME", ""));
        Assert.Equal("$-1\r\n", h.Run("CLIENT", "GETNAME"));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("tab\t")]
    [InlineData("\u007f")]
    [InlineData("caf\u00e9")]
    [InlineData("\0")]
    public void ClientSetname_WithSpaceOrSpecialCharacter_ReturnsNameError(string name)
    {
        var h = new CommandHarness();
        h.Run("CLIENT", "SETNAME", "old");
        Assert.Equal("-ERR Client names cannot contain spaces, newlines or special characters.\r\n", h.Run("CLIENT", "SETNAME", name));
        Assert.Equal("old", h.Client.Name);
    }

    [Fact]
    public void ClientSetname_PrintableEdges_AreAccepted()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "SETNAME", "!~{}[]=:"));
        Assert.Equal("!~{}[]=:", h.Client.Name);
    }

    [Fact]
    public void ClientSetname_WrongArity_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'client|setname' command\r\n", h.Run("CLIENT", "SETNAME", "x", "y"));
        Assert.Equal("-ERR wrong number of arguments for 'client|getname' command\r\n", h.Run("CLIENT", "GETNAME", "x"));
    }

    [Fact]
    public void Client_WithoutSubcommand_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'client' command\r\n", h.Run("CLIENT"));
    }

    [Fact]
    public void Client_UnknownOrUnboundSubcommand_ReturnsUnknownSubcommand()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", h.Run("CLIENT", "FOO"));
        Assert.Equal("-ERR unknown subcommand 'tracking'. Try CLIENT HELP.\r\n", h.Run("client", "tracking", "on"));
    }

    // CLIENT LIST / INFO

    [Fact]
    public void ClientInfo_HasRedis70FieldsInOrder()
    {
        var h = new CommandHarness();
        RespValue reply = h.Call("CLIENT", "INFO");
        Assert.EndsWith("\n", reply.Text);
        Assert.Equal(1, reply.Text!.Count(c => c == '\n'));
        List<KeyValuePair<string, string>> fields = Fields(reply.Text!);
        Assert.Equal(ClientListFields, fields.ConvertAll(f => f.Key));
    }

    [Fact]
    public void ClientInfo_ReportsCallerState()
    {
        var h = new CommandHarness();
        h.Run("SELECT", "2");
        h.Run("CLIENT", "SETNAME", "me");
        Dictionary<string, string> info = FieldMap(h.Call("CLIENT", "INFO").Text!);
        Assert.Equal(h.Client.Id.ToString(), info["id"]);
        Assert.Equal("me", info["name"]);
        Assert.Equal("2", info["db"]);
        Assert.Equal("N", info["flags"]);
        Assert.Equal("client|info", info["cmd"]);
        Assert.Equal("default", info["user"]);
        Assert.Equal("2", info["resp"]);
        Assert.Equal("-1", info["multi"]);
        Assert.Equal("-1", info["redir"]);
        Assert.Equal("0", info["sub"]);
        Assert.Equal("10", info["argv-mem"]);
        Assert.Equal("r", info["events"]);
        Assert.Equal("-1", info["fd"]);
        Assert.Equal("0", info["age"]);
        Assert.Equal("0", info["idle"]);
    }

    [Fact]
    public void ClientInfo_WithTransport_ReportsAddressesAndDescriptor()
    {
        var h = new CommandHarness();
        (ClientSession client, _) = Connect(h, "10.1.2.3:4567", "10.1.2.4:6379");
        Dictionary<string, string> info = FieldMap(RespValue.Parse(h.RunAs(client, "CLIENT", "INFO")).Text!);
        Assert.Equal("10.1.2.3:4567", info["addr"]);
        Assert.Equal("10.1.2.4:6379", info["laddr"]);
        Assert.Equal("42", info["fd"]);
    }

    [Fact]
    public void ClientInfo_InResp3_IsVerbatimText()
    {
        var h = new CommandHarness();
        h.UseResp3();
        string reply = h.Run("CLIENT", "INFO");
        Assert.StartsWith("=", reply);
        RespValue value = RespValue.Parse(reply);
        Assert.StartsWith("txt:id=", value.Text);
        Assert.EndsWith(" resp=3\n", value.Text);
    }

    [Fact]
    public void ClientList_ListsEveryClientInIdOrder()
    {
        var h = new CommandHarness();
        ClientSession second = h.NewClient();
        ClientSession third = h.NewClient();
        string[] lines = ListLines(h, "CLIENT", "LIST");
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"id={h.Client.Id} ", lines[0]);
        Assert.StartsWith($"id={second.Id} ", lines[1]);
        Assert.StartsWith($"id={third.Id} ", lines[2]);
        Assert.All(lines, line => Assert.Equal(ClientListFields, Fields(line).ConvertAll(f => f.Key)));
    }

    [Fact]
    public void ClientList_ShowsOtherClientsLastCommandAndIdleTime()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        h.RunAs(other, "ECHO", "x");
        h.Clock.Advance(5_000);
        string line = ListLines(h, "CLIENT", "LIST")[1];
        Dictionary<string, string> fields = FieldMap(line);
        Assert.Equal("echo", fields["cmd"]);
        Assert.Equal("5", fields["age"]);
        Assert.Equal("5", fields["idle"]);
        Assert.Equal("0", fields["argv-mem"]);
        h.RunAs(other, "PING");
        Assert.Equal("0", FieldMap(ListLines(h, "CLIENT", "LIST")[1])["idle"]);
    }

    [Fact]
    public void ClientList_NewClientHasNullCommand()
    {
        var h = new CommandHarness();
        h.NewClient();
        Assert.Equal("NULL", FieldMap(ListLines(h, "CLIENT", "LIST")[1])["cmd"]);
    }

    [Fact]
    public void ClientList_Flags_ReflectNoEvictPubSubMulti()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        h.RunAs(other, "CLIENT", "NO-EVICT", "on");
        Assert.Equal("e", FieldMap(ListLines(h, "CLIENT", "LIST")[1])["flags"]);
        h.RunAs(other, "SUBSCRIBE", "a", "b");
        h.RunAs(other, "PSUBSCRIBE", "p*");
        other.Protocol = KvServer.Engine.Protocol.RespVersion.Resp3;
        h.RunAs(other, "MULTI");
        h.RunAs(other, "PING");
        h.RunAs(other, "PING");
        h.RunAs(other, "PING");
        Dictionary<string, string> fields = FieldMap(ListLines(h, "CLIENT", "LIST")[1]);
        Assert.Equal("Pxe", fields["flags"]);
        Assert.Equal("2", fields["sub"]);
        Assert.Equal("1", fields["psub"]);
        Assert.Equal("3", fields["multi"]);
    }

    [Fact]
    public void ClientList_InResp3_IsVerbatimText()
    {
        var h = new CommandHarness();
        h.UseResp3();
        RespValue value = h.Call("CLIENT", "LIST");
        Assert.Equal('=', value.Type);
        Assert.StartsWith("txt:id=", value.Text);
    }

    [Theory]
    [InlineData("normal", 2)]
    [InlineData("NORMAL", 2)]
    [InlineData("pubsub", 1)]
    [InlineData("replica", 0)]
    [InlineData("slave", 0)]
    [InlineData("master", 0)]
    public void ClientList_ByType_FiltersClients(string type, int expected)
    {
        var h = new CommandHarness();
        h.NewClient();
        ClientSession subscriber = h.NewClient();
        h.RunAs(subscriber, "SUBSCRIBE", "c");
        Assert.Equal(expected, ListLines(h, "CLIENT", "LIST", "TYPE", type).Length);
    }

    [Fact]
    public void ClientList_ByTypeWithNoMatch_ReturnsEmptyBulkOrVerbatim()
    {
        var h = new CommandHarness();
        Assert.Equal("$0\r\n\r\n", h.Run("CLIENT", "LIST", "TYPE", "master"));
        h.UseResp3();
        Assert.Equal("=4\r\ntxt:\r\n", h.Run("CLIENT", "LIST", "TYPE", "master"));
    }

    [Fact]
    public void ClientList_UnknownType_ReturnsError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Unknown client type 'foo'\r\n", h.Run("CLIENT", "LIST", "TYPE", "foo"));
    }

    [Fact]
    public void ClientList_ById_ListsGivenIdsInOrderSkippingMissing()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        string[] lines = ListLines(h, "CLIENT", "LIST", "ID", other.Id.ToString(), "99999", h.Client.Id.ToString());
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"id={other.Id} ", lines[0]);
        Assert.StartsWith($"id={h.Client.Id} ", lines[1]);
        Assert.Equal("$0\r\n\r\n", h.Run("CLIENT", "LIST", "ID", "-1"));
    }

    [Fact]
    public void ClientList_InvalidId_ReturnsInvalidClientId()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Invalid client ID\r\n", h.Run("CLIENT", "LIST", "ID", "1", "x"));
    }

    [Theory]
    [InlineData("ID")]
    [InlineData("foo")]
    [InlineData("TYPE")]
    public void ClientList_BadOptions_ReturnsSyntaxError(string option)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR syntax error\r\n", h.Run("CLIENT", "LIST", option));
    }

    [Fact]
    public void ClientList_TypeWithExtraArgument_ReturnsSyntaxError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR syntax error\r\n", h.Run("CLIENT", "LIST", "TYPE", "normal", "x"));
    }

    // CLIENT KILL

    [Fact]
    public void ClientKill_ById_ClosesThatClientAndRemovesIt()
    {
        var h = new CommandHarness();
        (ClientSession victim, FakeTransport transport) = Connect(h);
        Assert.Equal(":1\r\n", h.Run("CLIENT", "KILL", "ID", victim.Id.ToString()));
        Assert.True(transport.Closed);
        Assert.Null(h.Server.Clients.Find(victim.Id));
        Assert.False(h.Client.CloseRequested);
        Assert.Single(ListLines(h, "CLIENT", "LIST"));
    }

    [Fact]
    public void ClientKill_OfBlockedClient_CancelsItsWaitWithoutReply()
    {
        var h = new CommandHarness();
        (ClientSession victim, FakeTransport transport) = Connect(h);
        var state = new BlockedState(victim.Database, ["list"u8.ToArray()], 0, (_, _) => true, ctx => ctx.Reply.WriteNull());
        h.Server.Blocking.Block(victim, state);
        Assert.Equal("b", FieldMap(ListLines(h, "CLIENT", "LIST", "ID", victim.Id.ToString())[0])["flags"]);

        Assert.Equal(":1\r\n", h.Run("CLIENT", "KILL", "ID", victim.Id.ToString()));
        Assert.True(transport.Closed);
        Assert.Null(victim.Blocked);
        Assert.Equal(0, h.Server.Blocking.BlockedClients);
        Assert.Equal(0, victim.Reply.Length);
    }

    [Fact]
    public void ClientKill_OwnIdWithDefaultSkipme_KillsNothing()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("CLIENT", "KILL", "ID", h.Client.Id.ToString()));
        Assert.False(h.Client.CloseRequested);
    }

    [Fact]
    public void ClientKill_SelfWithSkipmeNo_RepliesThenCloses()
    {
        var h = new CommandHarness();
        (ClientSession self, FakeTransport transport) = Connect(h);
        Assert.Equal(":1\r\n", h.RunAs(self, "CLIENT", "KILL", "ID", self.Id.ToString(), "SKIPME", "no"));
        Assert.True(transport.Closed);
    }

    [Fact]
    public void ClientKill_SelfWithoutTransport_DropsLaterPipelinedCommands()
    {
        var h = new CommandHarness();
        string request = $"CLIENT KILL ID {h.Client.Id} SKIPME no\r\nPING\r\n";
        Assert.Equal(":1\r\n", h.Execute(h.Client, Encoding.ASCII.GetBytes(request)));
        Assert.True(h.Client.CloseRequested);
    }

    [Fact]
    public void ClientKill_OldFormByAddress_RepliesOk()
    {
        var h = new CommandHarness();
        (_, FakeTransport victim) = Connect(h, "10.0.0.9:1234");
        (_, FakeTransport bystander) = Connect(h, "10.0.0.9:1235");
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "KILL", "10.0.0.9:1234"));
        Assert.True(victim.Closed);
        Assert.False(bystander.Closed);
    }

    [Fact]
    public void ClientKill_OldFormNoMatch_ReturnsNoSuchClient()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR No such client\r\n", h.Run("CLIENT", "KILL", "1.2.3.4:5"));
    }

    [Fact]
    public void ClientKill_OldFormOwnAddress_KillsCaller()
    {
        var h = new CommandHarness();
        (ClientSession self, FakeTransport transport) = Connect(h, "10.0.0.7:777");
        Assert.Equal("+OK\r\n", h.RunAs(self, "CLIENT", "KILL", "10.0.0.7:777"));
        Assert.True(transport.Closed);
    }

    [Fact]
    public void ClientKill_ByAddrAndLaddr_MatchesBoth()
    {
        var h = new CommandHarness();
        (_, FakeTransport a) = Connect(h, "10.0.0.1:1", "127.0.0.1:6379");
        (_, FakeTransport b) = Connect(h, "10.0.0.1:1", "127.0.0.1:6380");
        Assert.Equal(":1\r\n", h.Run("CLIENT", "KILL", "ADDR", "10.0.0.1:1", "LADDR", "127.0.0.1:6380"));
        Assert.False(a.Closed);
        Assert.True(b.Closed);
        Assert.Equal(":1\r\n", h.Run("CLIENT", "KILL", "LADDR", "127.0.0.1:6379"));
        Assert.True(a.Closed);
    }

    [Fact]
    public void ClientKill_ByTypeNormal_KillsEveryoneButCaller()
    {
        var h = new CommandHarness();
        (_, FakeTransport a) = Connect(h);
        (_, FakeTransport b) = Connect(h);
        Assert.Equal(":2\r\n", h.Run("CLIENT", "KILL", "TYPE", "normal"));
        Assert.True(a.Closed && b.Closed);
        Assert.False(h.Client.CloseRequested);
    }

    [Fact]
    public void ClientKill_ByTypePubsub_KillsOnlySubscribers()
    {
        var h = new CommandHarness();
        (_, FakeTransport plain) = Connect(h);
        (ClientSession subscriber, FakeTransport sub) = Connect(h);
        h.RunAs(subscriber, "PSUBSCRIBE", "p*");
        Assert.Equal(":1\r\n", h.Run("CLIENT", "KILL", "TYPE", "PUBSUB"));
        Assert.True(sub.Closed);
        Assert.False(plain.Closed);
        Assert.Equal(":0\r\n", h.Run("CLIENT", "KILL", "TYPE", "master"));
    }

    [Fact]
    public void ClientKill_ByUserDefault_KillsOthers()
    {
        var h = new CommandHarness();
        (_, FakeTransport a) = Connect(h);
        Assert.Equal(":1\r\n", h.Run("CLIENT", "KILL", "USER", "default", "SKIPME", "yes"));
        Assert.True(a.Closed);
    }

    [Fact]
    public void ClientKill_FiltersCombine()
    {
        var h = new CommandHarness();
        (ClientSession a, FakeTransport ta) = Connect(h, "10.0.0.1:1");
        Assert.Equal(":0\r\n", h.Run("CLIENT", "KILL", "ID", a.Id.ToString(), "ADDR", "10.0.0.2:2"));
        Assert.False(ta.Closed);
    }

    [Theory]
    [InlineData("-ERR client-id should be greater than 0\r\n", "ID", "0")]
    [InlineData("-ERR client-id should be greater than 0\r\n", "ID", "-5")]
    [InlineData("-ERR client-id should be greater than 0\r\n", "ID", "x")]
    [InlineData("-ERR Unknown client type 'x'\r\n", "TYPE", "x")]
    [InlineData("-ERR No such user 'x'\r\n", "USER", "x")]
    [InlineData("-ERR syntax error\r\n", "SKIPME", "maybe")]
    [InlineData("-ERR syntax error\r\n", "FOO", "bar")]
    [InlineData("-ERR syntax error\r\n", "ID", "1", "TYPE")]
    public void ClientKill_BadOption_ReturnsError(string expected, params string[] options)
    {
        var h = new CommandHarness();
        (_, FakeTransport bystander) = Connect(h);
        Assert.Equal(expected, h.Run(["CLIENT", "KILL", .. options]));
        Assert.False(bystander.Closed);
    }

    [Fact]
    public void ClientKill_WithoutArguments_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'client|kill' command\r\n", h.Run("CLIENT", "KILL"));
    }

    [Fact]
    public void ClientKill_UnknownId_ReturnsZero()
    {
        var h = new CommandHarness();
        Assert.Equal(":0\r\n", h.Run("CLIENT", "KILL", "ID", "99999"));
    }

    // CLIENT REPLY (exact sequences observed on Redis 7.0.15)

    [Theory]
    [InlineData("CLIENT REPLY OFF\r\nPING\r\nFOO\r\nCLIENT REPLY x\r\nCLIENT REPLY ON\r\nECHO a\r\n", "+OK\r\n$1\r\na\r\n")]
    [InlineData("CLIENT REPLY SKIP\r\nPING\r\nECHO b\r\n", "$1\r\nb\r\n")]
    [InlineData("CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nECHO c\r\n", "+OK\r\n$1\r\nc\r\n")]
    [InlineData("CLIENT REPLY SKIP\r\nFOO\r\nECHO d\r\n", "$1\r\nd\r\n")]
    [InlineData("CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nECHO e\r\nECHO f\r\n", "$1\r\nf\r\n")]
    [InlineData("CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nECHO g\r\nCLIENT REPLY ON\r\nECHO h\r\n", "+OK\r\n$1\r\nh\r\n")]
    [InlineData("CLIENT REPLY SKIP\r\nCLIENT REPLY OFF\r\nECHO i\r\nCLIENT REPLY ON\r\nECHO j\r\n", "+OK\r\n$1\r\nj\r\n")]
    [InlineData("CLIENT REPLY SKIP\r\nGET\r\nECHO m\r\n", "$1\r\nm\r\n")]
    [InlineData("PING\r\nCLIENT REPLY SKIP\r\nPING\r\nPING\r\n", "+PONG\r\n+PONG\r\n")]
    public void ClientReply_Sequence_MatchesRedis(string request, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Execute(h.Client, Encoding.ASCII.GetBytes(request)));
    }

    [Fact]
    public void ClientReply_Off_StillRunsCommands()
    {
        var h = new CommandHarness();
        Assert.Equal("", h.Execute(h.Client, "CLIENT REPLY OFF\r\nSET k v\r\n"u8.ToArray()));
        Assert.Equal("+OK\r\n$1\r\nv\r\n", h.Execute(h.Client, "CLIENT REPLY ON\r\nGET k\r\n"u8.ToArray()));
    }

    [Fact]
    public void ClientReply_SkipAcrossBatches_SkipsNextCommand()
    {
        var h = new CommandHarness();
        Assert.Equal("", h.Run("CLIENT", "REPLY", "SKIP"));
        Assert.Equal("", h.Run("PING"));
        Assert.Equal("+PONG\r\n", h.Run("PING"));
    }

    [Fact]
    public void ClientReply_ErrorsStillCounted()
    {
        var h = new CommandHarness();
        h.Execute(h.Client, "CLIENT REPLY OFF\r\nCLIENT REPLY bad\r\n"u8.ToArray());
        Assert.Equal(1, h.Server.Stats.ErrorCounts["ERR"]);
    }

    [Fact]
    public void ClientReply_WrongArity_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'client|reply' command\r\n", h.Run("CLIENT", "REPLY"));
    }

    // CLIENT NO-EVICT

    [Fact]
    public void ClientNoEvict_OnOff_SetsFlag()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "NO-EVICT", "on"));
        Assert.True(h.Client.NoEvict);
        Assert.Equal("e", FieldMap(h.Call("CLIENT", "INFO").Text!)["flags"]);
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "NO-EVICT", "OFF"));
        Assert.False(h.Client.NoEvict);
    }

    [Fact]
    public void ClientNoEvict_BadValue_ReturnsSyntaxError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR syntax error\r\n", h.Run("CLIENT", "NO-EVICT", "x"));
    }

    // CLIENT HELP

    [Fact]
    public void ClientHelp_ReturnsRedisHelpText()
    {
        var h = new CommandHarness();
        string reply = h.Run("CLIENT", "HELP");
        Assert.StartsWith("*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n", reply);
        Assert.Contains("+KILL <option> <value> [<option> <value> [...]]\r\n+    Kill connections. Options are:\r\n+    * ADDR (<ip:port>|<unixsocket>:0)\r\n", reply);
        Assert.Contains("+TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]\r\n+         [OPTIN] [OPTOUT] [NOLOOP]\r\n", reply);
        Assert.EndsWith("+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n", reply);
        Assert.Equal(48, RespValue.Parse(reply).Items!.Count);
    }

    [Fact]
    public void ClientHelp_InResp3_IsTheSame()
    {
        var h = new CommandHarness();
        string resp2 = h.Run("CLIENT", "HELP");
        h.UseResp3();
        Assert.Equal(resp2, h.Run("CLIENT", "HELP"));
    }

    // CLIENT PAUSE / UNPAUSE

    [Theory]
    [InlineData("-ERR timeout is not an integer or out of range\r\n", "x")]
    [InlineData("-ERR timeout is not an integer or out of range\r\n", "1.5")]
    [InlineData("-ERR timeout is not an integer or out of range\r\n", "+5", "WRITE")]
    [InlineData("-ERR timeout is negative\r\n", "-1")]
    [InlineData("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", "10", "FOO")]
    [InlineData("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", "x", "FOO")]
    [InlineData("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n", "10", "ALL", "x")]
    public void ClientPause_BadArguments_ReturnsError(string expected, params string[] arguments)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run(["CLIENT", "PAUSE", .. arguments]));
        Assert.Equal(0, h.Server.PauseUntilMs);
    }

    [Fact]
    public void ClientPause_SetsPauseEndAndMode()
    {
        var h = new CommandHarness();
        long now = h.Clock.UnixTimeMilliseconds;
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "PAUSE", "500", "write"));
        Assert.Equal(now + 500, h.Server.PauseUntilMs);
        Assert.True(h.Server.PauseWritesOnly);
    }

    [Fact]
    public void ClientPause_Zero_DoesNotPause()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "PAUSE", "0"));
        Assert.Equal("+PONG\r\n", h.RunAs(other, "PING"));
    }

    [Fact]
    public void ClientPause_TimeoutOverflowingTheClock_DoesNotPause()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "PAUSE", "9223372036854775807", "WRITE"));
        Assert.Equal("+OK\r\n", h.RunAs(other, "SET", "k", "v"));
    }

    [Fact]
    public void ClientPause_All_HoldsEveryCommandUntilUnpause()
    {
        var h = new CommandHarness();
        ClientSession admin = h.NewClient();
        ClientSession other = h.NewClient();
        var dispatcher = new CommandDispatcher(h.Server);
        h.RunAs(admin, "CLIENT", "PAUSE", "100000", "ALL");

        RequestBatch batch = Parse("PING\r\nECHO x\r\n", out byte[] input);
        dispatcher.ExecuteBatch(other, batch, input);
        Assert.Equal("", TakeReplies(other));
        Assert.True(other.PauseHeld);
        Assert.Equal(0, batch.Position);

        // ALL holds the pausing client too, even its CLIENT UNPAUSE (as in Redis): only the timeout ends it.
        Assert.Equal("", h.RunAs(admin, "CLIENT", "UNPAUSE"));
        Assert.True(admin.PauseHeld);
        h.Clock.Advance(100_000);

        dispatcher.ExecuteBatch(other, batch, input);
        Assert.Equal("+PONG\r\n$1\r\nx\r\n", TakeReplies(other));
        Assert.False(other.PauseHeld);
    }

    [Fact]
    public void ClientPause_Unpause_FromAnotherClientReleasesWritePause()
    {
        var h = new CommandHarness();
        ClientSession writer = h.NewClient();
        var dispatcher = new CommandDispatcher(h.Server);
        h.Run("CLIENT", "PAUSE", "100000", "WRITE");

        RequestBatch batch = Parse("GET k\r\nSET k v\r\nGET k\r\n", out byte[] input);
        dispatcher.ExecuteBatch(writer, batch, input);
        Assert.Equal("$-1\r\n", TakeReplies(writer));
        Assert.True(writer.PauseHeld);
        Assert.Equal(1, batch.Position);
        Dictionary<string, string> fields = FieldMap(ListLines(h, "CLIENT", "LIST", "ID", writer.Id.ToString())[0]);
        Assert.Equal("b", fields["flags"]);

        // CLIENT UNPAUSE is not a write: it runs while writes are paused.
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "UNPAUSE"));
        dispatcher.ExecuteBatch(writer, batch, input);
        Assert.Equal("+OK\r\n$1\r\nv\r\n", TakeReplies(writer));
    }

    [Fact]
    public void ClientPause_Ends_WhenTimeoutPasses()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        var dispatcher = new CommandDispatcher(h.Server);
        h.Run("CLIENT", "PAUSE", "1000");
        RequestBatch batch = Parse("PING\r\n", out byte[] input);
        dispatcher.ExecuteBatch(other, batch, input);
        Assert.Equal("", TakeReplies(other));
        h.Clock.Advance(999);
        dispatcher.ExecuteBatch(other, batch, input);
        Assert.Equal("", TakeReplies(other));
        h.Clock.Advance(1);
        dispatcher.ExecuteBatch(other, batch, input);
        Assert.Equal("+PONG\r\n", TakeReplies(other));
    }

    [Fact]
    public void ClientPause_Write_LetsReadsAndRejectionsThrough()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        h.Run("CLIENT", "PAUSE", "100000", "WRITE");
        Assert.Equal("$-1\r\n", h.RunAs(other, "GET", "k"));
        Assert.Equal("+PONG\r\n", h.RunAs(other, "PING"));
        Assert.Equal("", h.RunAs(other, "SET", "k", "v"));
        Assert.True(other.PauseHeld);
        Assert.Equal("$-1\r\n", h.RunAs(other, "GET", "k"));
    }

    [Fact]
    public void ClientPause_All_StillRejectsUnknownAndArityErrorsAtOnce()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        h.Run("CLIENT", "PAUSE", "100000");
        Assert.Equal("-ERR unknown command 'FOO', with args beginning with: \r\n-ERR wrong number of arguments for 'get' command\r\n",
            h.Execute(other, "FOO\r\nGET\r\nPING\r\nECHO x\r\n"u8.ToArray()));
        Assert.True(other.PauseHeld);
    }

    [Fact]
    public void ClientPause_All_StillRejectsUnauthenticatedAtOnce()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "requirepass pw"));
        h.Run("AUTH", "pw");
        ClientSession other = h.NewClient();
        h.Run("CLIENT", "PAUSE", "100000");
        Assert.Equal("-NOAUTH Authentication required.\r\n", h.RunAs(other, "GET", "k"));
    }

    [Fact]
    public void ClientPause_IsOnlyExtendedAndMadeStricter()
    {
        var h = new CommandHarness();
        long now = h.Clock.UnixTimeMilliseconds;
        h.Run("CLIENT", "PAUSE", "1000", "WRITE");
        h.Run("CLIENT", "PAUSE", "10", "WRITE");
        Assert.Equal(now + 1000, h.Server.PauseUntilMs);
        h.Run("CLIENT", "PAUSE", "2000", "WRITE");
        Assert.Equal(now + 2000, h.Server.PauseUntilMs);
        h.Run("CLIENT", "PAUSE", "10", "ALL");
        Assert.Equal(now + 2000, h.Server.PauseUntilMs);
        Assert.False(h.Server.PauseWritesOnly);

        // ALL stays ALL when a WRITE pause is added (the command itself would be held, so call directly).
        ConnectionCommands.PauseClients(h.Server, now + 10, writesOnly: true, now);
        Assert.False(h.Server.PauseWritesOnly);
        Assert.Equal(now + 2000, h.Server.PauseUntilMs);
    }

    [Fact]
    public void ClientPause_AfterPreviousPauseEnded_StartsFresh()
    {
        var h = new CommandHarness();
        h.Run("CLIENT", "PAUSE", "100", "ALL");
        h.Clock.Advance(200);
        long now = h.Clock.UnixTimeMilliseconds;
        h.Run("CLIENT", "PAUSE", "50", "WRITE");
        Assert.Equal(now + 50, h.Server.PauseUntilMs);
        Assert.True(h.Server.PauseWritesOnly);
    }

    [Fact]
    public void ClientUnpause_ClearsPause()
    {
        var h = new CommandHarness();
        h.Run("CLIENT", "PAUSE", "100000", "WRITE");
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "UNPAUSE"));
        Assert.Equal(0, h.Server.PauseUntilMs);
        Assert.Equal("+OK\r\n", h.Run("SET", "k", "v"));
        Assert.Equal("-ERR wrong number of arguments for 'client|unpause' command\r\n", h.Run("CLIENT", "UNPAUSE", "x"));
    }

    [Fact]
    public void ClientUnpause_WithoutPause_RepliesOk()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("CLIENT", "UNPAUSE"));
    }

    // timeout (ServerCron)

    [Fact]
    public void Timeout_IdleClientIsClosed_ActiveOneIsNot()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "timeout 1"));
        (ClientSession idle, FakeTransport idleTransport) = Connect(h);
        (ClientSession active, FakeTransport activeTransport) = Connect(h);
        h.RunAs(idle, "PING");
        h.Clock.Advance(1_500);
        h.RunAs(active, "PING");
        ServerCron.RunOnce(h.Server);
        Assert.True(idleTransport.Closed);
        Assert.False(activeTransport.Closed);
    }

    [Fact]
    public void Timeout_PausedAndSubscribedClientsAreNotClosed()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "timeout 1"));
        (ClientSession paused, FakeTransport pausedTransport) = Connect(h);
        (ClientSession subscriber, FakeTransport subscriberTransport) = Connect(h);
        h.RunAs(subscriber, "SUBSCRIBE", "c");
        h.Run("CLIENT", "PAUSE", "100000", "WRITE");
        h.RunAs(paused, "SET", "k", "v");
        Assert.True(paused.PauseHeld);
        h.Clock.Advance(5_000);
        ServerCron.RunOnce(h.Server);
        Assert.False(pausedTransport.Closed);
        Assert.False(subscriberTransport.Closed);
    }

    [Fact]
    public void Timeout_BlockedClientIsNotClosed()
    {
        var h = new CommandHarness(cfg => ConfigFileParser.Apply(cfg, "timeout 1"));
        (ClientSession blocked, FakeTransport transport) = Connect(h);
        h.Server.Blocking.Block(blocked, new BlockedState(blocked.Database, ["list"u8.ToArray()], 0, (_, _) => true, _ => { }));
        h.Clock.Advance(5_000);
        ServerCron.RunOnce(h.Server);
        Assert.False(transport.Closed);
    }

    [Fact]
    public void Timeout_Zero_NeverCloses()
    {
        var h = new CommandHarness();
        (_, FakeTransport transport) = Connect(h);
        h.Clock.Advance(1_000_000);
        ServerCron.RunOnce(h.Server);
        Assert.False(transport.Closed);
    }
}
