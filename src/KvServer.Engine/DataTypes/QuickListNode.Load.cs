using System.Runtime.CompilerServices;

namespace KvServer.Engine.DataTypes;

/// <summary>Filling a node in one pass while a list is loaded (RDB, RESTORE).</summary>
internal sealed partial class QuickListNode
{
    /// <summary>An empty node whose buffer has room for <paramref name="capacity"/> bytes of entries at the tail.</summary>
    public static QuickListNode CreateForAppend(int capacity, int capacityLimit) =>
        new(new byte[Math.Max(capacity, MinCapacity)], 0, 0, 0, capacityLimit);

    /// <summary>Free bytes after the last entry.</summary>
    public int FreeAtTail => _buffer.Length - _end;

    /// <summary>
    /// Appends an entry the caller knows fits in <see cref="FreeAtTail"/>. Compiled optimized from the start:
    /// a load calls it once per element, before tiered compilation would promote it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFitting(ReadOnlySpan<byte> value)
    {
        Span<byte> buffer = _buffer.AsSpan(_end);
        uint length = (uint)value.Length;
        int header = 0;
        do
        {
            byte b = (byte)(length & 0x7F);
            length >>= 7;
            buffer[header++] = length != 0 ? (byte)(b | 0x80) : b;
        }
        while (length != 0);
        value.CopyTo(buffer[header..]);
        Span<byte> trailer = buffer.Slice(header + value.Length, header);
        for (int i = 0; i < header; i++)
        {
            trailer[i] = buffer[header - 1 - i];
        }
        _end += value.Length + 2 * header;
        Count++;
    }
}
