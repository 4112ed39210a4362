using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Turns one saved quicklist node (a listpack in Redis's layout) into a list node. A listpack of string
/// entries only is already a node in KvServer's layout: once checked it is adopted as it is, as Redis adopts
/// it (quicklistAppendListpack). A listpack with integer entries (KvServer's nodes keep every element as a
/// string) is re-encoded in one pass into one buffer that becomes the node (or joins the tail node), rather
/// than element by element through the list's push path with its per-element fit checks.
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

    /// <summary>Nodes per batch when a list's nodes are decompressed and checked on two threads (half each).</summary>
    private const int ParallelBatch = 64;

    /// <summary>The batch buffers, per thread for the same reason as <see cref="t_entries"/>.</summary>
    [ThreadStatic]
    private static NodeBatch? t_batch;

    /// <summary>
    /// Reads the <paramref name="nodes"/> nodes of a QUICKLIST_2 list into <paramref name="list"/>. A big list
    /// is read in batches: the compressed nodes of a batch are read first, then a pool thread decompresses and
    /// checks the second half while this thread does the first, then the nodes join the list in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LoadNodes(RdbInput input, ListValue list, int nodes, string error)
    {
        if (nodes < 2 * ParallelBatch || !HelperWork.Worthwhile)
        {
            for (int n = 0; n < nodes; n++)
            {
                if (ReadContainer(input) == RdbFormat.QuicklistNodePlain)
                {
                    list.PushTailLoaded(input.ReadStringSpan(), 0);
                }
                else
                {
                    // Read into an array of its own: a listpack of strings becomes the node as it is.
                    AppendListpack(list, input.ReadStringArray(), error);
                }
            }
            return;
        }
        NodeBatch batch = t_batch ??= new NodeBatch();
        try
        {
            for (int start = 0; start < nodes; start += ParallelBatch)
            {
                int count = Math.Min(ParallelBatch, nodes - start);
                batch.Read(input, count);
                batch.Start();
                batch.Decode(0, count / 2);
                batch.Finish();
                batch.AppendTo(list, error);
            }
        }
        finally
        {
            batch.Clear();
        }
    }

    /// <summary>A quicklist node's container: PACKED (a listpack) or PLAIN (one element).</summary>
    private static ulong ReadContainer(RdbInput input)
    {
        ulong container = input.ReadLength();
        if (container is not RdbFormat.QuicklistNodePacked and not RdbFormat.QuicklistNodePlain)
        {
            throw RdbLoadException.Corrupt("Quicklist integrity check failed.");
        }
        return container;
    }

    /// <summary>
    /// One batch of saved nodes: read on the loading thread, decompressed and checked by two threads
    /// (<see cref="Decode"/>; the pool thread's share is the second half), appended on the loading thread.
    /// </summary>
    private sealed class NodeBatch : HelperWork
    {
        /// <summary>In <see cref="_strings"/>: the node's LZF data does not decompress to its length.</summary>
        private const int CorruptLzf = int.MinValue;

        private readonly byte[]?[] _blobs = new byte[ParallelBatch][];
        private readonly bool[] _plain = new bool[ParallelBatch];
        private readonly int[] _compressedAt = new int[ParallelBatch];
        private readonly int[] _compressedLength = new int[ParallelBatch];
        private readonly int[] _strings = new int[ParallelBatch];
        private byte[] _compressed = new byte[64 * 1024];
        private int _count;

        /// <summary>
        /// Reads <paramref name="count"/> nodes: a compressed listpack is kept compressed (in one shared
        /// buffer) with an array of its decompressed length to fill; anything else is read as it is.
        /// </summary>
        public void Read(RdbInput input, int count)
        {
            _count = count;
            int used = 0;
            for (int i = 0; i < count; i++)
            {
                _plain[i] = ReadContainer(input) == RdbFormat.QuicklistNodePlain;
                _compressedAt[i] = -1;
                if (!_plain[i] && input.TryReadCompressedString(out ReadOnlySpan<byte> compressed, out int length))
                {
                    if (_compressed.Length - used < compressed.Length)
                    {
                        Array.Resize(ref _compressed, Math.Max(_compressed.Length * 2, used + compressed.Length));
                    }
                    compressed.CopyTo(_compressed.AsSpan(used));
                    _compressedAt[i] = used;
                    _compressedLength[i] = compressed.Length;
                    used += compressed.Length;
                    _blobs[i] = GC.AllocateUninitializedArray<byte>(length);
                }
                else
                {
                    _blobs[i] = input.ReadStringArray();
                }
            }
        }

        protected override void Run() => Decode(_count / 2, _count);

        /// <summary>Decompresses and checks nodes [<paramref name="from"/>, <paramref name="to"/>); never throws.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Decode(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (_plain[i])
                {
                    continue;
                }
                byte[] blob = _blobs[i]!;
                if (_compressedAt[i] >= 0
                    && !Lzf.TryDecompressExactly(_compressed.AsSpan(_compressedAt[i], _compressedLength[i]), blob))
                {
                    _strings[i] = CorruptLzf;
                    continue;
                }
                _strings[i] = CountStringEntries(blob);
            }
        }

        /// <summary>Adds the batch's nodes to the list in order, reporting the first corrupt one.</summary>
        public void AppendTo(ListValue list, string error)
        {
            for (int i = 0; i < _count; i++)
            {
                byte[] blob = _blobs[i]!;
                _blobs[i] = null;
                if (_plain[i])
                {
                    list.PushTailLoaded(blob, 0);
                }
                else if (_strings[i] == CorruptLzf)
                {
                    throw RdbLoadException.Corrupt("Invalid LZF compressed string");
                }
                else if (_strings[i] > 0)
                {
                    list.AppendAdoptedNode(blob, _strings[i]);
                }
                else
                {
                    Reencode(list, blob, error);
                }
            }
        }

        /// <summary>Drops the batch's arrays (after a load, or a failed one), so none outlives its list.</summary>
        public void Clear()
        {
            Array.Clear(_blobs);
            _count = 0;
        }
    }

    /// <summary>
    /// Appends the elements of the listpack <paramref name="blob"/> to <paramref name="list"/>, checking the
    /// blob as <see cref="RedisPackedReader"/> does (a corrupt one throws <see cref="RdbLoadException"/>). The
    /// list may keep <paramref name="blob"/> as a node: the caller must not use it afterwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendListpack(ListValue list, byte[] blob, string error)
    {
        int strings = CountStringEntries(blob);
        if (strings > 0)
        {
            list.AppendAdoptedNode(blob, strings);
            return;
        }
        Reencode(list, blob, error);
    }

    /// <summary>
    /// The number of entries of <paramref name="blob"/> when it is a whole, well-formed listpack of string
    /// entries only (total bytes, entry count, every header, length and back-length as Redis writes them, the
    /// terminator); otherwise -1, and the general path reads it (and reports it if it is corrupt).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountStringEntries(ReadOnlySpan<byte> blob)
    {
        int last = blob.Length - 1;
        if (blob.Length < ListpackEncoding.EmptySize
            || BinaryPrimitives.ReadUInt32LittleEndian(blob) != (uint)blob.Length
            || blob[last] != 0xFF)
        {
            return -1;
        }
        int position = ListpackEncoding.HeaderSize;
        int count = 0;
        while (position < last)
        {
            byte first = blob[position];
            int header;
            long length;
            if ((first & 0xC0) == 0x80)
            {
                header = 1;
                length = first & 0x3F;
            }
            else if ((first & 0xF0) == 0xE0 && position + 1 < last)
            {
                header = 2;
                length = ((first & 0x0F) << 8) | blob[position + 1];
            }
            else if (first == 0xF0 && position + 5 < last)
            {
                header = 5;
                length = BinaryPrimitives.ReadUInt32LittleEndian(blob[(position + 1)..]);
            }
            else
            {
                return -1; // an integer entry, or not a listpack entry at all
            }
            long encoded = header + length;
            int backLengthSize = ListpackEncoding.BackLengthSize(encoded);
            if (position + encoded + backLengthSize > last)
            {
                return -1;
            }
            // The common one-byte back-length is checked here, inline: this walk is every byte of a list load.
            if (backLengthSize == 1
                ? blob[position + (int)encoded] != encoded
                : !IsBackLength(blob.Slice(position + (int)encoded, backLengthSize), (int)encoded))
            {
                return -1;
            }
            position += (int)encoded + backLengthSize;
            count++;
        }
        int saved = BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]);
        return saved == ushort.MaxValue || saved == count ? count : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsBackLength(ReadOnlySpan<byte> bytes, int encoded)
    {
        Span<byte> expected = stackalloc byte[5];
        ListpackEncoding.WriteBackLength(expected[..bytes.Length], encoded);
        return bytes.SequenceEqual(expected[..bytes.Length]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Reencode(ListValue list, ReadOnlySpan<byte> blob, string error)
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
        if (count > 0 && !list.TryAppendLoadedEntries(entries[..size], count, mayHoldIntegers: true))
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
            list.PushTailLoaded(element, reader.BytesLeft);
        }
    }
}
