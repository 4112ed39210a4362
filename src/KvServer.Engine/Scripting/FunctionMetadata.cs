using System.Text;

namespace KvServer.Engine.Scripting;

/// <summary>
/// The library's first line, "#!&lt;engine&gt; name=&lt;library&gt;" (functions.c functionExtractLibMetaData): split
/// as sdssplitargs splits (quotes and escapes allowed), engine after "#!", exactly one name= argument. The code
/// given to the engine is everything from the first newline on, so Lua line numbers count the shebang line.
/// </summary>
public readonly record struct FunctionMetadata(string Engine, string Name, byte[] Code)
{
    /// <summary>Parses <paramref name="payload"/>; returns null with Redis's error text.</summary>
    public static FunctionMetadata? Parse(byte[] payload, out string? error)
    {
        error = null;
        if (payload.Length < 2 || payload[0] != '#' || payload[1] != '!')
        {
            error = "Missing library metadata";
            return null;
        }
        int newline = Array.IndexOf(payload, (byte)'\n');
        if (newline < 0)
        {
            error = "Invalid library metadata";
            return null;
        }
        List<byte[]>? parts = SplitArgs(payload.AsSpan(0, newline));
        if (parts is null || parts.Count == 0)
        {
            error = "Invalid library metadata";
            return null;
        }
        string engine = Encoding.Latin1.GetString(parts[0].AsSpan(Math.Min(2, parts[0].Length)));
        string? name = null;
        for (int i = 1; i < parts.Count; i++)
        {
            byte[] part = parts[i];
            if (part.Length >= 5 && Ascii.EqualsIgnoreCase(part.AsSpan(0, 5), "name="u8))
            {
                if (name is not null)
                {
                    error = "Invalid metadata value, name argument was given multiple times";
                    return null;
                }
                name = Encoding.Latin1.GetString(part.AsSpan(5));
                continue;
            }
            error = "Invalid metadata value given: " + Encoding.Latin1.GetString(CString(part));
            return null;
        }
        if (name is null)
        {
            error = "Library name was not given";
            return null;
        }
        return new FunctionMetadata(engine, name, payload.AsSpan(newline).ToArray());
    }

    // %s stops at the first NUL byte.
    private static ReadOnlySpan<byte> CString(byte[] text)
    {
        int nul = Array.IndexOf(text, (byte)0);
        return nul < 0 ? text : text.AsSpan(0, nul);
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>sdssplitargs: null for unbalanced quotes or a closing quote not followed by a space.</summary>
    private static List<byte[]>? SplitArgs(ReadOnlySpan<byte> line)
    {
        var parts = new List<byte[]>();
        int p = 0;
        while (true)
        {
            while (p < line.Length && IsSpace(line[p]))
            {
                p++;
            }
            if (p >= line.Length)
            {
                return parts;
            }
            var current = new List<byte>();
            bool inDouble = false;
            bool inSingle = false;
            bool done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (p >= line.Length)
                    {
                        return null;
                    }
                    if (line[p] == '\\' && p + 3 < line.Length && line[p + 1] == 'x' && Hex(line[p + 2]) >= 0 && Hex(line[p + 3]) >= 0)
                    {
                        current.Add((byte)(Hex(line[p + 2]) * 16 + Hex(line[p + 3])));
                        p += 3;
                    }
                    else if (line[p] == '\\' && p + 1 < line.Length)
                    {
                        p++;
                        current.Add(line[p] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            _ => line[p],
                        });
                    }
                    else if (line[p] == '"')
                    {
                        if (p + 1 < line.Length && !IsSpace(line[p + 1]))
                        {
                            return null;
                        }
                        done = true;
                    }
                    else
                    {
                        current.Add(line[p]);
                    }
                }
                else if (inSingle)
                {
                    if (p >= line.Length)
                    {
                        return null;
                    }
                    if (line[p] == '\\' && p + 1 < line.Length && line[p + 1] == '\'')
                    {
                        p++;
                        current.Add((byte)'\'');
                    }
                    else if (line[p] == '\'')
                    {
                        if (p + 1 < line.Length && !IsSpace(line[p + 1]))
                        {
                            return null;
                        }
                        done = true;
                    }
                    else
                    {
                        current.Add(line[p]);
                    }
                }
                else if (p >= line.Length)
                {
                    done = true;
                }
                else
                {
                    switch (line[p])
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDouble = true;
                            break;
                        case (byte)'\'':
                            inSingle = true;
                            break;
                        default:
                            current.Add(line[p]);
                            break;
                    }
                }
                if (p < line.Length)
                {
                    p++;
                }
            }
            parts.Add(current.ToArray());
        }
    }
}
