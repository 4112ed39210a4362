using System.Text;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.RawResp;

/// <summary>Connection commands over real sockets: HELLO, AUTH, CLIENT KILL/PAUSE/REPLY, idle timeout, maxclients.</summary>
public class ConnectionTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public ConnectionTests(ServerFixture server) => _server = server;

    private static string Bulk(string text) => $"${Encoding.Latin1.GetByteCount(text)}\r\n{text}\r\n";

    /// <summary>The fields of a CLIENT INFO / CLIENT LIST line.</summary>
    private static Dictionary<string, string> Fields(string line)
    {
        var map = new Dictionary<string, string>();
        foreach (string part in line.TrimEnd('\n').Split(' '))
        {
            int eq = part.IndexOf('=');
            map[part[..eq]] = part[(eq + 1)..];
        }
        return map;
    }

    /// <summary>Sends CLIENT INFO and returns its line (RESP2 bulk).</summary>
    private static Dictionary<string, string> ClientInfo(RawConnection connection)
    {
        connection.SendCommand("CLIENT", "INFO");
        string reply = connection.ReadReply();
        return Fields(reply[(reply.IndexOf("\r\n", StringComparison.Ordinal) + 2)..^2]);
    }

    private static long ClientId(RawConnection connection)
    {
        connection.SendCommand("CLIENT", "ID");
        return long.Parse(connection.ReadReply()[1..^2]);
    }

    [Fact]
    public void Hello3_SwitchesConnectionToResp3()
    {
        using var connection = new RawConnection(_server.Port);
        long id = ClientId(connection);
        connection.SendCommand("HELLO", "3");
        Assert.Equal("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
            + $"$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n",
            connection.ReadReply());
        connection.SendCommand("CLIENT", "GETNAME");
        Assert.Equal("_\r\n", connection.ReadReply());
        connection.SendCommand("RESET");
        Assert.Equal("+RESET\r\n", connection.ReadReply());
        connection.SendCommand("CLIENT", "GETNAME");
        Assert.Equal("$-1\r\n", connection.ReadReply());
    }

    [Fact]
    public void ClientInfo_ReportsRealEndpointsAndDescriptor()
    {
        using var connection = new RawConnection(_server.Port);
        Dictionary<string, string> info = ClientInfo(connection);
        Assert.StartsWith("127.0.0.1:", info["addr"]);
        Assert.Equal($"127.0.0.1:{_server.Port}", info["laddr"]);
        Assert.True(long.Parse(info["fd"]) > 0);
        Assert.Equal("26", info["qbuf"]);
        Assert.Equal("client|info", info["cmd"]);
    }

    [Fact]
    public void ClientList_ShowsOtherConnectionsByName()
    {
        using var a = new RawConnection(_server.Port);
        using var b = new RawConnection(_server.Port);
        b.SendCommand("CLIENT", "SETNAME", "list-b");
        Assert.Equal("+OK\r\n", b.ReadReply());
        long idB = ClientId(b);
        a.SendCommand("CLIENT", "LIST", "ID", idB.ToString());
        string reply = a.ReadReply();
        Dictionary<string, string> fields = Fields(reply[(reply.IndexOf("\r\n", StringComparison.Ordinal) + 2)..^2]);
        Assert.Equal("list-b", fields["name"]);
        Assert.Equal("client|id", fields["cmd"]);
    }

    [Fact]
    public void ClientKill_ById_ClosesOtherConnection()
    {
        using var killer = new RawConnection(_server.Port);
        using var victim = new RawConnection(_server.Port);
        long victimId = ClientId(victim);
        killer.SendCommand("CLIENT", "KILL", "ID", victimId.ToString());
        Assert.Equal(":1\r\n", killer.ReadReply());
        Assert.True(victim.IsClosedByServer());
        killer.SendCommand("CLIENT", "LIST", "ID", victimId.ToString());
        Assert.Equal("$0\r\n\r\n", killer.ReadReply());
    }

    [Fact]
    public void ClientKill_OldFormByAddress_ClosesOtherConnection()
    {
        using var killer = new RawConnection(_server.Port);
        using var victim = new RawConnection(_server.Port);
        string address = ClientInfo(victim)["addr"];
        killer.SendCommand("CLIENT", "KILL", address);
        Assert.Equal("+OK\r\n", killer.ReadReply());
        Assert.True(victim.IsClosedByServer());
        killer.SendCommand("CLIENT", "KILL", address);
        Assert.Equal("-ERR No such client\r\n", killer.ReadReply());
    }

    [Fact]
    public void ClientKill_Self_RepliesThenCloses()
    {
        using var connection = new RawConnection(_server.Port);
        long id = ClientId(connection);
        connection.Send($"CLIENT KILL ID {id} SKIPME no\r\nPING\r\n");
        Assert.Equal(":1\r\n", connection.ReadReply());
        Assert.True(connection.IsClosedByServer());
    }

    [Fact]
    public void ClientReply_OffAndSkip_DropRepliesOnTheWire()
    {
        using var connection = new RawConnection(_server.Port);
        connection.Send("CLIENT REPLY OFF\r\nSET conn:reply 1\r\nCLIENT REPLY ON\r\nCLIENT REPLY SKIP\r\nGET conn:reply\r\nECHO last\r\n");
        Assert.Equal("+OK\r\n", connection.ReadReply());
        Assert.Equal(Bulk("last"), connection.ReadReply());
    }

    [Fact]
    public void ClientPauseWrite_HoldsWritesUntilUnpause()
    {
        using var admin = new RawConnection(_server.Port);
        using var writer = new RawConnection(_server.Port);
        long writerId = ClientId(writer);
        try
        {
            admin.SendCommand("CLIENT", "PAUSE", "60000", "WRITE");
            Assert.Equal("+OK\r\n", admin.ReadReply());

            writer.Send("GET conn:paused\r\nSET conn:paused v\r\nGET conn:paused\r\n");
            Assert.Equal("$-1\r\n", writer.ReadReply());

            // The SET is held: reads still run, and the writer shows as blocked on it.
            admin.SendCommand("GET", "conn:paused");
            Assert.Equal("$-1\r\n", admin.ReadReply());
            admin.SendCommand("CLIENT", "LIST", "ID", writerId.ToString());
            string list = admin.ReadReply();
            Dictionary<string, string> fields = Fields(list[(list.IndexOf("\r\n", StringComparison.Ordinal) + 2)..^2]);
            Assert.Equal("b", fields["flags"]);
            Assert.Equal("set", fields["cmd"]);
        }
        finally
        {
            admin.SendCommand("CLIENT", "UNPAUSE");
            Assert.Equal("+OK\r\n", admin.ReadReply());
        }
        Assert.Equal("+OK\r\n", writer.ReadReply());
        Assert.Equal(Bulk("v"), writer.ReadReply());
    }

    [Fact]
    public void ClientPauseAll_EndsByItselfAfterTimeout()
    {
        using var admin = new RawConnection(_server.Port);
        using var other = new RawConnection(_server.Port);
        admin.SendCommand("CLIENT", "PAUSE", "300");
        Assert.Equal("+OK\r\n", admin.ReadReply());
        other.Send("PING\r\nECHO after\r\n");
        Assert.Equal("+PONG\r\n", other.ReadReply());
        Assert.Equal(Bulk("after"), other.ReadReply());
    }

    [Fact]
    public void ClientKill_OfPausedClient_ClosesItWithoutRunningTheCommand()
    {
        using var admin = new RawConnection(_server.Port);
        using var writer = new RawConnection(_server.Port);
        long writerId = ClientId(writer);
        try
        {
            admin.SendCommand("CLIENT", "PAUSE", "60000", "WRITE");
            Assert.Equal("+OK\r\n", admin.ReadReply());
            writer.Send("PING\r\nSET conn:killed v\r\n");
            Assert.Equal("+PONG\r\n", writer.ReadReply());
            admin.SendCommand("CLIENT", "KILL", "ID", writerId.ToString());
            Assert.Equal(":1\r\n", admin.ReadReply());
            Assert.True(writer.IsClosedByServer());
        }
        finally
        {
            admin.SendCommand("CLIENT", "UNPAUSE");
            Assert.Equal("+OK\r\n", admin.ReadReply());
        }
        admin.SendCommand("GET", "conn:killed");
        Assert.Equal("$-1\r\n", admin.ReadReply());
    }

    /// <summary>A server with requirepass.</summary>
    public sealed class PasswordFixture : ServerFixture
    {
        protected override string ExtraConfig => "requirepass s3cret\n";
    }

    public class RequirePass : IClassFixture<PasswordFixture>
    {
        private readonly PasswordFixture _server;

        public RequirePass(PasswordFixture server) => _server = server;

        [Fact]
        public void Commands_BeforeAuth_GetNoAuth_ThenAuthUnlocks()
        {
            using var connection = new RawConnection(_server.Port);
            connection.SendCommand("GET", "k");
            Assert.Equal("-NOAUTH Authentication required.\r\n", connection.ReadReply());
            connection.SendCommand("AUTH", "wrong");
            Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", connection.ReadReply());
            connection.SendCommand("AUTH", "default", "s3cret");
            Assert.Equal("+OK\r\n", connection.ReadReply());
            connection.SendCommand("PING");
            Assert.Equal("+PONG\r\n", connection.ReadReply());
        }

        [Fact]
        public void PipelineBeforeAuth_EveryCommandIsAnswered()
        {
            using var connection = new RawConnection(_server.Port);
            connection.Send("PING\r\nAUTH s3cret\r\nPING\r\nECHO x\r\n");
            Assert.Equal("-NOAUTH Authentication required.\r\n", connection.ReadReply());
            Assert.Equal("+OK\r\n", connection.ReadReply());
            Assert.Equal("+PONG\r\n", connection.ReadReply());
            Assert.Equal(Bulk("x"), connection.ReadReply());
        }

        [Fact]
        public void Hello_WithAuth_AuthenticatesAndSwitchesProtocol()
        {
            using var connection = new RawConnection(_server.Port);
            connection.SendCommand("HELLO", "3");
            Assert.StartsWith("-NOAUTH HELLO must be called with the client already authenticated", connection.ReadReply());
            connection.SendCommand("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "authed");
            Assert.StartsWith("%7\r\n", connection.ReadReply());
            connection.SendCommand("CLIENT", "GETNAME");
            Assert.Equal(Bulk("authed"), connection.ReadReply());
        }

        [Fact]
        public void Reset_AfterAuth_RequiresAuthAgain()
        {
            using var connection = new RawConnection(_server.Port);
            connection.SendCommand("AUTH", "s3cret");
            Assert.Equal("+OK\r\n", connection.ReadReply());
            connection.SendCommand("RESET");
            Assert.Equal("+RESET\r\n", connection.ReadReply());
            connection.SendCommand("PING");
            Assert.Equal("-NOAUTH Authentication required.\r\n", connection.ReadReply());
        }
    }

    /// <summary>A server that closes clients idle for more than a second.</summary>
    public sealed class IdleTimeoutFixture : ServerFixture
    {
        protected override string ExtraConfig => "timeout 1\n";
    }

    public class IdleTimeout : IClassFixture<IdleTimeoutFixture>
    {
        private readonly IdleTimeoutFixture _server;

        public IdleTimeout(IdleTimeoutFixture server) => _server = server;

        [Fact]
        [Trait("Category", "Slow")]
        public void IdleClient_IsClosedByServer()
        {
            using var connection = new RawConnection(_server.Port);
            connection.SendCommand("PING");
            Assert.Equal("+PONG\r\n", connection.ReadReply());
            // Closed within RawConnection's 10-second receive timeout.
            Assert.True(connection.IsClosedByServer());
        }
    }

    /// <summary>A server accepting a single client.</summary>
    public sealed class OneClientFixture : ServerFixture
    {
        protected override string ExtraConfig => "maxclients 1\n";
    }

    public class MaxClients : IClassFixture<OneClientFixture>
    {
        private readonly OneClientFixture _server;

        public MaxClients(OneClientFixture server) => _server = server;

        [Fact]
        public void ClientBeyondMaxclients_GetsErrorAndIsClosed()
        {
            using (var first = new RawConnection(_server.Port))
            {
                first.SendCommand("PING");
                Assert.Equal("+PONG\r\n", first.ReadReply());

                using var second = new RawConnection(_server.Port);
                Assert.Equal("-ERR max number of clients reached\r\n", second.ReadReply());
                Assert.True(second.IsClosedByServer());
            }

            // Once the first client is gone, a new one is accepted.
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (_server.Engine.Server.Clients.Count > 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            using var third = new RawConnection(_server.Port);
            third.SendCommand("PING");
            Assert.Equal("+PONG\r\n", third.ReadReply());
        }
    }
}
