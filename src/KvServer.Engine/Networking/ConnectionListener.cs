using System.Net;
using System.Net.Sockets;
using KvServer.Engine.Execution;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Networking;

/// <summary>
/// Listens on the configured addresses and starts a <see cref="ClientConnection"/> per accepted socket.
/// Connections are async tasks, not threads, so thousands of idle clients cost only their buffers.
/// </summary>
public sealed class ConnectionListener : IAsyncDisposable
{
    private readonly CommandExecutor _executor;
    private readonly ServerState _server;
    private readonly ILogger? _logger;
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly HashSet<ClientConnection> _connections = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();

    public ConnectionListener(CommandExecutor executor, ILogger? logger = null)
    {
        _executor = executor;
        _server = executor.Server;
        _logger = logger;
    }

    /// <summary>The port actually bound (differs from the configured one when that was 0).</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Binds every address of <c>bind</c>. As in Redis, an address prefixed with '-' is optional (skipped if
    /// unavailable), "*" means every IPv4 address and "::*" every IPv6 address.
    /// </summary>
    public void Start()
    {
        int port = _server.Options.Port;
        foreach (string entry in _server.Options.Bind)
        {
            bool optional = entry.StartsWith('-');
            string address = optional ? entry[1..] : entry;
            IPAddress ip = address switch
            {
                "*" => IPAddress.Any,
                "::*" => IPAddress.IPv6Any,
                "localhost" => IPAddress.Loopback,
                _ => IPAddress.Parse(address),
            };
            try
            {
                var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (ip.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false;
                }
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(ip, port == 0 && Port != 0 ? Port : port));
                socket.Listen(511);
                Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                _listeners.Add(socket);
            }
            catch (Exception ex) when (ex is SocketException && optional)
            {
                _logger?.LogDebug("Skipping optional bind address {Address}: {Message}", address, ex.Message);
            }
        }
        if (_listeners.Count == 0)
        {
            throw new InvalidOperationException("Failed listening on any configured address");
        }
        _server.TcpPort = Port;
        foreach (Socket listener in _listeners)
        {
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            Interlocked.Increment(ref _server.Stats.TotalConnectionsReceived);
            if (_server.Clients.Count >= _server.Options.MaxClients)
            {
                Interlocked.Increment(ref _server.Stats.RejectedConnections);
                RejectAsync(socket);
                continue;
            }
            Configure(socket);
            var connection = new ClientConnection(socket, _executor, _logger);
            lock (_gate)
            {
                _connections.Add(connection);
            }
            _ = RunConnectionAsync(connection);
        }
    }

    private void Configure(Socket socket)
    {
        socket.NoDelay = true;
        int keepAlive = _server.Options.TcpKeepAlive;
        if (keepAlive > 0)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, keepAlive);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, keepAlive / 3));
        }
    }

    private static void RejectAsync(Socket socket)
    {
        try
        {
            socket.Send("-ERR max number of clients reached\r\n"u8);
        }
        catch (SocketException)
        {
        }
        socket.Dispose();
    }

    private async Task RunConnectionAsync(ClientConnection connection)
    {
        // Start the loop off the accept loop's stack so a slow first read never delays accepting.
        await Task.Yield();
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }

    /// <summary>Stops accepting, then closes every connection after its in-flight batch.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (Socket listener in _listeners)
        {
            listener.Dispose();
        }
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        ClientConnection[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }
        foreach (ClientConnection connection in open)
        {
            connection.Close();
        }
        _stopping.Dispose();
    }
}
