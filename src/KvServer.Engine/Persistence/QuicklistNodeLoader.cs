using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Turns one saved quicklist node (a listpack in Redis's layout) into list entries in one pass. Redis adopts
/// the saved listpack as its node as-is; KvServer's nodes use a different entry layout, so each entry is
/// re-encoded, but straight into one buffer that becomes the node (or joins the tail node), rather than
/// element by element through the list's push path with its per-element fit checks.
/// </summary>
internal static class QuicklistNodeLoader
{
    /// <summary>
    /// Where a node's entries are assembled before being copied into a buffer of their exact size (the size
    /// is only known once integers are formatted). Per thread: loads run on the executor, DEBUG RELOAD and
    /// RESTORE too, but tests may load on several threads at once.
    /// </summary>
    [ThreadStatic]
    private static byte[]? t_entries;

    /// <summary>
    /// Appends the elements of the listpack <paramref name="blob"/> to <paramref name="list"/>, checking the
    /// blob as <see cref="RedisPackedReader"/> does (a corrupt one throws <see cref="RdbLoadException"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendListpack(ListValue list, ReadOnlySpan<byte> blob, string error)
    {
        int limit = list.NodeByteLimit;
        byte[] buffer = t_entries is { } cached && cached.Length >= limit + QuickListNode.MaxIntegerEntrySize
            ? cached
            : t_entries = new byte[limit + QuickListNode.MaxIntegerEntrySize];
        Span<byte> entries = buffer;
        var reader = new RedisPackedReader(blob, RedisPackedFormat.Listpack, error);
        int size = 0;
        int count = 0;
        while (reader.MoveNext())
        {
            if (reader.IsInteger)
            {
                if (size + QuickListNode.MaxIntegerEntrySize > entries.Length)
                {
                    AppendOneByOne(list, blob, error);
                    return;
                }
                size += QuickListNode.EncodeIntegerEntry(reader.Integer, entries[size..]);
            }
            else
            {
                ReadOnlySpan<byte> text = reader.Text;
                if (size + QuickListNode.EntrySize(text.Length) > entries.Length)
                {
                    // Larger than one node of this list: a single huge element, or a node saved with a larger
                    // list-max-listpack-size. The push path cuts it as pushing would.
                    AppendOneByOne(list, blob, error);
                    return;
                }
                size += QuickListNode.EncodeEntry(text, entries[size..]);
            }
            count++;
        }
        if (count > 0 && !list.TryAppendLoadedEntries(entries[..size], count))
        {
            AppendOneByOne(list, blob, error);
        }
    }

    /// <summary>The general path: every element through the list's load push, which cuts nodes by its limits.</summary>
    private static void AppendOneByOne(ListValue list, ReadOnlySpan<byte> blob, string error)
    {
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        var reader = new RedisPackedReader(blob, RedisPackedFormat.Listpack, error);
        while (reader.MoveNext())
        {
            ReadOnlySpan<byte> element = reader.GetText(scratch);
            list.PushTailLoaded(element, element.Length + 2 + reader.BytesLeft);
        }
    }
}
