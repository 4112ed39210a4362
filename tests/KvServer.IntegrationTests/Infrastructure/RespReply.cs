using System.Text;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// One decoded RESP2/RESP3 reply that keeps its exact bytes: differential tests compare <see cref="Raw"/>
/// byte for byte and fall back to the tree (<see cref="Items"/>) only for replies whose order or content
/// Redis leaves unspecified.
/// </summary>
public sealed class RespReply
{
    private RespReply(char type, byte[] raw, byte[] payload, long length, List<RespReply> items)
    {
        Type = type;
        Raw = raw;
        Payload = payload;
        Length = length;
        Items = items;
    }

    /// <summary>The type byte: + - : $ * and RESP3's % ~ &gt; _ , # ( = !.</summary>
    public char Type { get; }

    /// <summary>The reply exactly as received, prefix and every CRLF included.</summary>
    public byte[] Raw { get; }

    /// <summary>A simple reply's line or a bulk reply's body.</summary>
    public byte[] Payload { get; }

    /// <summary>Element count of an aggregate (pairs for a map), length of a bulk, -1 for RESP2 nulls.</summary>
    public long Length { get; }

    /// <summary>Elements of an aggregate in order; a map's keys and values alternate.</summary>
    public List<RespReply> Items { get; }

    public bool IsError => Type is '-' or '!';

    public bool IsAggregate => Type is '*' or '%' or '~' or '>' && Length >= 0;

    public bool IsInteger => Type == ':';

    public string Text => Encoding.Latin1.GetString(Payload);

    /// <summary>The integer value of a ':' reply.</summary>
    public long Integer => long.Parse(Text, System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Escape(Raw, 2000);

    /// <summary>Printable form of bytes: CR, LF, quotes and non-ASCII bytes escaped, long data cut.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, int max = 200)
    {
        var text = new StringBuilder();
        int shown = Math.Min(bytes.Length, max);
        for (int i = 0; i < shown; i++)
        {
            byte b = bytes[i];
            switch (b)
            {
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                case (byte)'"': text.Append("\\\""); break;
                case < 0x20 or >= 0x7f: text.Append("\\x").Append(b.ToString("x2")); break;
                default: text.Append((char)b); break;
            }
        }
        if (bytes.Length > max)
        {
            text.Append("...(").Append(bytes.Length).Append(" bytes)");
        }
        return text.ToString();
    }

    /// <summary>
    /// Parses one reply at <paramref name="offset"/>; false (and nothing consumed) when the buffer does not
    /// hold it completely yet. Throws on bytes that are not RESP.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, int offset, out RespReply? reply, out int end)
    {
        reply = null;
        end = offset;
        int lineEnd = buffer[offset..].IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return false;
        }
        lineEnd += offset;
        char type = (char)buffer[offset];
        byte[] line = buffer[(offset + 1)..lineEnd].ToArray();
        int next = lineEnd + 2;
        switch (type)
        {
            case '+' or '-' or ':' or '_' or ',' or '#' or '(':
                end = next;
                reply = new RespReply(type, buffer[offset..end].ToArray(), line, line.Length, []);
                return true;
            case '$' or '=' or '!':
            {
                long length = ParseLength(line);
                if (length < 0)
                {
                    end = next;
                    reply = new RespReply(type, buffer[offset..end].ToArray(), [], -1, []);
                    return true;
                }
                if (buffer.Length < next + length + 2)
                {
                    return false;
                }
                end = next + (int)length + 2;
                reply = new RespReply(type, buffer[offset..end].ToArray(), buffer.Slice(next, (int)length).ToArray(), length, []);
                return true;
            }
            case '*' or '%' or '~' or '>' or '|':
            {
                long count = ParseLength(line);
                var items = new List<RespReply>();
                long elements = type is '%' or '|' ? count * 2 : count;
                for (long i = 0; i < elements; i++)
                {
                    if (!TryParse(buffer, next, out RespReply? item, out next))
                    {
                        return false;
                    }
                    items.Add(item!);
                }
                end = next;
                reply = new RespReply(type, buffer[offset..end].ToArray(), line, count, items);
                return true;
            }
            default:
                throw new InvalidDataException("not a RESP reply: " + Escape(buffer[offset..]));
        }
    }

    private static long ParseLength(byte[] line) =>
        long.Parse(Encoding.ASCII.GetString(line), System.Globalization.CultureInfo.InvariantCulture);
}
