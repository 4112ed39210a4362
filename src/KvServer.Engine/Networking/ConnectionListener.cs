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
    private readonly PushSender _pushSender;
    private readonly CancellationTokenSource _stopping = new();
    private readonly EpollEventLoop? _eventLoop;

    // Completed when the listener is stopping and its last connection has ended.
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _listenPort;
    private string[] _listenBind = [];

    public ConnectionListener(CommandExecutor executor, ILogger? logger = null)
    {
        _executor = executor;
        _server = executor.Server;
        _logger = logger;
        if (_server.Options.EventLoopPollMicroseconds >= 0)
        {
            _eventLoop = EpollEventLoop.TryCreate(_server.Options.EventLoopPollMicroseconds, logger);
        }
        if (_eventLoop is not null && _server.Aof is { } aof)
        {
            // appendfsync always: one write and one fsync per round of the loop (see AppendOnlyFile).
            aof.EventLoop = _eventLoop;
        }
        _pushSender = new PushSender(_eventLoop);
    }

    /// <summary>The port actually bound (differs from the configured one when that was 0).</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Binds every address of <c>bind</c>. As in Redis, an address prefixed with '-' is optional (skipped if
    /// unavailable), "*" means every IPv4 address and "::*" every IPv6 address.
    /// </summary>
    public void Start()
    {
        List<Socket> sockets = BindAll(_server.Options.Port, _server.Options.Bind, out string? error)
            ?? throw new InvalidOperationException(error);
        Listen(sockets, _server.Options.Port, _server.Options.Bind);
    }

    /// <summary>
    /// CONFIG SET port / bind (Redis's changeListenPort / changeBindAddr): closes the listening sockets and
    /// binds the configured addresses again; connected clients stay. When the new addresses cannot be bound
    /// the previous ones are bound again, so a refused CONFIG SET leaves the server reachable as before.
    /// Runs on the executor.
    /// </summary>
    public bool Rebind()
    {
        int port = _server.Options.Port;
        string[] bind = _server.Options.Bind;
        if (port == _listenPort && bind.AsSpan().SequenceEqual(_listenBind))
        {
            return true;
        }
        CloseListeners();
        // Port 0 (any free port) keeps the port already bound, so clients can find the server again.
        List<Socket>? sockets = BindAll(port == 0 ? Port : port, bind, out string? error);
        if (sockets is not null)
        {
            Listen(sockets, port, bind);
            return true;
        }
        _logger?.LogWarning("Failed to listen on the new addresses: {Error}", error);
        // Port 0 asked for any free port: restore the one that was actually bound.
        int configuredPort = _listenPort;
        sockets = BindAll(configuredPort == 0 ? Port : configuredPort, _listenBind, out error);
        if (sockets is not null)
        {
            Listen(sockets, configuredPort, _listenBind);
        }
        return false;
    }

    private List<Socket>? BindAll(int port, string[] bind, out string? error)
    {
        var sockets = new List<Socket>();
        int boundPort = 0;
        error = null;
        foreach (string entry in bind)
        {
            bool optional = entry.StartsWith('-');
            string address = optional ? entry[1..] : entry;
            try
            {
                Socket socket = BindOne(address, port == 0 && boundPort != 0 ? boundPort : port);
                boundPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
                sockets.Add(socket);
            }
            catch (Exception ex) when (ex is SocketException or FormatException)
            {
                if (!optional)
                {
                    error = $"Could not create server TCP listening socket {address}:{port}: {ex.Message}";
                    break;
                }
                _logger?.LogDebug("Skipping optional bind address {Address}: {Message}", address, ex.Message);
            }
        }
        if (error is null && sockets.Count == 0)
        {
            error = "Failed listening on any configured address";
        }
        if (error is null)
        {
            return sockets;
        }
        foreach (Socket socket in sockets)
        {
            socket.Dispose();
        }
        return null;
    }

    private static Socket BindOne(string address, int port)
    {
        IPAddress ip = address switch
        {
            "*" => IPAddress.Any,
            "::*" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.Parse(address),
        };
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            AllowRebindDuringTimeWait(socket);
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(511);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// SO_REUSEADDR, as Redis sets it, so a restart can bind while old connections sit in TIME_WAIT. On Linux
    /// .NET's ReuseAddress option also sets SO_REUSEPORT, which would let a second server bind the same
    /// port and share its connections instead of failing to start, so the plain option is set directly.
    /// </summary>
    private static void AllowRebindDuringTimeWait(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            const int SolSocket = 1;
            const int SoReuseAddr = 2;
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, [1, 0, 0, 0]);
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
    }

    private void Listen(List<Socket> sockets, int port, string[] bind)
    {
        _listenPort = port;
        _listenBind = bind;
        Port = ((IPEndPoint)sockets[0].LocalEndPoint!).Port;
        _server.TcpPort = Port;
        lock (_gate)
        {
            _listeners.AddRange(sockets);
            foreach (Socket listener in sockets)
            {
                _acceptLoops.Add(AcceptLoopAsync(listener));
            }
        }
    }

    private void CloseListeners()
    {
        Socket[] closing;
        lock (_gate)
        {
            closing = [.. _listeners];
            _listeners.Clear();
        }
        foreach (Socket listener in closing)
        {
            listener.Dispose();
        }
    }

    private bool IsListening(Socket listener)
    {
        lock (_gate)
        {
            return _listeners.Contains(listener);
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
                // A listener closed by Rebind ends its loop; an accept that failed on a live one is retried.
                if (_stopping.IsCancellationRequested || !IsListening(listener))
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
            var connection = new ClientConnection(socket, _executor, _logger, _pushSender, _eventLoop);
            lock (_gate)
            {
                _connections.Add(connection);
            }
            // The connection's continuations carry no execution context (nothing in it uses AsyncLocal):
            // each resumption then skips capturing and restoring the host's context.
            using (ExecutionContext.SuppressFlow())
            {
                _ = RunConnectionAsync(connection);
            }
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
                if (_connections.Count == 0 && _stopping.IsCancellationRequested)
                {
                    _allClosed.TrySetResult();
                }
            }
        }
    }

    /// <summary>Stops accepting, then closes every connection after its in-flight batch.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        CloseListeners();
        Task[] loops;
        lock (_gate)
        {
            loops = [.. _acceptLoops];
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
        ClientConnection[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }
        foreach (ClientConnection connection in open)
        {
            connection.Close();
        }
        if (_eventLoop is not null)
        {
            // The connections finish their batches and sends on the loop: stop it only once they are gone.
            lock (_gate)
            {
                if (_connections.Count == 0)
                {
                    _allClosed.TrySetResult();
                }
            }
            await _allClosed.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_server.Aof is { } aof && ReferenceEquals(aof.EventLoop, _eventLoop))
            {
                aof.EventLoop = null;
            }
            _eventLoop.Dispose();
        }
        _stopping.Dispose();
    }
}
