namespace KvServer.Engine.Persistence;

/// <summary>
/// LZF compression with one hash table kept across calls. <see cref="Lzf.Compress(ReadOnlySpan{byte}, Span{byte})"/>
/// allocates a fresh 256 KB table per call, which would dominate the cost of saving many short strings; this
/// reuses the table without clearing it (see <see cref="Lzf"/>) and produces the same bytes. Not thread-safe.
/// </summary>
public sealed class LzfCompressor
{
    private readonly int[] _table = new int[Lzf.TableSize];
    private int _base;

    /// <summary>Same contract as <see cref="Lzf.Compress(ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length >= int.MaxValue - _base)
        {
            // The slot values would overflow: start over from an empty table.
            Array.Clear(_table);
            _base = 0;
        }
        int result = Lzf.Compress(input, output, _table, _base);
        _base += input.Length + 1;
        return result;
    }
}
