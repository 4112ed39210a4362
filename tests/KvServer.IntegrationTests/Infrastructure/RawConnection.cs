using System.Net.Sockets;
using System.Text;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A bare TCP connection for exact-byte protocol tests: send raw bytes, read until the expected number of
/// replies (or bytes) arrived, with a timeout so a wrong server never hangs the suite.
/// </summary>
public sealed class RawConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _received = [];

    /// <param name="receiveBufferSize">
    /// When set, a fixed SO_RCVBUF (it also turns off the kernel's autotuning, which can otherwise absorb
    /// tens of megabytes for a client that never reads).
    /// </param>
    public RawConnection(int port, int receiveBufferSize = 0)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize > 0)
        {
            _socket.ReceiveBufferSize = receiveBufferSize;
        }
        _socket.Connect("127.0.0.1", port);
        _socket.ReceiveTimeout = 10_000;
    }

    public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

    public void Send(byte[] bytes) => _socket.Send(bytes);

    /// <summary>Sends the end of the stream (a FIN): the client will write no more but still reads.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Sends a command as a RESP multibulk.</summary>
    public void SendCommand(params string[] args)
    {
        var text = new StringBuilder($"*{args.Length}\r\n");
        foreach (string arg in args)
        {
            text.Append('$').Append(Encoding.Latin1.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        Send(text.ToString());
    }

    /// <summary>Reads until <paramref name="expected"/> bytes arrived; returns them (Latin-1).</summary>
    public string ReadExactly(int expected)
    {
        var buffer = new byte[64 * 1024];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (_received.Count < expected && DateTime.UtcNow < deadline)
        {
            int read = _socket.Receive(buffer);
            if (read == 0)
            {
                break;
            }
            _received.AddRange(buffer.AsSpan(0, read));
        }
        int take = Math.Min(expected, _received.Count);
        string result = Encoding.Latin1.GetString(_received.GetRange(0, take).ToArray());
        _received.RemoveRange(0, take);
        return result;
    }

    /// <summary>Sends <paramref name="request"/> and expects exactly <paramref name="reply"/> back.</summary>
    public string Roundtrip(string request, int replyLength)
    {
        Send(request);
        return ReadExactly(replyLength);
    }

    /// <summary>Reads one complete RESP reply.</summary>
    public string ReadReply()
    {
        var buffer = new byte[64 * 1024];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            string text = Encoding.Latin1.GetString(_received.ToArray());
            int end = ReplyEnd(text, 0);
            if (end > 0)
            {
                _received.RemoveRange(0, end);
                return text[..end];
            }
            int read = _socket.Receive(buffer);
            if (read == 0)
            {
                break;
            }
            _received.AddRange(buffer.AsSpan(0, read));
        }
        throw new TimeoutException("no complete reply; received: " + Encoding.Latin1.GetString(_received.ToArray()));
    }

    /// <summary>True when the server has closed the connection (reads return 0) within the timeout.</summary>
    public bool IsClosedByServer()
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                int read = _socket.Receive(buffer);
                if (read == 0)
                {
                    return true;
                }
                _received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // End offset of the reply starting at start, or -1 if incomplete.
    private static int ReplyEnd(string text, int start)
    {
        if (start >= text.Length)
        {
            return -1;
        }
        int lineEnd = text.IndexOf("\r\n", start, StringComparison.Ordinal);
        if (lineEnd < 0)
        {
            return -1;
        }
        char type = text[start];
        string header = text[(start + 1)..lineEnd];
        int next = lineEnd + 2;
        switch (type)
        {
            case '$' or '=' or '!':
                int length = int.Parse(header);
                if (length < 0)
                {
                    return next;
                }
                return text.Length >= next + length + 2 ? next + length + 2 : -1;
            case '*' or '~' or '>' or '%':
                int count = int.Parse(header);
                if (type == '%')
                {
                    count *= 2;
                }
                for (int i = 0; i < count; i++)
                {
                    next = ReplyEnd(text, next);
                    if (next < 0)
                    {
                        return -1;
                    }
                }
                return next;
            default:
                return next;
        }
    }

    public void Dispose() => _socket.Dispose();
}
