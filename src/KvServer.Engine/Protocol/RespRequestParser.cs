namespace KvServer.Engine.Protocol;

/// <summary>Outcome of parsing the bytes a connection has buffered.</summary>
public enum ParseStatus
{
    /// <summary>Every complete command was parsed; the remainder (if any) is an incomplete command.</summary>
    Done,

    /// <summary>The stream broke the protocol: reply with the error, then close the connection.</summary>
    ProtocolError,
}

/// <summary>Limits that protect the server from untrusted request sizes (networking.c).</summary>
public struct ParserLimits
{
    /// <summary><c>proto-max-bulk-len</c>: the largest bulk argument accepted.</summary>
    public long MaxBulkLength;

    /// <summary>Before AUTH, Redis 7.0 caps requests at 10 arguments of 16 KB each.</summary>
    public bool Unauthenticated;

    /// <summary>
    /// Stop after this many commands (0 = no limit). An unauthenticated client gets one command per batch,
    /// so the limits above apply exactly until the AUTH that precedes the next command has run.
    /// </summary>
    public int MaxCommands;
}

/// <summary>
/// Parses RESP requests (multibulk) and inline commands from a contiguous buffer into a
/// <see cref="RequestBatch"/>, following processMultibulkBuffer / processInlineBuffer in Redis's networking.c
/// byte for byte: the same limits, the same protocol errors, the same leniency (the CRLF after a bulk is
/// skipped, not checked). Nothing is allocated from a length the client sent: arguments are ranges over
/// bytes that have already arrived, and an incomplete command only reports how many bytes it needs at least.
/// </summary>
public static class RespRequestParser
{
    /// <summary>PROTO_INLINE_MAX_SIZE: longest inline request, and longest header line.</summary>
    public const int InlineMaxSize = 64 * 1024;

    private const int UnauthenticatedMaxArgs = 10;
    private const int UnauthenticatedMaxBulk = 16384;

    /// <summary>
    /// Parses as many complete commands as <paramref name="input"/> holds.
    /// <paramref name="consumed"/> is the length of the complete commands; <paramref name="needed"/> is a lower
    /// bound on the buffer length at which parsing the rest can make progress (so a large command that arrives
    /// in many reads is not re-parsed on every read). On a protocol error, <paramref name="error"/> is the text.
    /// </summary>
    public static ParseStatus Parse(ReadOnlySpan<byte> input, RequestBatch batch, in ParserLimits limits,
        out int consumed, out long needed, out ReadOnlySpan<byte> error)
    {
        consumed = 0;
        needed = 0;
        error = default;
        int position = 0;
        while (position < input.Length)
        {
            int commandStart = batch.BeginCommand();
            int scratchStart = batch.ScratchLength;
            int result = input[position] == (byte)'*'
                ? ParseMultibulk(input, position, batch, limits, out needed, out error)
                : ParseInline(input, position, batch, out needed, out error);
            if (result == Incomplete)
            {
                batch.AbandonCommand(commandStart, scratchStart);
                break;
            }
            if (result == Failed)
            {
                batch.AbandonCommand(commandStart, scratchStart);
                consumed = position;
                return ParseStatus.ProtocolError;
            }
            if (batch.BeginCommand() > commandStart)
            {
                batch.EndCommand(commandStart);
            }
            position = result;
            consumed = position;
            if (limits.MaxCommands > 0 && batch.Count >= limits.MaxCommands)
            {
                break;
            }
        }
        return ParseStatus.Done;
    }

    private const int Incomplete = -1;
    private const int Failed = -2;

    // Returns the position after the command, Incomplete, or Failed.
    private static int ParseMultibulk(ReadOnlySpan<byte> input, int position, RequestBatch batch,
        in ParserLimits limits, out long needed, out ReadOnlySpan<byte> error)
    {
        error = default;
        needed = 0;
        if (!TryReadHeader(input, position, out long count, out int next, out bool headerOk))
        {
            if (input.Length - position > InlineMaxSize)
            {
                error = RespErrors.ProtocolBigMultibulkCount;
                return Failed;
            }
            needed = input.Length + 1;
            return Incomplete;
        }
        if (!headerOk || count > int.MaxValue)
        {
            error = RespErrors.ProtocolInvalidMultibulk;
            return Failed;
        }
        if (count > UnauthenticatedMaxArgs && limits.Unauthenticated)
        {
            error = RespErrors.ProtocolUnauthMultibulk;
            return Failed;
        }
        position = next;
        // "*0" and "*-1" are empty requests: consumed, nothing to run.
        for (long remaining = count; remaining > 0; remaining--)
        {
            if (position >= input.Length)
            {
                // Every remaining argument needs at least "$0\r\n\r\n".
                needed = position + remaining * 6;
                return Incomplete;
            }
            if (input[position] != (byte)'$')
            {
                error = System.Text.Encoding.ASCII.GetBytes($"ERR Protocol error: expected '$', got '{(char)input[position]}'");
                return Failed;
            }
            if (!TryReadHeader(input, position, out long length, out next, out headerOk))
            {
                if (input.Length - position > InlineMaxSize)
                {
                    error = RespErrors.ProtocolBigBulkCount;
                    return Failed;
                }
                needed = input.Length + 1 + (remaining - 1) * 6;
                return Incomplete;
            }
            if (!headerOk || length < 0 || length > limits.MaxBulkLength)
            {
                error = RespErrors.ProtocolInvalidBulk;
                return Failed;
            }
            if (length > UnauthenticatedMaxBulk && limits.Unauthenticated)
            {
                error = RespErrors.ProtocolUnauthBulk;
                return Failed;
            }
            long end = next + length + 2;
            if (end > input.Length)
            {
                needed = end + (remaining - 1) * 6;
                return Incomplete;
            }
            batch.AddArgument(next, (int)length);
            position = (int)end;
        }
        return position;
    }

    // Reads "<prefix><integer>\r" at position. False when no '\r' followed by one more byte is buffered yet.
    private static bool TryReadHeader(ReadOnlySpan<byte> input, int position, out long value, out int next, out bool ok)
    {
        value = 0;
        next = 0;
        ok = false;
        int searchEnd = Math.Min(input.Length, position + InlineMaxSize + 2);
        int cr = input[(position + 1)..searchEnd].IndexOf((byte)'\r');
        if (cr < 0)
        {
            return false;
        }
        int crAt = position + 1 + cr;
        if (crAt + 1 >= input.Length)
        {
            return false;
        }
        ok = Utf8Number.TryParseInt64(input[(position + 1)..crAt], out value);
        next = crAt + 2;
        return true;
    }

    private static int ParseInline(ReadOnlySpan<byte> input, int position, RequestBatch batch,
        out long needed, out ReadOnlySpan<byte> error)
    {
        error = default;
        needed = 0;
        int newline = input[position..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (input.Length - position > InlineMaxSize)
            {
                error = RespErrors.ProtocolBigInline;
                return Failed;
            }
            needed = input.Length + 1;
            return Incomplete;
        }
        int lineEnd = position + newline;
        int next = lineEnd + 1;
        if (lineEnd > position && input[lineEnd - 1] == (byte)'\r')
        {
            lineEnd--;
        }
        if (!SplitInlineArguments(input[position..lineEnd], batch))
        {
            error = RespErrors.ProtocolUnbalancedQuotes;
            return Failed;
        }
        return next;
    }

    /// <summary>sdssplitargs: whitespace-separated words, "double quotes" with C escapes, 'single quotes'.</summary>
    internal static bool SplitInlineArguments(ReadOnlySpan<byte> line, RequestBatch batch)
    {
        int i = 0;
        while (true)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }
            if (i >= line.Length)
            {
                return true;
            }
            Span<byte> word = batch.RentScratch(line.Length - i);
            int length = 0;
            bool inDouble = false;
            bool inSingle = false;
            bool done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }
                    byte c = line[i];
                    if (c == (byte)'\\' && i + 3 < line.Length && line[i + 1] == (byte)'x' && IsHex(line[i + 2]) && IsHex(line[i + 3]))
                    {
                        word[length++] = (byte)(HexValue(line[i + 2]) * 16 + HexValue(line[i + 3]));
                        i += 3;
                    }
                    else if (c == (byte)'\\' && i + 1 < line.Length)
                    {
                        i++;
                        word[length++] = line[i] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            _ => line[i],
                        };
                    }
                    else if (c == (byte)'"')
                    {
                        // The closing quote must be followed by a space or the end of the line.
                        if (i + 1 < line.Length && !IsSpace(line[i + 1]))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else
                    {
                        word[length++] = c;
                    }
                }
                else if (inSingle)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }
                    byte c = line[i];
                    if (c == (byte)'\\' && i + 1 < line.Length && line[i + 1] == (byte)'\'')
                    {
                        i++;
                        word[length++] = (byte)'\'';
                    }
                    else if (c == (byte)'\'')
                    {
                        if (i + 1 < line.Length && !IsSpace(line[i + 1]))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else
                    {
                        word[length++] = c;
                    }
                }
                else if (i >= line.Length)
                {
                    done = true;
                    break;
                }
                else
                {
                    byte c = line[i];
                    if (IsSpace(c))
                    {
                        done = true;
                        break;
                    }
                    if (c == (byte)'"')
                    {
                        inDouble = true;
                    }
                    else if (c == (byte)'\'')
                    {
                        inSingle = true;
                    }
                    else
                    {
                        word[length++] = c;
                    }
                }
                if (i < line.Length)
                {
                    i++;
                }
            }
            batch.CommitScratchArgument(length);
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static bool IsHex(byte b) => (b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'a' && b <= (byte)'f') || (b >= (byte)'A' && b <= (byte)'F');

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
