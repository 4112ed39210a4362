using System.Runtime.CompilerServices;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.DataTypes;

/// <summary>Filling a node in one pass while a list is loaded (RDB, RESTORE), and reading it raw while it is saved.</summary>
internal sealed partial class QuickListNode
{
    /// <summary>An empty node whose buffer has room for <paramref name="capacity"/> bytes of entries at the tail.</summary>
    public static QuickListNode CreateForAppend(int capacity, int capacityLimit) =>
        new(new byte[Math.Max(capacity + Margins, MinCapacity)], HeadRoom, HeadRoom, 0, capacityLimit);

    /// <summary>
    /// A node holding <paramref name="count"/> entries already in this node's layout (written by
    /// <see cref="EncodeEntry"/> / <see cref="EncodeIntegerEntry"/>), copied into a buffer of exactly their size:
    /// a loaded node is usually full, and a list is mostly pushed at its ends, which grow new nodes.
    /// </summary>
    public static QuickListNode CreateFromEntries(ReadOnlySpan<byte> entries, int count, int capacityLimit, bool mayHoldIntegers)
    {
        var node = new QuickListNode(new byte[Math.Max(entries.Length + Margins, MinCapacity)], HeadRoom, HeadRoom + entries.Length, count, capacityLimit, mayHoldIntegers);
        entries.CopyTo(node._buffer.AsSpan(HeadRoom));
        return node;
    }

    /// <summary>
    /// A node that takes over <paramref name="listpack"/>, a whole listpack in Redis's layout (6-byte header,
    /// <paramref name="count"/> string entries, terminator) that the caller checked and no longer uses: its
    /// entries are the node's as they are, the header and terminator become free room.
    /// </summary>
    public static QuickListNode Adopt(byte[] listpack, int count, int capacityLimit) =>
        new(listpack, HeadRoom, listpack.Length - TailRoom, count, capacityLimit);

    /// <summary>lpBytes of this node as a listpack: header, entries and terminator.</summary>
    public int ListpackBytes => UsedBytes + Margins;

    /// <summary>Whether the free room a listpack header and terminator need is there (an invariant).</summary>
    public bool HasListpackRoom => _start >= HeadRoom && _end <= EndLimit;

    /// <summary>
    /// The node as a listpack in Redis's layout, framed in place: the header (total bytes, entry count) is
    /// written into the free room before the entries and the terminator after them, so a save hands the
    /// node's own bytes to LZF and the file. Valid until the node is next modified; only meaningful when the
    /// entries are what Redis would store (<see cref="MayHoldIntegers"/> false).
    /// </summary>
    public ReadOnlySpan<byte> ListpackBytesInPlace()
    {
        Span<byte> listpack = _buffer.AsSpan(_start - HeadRoom, ListpackBytes);
        ListpackEncoding.WriteFrame(listpack, Count);
        return listpack;
    }

    /// <summary>Appends <paramref name="count"/> entries already in this node's layout at the tail.</summary>
    public void AppendEntries(ReadOnlySpan<byte> entries, int count, bool mayHoldIntegers)
    {
        MayHoldIntegers |= mayHoldIntegers;
        if (FreeAtTail < entries.Length)
        {
            MakeRoom(entries.Length, atHead: false);
        }
        entries.CopyTo(_buffer.AsSpan(_end));
        _end += entries.Length;
        Count += count;
    }

    /// <summary>Free bytes after the last entry.</summary>
    public int FreeAtTail => EndLimit - _end;

    /// <summary>
    /// Appends an entry the caller knows fits in <see cref="FreeAtTail"/>. Compiled optimized from the start:
    /// a load calls it once per element, before tiered compilation would promote it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFitting(ReadOnlySpan<byte> value)
    {
        _end += EncodeEntry(value, _buffer.AsSpan(_end));
        NoteElement(value);
        Count++;
    }

    /// <summary>
    /// Writes the entry for <paramref name="value"/> at the start of <paramref name="destination"/> (at least
    /// <see cref="EntrySize"/> bytes) and returns its size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodeEntry(ReadOnlySpan<byte> value, Span<byte> destination) =>
        ListpackEncoding.WriteStringEntry(value, destination);

    /// <summary>
    /// Writes the entry for the decimal text of <paramref name="value"/> (what a listpack integer entry reads
    /// as) without formatting it elsewhere first; <paramref name="destination"/> needs
    /// <see cref="MaxIntegerEntrySize"/> bytes. Returns the entry's size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodeIntegerEntry(long value, Span<byte> destination)
    {
        // At most 20 digits: a one-byte header, and a one-byte back-length (header and digits under 128 bytes).
        int digits = Utf8Number.FormatInt64(value, destination[1..]);
        destination[0] = (byte)(0x80 | digits);
        destination[1 + digits] = (byte)(1 + digits);
        return digits + 2;
    }

    /// <summary>The largest entry <see cref="EncodeIntegerEntry"/> writes.</summary>
    public const int MaxIntegerEntrySize = Utf8Number.MaxInt64Chars + 2;

    /// <summary>The node's entries, first to last (for <see cref="NextElement"/>).</summary>
    public ReadOnlySpan<byte> Entries => _buffer.AsSpan(_start, _end - _start);

    /// <summary>
    /// The element of the entry at <paramref name="offset"/> in <paramref name="entries"/> (a node's
    /// <see cref="Entries"/>); moves <paramref name="offset"/> to the next entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> NextElement(ReadOnlySpan<byte> entries, ref int offset)
    {
        int header = ListpackEncoding.ReadStringHeader(entries, offset, out int length);
        ReadOnlySpan<byte> element = entries.Slice(offset + header, length);
        int encoded = header + length;
        offset += encoded + ListpackEncoding.BackLengthSize(encoded);
        return element;
    }
}
