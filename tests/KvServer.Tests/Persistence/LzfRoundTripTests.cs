using System.Text;
using KvServer.Engine.Persistence;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// Decompression copies literal runs and matches in 8-byte moves where it can; these inputs make matches at
/// every distance from 1 (a run) to beyond a word, of every length, and literal runs of every length, near
/// the start and the end of the output.
/// </summary>
public class LzfRoundTripTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string> { "run", "list", "random", "periods", "short" };
        return data;
    }

    private static byte[] Make(string kind)
    {
        var random = new Random(kind.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        var text = new StringBuilder();
        switch (kind)
        {
            case "run":
                text.Append('a', 5000).Append("bc").Append('d', 300);
                break;
            case "list":
                for (int i = 0; i < 3000; i++)
                {
                    text.Append((char)(0x80 | 14)).Append("element:").Append(i).Append((char)15);
                }
                break;
            case "random":
                for (int i = 0; i < 20000; i++)
                {
                    text.Append((char)('a' + random.Next(4)));
                }
                break;
            case "periods":
                for (int period = 1; period <= 40; period++)
                {
                    string unit = new(Enumerable.Range(0, period).Select(i => (char)('A' + ((i * 7 + period) % 26))).ToArray());
                    for (int length = 1; length <= 3 * period + 20; length += 3)
                    {
                        text.Append(unit, 0, Math.Min(unit.Length, length)).Append(unit).Append(unit).Append('#', random.Next(1, 40));
                    }
                }
                break;
            default:
                text.Append("abcabcabcabcabcabcabcab");
                break;
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CompressThenDecompress_GivesTheInputBack(string kind)
    {
        byte[] input = Make(kind);
        var compressed = new byte[input.Length + 64];
        int length = Lzf.Compress(input, compressed);
        Assert.True(length > 0);
        var output = new byte[input.Length];
        Assert.Equal(input.Length, Lzf.Decompress(compressed.AsSpan(0, length), output));
        Assert.Equal(input, output);
        // One byte too small an output must fail cleanly, never write past it.
        var small = new byte[input.Length - 1];
        Assert.Equal(-1, Lzf.Decompress(compressed.AsSpan(0, length), small));
    }
}
