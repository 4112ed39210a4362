using System.Runtime.CompilerServices;

namespace KvServer.Engine.DataTypes;

/// <summary>Building a list from a decoded RDB value or DUMP payload.</summary>
public sealed partial class ListValue
{
    /// <summary>
    /// <see cref="PushTail"/> for loading: a new tail node is allocated once, large enough for
    /// <paramref name="bytesAhead"/> more bytes of entries (the rest of the saved node being read), up to the
    /// node size limit, so filling it never reallocates; the element is written straight into it. Compiled
    /// optimized from the start, like the rest of the loader.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PushTailLoaded(ReadOnlySpan<byte> value, int bytesAhead)
    {
        int size = QuickListNode.EntrySize(value.Length);
        if (_nodeCount > 0)
        {
            QuickListNode tail = NodeAt(_nodeCount - 1);
            if (AllowInsert(tail, value.Length))
            {
                if (tail.FreeAtTail >= size)
                {
                    tail.AppendFitting(value);
                }
                else
                {
                    tail.PushTail(value);
                }
                _count++;
                return;
            }
        }
        int capacity = size >= _nodeByteLimit ? size : Math.Min(_nodeByteLimit, Math.Max(size, bytesAhead));
        QuickListNode node = QuickListNode.CreateForAppend(capacity, _nodeByteLimit);
        node.AppendFitting(value);
        InsertNode(_nodeCount, node);
        _count++;
    }
}
