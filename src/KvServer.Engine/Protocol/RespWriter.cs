using System.Buffers;
using System.Buffers.Text;

namespace KvServer.Engine.Protocol;

/// <summary>
/// Writes replies straight into a client's output buffer, in the client's protocol version. Handlers call
/// these methods and never write a type prefix or CRLF themselves; RESP2/RESP3 differences (null, map, set,
/// double, bool, push) are decided here once, as Redis's addReply* helpers do in networking.c.
/// </summary>
/// <remarks>
/// The buffer is owned by one connection. It grows as needed (a reply is never split across sends by the
/// executor) and shrinks back after a large reply has been sent, so an idle client holds only a small buffer.
/// </remarks>
public sealed class RespWriter : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private const int RetainLimit = 256 * 1024;

    private byte[] _buffer;
    private int _position;

    public RespWriter(RespVersion version = RespVersion.Resp2)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        Version = version;
    }

    /// <summary>The protocol version of the client this writer serves.</summary>
    public RespVersion Version { get; set; }

    public bool IsResp3 => Version == RespVersion.Resp3;

    /// <summary>Bytes written and not yet sent.</summary>
    public int Length => _position;

    /// <summary>Size of the current output buffer (CLIENT LIST rbs=).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Number of error replies written so far (the executor uses it for failed_calls and errorstats).</summary>
    public long ErrorCount { get; private set; }

    /// <summary>The prefix (e.g. "ERR", "WRONGTYPE") of the last error written, for errorstats.</summary>
    public ReadOnlySpan<byte> LastErrorPrefix => _buffer.AsSpan(_lastErrorStart, _lastErrorPrefixLength);

    private int _lastErrorStart;
    private int _lastErrorPrefixLength;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>Forgets what was written (after it was sent) and releases an oversized buffer.</summary>
    public void Reset()
    {
        _position = 0;
        if (_buffer.Length > RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    /// <summary>
    /// Hands the written bytes to the caller (which sends them) and continues in <paramref name="fresh"/>.
    /// The connection swaps under the client's output lock, so another client's push (pub/sub, an unblocked
    /// pop) can be written into this writer while the previous batch of bytes is on its way to the socket.
    /// </summary>
    public byte[] Swap(byte[] fresh, out int length)
    {
        byte[] written = _buffer;
        length = _position;
        _buffer = fresh;
        _position = 0;
        return written;
    }

    /// <summary>A buffer for <see cref="Swap"/>: pooled, at least the initial size.</summary>
    public static byte[] RentBuffer() => ArrayPool<byte>.Shared.Rent(InitialSize);

    /// <summary>Returns a swapped-out buffer to the pool, or keeps it as the next spare if it is not oversized.</summary>
    public static byte[] Recycle(byte[] buffer)
    {
        if (buffer.Length > RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return RentBuffer();
        }
        return buffer;
    }

    public static void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Drops bytes written after <paramref name="length"/> (used to undo a muted reply).</summary>
    public void Truncate(int length) => _position = length;

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _position = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _position < size)
        {
            Grow(size);
        }
        return _buffer.AsSpan(_position);
    }

    private void Grow(int size)
    {
        long wanted = Math.Max((long)_buffer.Length * 2, (long)_position + size);
        if (wanted > Array.MaxLength)
        {
            wanted = Math.Max(Array.MaxLength, _position + size);
        }
        byte[] next = ArrayPool<byte>.Shared.Rent((int)wanted);
        _buffer.AsSpan(0, _position).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = next;
    }

    /// <summary>Appends already-encoded RESP.</summary>
    public void WriteRaw(ReadOnlySpan<byte> resp)
    {
        resp.CopyTo(GetSpan(resp.Length));
        _position += resp.Length;
    }

    public void WriteOk() => WriteRaw("+OK\r\n"u8);

    public void WriteQueued() => WriteRaw("+QUEUED\r\n"u8);

    public void WritePong() => WriteRaw("+PONG\r\n"u8);

    public void WriteSimpleString(ReadOnlySpan<byte> text)
    {
        Span<byte> span = GetSpan(text.Length + 3);
        span[0] = (byte)'+';
        text.CopyTo(span[1..]);
        span[text.Length + 1] = (byte)'\r';
        span[text.Length + 2] = (byte)'\n';
        _position += text.Length + 3;
    }

    public void WriteSimpleString(string text) => WriteSimpleString(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes an error reply. As Redis does (addReplyErrorLength), newlines inside the text become spaces so a
    /// message built from client input cannot break the framing.
    /// </summary>
    public void WriteError(ReadOnlySpan<byte> text)
    {
        Span<byte> span = GetSpan(text.Length + 3);
        span[0] = (byte)'-';
        Span<byte> body = span.Slice(1, text.Length);
        text.CopyTo(body);
        body.Replace((byte)'\r', (byte)' ');
        body.Replace((byte)'\n', (byte)' ');
        span[text.Length + 1] = (byte)'\r';
        span[text.Length + 2] = (byte)'\n';
        int space = text.IndexOf((byte)' ');
        _lastErrorStart = _position + 1;
        _lastErrorPrefixLength = space < 0 ? text.Length : space;
        _position += text.Length + 3;
        ErrorCount++;
    }

    public void WriteError(string text) => WriteError(System.Text.Encoding.UTF8.GetBytes(text));

    public void WriteInteger(long value)
    {
        Span<byte> span = GetSpan(Utf8Number.MaxInt64Chars + 3);
        span[0] = (byte)':';
        Utf8Formatter.TryFormat(value, span[1..], out int written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        _position += written + 3;
    }

    private void WriteLength(byte prefix, long length)
    {
        Span<byte> span = GetSpan(Utf8Number.MaxInt64Chars + 3);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out int written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        _position += written + 3;
    }

    public void WriteBulkString(ReadOnlySpan<byte> value)
    {
        int length = value.Length;
        Span<byte> span = GetSpan(length + Utf8Number.MaxInt64Chars + 5);
        span[0] = (byte)'$';
        int at;
        // Short elements dominate list, set and hash replies (LRANGE writes a hundred per call): their
        // header and bytes are written directly, as Redis uses precomputed headers for them.
        if (length < 10)
        {
            span[1] = (byte)('0' + length);
            at = 2;
        }
        else if (length < 100)
        {
            span[1] = (byte)('0' + length / 10);
            span[2] = (byte)('0' + length % 10);
            at = 3;
        }
        else
        {
            Utf8Formatter.TryFormat(length, span[1..], out int written);
            at = written + 1;
        }
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        if (length <= 16)
        {
            Span<byte> target = span.Slice(at, length);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = value[i];
            }
        }
        else
        {
            value.CopyTo(span[at..]);
        }
        at += length;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        _position += at;
    }

    public void WriteBulkString(string value) => WriteBulkString(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>An integer as a bulk string (e.g. GET of an int-encoded string).</summary>
    public void WriteBulkInteger(long value)
    {
        Span<byte> digits = stackalloc byte[Utf8Number.MaxInt64Chars];
        int length = Utf8Number.FormatInt64(value, digits);
        WriteBulkString(digits[..length]);
    }

    /// <summary>The null bulk string: <c>$-1</c> in RESP2, <c>_</c> in RESP3.</summary>
    public void WriteNull() => WriteRaw(IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>The null array: <c>*-1</c> in RESP2, <c>_</c> in RESP3.</summary>
    public void WriteNullArray() => WriteRaw(IsResp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    public void WriteArrayLength(long length) => WriteLength((byte)'*', length);

    public void WriteEmptyArray() => WriteRaw("*0\r\n"u8);

    /// <summary>A map of <paramref name="pairs"/> entries: <c>%n</c> in RESP3, a flat array of 2n in RESP2.</summary>
    public void WriteMapLength(long pairs)
    {
        if (IsResp3)
        {
            WriteLength((byte)'%', pairs);
        }
        else
        {
            WriteLength((byte)'*', pairs * 2);
        }
    }

    /// <summary>A set: <c>~n</c> in RESP3, an array in RESP2.</summary>
    public void WriteSetLength(long length) => WriteLength(IsResp3 ? (byte)'~' : (byte)'*', length);

    /// <summary>An out-of-band push: <c>&gt;n</c> in RESP3, an array in RESP2 (pub/sub messages).</summary>
    public void WritePushLength(long length) => WriteLength(IsResp3 ? (byte)'>' : (byte)'*', length);

    /// <summary>A double: <c>,x</c> in RESP3, a bulk string in RESP2; <c>%.17g</c> as Redis 7.0.</summary>
    public void WriteDouble(double value)
    {
        Span<byte> text = stackalloc byte[40];
        int length = Utf8Number.FormatDouble(value, text);
        if (IsResp3)
        {
            Span<byte> span = GetSpan(length + 3);
            span[0] = (byte)',';
            text[..length].CopyTo(span[1..]);
            span[length + 1] = (byte)'\r';
            span[length + 2] = (byte)'\n';
            _position += length + 3;
        }
        else
        {
            WriteBulkString(text[..length]);
        }
    }

    /// <summary>A boolean: <c>#t</c>/<c>#f</c> in RESP3, <c>:1</c>/<c>:0</c> in RESP2.</summary>
    public void WriteBool(bool value)
    {
        if (IsResp3)
        {
            WriteRaw(value ? "#t\r\n"u8 : "#f\r\n"u8);
        }
        else
        {
            WriteRaw(value ? ":1\r\n"u8 : ":0\r\n"u8);
        }
    }

    /// <summary>A big number: <c>(digits</c> in RESP3, a bulk string in RESP2 (DEBUG PROTOCOL bignum).</summary>
    public void WriteBigNumber(ReadOnlySpan<byte> digits)
    {
        if (!IsResp3)
        {
            WriteBulkString(digits);
            return;
        }
        Span<byte> span = GetSpan(digits.Length + 3);
        span[0] = (byte)'(';
        digits.CopyTo(span[1..]);
        span[digits.Length + 1] = (byte)'\r';
        span[digits.Length + 2] = (byte)'\n';
        _position += digits.Length + 3;
    }

    /// <summary>
    /// An attribute map of <paramref name="pairs"/> entries (<c>|n</c>) that precedes the real reply; RESP3
    /// only: in RESP2 nothing is written and the caller must skip the pairs.
    /// </summary>
    public void WriteAttributeLength(long pairs)
    {
        if (IsResp3)
        {
            WriteLength((byte)'|', pairs);
        }
    }

    /// <summary>Verbatim text (<c>=n\r\ntxt:...</c>) in RESP3, a bulk string in RESP2 (INFO, CLIENT LIST).</summary>
    public void WriteVerbatim(ReadOnlySpan<byte> text, ReadOnlySpan<byte> format)
    {
        if (!IsResp3)
        {
            WriteBulkString(text);
            return;
        }
        WriteLength((byte)'=', text.Length + 4);
        Span<byte> span = GetSpan(text.Length + 6);
        format[..3].CopyTo(span);
        span[3] = (byte)':';
        text.CopyTo(span[4..]);
        span[text.Length + 4] = (byte)'\r';
        span[text.Length + 5] = (byte)'\n';
        _position += text.Length + 6;
    }
}
