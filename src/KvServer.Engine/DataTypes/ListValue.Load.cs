using System.Runtime.CompilerServices;

namespace KvServer.Engine.DataTypes;

/// <summary>Building a list from a decoded RDB value or DUMP payload.</summary>
public sealed partial class ListValue
{
    /// <summary>
    /// <see cref="PushTail"/> for loading: a new tail node is allocated once, large enough for this entry and
    /// <paramref name="bytesAfter"/> more bytes (the rest of the saved node being read), up to the node size
    /// limit, so filling it never reallocates; the element is written straight into it. Compiled optimized from
    /// the start, like the rest of the loader.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PushTailLoaded(ReadOnlySpan<byte> value, int bytesAfter)
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
        int capacity = size >= _nodeByteLimit ? size : (int)Math.Min(_nodeByteLimit, (long)size + bytesAfter);
        QuickListNode node = QuickListNode.CreateForAppend(capacity, _nodeByteLimit);
        node.AppendFitting(value);
        InsertNode(_nodeCount, node);
        _count++;
    }

    /// <summary>Bytes a node's entries may take (list-max-listpack-size as bytes, or 8 KB for a count fill).</summary>
    internal int NodeByteLimit => _nodeByteLimit;

    /// <summary>
    /// Adds <paramref name="count"/> loaded elements, already encoded as node entries (a whole saved quicklist
    /// node, converted in one pass), at the tail: into the tail node when they all fit there, else as a node of
    /// their own, so the list is packed as tightly as pushing them one by one would pack it. False (nothing
    /// added) when they cannot form one node under this list's limits; the caller then pushes them one by one.
    /// </summary>
    internal bool TryAppendLoadedEntries(ReadOnlySpan<byte> entries, int count, bool mayHoldIntegers)
    {
        if (count > 1 && (entries.Length > _nodeByteLimit || (_fill >= 0 && count > _fill)))
        {
            return false;
        }
        if (_nodeCount > 0)
        {
            QuickListNode tail = NodeAt(_nodeCount - 1);
            if (tail.UsedBytes + entries.Length <= _nodeByteLimit && (_fill < 0 || tail.Count + count <= _fill))
            {
                tail.AppendEntries(entries, count, mayHoldIntegers);
                _count += count;
                return true;
            }
        }
        InsertNode(_nodeCount, QuickListNode.CreateFromEntries(entries, count, _nodeByteLimit, mayHoldIntegers));
        _count += count;
        return true;
    }

    /// <summary>
    /// Adds a saved listpack of <paramref name="count"/> string entries, already checked, as the new tail node:
    /// the array becomes the node (quicklistAppendListpack), so loading the node copies nothing.
    /// </summary>
    internal void AppendAdoptedNode(byte[] listpack, int count)
    {
        InsertNode(_nodeCount, QuickListNode.Adopt(listpack, count, _nodeByteLimit));
        _count += count;
    }
}
