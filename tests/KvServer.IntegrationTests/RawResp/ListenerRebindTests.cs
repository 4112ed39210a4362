using System.Net;
using System.Net.Sockets;
using KvServer.Engine;
using KvServer.Engine.Configuration;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.RawResp;

/// <summary>CONFIG SET port / bind move the listening sockets at runtime, as Redis does; clients stay connected.</summary>
public sealed class ListenerRebindTests : IAsyncLifetime
{
    private KvServerEngine? _engine;

    private KvServerEngine Engine => _engine!;

    public Task InitializeAsync()
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        ConfigFileParser.Apply(config, "bind 127.0.0.1\nport 0\nsave \"\"\n");
        _engine = new KvServerEngine(options, config);
        _engine.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public void ConfigSetPort_MovesTheListener_AndKeepsConnectedClients()
    {
        int oldPort = Engine.Port;
        int newPort = ServerProcess.FreePort();
        using var connection = new RawConnection(oldPort);
        connection.SendCommand("CONFIG", "SET", "port", newPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("+OK\r\n", connection.ReadReply());

        Assert.Equal(newPort, Engine.Port);
        Assert.False(Accepts(oldPort));
        using var moved = new RawConnection(newPort);
        moved.SendCommand("PING");
        Assert.Equal("+PONG\r\n", moved.ReadReply());
        connection.SendCommand("CONFIG", "GET", "port");
        Assert.Equal($"*2\r\n$4\r\nport\r\n${newPort.ToString(System.Globalization.CultureInfo.InvariantCulture).Length}\r\n{newPort}\r\n", connection.ReadReply());
    }

    [Fact]
    public void ConfigSetPort_ToAPortInUse_FailsAndKeepsListeningOnTheOldOne()
    {
        int oldPort = Engine.Port;
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int busyPort = ((IPEndPoint)occupant.LocalEndpoint).Port;
        using var connection = new RawConnection(oldPort);

        connection.SendCommand("CONFIG", "SET", "port", busyPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n",
            connection.ReadReply());
        Assert.Equal(oldPort, Engine.Port);
        Assert.True(Accepts(oldPort));
        connection.SendCommand("CONFIG", "GET", "port");
        Assert.Equal("*2\r\n$4\r\nport\r\n$1\r\n0\r\n", connection.ReadReply());
    }

    [Fact]
    public void ConfigSetBind_ToAnAddressThatIsNotLocal_FailsAndKeepsTheOldAddresses()
    {
        int port = Engine.Port;
        using var connection = new RawConnection(port);

        connection.SendCommand("CONFIG", "SET", "bind", "10.255.255.1");

        Assert.Equal("-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.\r\n",
            connection.ReadReply());
        Assert.True(Accepts(port));
        connection.SendCommand("CONFIG", "SET", "bind", "127.0.0.1 -::1");
        Assert.Equal("+OK\r\n", connection.ReadReply());
        Assert.True(Accepts(port));
    }

    [Fact]
    public async Task SecondServer_OnAPortInUse_FailsToStartInsteadOfSharingIt()
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        ConfigFileParser.Apply(config, $"bind 127.0.0.1\nport {Engine.Port}\nsave \"\"\n");
        var second = new KvServerEngine(options, config);
        try
        {
            Assert.ThrowsAny<Exception>(second.Start);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
