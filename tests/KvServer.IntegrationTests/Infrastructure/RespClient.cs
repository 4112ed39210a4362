using System.Net.Sockets;
using System.Text;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal RESP client over a raw socket, for talking to KvServer and to a real redis-server in exactly
/// the same way: commands are sent as multibulk byte arrays (binary-safe, pipelined), replies are decoded
/// into <see cref="RespReply"/> trees that keep their exact bytes. Every read has a deadline, so a server
/// that does not answer fails the test instead of hanging the suite.
/// </summary>
public sealed class RespClient : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public RespClient(int port, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? TimeSpan.FromSeconds(15);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect("127.0.0.1", port);
        _socket.ReceiveTimeout = (int)_timeout.TotalMilliseconds;
        _socket.SendTimeout = (int)_timeout.TotalMilliseconds;
    }

    /// <summary>Latin-1 bytes of a string: every char below 256 is one byte, so "\x00\xff" is binary data.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    public static byte[][] Command(params string[] args)
    {
        var command = new byte[args.Length][];
        for (int i = 0; i < args.Length; i++)
        {
            command[i] = Bytes(args[i]);
        }
        return command;
    }

    /// <summary>The multibulk encoding of one command.</summary>
    public static void Encode(MemoryStream output, byte[][] command)
    {
        output.Write(Encoding.ASCII.GetBytes($"*{command.Length}\r\n"));
        foreach (byte[] arg in command)
        {
            output.Write(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            output.Write(arg);
            output.Write("\r\n"u8);
        }
    }

    public void SendRaw(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += _socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }
    }

    public void Send(byte[][] command)
    {
        using var output = new MemoryStream();
        Encode(output, command);
        SendRaw(output.ToArray());
    }

    /// <summary>Sends one command and returns its reply.</summary>
    public RespReply Call(params string[] args) => Call(Command(args));

    public RespReply Call(byte[][] command)
    {
        Send(command);
        return Read();
    }

    /// <summary>Sends all commands in one write, then reads one reply per command.</summary>
    public List<RespReply> Pipeline(IReadOnlyList<byte[][]> commands)
    {
        using var output = new MemoryStream();
        foreach (byte[][] command in commands)
        {
            Encode(output, command);
        }
        SendRaw(output.ToArray());
        var replies = new List<RespReply>(commands.Count);
        for (int i = 0; i < commands.Count; i++)
        {
            replies.Add(Read());
        }
        return replies;
    }

    /// <summary>Reads the next complete reply.</summary>
    public RespReply Read()
    {
        DateTime deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            if (_end > _start && RespReply.TryParse(_buffer.AsSpan(_start, _end - _start), 0, out RespReply? reply, out int used))
            {
                _start += used;
                return reply!;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no complete reply within " + _timeout + "; buffered: "
                    + RespReply.Escape(_buffer.AsSpan(_start, _end - _start)));
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        int read;
        try
        {
            read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            throw new TimeoutException("no reply within " + _timeout + "; buffered: "
                + RespReply.Escape(_buffer.AsSpan(_start, _end - _start)), ex);
        }
        if (read == 0)
        {
            throw new IOException("the server closed the connection; buffered: "
                + RespReply.Escape(_buffer.AsSpan(_start, _end - _start)));
        }
        _end += read;
    }

    public void Dispose() => _socket.Dispose();
}
