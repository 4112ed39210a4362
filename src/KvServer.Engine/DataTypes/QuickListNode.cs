using System.Runtime.CompilerServices;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// One node of a <see cref="ListValue"/> quicklist: a byte buffer of packed entries in Redis's listpack layout,
/// each element a listpack string entry (<see cref="ListpackEncoding"/>: header, bytes, back-length), so the
/// node can be walked forward from any entry start and backward from any entry end, and an element of up to
/// 63 bytes costs 2 bytes of overhead instead of a separate object.
/// </summary>
/// <remarks>
/// <para>The used bytes are the window [<see cref="Start"/>, <see cref="End"/>) of the buffer, with free room on
/// both sides, so push and pop at either end only move a boundary; inserts and deletes in the middle move the
/// shorter side. Offsets handed out by the read methods are valid until the node is next modified.</para>
/// <para>Why Redis's layout: a node whose elements Redis would store as strings is, with a 6-byte header and a
/// terminator around it, byte for byte the listpack Redis keeps as its node, so an RDB save writes it as it is
/// and a load adopts a saved listpack as a node (<c>ListValue.Save.cs</c>, <c>QuicklistNodeLoader</c>). Redis
/// stores an integer-like element ("42") as an integer entry; a node keeps every element as a string, so such
/// a node is re-encoded when saved: <see cref="MayHoldIntegers"/> tells which nodes need it.</para>
/// </remarks>
internal sealed partial class QuickListNode
{
    private const int MinCapacity = 32;

    /// <summary>
    /// Free bytes always kept before the first entry (a listpack's header) and after the last one (its
    /// terminator), so <see cref="ListpackBytesInPlace"/> can frame the entries as a listpack without copying.
    /// </summary>
    private const int HeadRoom = ListpackEncoding.HeaderSize;

    private const int TailRoom = 1;

    /// <summary>Bytes a buffer needs beyond its entries.</summary>
    private const int Margins = HeadRoom + TailRoom;

    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Growth stops doubling at this size (the list's node size limit), so full nodes waste little.</summary>
    private readonly int _capacityLimit;

    private QuickListNode(byte[] buffer, int start, int end, int count, int capacityLimit, bool mayHoldIntegers = false)
    {
        _buffer = buffer;
        _start = start;
        _end = end;
        Count = count;
        _capacityLimit = capacityLimit;
        MayHoldIntegers = mayHoldIntegers;
    }

    /// <summary>
    /// False when no element is integer-like (Redis would store every one as a string entry). Set by any write
    /// of an element that may be; cleared only by <see cref="RecheckIntegers"/>, so it may be stale-true after
    /// deletions.
    /// </summary>
    public bool MayHoldIntegers { get; private set; }

    /// <summary>Number of entries in the node.</summary>
    public int Count { get; private set; }

    /// <summary>Offset of the first entry (equal to <see cref="End"/> when empty).</summary>
    public int Start => _start;

    /// <summary>Offset just past the last entry.</summary>
    public int End => _end;

    /// <summary>Bytes taken by the entries, overhead included: what the node size limit is checked against.</summary>
    public int UsedBytes => _end - _start;

    /// <summary>Bytes allocated for the node buffer.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The highest offset the entries may end at (the tail room stays free).</summary>
    private int EndLimit => _buffer.Length - TailRoom;

    /// <summary>
    /// A node holding one element. The free room goes on the side where the next push is expected: in front
    /// for a node created by a head push, behind for a tail push.
    /// </summary>
    public static QuickListNode Create(ReadOnlySpan<byte> value, bool roomAtHead, int capacityLimit)
    {
        int size = EntrySize(value.Length);
        int capacity = Math.Max(size + Margins, MinCapacity);
        int at = roomAtHead ? capacity - TailRoom - size : HeadRoom;
        var node = new QuickListNode(new byte[capacity], at, at + size, 1, capacityLimit);
        node.WriteEntry(at, value);
        return node;
    }

    /// <summary>Bytes an element of <paramref name="length"/> bytes takes in a node.</summary>
    public static int EntrySize(int length) => ListpackEncoding.StringEntrySize(length);

    /// <summary>Reads the entry starting at <paramref name="offset"/>; returns the offset just past it.</summary>
    public int ReadForward(int offset, out int dataOffset, out int length)
    {
        int header = ListpackEncoding.ReadStringHeader(_buffer, offset, out length);
        dataOffset = offset + header;
        int encoded = header + length;
        return offset + encoded + ListpackEncoding.BackLengthSize(encoded);
    }

    /// <summary>Reads the entry ending at <paramref name="endOffset"/>; returns the offset where it starts.</summary>
    public int ReadBackward(int endOffset, out int dataOffset, out int length)
    {
        int encoded = ListpackEncoding.ReadBackLength(_buffer, endOffset, out int backLengthSize);
        int start = endOffset - backLengthSize - encoded;
        dataOffset = start + ListpackEncoding.ReadStringHeader(_buffer, start, out length);
        return start;
    }

    /// <summary>The element bytes at a data offset returned by a read method.</summary>
    public ReadOnlySpan<byte> Data(int dataOffset, int length) => _buffer.AsSpan(dataOffset, length);

    /// <summary>The element of the entry starting at <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> EntryAt(int offset)
    {
        ReadForward(offset, out int dataOffset, out int length);
        return _buffer.AsSpan(dataOffset, length);
    }

    /// <summary>The offset of the entry after the one starting at <paramref name="offset"/>.</summary>
    public int NextOffset(int offset) => ReadForward(offset, out _, out _);

    public ReadOnlySpan<byte> First => EntryAt(_start);

    public ReadOnlySpan<byte> Last
    {
        get
        {
            ReadBackward(_end, out int dataOffset, out int length);
            return _buffer.AsSpan(dataOffset, length);
        }
    }

    /// <summary>Start offset of entry number <paramref name="index"/>, walking from the nearer end of the node.</summary>
    public int OffsetOf(int index)
    {
        if (index < Count / 2)
        {
            int offset = _start;
            for (int i = 0; i < index; i++)
            {
                offset = NextOffset(offset);
            }
            return offset;
        }
        int at = _end;
        for (int i = Count; i > index; i--)
        {
            at = ReadBackward(at, out _, out _);
        }
        return at;
    }

    public void PushTail(ReadOnlySpan<byte> value)
    {
        int size = EntrySize(value.Length);
        if (EndLimit - _end < size)
        {
            MakeRoom(size, atHead: false);
        }
        WriteEntry(_end, value);
        _end += size;
        Count++;
    }

    public void PushHead(ReadOnlySpan<byte> value)
    {
        int size = EntrySize(value.Length);
        if (_start - HeadRoom < size)
        {
            MakeRoom(size, atHead: true);
        }
        _start -= size;
        WriteEntry(_start, value);
        Count++;
    }

    /// <summary>Inserts an element at entry boundary <paramref name="offset"/> (between Start and End inclusive).</summary>
    public void InsertAt(int offset, ReadOnlySpan<byte> value)
    {
        if (offset == _end)
        {
            PushTail(value);
            return;
        }
        if (offset == _start)
        {
            PushHead(value);
            return;
        }
        int size = EntrySize(value.Length);
        int before = offset - _start;
        int after = _end - offset;
        if (_start - HeadRoom >= size && (before <= after || EndLimit - _end < size))
        {
            // Open the gap by moving the entries in front of it toward the head.
            _buffer.AsSpan(_start, before).CopyTo(_buffer.AsSpan(_start - size));
            _start -= size;
            offset -= size;
        }
        else if (EndLimit - _end >= size)
        {
            _buffer.AsSpan(offset, after).CopyTo(_buffer.AsSpan(offset + size));
            _end += size;
        }
        else
        {
            offset = Reallocate(GrowCapacity(UsedBytes + size + Margins), HeadRoom, offset, size);
        }
        WriteEntry(offset, value);
        Count++;
    }

    /// <summary>Replaces the element of the entry starting at <paramref name="offset"/>.</summary>
    public void Replace(int offset, ReadOnlySpan<byte> value)
    {
        int oldEnd = NextOffset(offset);
        if (oldEnd - offset == EntrySize(value.Length))
        {
            WriteEntry(offset, value);
            return;
        }
        int boundary = DeleteBytes(offset, oldEnd, 1);
        InsertAt(boundary, value);
    }

    public void RemoveHead()
    {
        _start = NextOffset(_start);
        Count--;
        ShrinkIfSparse();
    }

    public void RemoveTail()
    {
        _end = ReadBackward(_end, out _, out _);
        Count--;
        ShrinkIfSparse();
    }

    /// <summary>
    /// Deletes the entry starting at <paramref name="offset"/>; returns the entry boundary where it was, the
    /// place to insert a replacement.
    /// </summary>
    public int DeleteAt(int offset) => DeleteBytes(offset, NextOffset(offset), 1);

    /// <summary>Deletes <paramref name="count"/> entries starting with the one at <paramref name="offset"/>.</summary>
    public void DeleteEntries(int offset, int count)
    {
        int end = offset;
        for (int i = 0; i < count; i++)
        {
            end = NextOffset(end);
        }
        DeleteBytes(offset, end, count);
        ShrinkIfSparse();
    }

    /// <summary>Removes the bytes [from, to) holding <paramref name="entries"/> entries; returns the boundary.</summary>
    private int DeleteBytes(int from, int to, int entries)
    {
        int boundary;
        if (from == _start)
        {
            _start = to;
            boundary = to;
        }
        else if (to == _end)
        {
            _end = from;
            boundary = from;
        }
        else if (from - _start < _end - to)
        {
            int moved = from - _start;
            _buffer.AsSpan(_start, moved).CopyTo(_buffer.AsSpan(to - moved));
            _start = to - moved;
            boundary = to;
        }
        else
        {
            _buffer.AsSpan(to, _end - to).CopyTo(_buffer.AsSpan(from));
            _end -= to - from;
            boundary = from;
        }
        Count -= entries;
        return boundary;
    }

    /// <summary>
    /// LREM within this node: removes entries equal to <paramref name="value"/>, at most <paramref name="limit"/>
    /// of them (0 = all), scanning from the head or from the tail, compacting the node in one pass.
    /// </summary>
    public int RemoveMatches(ReadOnlySpan<byte> value, long limit, bool fromTail)
    {
        int removed = 0;
        if (!fromTail)
        {
            int read = _start;
            int write = _start;
            while (read < _end && (limit == 0 || removed < limit))
            {
                int next = ReadForward(read, out int dataOffset, out int length);
                if (length == value.Length && _buffer.AsSpan(dataOffset, length).SequenceEqual(value))
                {
                    removed++;
                }
                else
                {
                    if (write != read)
                    {
                        _buffer.AsSpan(read, next - read).CopyTo(_buffer.AsSpan(write));
                    }
                    write += next - read;
                }
                read = next;
            }
            if (write != read)
            {
                _buffer.AsSpan(read, _end - read).CopyTo(_buffer.AsSpan(write));
                _end -= read - write;
            }
        }
        else
        {
            int read = _end;
            int write = _end;
            while (read > _start && (limit == 0 || removed < limit))
            {
                int previous = ReadBackward(read, out int dataOffset, out int length);
                if (length == value.Length && _buffer.AsSpan(dataOffset, length).SequenceEqual(value))
                {
                    removed++;
                }
                else
                {
                    int size = read - previous;
                    write -= size;
                    if (write != previous)
                    {
                        _buffer.AsSpan(previous, size).CopyTo(_buffer.AsSpan(write));
                    }
                }
                read = previous;
            }
            if (write != read)
            {
                int rest = read - _start;
                _buffer.AsSpan(_start, rest).CopyTo(_buffer.AsSpan(write - rest));
                _start = write - rest;
            }
        }
        Count -= removed;
        if (removed > 0)
        {
            ShrinkIfSparse();
        }
        return removed;
    }

    /// <summary>
    /// Moves the entries from <paramref name="offset"/> on (entry number <paramref name="index"/> and later)
    /// into a new node; this node keeps the entries before it.
    /// </summary>
    public QuickListNode SplitAt(int offset, int index)
    {
        int length = _end - offset;
        var tail = new QuickListNode(new byte[Math.Max(length + Margins, MinCapacity)], HeadRoom, HeadRoom + length, Count - index, _capacityLimit, MayHoldIntegers);
        _buffer.AsSpan(offset, length).CopyTo(tail._buffer.AsSpan(HeadRoom));
        _end = offset;
        Count = index;
        return tail;
    }

    /// <summary>An independent copy whose buffer is just big enough for its entries.</summary>
    public QuickListNode Clone()
    {
        int used = UsedBytes;
        var copy = new QuickListNode(new byte[Math.Max(used + Margins, MinCapacity)], HeadRoom, HeadRoom + used, Count, _capacityLimit, MayHoldIntegers);
        _buffer.AsSpan(_start, used).CopyTo(copy._buffer.AsSpan(HeadRoom));
        return copy;
    }

    private void WriteEntry(int at, ReadOnlySpan<byte> value)
    {
        ListpackEncoding.WriteStringEntry(value, _buffer.AsSpan(at));
        NoteElement(value);
    }

    /// <summary>Keeps <see cref="MayHoldIntegers"/> true once an element that may be an integer is written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteElement(ReadOnlySpan<byte> value)
    {
        // A cheap over-estimate (a short text starting like a number); RecheckIntegers decides exactly.
        if (!MayHoldIntegers && value.Length is > 0 and <= 20 && (value[0] == (byte)'-' || (uint)(value[0] - '0') <= 9))
        {
            MayHoldIntegers = true;
        }
    }

    /// <summary>
    /// Walks the entries and sets <see cref="MayHoldIntegers"/> to whether any element is one Redis stores as
    /// an integer (lpStringToInt64); returns it.
    /// </summary>
    public bool RecheckIntegers()
    {
        if (!MayHoldIntegers)
        {
            return false;
        }
        ReadOnlySpan<byte> entries = Entries;
        int offset = 0;
        while (offset < entries.Length)
        {
            if (ListpackEncoding.TryParseInteger(NextElement(entries, ref offset), out _))
            {
                return true;
            }
        }
        MayHoldIntegers = false;
        return false;
    }

    /// <summary>
    /// Makes at least <paramref name="size"/> free bytes at the head or the tail: slides the entries inside the
    /// buffer when it is at most half used (a queue drifting through the node), otherwise grows it.
    /// </summary>
    private void MakeRoom(int size, bool atHead)
    {
        int used = UsedBytes;
        int needed = used + size + Margins;
        int capacity = needed <= _buffer.Length / 2 ? _buffer.Length : GrowCapacity(needed);
        int newStart = atHead ? capacity - TailRoom - used : HeadRoom;
        if (capacity == _buffer.Length)
        {
            _buffer.AsSpan(_start, used).CopyTo(_buffer.AsSpan(newStart));
            _start = newStart;
            _end = newStart + used;
            return;
        }
        Reallocate(capacity, newStart, _end, 0);
    }

    /// <summary>
    /// Copies the entries into a new buffer of <paramref name="capacity"/> bytes starting at
    /// <paramref name="newStart"/>, leaving a gap of <paramref name="gapSize"/> bytes where
    /// <paramref name="gapAt"/> was; returns the gap's offset in the new buffer.
    /// </summary>
    private int Reallocate(int capacity, int newStart, int gapAt, int gapSize)
    {
        byte[] next = new byte[capacity];
        int before = gapAt - _start;
        _buffer.AsSpan(_start, before).CopyTo(next.AsSpan(newStart));
        _buffer.AsSpan(gapAt, _end - gapAt).CopyTo(next.AsSpan(newStart + before + gapSize));
        _end = newStart + UsedBytes + gapSize;
        _start = newStart;
        _buffer = next;
        return newStart + before;
    }

    private int GrowCapacity(int needed)
    {
        long doubled = (long)_buffer.Length * 2;
        long target = Math.Min(doubled, Math.Max(_capacityLimit, needed));
        return (int)Math.Max(needed, target);
    }

    /// <summary>Gives memory back after deletions left a big buffer mostly empty.</summary>
    private void ShrinkIfSparse()
    {
        int used = UsedBytes;
        if (Count == 0 || _buffer.Length <= 4 * MinCapacity || used * 4 > _buffer.Length)
        {
            return;
        }
        int capacity = Math.Max((used * 2) + Margins, MinCapacity);
        Reallocate(capacity, HeadRoom + ((capacity - Margins - used) / 2), _end, 0);
    }
}
