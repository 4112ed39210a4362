using System.Globalization;
using System.Text;

namespace KvServer.IntegrationTests.Persistence;

/// <summary>Reads a multi-part AOF directory in tests: the manifest's last incr file, decoded into commands.</summary>
public static class AofFiles
{
    /// <summary>The path of the last incremental file the manifest in <paramref name="aofDirectory"/> names.</summary>
    public static string LastIncrFile(string aofDirectory)
    {
        string manifest = Directory.GetFiles(aofDirectory, "*.manifest").Single();
        string? last = null;
        foreach (string line in File.ReadAllLines(manifest))
        {
            string[] words = line.Split(' ');
            if (words.Length >= 6 && words[5] == "i")
            {
                last = words[1];
            }
        }
        return Path.Combine(aofDirectory, last ?? throw new InvalidOperationException("no incr file in " + manifest));
    }

    /// <summary>Decodes RESP multibulk commands (as an AOF holds them) from <paramref name="data"/>.</summary>
    public static List<string[]> Parse(ReadOnlySpan<byte> data)
    {
        var commands = new List<string[]>();
        int i = 0;
        while (i < data.Length)
        {
            int count = ReadNumber(data, ref i, (byte)'*');
            var args = new string[count];
            for (int a = 0; a < count; a++)
            {
                int length = ReadNumber(data, ref i, (byte)'$');
                args[a] = Encoding.Latin1.GetString(data.Slice(i, length));
                i += length + 2;
            }
            commands.Add(args);
        }
        return commands;
    }

    private static int ReadNumber(ReadOnlySpan<byte> data, ref int i, byte prefix)
    {
        if (data[i] != prefix)
        {
            throw new FormatException($"expected '{(char)prefix}' at offset {i}");
        }
        int end = data[i..].IndexOf("\r\n"u8) + i;
        int value = int.Parse(Encoding.ASCII.GetString(data[(i + 1)..end]), CultureInfo.InvariantCulture);
        i = end + 2;
        return value;
    }

    /// <summary>
    /// One line per command, with absolute times near now (13-digit millisecond timestamps within a day)
    /// replaced by "&lt;ms&gt;", so two servers' files compare despite running at different instants.
    /// </summary>
    public static List<string> Normalize(IEnumerable<string[]> commands)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lines = new List<string>();
        foreach (string[] command in commands)
        {
            var words = new string[command.Length];
            for (int i = 0; i < command.Length; i++)
            {
                string arg = command[i];
                words[i] = arg.Length == 13 && long.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
                    && Math.Abs(ms - now) < 86_400_000 * 2L ? "<ms>" : arg;
            }
            lines.Add(string.Join(' ', words));
        }
        return lines;
    }
}
