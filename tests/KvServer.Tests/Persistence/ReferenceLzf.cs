using KvServer.Engine.Persistence;

namespace KvServer.Tests.Persistence;

/// <summary>
/// A plain, bounds-checked port of liblzf 3.6's lzf_c.c (VERY_FAST, 2^16 slots), the loop the server's
/// <see cref="Lzf"/> runs with unchecked access and 8-byte compares: the oracle its output must equal byte for
/// byte, since RDB files and DUMP payloads must hold the bytes Redis writes.
/// </summary>
internal static class ReferenceLzf
{
    private const int MaxLiteral = 1 << 5;
    private const int MaxOffset = 1 << 13;
    private const int MaxReference = (1 << 8) + (1 << 3);

    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int[] table, int tableBase)
    {
        int inLength = input.Length;
        int outEnd = output.Length;
        if (inLength == 0 || outEnd == 0)
        {
            return 0;
        }
        int ip = 0;
        int op = 1;
        int literal = 0;
        uint hash = inLength >= 2 ? First(input, ip) : 0;
        while (ip < inLength - 2)
        {
            hash = Next(hash, input, ip);
            int slot = Lzf.Index(hash);
            int reference = table[slot] - tableBase - 1;
            table[slot] = tableBase + ip + 1;
            int offset = ip - reference - 1;
            if (reference > 0 && offset >= 0 && offset < MaxOffset
                && input[reference + 2] == input[ip + 2] && input[reference] == input[ip] && input[reference + 1] == input[ip + 1])
            {
                int length = 2;
                int maxLength = Math.Min(inLength - ip - length, MaxReference);
                if (op + 3 + 1 >= outEnd && op - (literal == 0 ? 1 : 0) + 3 + 1 >= outEnd)
                {
                    return 0;
                }
                output[op - literal - 1] = (byte)(literal - 1);
                op -= literal == 0 ? 1 : 0;
                length = MatchLength(input, reference, ip, length, maxLength);
                length -= 2;
                ip++;
                if (length < 7)
                {
                    output[op++] = (byte)((offset >> 8) + (length << 5));
                }
                else
                {
                    output[op++] = (byte)((offset >> 8) + (7 << 5));
                    output[op++] = (byte)(length - 7);
                }
                output[op++] = (byte)offset;
                literal = 0;
                op++;
                ip += length + 1;
                if (ip >= inLength - 2)
                {
                    break;
                }
                // VERY_FAST: hash the two positions before the new one.
                ip -= 2;
                hash = First(input, ip);
                hash = Next(hash, input, ip);
                table[Lzf.Index(hash)] = tableBase + ip + 1;
                ip++;
                hash = Next(hash, input, ip);
                table[Lzf.Index(hash)] = tableBase + ip + 1;
                ip++;
            }
            else
            {
                if (op >= outEnd)
                {
                    return 0;
                }
                literal++;
                output[op++] = input[ip++];
                if (literal == MaxLiteral)
                {
                    output[op - literal - 1] = (byte)(literal - 1);
                    literal = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd)
        {
            return 0;
        }
        while (ip < inLength)
        {
            literal++;
            output[op++] = input[ip++];
            if (literal == MaxLiteral)
            {
                output[op - literal - 1] = (byte)(literal - 1);
                literal = 0;
                op++;
            }
        }
        output[op - literal - 1] = (byte)(literal - 1);
        op -= literal == 0 ? 1 : 0;
        return op;
    }

    // liblzf's unrolled loop checks 16 more bytes without the bound when more than 16 may match.
    private static int MatchLength(ReadOnlySpan<byte> input, int reference, int ip, int length, int maxLength)
    {
        if (maxLength > 16)
        {
            for (int i = 0; i < 16; i++)
            {
                length++;
                if (input[reference + length] != input[ip + length])
                {
                    return length;
                }
            }
        }
        do
        {
            length++;
        }
        while (length < maxLength && input[reference + length] == input[ip + length]);
        return length;
    }

    private static uint First(ReadOnlySpan<byte> input, int p) => (uint)((input[p] << 8) | input[p + 1]);

    private static uint Next(uint hash, ReadOnlySpan<byte> input, int p) => (hash << 8) | input[p + 2];
}
