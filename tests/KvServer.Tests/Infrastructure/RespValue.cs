using System.Globalization;
using System.Text;

namespace KvServer.Tests.Infrastructure;

/// <summary>A decoded RESP2/RESP3 reply, for assertions on structure rather than bytes.</summary>
public sealed class RespValue
{
    public char Type { get; private init; }

    public string? Text { get; private init; }

    public long Integer { get; private init; }

    public List<RespValue>? Items { get; private init; }

    public bool IsNull => Type == '_' || (Type is '$' or '*' && Text is null && Items is null);

    public bool IsError => Type == '-';

    public override string ToString() => Type switch
    {
        ':' => Integer.ToString(CultureInfo.InvariantCulture),
        '*' or '%' or '~' or '>' => Items is null ? "(nil)" : "[" + string.Join(", ", Items) + "]",
        _ => Text ?? "(nil)",
    };

    public static RespValue Parse(string resp)
    {
        int position = 0;
        RespValue value = Read(resp, ref position);
        if (position != resp.Length)
        {
            throw new FormatException($"trailing data after reply: {resp[position..]}");
        }
        return value;
    }

    /// <summary>Parses every reply in <paramref name="resp"/> (pipelined output).</summary>
    public static List<RespValue> ParseAll(string resp)
    {
        var values = new List<RespValue>();
        int position = 0;
        while (position < resp.Length)
        {
            values.Add(Read(resp, ref position));
        }
        return values;
    }

    private static string Line(string resp, ref int position)
    {
        int end = resp.IndexOf("\r\n", position, StringComparison.Ordinal);
        string line = resp[position..end];
        position = end + 2;
        return line;
    }

    private static RespValue Read(string resp, ref int position)
    {
        char type = resp[position++];
        string line = Line(resp, ref position);
        switch (type)
        {
            case '+' or '-' or ',' or '(' or '#':
                return new RespValue { Type = type, Text = line };
            case ':':
                return new RespValue { Type = type, Integer = long.Parse(line, CultureInfo.InvariantCulture) };
            case '_':
                return new RespValue { Type = type };
            case '$' or '=' or '!':
            {
                int length = int.Parse(line, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return new RespValue { Type = type };
                }
                string text = resp.Substring(position, length);
                position += length + 2;
                return new RespValue { Type = type, Text = text };
            }
            case '*' or '~' or '>' or '%':
            {
                int count = int.Parse(line, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return new RespValue { Type = type };
                }
                if (type == '%')
                {
                    count *= 2;
                }
                var items = new List<RespValue>(count);
                for (int i = 0; i < count; i++)
                {
                    items.Add(Read(resp, ref position));
                }
                return new RespValue { Type = type, Items = items };
            }
            default:
                throw new FormatException($"unknown RESP type '{type}'");
        }
    }
}
