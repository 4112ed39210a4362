using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO; replies checked against Redis 7.0.15.</summary>
public class ConnectionCommandsTests
{
    private static CommandHarness WithPassword(string password = "secret") =>
        new(cfg => ConfigFileParser.Apply(cfg, "requirepass " + password));

    private static string HelloReply(int proto, long id, bool resp3)
    {
        var text = new StringBuilder(resp3 ? "%7\r\n" : "*14\r\n");
        text.Append("$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n");
        text.Append("$5\r\nproto\r\n:").Append(proto).Append("\r\n");
        text.Append("$2\r\nid\r\n:").Append(id).Append("\r\n");
        text.Append("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
        return text.ToString();
    }

    // PING / ECHO

    [Fact]
    public void Ping_WithoutArgument_ReturnsPong()
    {
        var h = new CommandHarness();
        Assert.Equal("+PONG\r\n", h.Run("PING"));
    }

    [Fact]
    public void Ping_WithMessage_ReturnsBulkMessage()
    {
        var h = new CommandHarness();
        Assert.Equal("$5\r\nhello\r\n", h.Run("PING", "hello"));
        Assert.Equal("$0\r\n\r\n", h.Run("PING", ""));
    }

    [Fact]
    public void Ping_WithTwoMessages_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'ping' command\r\n", h.Run("PING", "a", "b"));
    }

    [Fact]
    public void Ping_InResp3_IsStillSimpleString()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal("+PONG\r\n", h.Run("ping"));
    }

    [Fact]
    public void Echo_BinaryMessage_ReturnsSameBytes()
    {
        var h = new CommandHarness();
        byte[] value = [0, 13, 10, 255];
        Assert.Equal("$4\r\n\0\r\n\u00ff\r\n", h.RunBytes(h.Client, "ECHO"u8.ToArray(), value));
    }

    [Fact]
    public void Echo_WithoutArgument_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'echo' command\r\n", h.Run("ECHO"));
        Assert.Equal("-ERR wrong number of arguments for 'echo' command\r\n", h.Run("ECHO", "a", "b"));
    }

    // QUIT

    [Fact]
    public void Quit_RepliesOkAndDropsLaterPipelinedCommands()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Execute(h.Client, "QUIT\r\nPING\r\n"u8.ToArray()));
        Assert.True(h.Client.CloseRequested);
    }

    [Fact]
    public void Quit_WithArguments_StillRepliesOk()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("QUIT", "a", "b"));
        Assert.True(h.Client.CloseRequested);
    }

    [Fact]
    public void Quit_BeforeAuthentication_IsAllowed()
    {
        var h = WithPassword();
        Assert.Equal("+OK\r\n", h.Run("QUIT"));
    }

    // SELECT

    [Fact]
    public void Select_ValidIndex_SwitchesDatabase()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "zero");
        Assert.Equal("+OK\r\n", h.Run("SELECT", "15"));
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
        h.Run("SET", "k", "fifteen");
        Assert.Equal("+OK\r\n", h.Run("SELECT", "0"));
        Assert.Equal("$4\r\nzero\r\n", h.Run("GET", "k"));
        Assert.Same(h.Server.Databases[0], h.Client.Database);
    }

    [Theory]
    [InlineData("16")]
    [InlineData("-1")]
    [InlineData("2147483647")]
    [InlineData("-2147483648")]
    public void Select_IndexOutsideDatabases_ReturnsOutOfRange(string index)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR DB index is out of range\r\n", h.Run("SELECT", index));
        Assert.Same(h.Server.Databases[0], h.Client.Database);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1.0")]
    [InlineData(" 1")]
    [InlineData("01")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void Select_NotAnInteger_ReturnsNotInteger(string index)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("SELECT", index));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("99999999999")]
    [InlineData("-2147483649")]
    public void Select_IntegerBeyondInt_ReturnsRangeMessage(string index)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n", h.Run("SELECT", index));
    }

    [Fact]
    public void Select_OtherClients_KeepTheirDatabase()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        h.Run("SELECT", "3");
        Assert.Equal(3, h.Client.Database.Index);
        Assert.Equal(0, other.Database.Index);
    }

    // AUTH

    [Fact]
    public void Auth_PasswordOnlyWithoutRequirepass_ReturnsNoPasswordConfigured()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n", h.Run("AUTH", "x"));
    }

    [Fact]
    public void Auth_DefaultUserWithoutRequirepass_AcceptsAnyPassword()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("AUTH", "default", "anything"));
    }

    [Fact]
    public void Auth_UnknownUser_ReturnsWrongPass()
    {
        var h = new CommandHarness();
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "foo", "x"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "DEFAULT", "x"));
    }

    [Fact]
    public void Auth_TooManyArguments_ReturnsSyntaxError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR syntax error\r\n", h.Run("AUTH", "a", "b", "c"));
    }

    [Fact]
    public void Auth_WithRequirepass_CommandsNeedAuthentication()
    {
        var h = WithPassword();
        Assert.False(h.Client.Authenticated);
        Assert.Equal("-NOAUTH Authentication required.\r\n", h.Run("PING"));
        Assert.Equal("+OK\r\n", h.Run("AUTH", "secret"));
        Assert.True(h.Client.Authenticated);
        Assert.Equal("+PONG\r\n", h.Run("PING"));
    }

    [Fact]
    public void Auth_WrongPassword_ReturnsWrongPassAndStaysUnauthenticated()
    {
        var h = WithPassword();
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "wrong"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "default", "wrong"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "nobody", "secret"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "secre"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "secrets"));
        Assert.False(h.Client.Authenticated);
    }

    [Fact]
    public void Auth_WithUsernameDefault_Authenticates()
    {
        var h = WithPassword();
        Assert.Equal("+OK\r\n", h.Run("AUTH", "default", "secret"));
        Assert.True(h.Client.Authenticated);
        Assert.Equal("default", h.Client.User);
    }

    [Fact]
    public void Auth_FailureAfterSuccess_KeepsClientAuthenticated()
    {
        var h = WithPassword();
        h.Run("AUTH", "secret");
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("AUTH", "wrong"));
        Assert.Equal("+PONG\r\n", h.Run("PING"));
    }

    [Fact]
    public void Auth_FailureIsCountedInErrorStats()
    {
        var h = WithPassword();
        h.Run("AUTH", "wrong");
        Assert.Equal(1, h.Server.Stats.ErrorCounts["WRONGPASS"]);
    }

    // HELLO

    [Fact]
    public void Hello_WithoutArguments_RepliesInCurrentProtocol()
    {
        var h = new CommandHarness();
        Assert.Equal(HelloReply(2, h.Client.Id, resp3: false), h.Run("HELLO"));
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
    }

    [Fact]
    public void Hello_3_SwitchesToResp3AndRepliesWithMap()
    {
        var h = new CommandHarness();
        Assert.Equal(HelloReply(3, h.Client.Id, resp3: true), h.Run("HELLO", "3"));
        Assert.Equal(RespVersion.Resp3, h.Client.Protocol);
        Assert.Equal("_\r\n", h.Run("GET", "missing"));
    }

    [Fact]
    public void Hello_2_FromResp3_SwitchesBackToFlatArray()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal(HelloReply(2, h.Client.Id, resp3: false), h.Run("HELLO", "2"));
        Assert.Equal("$-1\r\n", h.Run("GET", "missing"));
    }

    [Fact]
    public void Hello_NoArgumentsInResp3_RepliesWithMap()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal(HelloReply(3, h.Client.Id, resp3: true), h.Run("HELLO"));
    }

    [Fact]
    public void Hello_ReportsCallersId()
    {
        var h = new CommandHarness();
        ClientSession other = h.NewClient();
        RespValue reply = RespValue.Parse(h.RunAs(other, "HELLO"));
        Assert.Equal("id", reply.Items![6].Text);
        Assert.Equal(other.Id, reply.Items[7].Integer);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("4")]
    [InlineData("0")]
    [InlineData("-1")]
    public void Hello_UnsupportedVersion_ReturnsNoProto(string version)
    {
        var h = new CommandHarness();
        Assert.Equal("-NOPROTO unsupported protocol version\r\n", h.Run("HELLO", version));
        Assert.Equal(1, h.Server.Stats.ErrorCounts["NOPROTO"]);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("03")]
    [InlineData("3.0")]
    [InlineData("AUTH")]
    public void Hello_VersionNotInteger_ReturnsProtocolVersionError(string version)
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Protocol version is not an integer or out of range\r\n", h.Run("HELLO", version));
    }

    [Fact]
    public void Hello_UnknownOption_ReturnsSyntaxErrorNamingIt()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Syntax error in HELLO option 'FOO'\r\n", h.Run("HELLO", "3", "FOO"));
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
    }

    [Fact]
    public void Hello_OptionMissingItsArguments_ReturnsSyntaxErrorNamingIt()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Syntax error in HELLO option 'AUTH'\r\n", h.Run("HELLO", "2", "AUTH"));
        Assert.Equal("-ERR Syntax error in HELLO option 'AUTH'\r\n", h.Run("HELLO", "2", "AUTH", "default"));
        Assert.Equal("-ERR Syntax error in HELLO option 'setname'\r\n", h.Run("HELLO", "2", "setname"));
        Assert.Equal("-ERR Syntax error in HELLO option 'b'\r\n", h.Run("HELLO", "3", "SETNAME", "a", "b"));
    }

    [Fact]
    public void Hello_SetName_SetsClientName()
    {
        var h = new CommandHarness();
        Assert.Equal(HelloReply(3, h.Client.Id, resp3: true), h.Run("HELLO", "3", "SETNAME", "worker"));
        Assert.Equal("worker", h.Client.Name);
        Assert.Equal("$6\r\nworker\r\n", h.Run("CLIENT", "GETNAME"));
    }

    [Fact]
    public void Hello_InvalidName_ReturnsNameErrorAndKeepsProtocol()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Client names cannot contain spaces, newlines or special characters.\r\n", h.Run("HELLO", "3", "SETNAME", "a b"));
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
        Assert.Null(h.Client.Name);
    }

    [Fact]
    public void Hello_WithoutAuthWhenPasswordRequired_ReturnsHelloNoAuth()
    {
        var h = WithPassword();
        const string error = "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n";
        Assert.Equal(error, h.Run("HELLO"));
        Assert.Equal(error, h.Run("HELLO", "3"));
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
        Assert.Null(h.Client.Name);
    }

    [Fact]
    public void Hello_SetNameWithoutAuthWhenPasswordRequired_SetsNameThenReturnsHelloNoAuth()
    {
        var h = WithPassword();
        Assert.StartsWith("-NOAUTH HELLO must be called", h.Run("HELLO", "3", "SETNAME", "x"));
        Assert.Equal("x", h.Client.Name);
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
        Assert.False(h.Client.Authenticated);
    }

    [Fact]
    public void Hello_OptionsBeforeABadOne_AreApplied()
    {
        var h = WithPassword();
        Assert.Equal("-ERR Syntax error in HELLO option 'FOO'\r\n", h.Run("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "n3", "FOO"));
        Assert.True(h.Client.Authenticated);
        Assert.Equal("n3", h.Client.Name);
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
    }

    [Fact]
    public void Hello_NameBeforeWrongAuth_IsApplied()
    {
        var h = WithPassword();
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("HELLO", "3", "SETNAME", "n2", "AUTH", "default", "wrong"));
        Assert.Equal("n2", h.Client.Name);
        Assert.False(h.Client.Authenticated);
    }

    [Fact]
    public void Hello_OptionsAfterABadOne_AreNotApplied()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Syntax error in HELLO option 'FOO'\r\n", h.Run("HELLO", "3", "FOO", "SETNAME", "n5"));
        Assert.Null(h.Client.Name);
    }

    [Fact]
    public void Hello_WithAuthBeforeAuthentication_AuthenticatesAndSwitches()
    {
        var h = WithPassword();
        Assert.Equal(HelloReply(3, h.Client.Id, resp3: true), h.Run("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "n1"));
        Assert.True(h.Client.Authenticated);
        Assert.Equal("n1", h.Client.Name);
        Assert.Equal("+PONG\r\n", h.Run("PING"));
    }

    [Fact]
    public void Hello_WithWrongAuth_ReturnsWrongPassAndChangesNothing()
    {
        var h = WithPassword();
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("HELLO", "3", "AUTH", "default", "wrong", "SETNAME", "n"));
        Assert.False(h.Client.Authenticated);
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
        Assert.Null(h.Client.Name);
    }

    [Fact]
    public void Hello_AuthSucceedsButNameInvalid_StaysAuthenticatedInResp2()
    {
        var h = WithPassword();
        Assert.Equal("-ERR Client names cannot contain spaces, newlines or special characters.\r\n", h.Run("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "a\nb"));
        Assert.True(h.Client.Authenticated);
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
    }

    [Fact]
    public void Hello_AuthWithoutRequirepass_AcceptsAnyPasswordForDefault()
    {
        var h = new CommandHarness();
        Assert.Equal(HelloReply(3, h.Client.Id, resp3: true), h.Run("HELLO", "3", "AUTH", "default", "x"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.Run("HELLO", "3", "AUTH", "foo", "x"));
    }

    [Fact]
    public void Hello_VersionCheckedBeforeOptions()
    {
        var h = new CommandHarness();
        Assert.Equal("-NOPROTO unsupported protocol version\r\n", h.Run("HELLO", "4", "FOO"));
    }

    // RESET

    [Fact]
    public void Reset_RestoresNewConnectionState()
    {
        var h = new CommandHarness();
        h.Run("SELECT", "5");
        h.Run("HELLO", "3", "SETNAME", "n");
        h.Run("CLIENT", "NO-EVICT", "on");
        Assert.Equal("+RESET\r\n", h.Run("RESET"));
        Assert.Equal(0, h.Client.Database.Index);
        Assert.Equal(RespVersion.Resp2, h.Client.Protocol);
        Assert.Null(h.Client.Name);
        Assert.False(h.Client.NoEvict);
        Assert.Equal("$-1\r\n", h.Run("CLIENT", "GETNAME"));
    }

    [Fact]
    public void Reset_WithRequirepass_DeauthenticatesClient()
    {
        var h = WithPassword();
        h.Run("AUTH", "secret");
        Assert.Equal("+RESET\r\n", h.Run("RESET"));
        Assert.False(h.Client.Authenticated);
        Assert.Equal("-NOAUTH Authentication required.\r\n", h.Run("PING"));
    }

    [Fact]
    public void Reset_WithoutRequirepass_StaysAuthenticated()
    {
        var h = new CommandHarness();
        h.Run("RESET");
        Assert.True(h.Client.Authenticated);
    }

    [Fact]
    public void Reset_BeforeAuthentication_IsAllowed()
    {
        var h = WithPassword();
        Assert.Equal("+RESET\r\n", h.Run("RESET"));
    }

    [Fact]
    public void Reset_WithArguments_ReturnsArityError()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR wrong number of arguments for 'reset' command\r\n", h.Run("RESET", "x"));
    }

    [Fact]
    public void Reset_InResp3_RepliesSimpleString()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal("+RESET\r\n", h.Run("RESET"));
    }

    [Fact]
    public void Reset_WhileReplyOff_RepliesAndTurnsRepliesOn()
    {
        var h = new CommandHarness();
        Assert.Equal("+RESET\r\n$1\r\nk\r\n", h.Execute(h.Client, "CLIENT REPLY OFF\r\nRESET\r\nECHO k\r\n"u8.ToArray()));
        Assert.Equal(ReplyMode.On, h.Client.ReplyMode);
    }

    [Fact]
    public void Reset_AfterReplySkip_IsItselfSkipped()
    {
        var h = new CommandHarness();
        Assert.Equal("$1\r\nl\r\n", h.Execute(h.Client, "CLIENT REPLY SKIP\r\nRESET\r\nECHO l\r\n"u8.ToArray()));
    }

    // Dispatcher bookkeeping the connection commands rely on

    [Fact]
    public void UnknownCommand_RecordsNullAsLastCommand()
    {
        var h = new CommandHarness();
        h.Run("PING");
        Assert.Equal("ping", h.Client.LastCommand);
        h.Run("NOSUCHCOMMAND");
        Assert.Equal("NULL", h.Client.LastCommand);
        h.Run("CLIENT", "NOSUCH");
        Assert.Equal("NULL", h.Client.LastCommand);
    }

    [Fact]
    public void RejectedCommand_RecordsItsNameAsLastCommand()
    {
        var h = new CommandHarness();
        h.Run("GET");
        Assert.Equal("get", h.Client.LastCommand);
        h.Run("CLIENT", "SETNAME");
        Assert.Equal("client|setname", h.Client.LastCommand);
    }
}
