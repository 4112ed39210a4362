using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Engine.Scripting;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Appends RDB-encoded items to a growable in-memory buffer (no I/O), byte for byte as Redis 7.0's rdb.c
/// writes them: the header and aux fields, FUNCTION2 libraries, SELECTDB/RESIZEDB, key/value entries with
/// their expiry and LRU/LFU information, and every value encoding (rdbSaveObject). DUMP payloads are
/// <see cref="WriteValue"/> plus a footer; files are this buffer flushed in chunks through an
/// <see cref="RdbFileWriter"/>. One encoder is reused for a whole save (its buffer, its listpack builder and
/// its LZF table), so encoding allocates nothing per key. Not thread-safe.
/// </summary>
/// <remarks>
/// KvServer's in-memory compact encodings are not Redis's byte layouts, so listpacks and intsets are rebuilt
/// in Redis's format (<see cref="ListpackBuilder"/>) as they are written. Lists are cut into quicklist nodes
/// by Redis's own fill rule (_quicklistNodeAllowInsert with list-max-listpack-size), so a list built by
/// RPUSH gets the nodes Redis would have.
/// </remarks>
public sealed class RdbEncoder : IBufferWriter<byte>
{
    /// <summary>Redis tries LZF only on strings longer than this (shorter ones never shrink).</summary>
    private const int LzfMinimumLength = 21;

    /// <summary>The encoding byte and two lengths of at most 5 bytes each that precede LZF data.</summary>
    private const int MaxLzfHeaderSize = 11;

    /// <summary>RDB_ENCVAL in the top two bits: the "length" is a special string encoding.</summary>
    private const byte EncodedInt8 = 0xC0;
    private const byte EncodedInt16 = 0xC1;
    private const byte EncodedInt32 = 0xC2;
    private const byte EncodedLzf = 0xC3;

    private byte[] _buffer;
    private int _length;
    private LzfCompressor? _lzf;
    private ListpackBuilder? _listpack;
    private readonly List<int> _quicklistCuts = [];
    private byte[] _blob = [];

    public RdbEncoder(bool compress, int initialCapacity = 64 * 1024)
    {
        Compress = compress;
        _buffer = new byte[Math.Max(initialCapacity, 256)];
    }

    /// <summary>rdbcompression: LZF-compress strings longer than 20 bytes when that saves at least 4.</summary>
    public bool Compress { get; }

    /// <summary>
    /// Quicklist packed_threshold (DEBUG QUICKLIST-PACKED-THRESHOLD): a list element at least this long is
    /// stored as a PLAIN node of its own.
    /// </summary>
    public long QuicklistPackedThreshold { get; set; } = 1L << 30;

    /// <summary>
    /// When set, the encoder hands its buffer to this file whenever it holds <see cref="FlushThreshold"/> bytes
    /// at a point where nothing written needs patching (after an entry, between the elements of a big
    /// collection), so saving a huge value needs no buffer of its size. Leave it null to keep everything in
    /// the buffer (DUMP). What is still buffered at the end is the caller's to append.
    /// </summary>
    public RdbFileWriter? Output { get; set; }

    /// <summary>How many buffered bytes make the encoder flush to <see cref="Output"/>.</summary>
    public int FlushThreshold { get; set; } = 1 << 20;

    /// <summary>Bytes written since the last <see cref="Clear"/> (or flush to <see cref="Output"/>).</summary>
    public int Length => _length;

    /// <summary>Bytes allocated for the buffer (a caller may drop an encoder that grew too large).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The bytes written; valid until the next write or <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Keeps the buffer, resets the length.</summary>
    public void Clear() => _length = 0;

    // ------------------------------------------------------------------ IBufferWriter<byte>

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _length))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    // ------------------------------------------------------------------ file structure

    /// <summary>The magic and version: "REDIS0010".</summary>
    public void WriteHeader()
    {
        WriteRaw(RdbFormat.Magic);
        Span<byte> version = stackalloc byte[4];
        int v = RdbFormat.Version;
        for (int i = 3; i >= 0; i--)
        {
            version[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        WriteRaw(version);
    }

    /// <summary>rdbSaveAuxField: the AUX opcode, the field name and the value, both as RDB strings.</summary>
    public void WriteAux(string field, ReadOnlySpan<byte> value)
    {
        WriteByte(RdbFormat.OpcodeAux);
        WriteAsciiString(field);
        WriteString(value);
    }

    /// <summary>rdbSaveAuxFieldStrInt: the number as its decimal text (int-encoded when it fits 32 bits).</summary>
    public void WriteAux(string field, long value)
    {
        Span<byte> text = stackalloc byte[Utf8Number.MaxInt64Chars];
        int length = Utf8Number.FormatInt64(value, text);
        WriteAux(field, text[..length]);
    }

    /// <summary>
    /// rdbSaveInfoAuxFields for a standalone master: redis-ver, redis-bits, ctime, used-mem and aof-base.
    /// (Redis adds repl-stream-db, repl-id and repl-offset only when it has a replication backlog, which a
    /// server without replicas never has.)
    /// </summary>
    public void WriteStandardAuxFields(ServerState server, bool aofBase)
    {
        WriteAux("redis-ver", Encoding.ASCII.GetBytes(EngineInfo.RedisVersion));
        WriteAux("redis-bits", IntPtr.Size * 8);
        WriteAux("ctime", server.Clock.UnixTimeMilliseconds / 1000);
        WriteAux("used-mem", GC.GetTotalMemory(false));
        WriteAux("aof-base", aofBase ? 1 : 0);
    }

    /// <summary>rdbSaveFunctions: one FUNCTION2 opcode and the library code per library.</summary>
    public void WriteFunctions(FunctionStore functions)
    {
        foreach (FunctionLibrary library in functions.Current.Libraries)
        {
            WriteByte(RdbFormat.OpcodeFunction2);
            WriteString(library.Code);
        }
    }

    public void WriteSelectDb(int index)
    {
        WriteByte(RdbFormat.OpcodeSelectDb);
        WriteLength((ulong)index);
    }

    /// <summary>RESIZEDB: the key and expire counts, so a loader can size its tables once.</summary>
    public void WriteResizeDb(long keys, long expires)
    {
        WriteByte(RdbFormat.OpcodeResizeDb);
        WriteLength((ulong)keys);
        WriteLength((ulong)expires);
    }

    /// <summary>
    /// rdbSaveKeyValuePair: [EXPIRETIME_MS when] [IDLE seconds] [FREQ counter] type key value. The caller
    /// passes the idle time only under an LRU maxmemory-policy and the frequency only under an LFU one, as
    /// Redis decides; -1 leaves the item out.
    /// </summary>
    public void WriteEntry(ReadOnlySpan<byte> key, object value, long expireAtMs, long idleSeconds = -1, int lfuFrequency = -1)
    {
        if (expireAtMs != -1)
        {
            WriteByte(RdbFormat.OpcodeExpireTimeMs);
            WriteMillisecondTime(expireAtMs);
        }
        if (idleSeconds >= 0)
        {
            WriteByte(RdbFormat.OpcodeIdle);
            WriteLength((ulong)idleSeconds);
        }
        if (lfuFrequency >= 0)
        {
            WriteByte(RdbFormat.OpcodeFreq);
            WriteByte((byte)Math.Min(lfuFrequency, 255));
        }
        WriteByte(TypeOf(value));
        WriteString(key);
        WritePayload(value);
        FlushIfFull();
    }

    /// <summary>The EOF opcode only; the checksum is <see cref="RdbFileWriter"/>'s job.</summary>
    public void WriteEof() => WriteByte(RdbFormat.OpcodeEof);

    // ------------------------------------------------------------------ values

    /// <summary>rdbSaveObjectType + rdbSaveObject: the type byte and the payload (entries and DUMP).</summary>
    public void WriteValue(object value)
    {
        WriteByte(TypeOf(value));
        WritePayload(value);
    }

    /// <summary>
    /// createDumpPayload (DUMP, MIGRATE): the value as <see cref="WriteValue"/> writes it, the RDB version as two
    /// little-endian bytes, then the CRC64 of everything in the buffer as eight little-endian bytes; call it on
    /// a cleared encoder without <see cref="Output"/> (the checksum covers the whole buffer).
    /// </summary>
    public void WriteDumpPayload(object value)
    {
        if (Output is not null)
        {
            throw new InvalidOperationException("a DUMP payload is built in the buffer: the encoder must have no Output");
        }
        WriteValue(value);
        EnsureCapacity(10);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), RdbFormat.Version);
        _length += 2;
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), Crc64.Compute(0, WrittenSpan));
        _length += 8;
    }

    /// <summary>rdbSaveObjectType: the RDB type byte Redis 7.0 writes for the value's current encoding.</summary>
    public static byte TypeOf(object value) => value switch
    {
        byte[] or KvInt or KvRawString => RdbFormat.TypeString,
        ListValue => RdbFormat.TypeListQuicklist2,
        HashValue hash => hash.IsListPack ? RdbFormat.TypeHashListpack : RdbFormat.TypeHash,
        SetValue set => set.IsIntSet ? RdbFormat.TypeSetIntset : RdbFormat.TypeSet,
        SortedSetValue zset => zset.IsListpack ? RdbFormat.TypeZSetListpack : RdbFormat.TypeZSet2,
        _ => throw new ArgumentException($"no RDB encoding for a {value.GetType().Name}", nameof(value)),
    };

    private void WritePayload(object value)
    {
        switch (value)
        {
            case byte[] bytes:
                WriteString(bytes);
                break;
            case KvInt number:
                WriteInteger(number.Value);
                break;
            case KvRawString raw:
                WriteString(raw.Span);
                break;
            case ListValue list:
                WriteQuicklist(list);
                break;
            case HashValue hash:
                if (hash.IsListPack)
                {
                    WriteHashListpack(hash);
                }
                else
                {
                    WriteHashTable(hash);
                }
                break;
            case SetValue set:
                if (set.IsIntSet)
                {
                    WriteIntset(set);
                }
                else
                {
                    WriteSetTable(set);
                }
                break;
            case SortedSetValue zset:
                if (zset.IsListpack)
                {
                    WriteZsetListpack(zset);
                }
                else
                {
                    WriteZsetSkiplist(zset);
                }
                break;
            default:
                throw new ArgumentException($"no RDB encoding for a {value.GetType().Name}", nameof(value));
        }
    }

    private ListpackBuilder Listpack => _listpack ??= new ListpackBuilder();

    /// <summary>
    /// QUICKLIST_2: the node count, then per node its container (PACKED listpack or PLAIN element) and its
    /// bytes as an RDB string. When every node is already the listpack Redis would keep (no integer-like
    /// element, no element for a PLAIN node), the nodes are written as they are, as Redis writes its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteQuicklist(ListValue list)
    {
        if (list.NodesAreRedisListpacks(QuicklistPackedThreshold))
        {
            WriteLength((ulong)list.NodeCount);
            WriteListpackNodes(list);
            return;
        }
        WriteRecutQuicklist(list);
    }

    /// <summary>Nodes per batch when a list's nodes are compressed on two threads (half each).</summary>
    private const int ParallelNodeBatch = 64;

    /// <summary>
    /// The nodes of a list that is already in Redis's layout, in order. With compression on and many nodes,
    /// LZF is most of the work, so each batch is split: a pool thread compresses the second half into its own
    /// encoder while this one does the first half, and its bytes are appended after them.
    /// </summary>
    private void WriteListpackNodes(ListValue list)
    {
        int count = list.NodeCount;
        if (!Compress || count < 2 * ParallelNodeBatch || !HelperWork.Worthwhile)
        {
            WriteListpackNodes(list, 0, count);
            return;
        }
        NodeCompression helper = _nodeCompression ??= new NodeCompression();
        for (int start = 0; start < count; start += ParallelNodeBatch)
        {
            int end = Math.Min(count, start + ParallelNodeBatch);
            int middle = start + ((end - start) / 2);
            helper.Prepare(list, middle, end);
            helper.Start();
            WriteListpackNodes(list, start, middle);
            helper.Finish();
            WriteRaw(helper.Encoder.WrittenSpan);
            FlushIfFull();
        }
    }

    /// <summary>
    /// Writes nodes [<paramref name="from"/>, <paramref name="to"/>) of a list in Redis's layout as PACKED
    /// nodes, each straight from the node's own buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteListpackNodes(ListValue list, int from, int to)
    {
        for (int n = from; n < to; n++)
        {
            WriteLength(RdbFormat.QuicklistNodePacked);
            WriteString(list.NodeListpack(n));
            FlushIfFull();
        }
    }

    private NodeCompression? _nodeCompression;

    /// <summary>The share of a batch of list nodes a pool thread encodes (with its own buffers and LZF table).</summary>
    private sealed class NodeCompression : HelperWork
    {
        private ListValue? _list;
        private int _from;
        private int _to;

        public RdbEncoder Encoder { get; } = new(compress: true);

        public void Prepare(ListValue list, int from, int to)
        {
            _list = list;
            _from = from;
            _to = to;
            Encoder.Clear();
        }

        protected override void Run() => Encoder.WriteListpackNodes(_list!, _from, _to);
    }

    /// <summary>
    /// QUICKLIST_2 for a list whose nodes Redis would pack differently (its integer entries are smaller):
    /// nodes are cut as quicklistPushTail would cut them. The count comes first, so a first pass cuts the nodes
    /// from entry sizes alone and records each node's element count; the second pass then only fills each
    /// listpack with its recorded number of elements. Both read the list's node bytes directly rather than
    /// through its enumerator: for a list of a million elements the per-element cost is what the save costs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRecutQuicklist(ListValue list)
    {
        List<int> cuts = CutQuicklistNodes(list);
        WriteLength((ulong)cuts.Count);
        ListpackBuilder listpack = Listpack;
        int cut = 0;
        int left = 0;
        for (int n = 0; n < list.NodeCount; n++)
        {
            ReadOnlySpan<byte> entries = list.NodeEntries(n);
            int offset = 0;
            while (offset < entries.Length)
            {
                ReadOnlySpan<byte> element = QuickListNode.NextElement(entries, ref offset);
                if (left == 0)
                {
                    left = cuts[cut++];
                    if (left == PlainNode)
                    {
                        WriteLength(RdbFormat.QuicklistNodePlain);
                        WriteString(element);
                        FlushIfFull();
                        continue;
                    }
                    listpack.Reset();
                }
                listpack.AppendText(element);
                if (--left == 0)
                {
                    WritePackedNode(listpack);
                }
            }
        }
    }

    /// <summary>In <see cref="CutQuicklistNodes"/>'s result: a PLAIN node of one element.</summary>
    private const int PlainNode = 0;

    /// <summary>
    /// The nodes <see cref="WriteQuicklist"/> writes, head to tail: each packed node's element count, or
    /// <see cref="PlainNode"/>. The list is reused by the next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<int> CutQuicklistNodes(ListValue list)
    {
        List<int> cuts = _quicklistCuts;
        cuts.Clear();
        int fill = list.Fill;
        long threshold = QuicklistPackedThreshold;
        int nodeBytes = 0;
        int nodeCount = 0;
        for (int n = 0; n < list.NodeCount; n++)
        {
            ReadOnlySpan<byte> entries = list.NodeEntries(n);
            int offset = 0;
            while (offset < entries.Length)
            {
                ReadOnlySpan<byte> element = QuickListNode.NextElement(entries, ref offset);
                if (element.Length >= threshold)
                {
                    CloseNode(cuts, ref nodeCount);
                    cuts.Add(PlainNode);
                    continue;
                }
                if (nodeCount > 0 && !ListValue.NodeAllowsInsert(fill, nodeBytes, nodeCount, element.Length))
                {
                    CloseNode(cuts, ref nodeCount);
                }
                if (nodeCount == 0)
                {
                    nodeBytes = ListpackEncoding.EmptySize;
                }
                nodeBytes += ListpackBuilder.EntrySize(element);
                nodeCount++;
            }
        }
        CloseNode(cuts, ref nodeCount);
        return cuts;
    }

    private static void CloseNode(List<int> cuts, ref int nodeCount)
    {
        if (nodeCount > 0)
        {
            cuts.Add(nodeCount);
            nodeCount = 0;
        }
    }

    private void WritePackedNode(ListpackBuilder node)
    {
        WriteLength(RdbFormat.QuicklistNodePacked);
        WriteString(node.Finish());
        FlushIfFull();
    }

    /// <summary>HASH_LISTPACK: field, value, field, value ... in insertion order, as one listpack blob.</summary>
    private void WriteHashListpack(HashValue hash)
    {
        ListpackBuilder listpack = Listpack;
        listpack.Reset();
        Span<byte> fieldScratch = stackalloc byte[ListPack.ScratchSize];
        Span<byte> valueScratch = stackalloc byte[ListPack.ScratchSize];
        foreach (int position in hash)
        {
            listpack.AppendText(hash.FieldAt(position, fieldScratch));
            listpack.AppendText(hash.ValueAt(position, valueScratch));
        }
        WriteString(listpack.Finish());
    }

    /// <summary>HASH: the pair count, then each field and value as RDB strings.</summary>
    private void WriteHashTable(HashValue hash)
    {
        WriteLength((ulong)hash.Count);
        Span<byte> fieldScratch = stackalloc byte[ListPack.ScratchSize];
        Span<byte> valueScratch = stackalloc byte[ListPack.ScratchSize];
        foreach (int position in hash)
        {
            WriteString(hash.FieldAt(position, fieldScratch));
            WriteString(hash.ValueAt(position, valueScratch));
            FlushIfFull();
        }
    }

    /// <summary>SET_INTSET: the intset blob (encoding width, length, sorted members, all little endian).</summary>
    private void WriteIntset(SetValue set)
    {
        int width = set.IntSetWidth;
        int count = (int)set.Count;
        int size = 8 + count * width;
        if (_blob.Length < size)
        {
            _blob = new byte[Math.Max(size, _blob.Length * 2)];
        }
        Span<byte> blob = _blob.AsSpan(0, size);
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(blob[4..], (uint)count);
        int at = 8;
        for (int i = 0; i < count; i++)
        {
            set.TryGetIntegerAt(i, out long member);
            switch (width)
            {
                case 2:
                    BinaryPrimitives.WriteInt16LittleEndian(blob[at..], (short)member);
                    break;
                case 4:
                    BinaryPrimitives.WriteInt32LittleEndian(blob[at..], (int)member);
                    break;
                default:
                    BinaryPrimitives.WriteInt64LittleEndian(blob[at..], member);
                    break;
            }
            at += width;
        }
        WriteString(blob);
    }

    /// <summary>SET: the member count, then each member as an RDB string.</summary>
    private void WriteSetTable(SetValue set)
    {
        WriteLength((ulong)set.Count);
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        foreach (int position in set)
        {
            WriteString(set.MemberAt(position, scratch));
            FlushIfFull();
        }
    }

    /// <summary>
    /// ZSET_LISTPACK: member, score, ... in rank order. zzlInsertAt stores a score that is an integer within
    /// ±2^62 as an integer entry (double2ll, which also turns -0 into 0) and any other as its %.17g text.
    /// </summary>
    private void WriteZsetListpack(SortedSetValue zset)
    {
        ListpackBuilder listpack = Listpack;
        listpack.Reset();
        Span<byte> scoreText = stackalloc byte[32];
        for (SortedSetValue.Position p = zset.First; p.IsValid; p = zset.Next(p))
        {
            listpack.AppendText(zset.MemberAt(p));
            double score = zset.ScoreAt(p);
            if (TryConvertToLong(score, out long integer))
            {
                listpack.AppendInteger(integer);
            }
            else
            {
                int length = Utf8Number.FormatDouble(score, scoreText);
                listpack.AppendText(scoreText[..length]);
            }
        }
        WriteString(listpack.Finish());
    }

    /// <summary>double2ll: true when <paramref name="value"/> is an integer in [-2^62, 2^62].</summary>
    private static bool TryConvertToLong(double value, out long integer)
    {
        const double Limit = long.MaxValue / 2;
        if (!(value >= -Limit && value <= Limit))
        {
            integer = 0;
            return false;
        }
        integer = (long)value;
        return integer == value;
    }

    /// <summary>ZSET_2: the count, then member and binary score from the greatest element to the smallest.</summary>
    private void WriteZsetSkiplist(SortedSetValue zset)
    {
        WriteLength((ulong)zset.Count);
        for (SortedSetValue.Position p = zset.Last; p.IsValid; p = zset.Prev(p))
        {
            WriteString(zset.MemberAt(p));
            WriteBinaryDouble(zset.ScoreAt(p));
            FlushIfFull();
        }
    }

    // ------------------------------------------------------------------ primitives

    public void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    /// <summary>Bytes as they are, with no length prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length.</summary>
    public void WriteLength(ulong length)
    {
        EnsureCapacity(9);
        _length += EncodeLength(_buffer.AsSpan(_length), length);
    }

    private static int LengthSize(ulong length) => length < (1 << 6) ? 1 : length < (1 << 14) ? 2 : length <= uint.MaxValue ? 5 : 9;

    private static int EncodeLength(Span<byte> destination, ulong length)
    {
        if (length < (1 << 6))
        {
            destination[0] = (byte)length;
            return 1;
        }
        if (length < (1 << 14))
        {
            destination[0] = (byte)(0x40 | (length >> 8));
            destination[1] = (byte)length;
            return 2;
        }
        if (length <= uint.MaxValue)
        {
            destination[0] = 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
            return 5;
        }
        destination[0] = 0x81;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], length);
        return 9;
    }

    /// <summary>rdbSaveMillisecondTime: 8 bytes, little endian.</summary>
    public void WriteMillisecondTime(long unixTimeMs)
    {
        EnsureCapacity(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), unixTimeMs);
        _length += 8;
    }

    /// <summary>rdbSaveBinaryDoubleValue: the IEEE 754 double, little endian.</summary>
    public void WriteBinaryDouble(double value)
    {
        EnsureCapacity(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>
    /// rdbSaveRawString: a canonical integer of at most 11 characters that fits 32 bits as an 8/16/32-bit
    /// integer; with <see cref="Compress"/>, a string over 20 bytes LZF-compressed when the result is at most
    /// its length - 4; otherwise length and bytes. <paramref name="value"/> must not alias this encoder's buffer.
    /// </summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        int length = value.Length;
        if (length <= 11 && length > 0 && (value[0] == (byte)'-' || (uint)(value[0] - '0') <= 9)
            && Utf8Number.TryParseInt64(value, out long number) && TryWriteEncodedInteger(number))
        {
            return;
        }
        if (Compress && length >= LzfMinimumLength && TryWriteLzf(value))
        {
            return;
        }
        EnsureCapacity(length + 9);
        _length += EncodeLength(_buffer.AsSpan(_length), (ulong)length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += length;
    }

    /// <summary>
    /// rdbSaveLongLongAsStringObject (an int-encoded string value): integer-encoded when it fits 32 bits,
    /// else its decimal digits (never compressed: at most 20 bytes).
    /// </summary>
    public void WriteInteger(long value)
    {
        if (TryWriteEncodedInteger(value))
        {
            return;
        }
        EnsureCapacity(1 + Utf8Number.MaxInt64Chars);
        int digits = Utf8Number.FormatInt64(value, _buffer.AsSpan(_length + 1));
        _buffer[_length] = (byte)digits;
        _length += 1 + digits;
    }

    /// <summary>rdbEncodeInteger: the 8, 16 or 32-bit form; false when the number needs more.</summary>
    private bool TryWriteEncodedInteger(long value)
    {
        EnsureCapacity(5);
        Span<byte> destination = _buffer.AsSpan(_length);
        if (value >= sbyte.MinValue && value <= sbyte.MaxValue)
        {
            destination[0] = EncodedInt8;
            destination[1] = (byte)value;
            _length += 2;
            return true;
        }
        if (value >= short.MinValue && value <= short.MaxValue)
        {
            destination[0] = EncodedInt16;
            BinaryPrimitives.WriteInt16LittleEndian(destination[1..], (short)value);
            _length += 3;
            return true;
        }
        if (value >= int.MinValue && value <= int.MaxValue)
        {
            destination[0] = EncodedInt32;
            BinaryPrimitives.WriteInt32LittleEndian(destination[1..], (int)value);
            _length += 5;
            return true;
        }
        return false;
    }

    /// <summary>
    /// rdbSaveLzfStringObject: compresses straight into the buffer behind room for the largest header, then
    /// moves the data down to the header's real size.
    /// </summary>
    private bool TryWriteLzf(ReadOnlySpan<byte> value)
    {
        int limit = value.Length - 4;
        EnsureCapacity(MaxLzfHeaderSize + limit);
        int start = _length;
        int compressedLength = (_lzf ??= new LzfCompressor()).Compress(value, _buffer.AsSpan(start + MaxLzfHeaderSize, limit));
        if (compressedLength == 0)
        {
            return false;
        }
        Span<byte> output = _buffer.AsSpan(start);
        output[0] = EncodedLzf;
        int header = 1;
        header += EncodeLength(output[header..], (ulong)compressedLength);
        header += EncodeLength(output[header..], (ulong)value.Length);
        output.Slice(MaxLzfHeaderSize, compressedLength).CopyTo(output[header..]);
        _length = start + header + compressedLength;
        return true;
    }

    private void WriteAsciiString(string text)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length] : new byte[text.Length];
        Encoding.ASCII.GetBytes(text, bytes);
        WriteString(bytes);
    }

    private void FlushIfFull()
    {
        if (Output is not null && _length >= FlushThreshold)
        {
            Output.Append(WrittenSpan);
            _length = 0;
        }
    }

    private void EnsureCapacity(int additional)
    {
        if (_buffer.Length - _length >= additional)
        {
            return;
        }
        long needed = (long)_length + additional;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException("an RDB item does not fit in one buffer");
        }
        long wanted = Math.Min(Math.Max((long)_buffer.Length * 2, needed), Array.MaxLength);
        Array.Resize(ref _buffer, (int)wanted);
    }
}
