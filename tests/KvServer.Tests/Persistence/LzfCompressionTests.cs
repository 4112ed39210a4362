using System.Text;
using KvServer.Engine.Persistence;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The compressor against <see cref="ReferenceLzf"/> (the checked port of liblzf): the same bytes and the same
/// "does not fit" answers for inputs of every shape and size, with a fresh table and with one reused across
/// calls (as the RDB encoder reuses it), and with output buffers from roomy down to a few bytes.
/// </summary>
public class LzfCompressionTests
{
    private static byte[] RandomInput(Random random, int length)
    {
        var bytes = new byte[length];
        switch (random.Next(5))
        {
            case 0:
                random.NextBytes(bytes);   // incompressible
                break;
            case 1:
                for (int i = 0; i < length; i++)
                {
                    bytes[i] = (byte)('a' + random.Next(3));   // short matches everywhere
                }
                break;
            case 2:
                // Long repeats at every distance, including runs and matches longer than 264 bytes.
                for (int i = 0; i < length; i++)
                {
                    int period = 1 + (i / 997 % 40);
                    bytes[i] = i >= period && random.Next(50) != 0 ? bytes[i - period] : (byte)random.Next(256);
                }
                break;
            case 3:
                // Listpack-like: "element:N" entries with their headers and back-lengths.
                var text = new StringBuilder();
                for (int n = random.Next(100000); text.Length < length; n++)
                {
                    string element = "element:" + n;
                    text.Append((char)(0x80 | element.Length)).Append(element).Append((char)(element.Length + 1));
                }
                Encoding.Latin1.GetBytes(text.ToString(), 0, length, bytes, 0);
                break;
            default:
                bytes.AsSpan().Fill((byte)random.Next(256));
                break;
        }
        return bytes;
    }

    [Fact]
    public void Compress_GivesLiblzfBytes_ForManyInputsAndOutputSizes()
    {
        var random = new Random(20261126);
        var reused = new LzfCompressor();
        for (int round = 0; round < 3000; round++)
        {
            int length = random.Next(4) switch
            {
                0 => random.Next(0, 40),
                1 => random.Next(40, 600),
                2 => random.Next(600, 9000),
                _ => random.Next(9000, 70000),
            };
            byte[] input = RandomInput(random, length);
            int outputLength = random.Next(4) switch
            {
                0 => length + 64,
                1 => Math.Max(0, length - 4),   // what the RDB encoder offers
                2 => random.Next(0, length + 8),
                _ => Math.Max(0, length / 3),
            };
            var expected = new byte[outputLength];
            int expectedLength = ReferenceLzf.Compress(input, expected, new int[Lzf.TableSize], 0);

            var fresh = new byte[outputLength];
            Assert.Equal(expectedLength, Lzf.Compress(input, fresh));
            var shared = new byte[outputLength];
            Assert.Equal(expectedLength, reused.Compress(input, shared));
            if (expectedLength > 0)
            {
                Assert.True(expected.AsSpan(0, expectedLength).SequenceEqual(fresh.AsSpan(0, expectedLength)), $"round {round}, fresh table");
                Assert.True(expected.AsSpan(0, expectedLength).SequenceEqual(shared.AsSpan(0, expectedLength)), $"round {round}, reused table");
            }
        }
    }
}
