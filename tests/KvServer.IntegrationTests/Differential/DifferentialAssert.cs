using System.Text;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// Hand-written differential checks: a script (one command per line, redis-cli quoting: "a b", 'c',
/// "\x00\r\n") runs on KvServer and on redis-server, and every reply must match under <see cref="ReplyRules"/>.
/// </summary>
public static class DifferentialAssert
{
    public static void SameReplies(int kvServerPort, int redisPort, string script, int protocol = 2)
    {
        List<byte[][]> commands = ParseScript(script);
        using var session = new DifferentialSession(kvServerPort, redisPort, protocol, $"script (RESP{protocol})");
        session.Run(commands);
        session.ThrowIfMismatched();
    }

    /// <summary>Sends the same raw bytes to both servers and compares the next <paramref name="replies"/> replies exactly.</summary>
    public static void SameRawReplies(int kvServerPort, int redisPort, byte[] request, int replies)
    {
        using var kv = new RespClient(kvServerPort);
        using var redis = new RespClient(redisPort);
        kv.SendRaw(request);
        redis.SendRaw(request);
        for (int i = 0; i < replies; i++)
        {
            RespReply expected = redis.Read();
            RespReply actual = kv.Read();
            Assert.True(expected.Raw.AsSpan().SequenceEqual(actual.Raw),
                $"reply #{i + 1} to raw request \"{RespReply.Escape(request)}\" differs:\n  redis-server: {expected}\n  KvServer:     {actual}");
        }
    }

    public static List<byte[][]> ParseScript(string script)
    {
        var commands = new List<byte[][]>();
        foreach (string line in script.Split('\n'))
        {
            List<byte[]> args = SplitArgs(line.Trim());
            if (args.Count > 0)
            {
                commands.Add([.. args]);
            }
        }
        return commands;
    }

    /// <summary>Splits a line like redis-cli (sdssplitargs): spaces separate, quotes group, "\xHH" escapes.</summary>
    public static List<byte[]> SplitArgs(string line)
    {
        var args = new List<byte[]>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            if (i >= line.Length)
            {
                break;
            }
            var current = new List<byte>();
            char quote = line[i] is '"' or '\'' ? line[i++] : '\0';
            while (i < line.Length)
            {
                char c = line[i++];
                if (quote == '\0' && char.IsWhiteSpace(c))
                {
                    break;
                }
                if (quote != '\0' && c == quote)
                {
                    break;
                }
                if (quote == '"' && c == '\\' && i < line.Length)
                {
                    char escaped = line[i++];
                    switch (escaped)
                    {
                        case 'x' when i + 1 < line.Length:
                            current.Add(Convert.ToByte(line.Substring(i, 2), 16));
                            i += 2;
                            break;
                        case 'n': current.Add((byte)'\n'); break;
                        case 'r': current.Add((byte)'\r'); break;
                        case 't': current.Add((byte)'\t'); break;
                        default: current.Add((byte)escaped); break;
                    }
                    continue;
                }
                current.AddRange(Encoding.Latin1.GetBytes(c.ToString()));
            }
            args.Add([.. current]);
        }
        return args;
    }
}
