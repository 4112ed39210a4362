using System.Globalization;
using System.Text;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>The three kinds of files a Redis 7.0 manifest lists (AOF_FILE_TYPE_*).</summary>
public enum AofFileType
{
    Base,
    History,
    Incr,
}

/// <summary>One line of the manifest: a file name, its sequence number and its type.</summary>
public sealed record AofFileInfo(string FileName, long Seq, AofFileType Type);

/// <summary>
/// The multi-part AOF manifest (Redis 7.0, aof.c): which base file, which incremental files (in order) and
/// which history files (left over from a rewrite, to be deleted) make up the append-only file. One line per
/// file, <c>file NAME seq N type b|h|i</c>, base first, then history, then incr files.
/// </summary>
public sealed class AofManifest
{
    public const string BaseSuffix = ".base";
    public const string IncrSuffix = ".incr";
    public const string RdbFormatSuffix = ".rdb";
    public const string AofFormatSuffix = ".aof";
    public const string ManifestSuffix = ".manifest";

    // Redis reads the manifest with fgets into a 1024-byte buffer (AOF_MANIFEST_LINE_MAX... see aofLoadManifestFromFile).
    private const int MaxLineLength = 1024;

    public AofFileInfo? Base { get; set; }

    public List<AofFileInfo> Incr { get; } = [];

    public List<AofFileInfo> History { get; } = [];

    public long CurrentBaseSeq { get; set; }

    public long CurrentIncrSeq { get; set; }

    /// <summary>True when the in-memory manifest differs from the file (persist before relying on it).</summary>
    public bool Dirty { get; set; }

    public AofManifest Clone()
    {
        var copy = new AofManifest { Base = Base, CurrentBaseSeq = CurrentBaseSeq, CurrentIncrSeq = CurrentIncrSeq };
        copy.Incr.AddRange(Incr);
        copy.History.AddRange(History);
        return copy;
    }

    public static string ManifestName(string appendFilename) => appendFilename + ManifestSuffix;

    /// <summary>getNewBaseFileNameAndMarkPreAsHistory: the next base file, the old one becoming history.</summary>
    public string NewBaseFileName(string appendFilename, bool rdbPreamble)
    {
        if (Base is not null)
        {
            History.Add(Base with { Type = AofFileType.History });
        }
        string name = $"{appendFilename}.{++CurrentBaseSeq}{BaseSuffix}{(rdbPreamble ? RdbFormatSuffix : AofFormatSuffix)}";
        Base = new AofFileInfo(name, CurrentBaseSeq, AofFileType.Base);
        Dirty = true;
        return name;
    }

    /// <summary>getNewIncrAofName: appends a new incremental file to the list.</summary>
    public string NewIncrFileName(string appendFilename)
    {
        string name = $"{appendFilename}.{++CurrentIncrSeq}{IncrSuffix}{AofFormatSuffix}";
        Incr.Add(new AofFileInfo(name, CurrentIncrSeq, AofFileType.Incr));
        Dirty = true;
        return name;
    }

    /// <summary>
    /// markRewrittenIncrAofAsHistory: after a rewrite, every incr file but the last (opened when the rewrite
    /// started) is covered by the new base and becomes history.
    /// </summary>
    public void MarkRewrittenIncrAsHistory()
    {
        while (Incr.Count > 1)
        {
            History.Add(Incr[0] with { Type = AofFileType.History });
            Incr.RemoveAt(0);
        }
        Dirty = true;
    }

    /// <summary>getAofManifestAsString.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        if (Base is not null)
        {
            AppendLine(text, Base);
        }
        foreach (AofFileInfo info in History)
        {
            AppendLine(text, info);
        }
        foreach (AofFileInfo info in Incr)
        {
            AppendLine(text, info);
        }
        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, AofFileInfo info)
    {
        char type = info.Type switch { AofFileType.Base => 'b', AofFileType.History => 'h', _ => 'i' };
        text.Append("file ").Append(QuoteIfNeeded(info.FileName)).Append(" seq ").Append(info.Seq.ToString(CultureInfo.InvariantCulture))
            .Append(" type ").Append(type).Append('\n');
    }

    // sdsneedsrepr + sdscatrepr: a name with spaces, quotes or unprintable bytes is written quoted.
    private static string QuoteIfNeeded(string name)
    {
        bool needs = false;
        foreach (char c in name)
        {
            if (c is '\\' or '"' or '\n' or '\r' or '\t' or '\a' or '\b' or ' ' || c < 0x20 || c > 0x7e)
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return name;
        }
        var quoted = new StringBuilder("\"");
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            switch (b)
            {
                case (byte)'\\': quoted.Append("\\\\"); break;
                case (byte)'"': quoted.Append("\\\""); break;
                case (byte)'\n': quoted.Append("\\n"); break;
                case (byte)'\r': quoted.Append("\\r"); break;
                case (byte)'\t': quoted.Append("\\t"); break;
                case 7: quoted.Append("\\a"); break;
                case 8: quoted.Append("\\b"); break;
                default:
                    if (b is >= 0x20 and <= 0x7e)
                    {
                        quoted.Append((char)b);
                    }
                    else
                    {
                        quoted.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// aofLoadManifestFromFile: parses a manifest; a malformed one throws <see cref="AofLoadException"/>
    /// with Redis's message.
    /// </summary>
    public static AofManifest Parse(string text)
    {
        var manifest = new AofManifest();
        int lines = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            if (rawLine.Length == 0)
            {
                continue;
            }
            if (rawLine.Length >= MaxLineLength)
            {
                throw new AofLoadException("The AOF manifest file contains too long line");
            }
            string line = rawLine.Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0)
            {
                throw new AofLoadException("Invalid AOF manifest file format");
            }
            if (line[0] == '#')
            {
                continue;
            }
            List<string>? words = SplitArgs(line);
            if (words is null || words.Count < 6 || words.Count % 2 != 0)
            {
                throw new AofLoadException("Invalid AOF manifest file format");
            }
            string? name = null;
            long seq = 0;
            char type = '\0';
            for (int i = 0; i < words.Count; i += 2)
            {
                switch (words[i])
                {
                    case "file": name = words[i + 1]; break;
                    case "seq": seq = long.Parse(words[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture); break;
                    case "type": type = words[i + 1].Length > 0 ? words[i + 1][0] : '\0'; break;
                }
            }
            if (name is null || seq == 0 || type == '\0')
            {
                throw new AofLoadException("Invalid AOF manifest file format");
            }
            AddParsed(manifest, name, seq, type);
            lines++;
        }
        if (lines == 0)
        {
            throw new AofLoadException("Found an empty AOF manifest");
        }
        return manifest;
    }

    private static void AddParsed(AofManifest manifest, string name, long seq, char type)
    {
        switch (type)
        {
            case 'b':
                if (manifest.Base is not null)
                {
                    throw new AofLoadException("Found duplicate base file information");
                }
                manifest.Base = new AofFileInfo(name, seq, AofFileType.Base);
                manifest.CurrentBaseSeq = seq;
                break;
            case 'h':
                manifest.History.Add(new AofFileInfo(name, seq, AofFileType.History));
                break;
            case 'i':
                if (seq <= manifest.CurrentIncrSeq)
                {
                    throw new AofLoadException("Found a non-monotonic sequence number");
                }
                manifest.Incr.Add(new AofFileInfo(name, seq, AofFileType.Incr));
                manifest.CurrentIncrSeq = seq;
                break;
            default:
                throw new AofLoadException("Unknown AOF file type");
        }
    }

    // sdssplitargs, enough for manifest lines: words separated by spaces, "double quoted" with \x escapes.
    private static List<string>? SplitArgs(string line)
    {
        var words = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            if (i == line.Length)
            {
                break;
            }
            var word = new List<byte>();
            if (line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return null;
                    }
                    char c = line[i];
                    if (c == '"')
                    {
                        i++;
                        break;
                    }
                    if (c == '\\' && i + 1 < line.Length)
                    {
                        char e = line[i + 1];
                        if (e == 'x' && i + 3 < line.Length && IsHex(line[i + 2]) && IsHex(line[i + 3]))
                        {
                            word.Add(byte.Parse(line.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 4;
                            continue;
                        }
                        word.Add((byte)(e switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'a' => '\a', _ => e }));
                        i += 2;
                        continue;
                    }
                    word.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                    i++;
                }
            }
            else
            {
                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                {
                    word.AddRange(Encoding.UTF8.GetBytes(line[i].ToString()));
                    i++;
                }
            }
            words.Add(Encoding.UTF8.GetString(word.ToArray()));
        }
        return words;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}

/// <summary>
/// A fatal problem with the append-only file found while loading or opening it (Redis logs it and exits 1).
/// The message is Redis's log line.
/// </summary>
public sealed class AofLoadException(string message) : Exception(message);
