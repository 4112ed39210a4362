using System.Runtime.CompilerServices;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.DataTypes;

/// <summary>Filling a node in one pass while a list is loaded (RDB, RESTORE), and reading it raw while it is saved.</summary>
internal sealed partial class QuickListNode
{
    /// <summary>An empty node whose buffer has room for <paramref name="capacity"/> bytes of entries at the tail.</summary>
    public static QuickListNode CreateForAppend(int capacity, int capacityLimit) =>
        new(new byte[Math.Max(capacity, MinCapacity)], 0, 0, 0, capacityLimit);

    /// <summary>
    /// A node holding <paramref name="count"/> entries already in this node's layout (written by
    /// <see cref="EncodeEntry"/> / <see cref="EncodeIntegerEntry"/>), copied into a buffer of exactly their size:
    /// a loaded node is usually full, and a list is mostly pushed at its ends, which grow new nodes.
    /// </summary>
    public static QuickListNode CreateFromEntries(ReadOnlySpan<byte> entries, int count, int capacityLimit)
    {
        var node = new QuickListNode(new byte[Math.Max(entries.Length, MinCapacity)], 0, entries.Length, count, capacityLimit);
        entries.CopyTo(node._buffer);
        return node;
    }

    /// <summary>Appends <paramref name="count"/> entries already in this node's layout at the tail.</summary>
    public void AppendEntries(ReadOnlySpan<byte> entries, int count)
    {
        if (_buffer.Length - _end < entries.Length)
        {
            MakeRoom(entries.Length, atHead: false);
        }
        entries.CopyTo(_buffer.AsSpan(_end));
        _end += entries.Length;
        Count += count;
    }

    /// <summary>Free bytes after the last entry.</summary>
    public int FreeAtTail => _buffer.Length - _end;

    /// <summary>
    /// Appends an entry the caller knows fits in <see cref="FreeAtTail"/>. Compiled optimized from the start:
    /// a load calls it once per element, before tiered compilation would promote it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFitting(ReadOnlySpan<byte> value)
    {
        _end += EncodeEntry(value, _buffer.AsSpan(_end));
        Count++;
    }

    /// <summary>
    /// Writes the entry for <paramref name="value"/> at the start of <paramref name="destination"/> (at least
    /// <see cref="EntrySize"/> bytes) and returns its size: LEB128 length, bytes, the length bytes reversed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodeEntry(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        uint length = (uint)value.Length;
        if (length < 0x80)
        {
            // The common case (elements under 128 bytes): one length byte on each side.
            destination[0] = (byte)length;
            value.CopyTo(destination[1..]);
            destination[1 + value.Length] = (byte)length;
            return value.Length + 2;
        }
        int header = 0;
        do
        {
            byte b = (byte)(length & 0x7F);
            length >>= 7;
            destination[header++] = length != 0 ? (byte)(b | 0x80) : b;
        }
        while (length != 0);
        value.CopyTo(destination[header..]);
        Span<byte> trailer = destination.Slice(header + value.Length, header);
        for (int i = 0; i < header; i++)
        {
            trailer[i] = destination[header - 1 - i];
        }
        return value.Length + 2 * header;
    }

    /// <summary>
    /// Writes the entry for the decimal text of <paramref name="value"/> (what a listpack integer entry reads
    /// as) without formatting it elsewhere first; <paramref name="destination"/> needs
    /// <see cref="MaxIntegerEntrySize"/> bytes. Returns the entry's size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodeIntegerEntry(long value, Span<byte> destination)
    {
        // At most 20 digits: the length fits the one-byte LEB128 form on both sides.
        int digits = Utf8Number.FormatInt64(value, destination[1..]);
        destination[0] = (byte)digits;
        destination[1 + digits] = (byte)digits;
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
        int at = offset;
        uint length = entries[at++];
        if (length >= 0x80)
        {
            length &= 0x7F;
            int shift = 7;
            byte b;
            do
            {
                b = entries[at++];
                length |= (uint)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
        }
        ReadOnlySpan<byte> element = entries.Slice(at, (int)length);
        offset = at + (int)length + (at - offset);
        return element;
    }
}
