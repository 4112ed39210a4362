namespace KvServer.Engine.DataTypes;

/// <summary>
/// A list value: Redis 7.0's quicklist, a sequence of <see cref="QuickListNode"/>s that each pack many
/// elements into one byte buffer. OBJECT ENCODING is always "quicklist", as Redis 7.0 reports for every list.
/// </summary>
/// <remarks>
/// <para>Why packed nodes rather than a ring of <c>byte[]</c> elements: a ring costs an object header, a length
/// and a reference per element (about 32 bytes on 64-bit, plus padding), and gives the GC one object per
/// element to track; a packed node costs 2 bytes per short element and one object per few hundred elements,
/// which is what lets Redis keep long lists compact. The price is that LINDEX and LSET walk the node counts and
/// then one node, instead of indexing directly; nodes are small, so that walk is short.</para>
/// <para>The nodes live in a ring buffer (power-of-two array), so adding or dropping a node at either end is
/// O(1) and a node in the middle can be reached by index. Push and pop at both ends are O(1) amortized;
/// LINDEX/LSET are O(nodes + node size) from the nearer end; LRANGE is O(start + m).</para>
/// <para>Node size follows list-max-listpack-size (fixed when the list is created, as in Redis): a negative
/// fill limits node bytes to 4/8/16/32/64 KB, a positive fill limits entries per node (and bytes to 8 KB,
/// Redis's SIZE_SAFETY_LIMIT). An element larger than the limit gets a node of its own. A push or an insert
/// decides with Redis's own rule on the node's listpack size (<see cref="NodeAllowsInsert"/>), so a list of
/// elements Redis stores as strings has Redis's node boundaries and the very bytes of Redis's nodes.
/// list-compress-depth (LZF compression of inner nodes) is not implemented: it is not visible in replies.</para>
/// </remarks>
public sealed partial class ListValue : IKvCollection, ISortableCollection
{
    /// <summary>SIZE_SAFETY_LIMIT: nodes of a count-limited list still stop at 8 KB.</summary>
    private const int SizeSafetyLimit = 8192;

    /// <summary>SIZE_ESTIMATE_OVERHEAD: what _quicklistNodeAllowInsert adds for the entry's own header.</summary>
    private const int EntryOverheadEstimate = 8;

    /// <summary>FILL_MAX in quicklist.c.</summary>
    private const int FillMax = (1 << 15) - 1;

    private QuickListNode[] _nodes = new QuickListNode[1];
    private int _head;
    private int _nodeCount;
    private long _count;
    private readonly int _fill;
    private readonly int _nodeByteLimit;

    /// <param name="fill">list-max-listpack-size: negative = node byte class, positive = entries per node.</param>
    public ListValue(int fill = -2)
    {
        _fill = Math.Clamp(fill, -5, FillMax);
        _nodeByteLimit = NodeByteLimitFor(_fill);
    }

    public KvType Type => KvType.List;

    public string Encoding => "quicklist";

    public long Count => _count;

    /// <summary>list-max-listpack-size as it was when the list was created (RDB node sizes follow it).</summary>
    internal int Fill => _fill;

    /// <summary>Number of quicklist nodes (DEBUG-style introspection and tests).</summary>
    internal int NodeCount => _nodeCount;

    /// <summary>Bytes allocated for node buffers (a memory estimate).</summary>
    internal long AllocatedBytes
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _nodeCount; i++)
            {
                total += NodeAt(i).Capacity;
            }
            return total;
        }
    }

    /// <summary>
    /// Checks the quicklist's invariants (counts add up, no empty node, every node walks the same forward and
    /// backward and keeps room for a listpack frame, nodes within the size limit unless they hold a single
    /// element) and throws if one is broken:
    /// a consistency check for tests and debugging, like Redis's quicklist validation. A loaded list may hold
    /// saved nodes larger than its own limit (kept as saved, as Redis keeps them): pass
    /// <paramref name="nodesWithinLimit"/> false for those.
    /// </summary>
    internal void Validate(bool nodesWithinLimit = true)
    {
        long total = 0;
        for (int n = 0; n < _nodeCount; n++)
        {
            QuickListNode node = NodeAt(n);
            if (node.Count == 0)
            {
                throw new InvalidOperationException($"node {n} is empty");
            }
            int forward = node.Start;
            for (int i = 0; i < node.Count; i++)
            {
                forward = node.NextOffset(forward);
            }
            int backward = node.End;
            for (int i = 0; i < node.Count; i++)
            {
                backward = node.ReadBackward(backward, out _, out _);
            }
            if (forward != node.End || backward != node.Start)
            {
                throw new InvalidOperationException($"node {n} entries do not match its bounds");
            }
            if (!node.HasListpackRoom)
            {
                throw new InvalidOperationException($"node {n} has no room for a listpack header and terminator");
            }
            if (nodesWithinLimit && node.Count > 1 && (node.UsedBytes > _nodeByteLimit || (_fill >= 0 && node.Count > _fill)))
            {
                throw new InvalidOperationException($"node {n} exceeds the node size limit");
            }
            total += node.Count;
        }
        if (total != _count)
        {
            throw new InvalidOperationException($"nodes hold {total} elements, list counts {_count}");
        }
    }

    /// <summary>The head element; the list must not be empty. Valid until the list is modified.</summary>
    public ReadOnlySpan<byte> First => NodeAt(0).First;

    /// <summary>The tail element; the list must not be empty. Valid until the list is modified.</summary>
    public ReadOnlySpan<byte> Last => NodeAt(_nodeCount - 1).Last;

    public void Push(ReadOnlySpan<byte> value, bool head)
    {
        if (head)
        {
            PushHead(value);
        }
        else
        {
            PushTail(value);
        }
    }

    public void PushHead(ReadOnlySpan<byte> value)
    {
        if (_nodeCount > 0 && AllowInsert(NodeAt(0), value.Length))
        {
            NodeAt(0).PushHead(value);
        }
        else
        {
            InsertNode(0, QuickListNode.Create(value, roomAtHead: true, _nodeByteLimit));
        }
        _count++;
    }

    public void PushTail(ReadOnlySpan<byte> value)
    {
        if (_nodeCount > 0 && AllowInsert(NodeAt(_nodeCount - 1), value.Length))
        {
            NodeAt(_nodeCount - 1).PushTail(value);
        }
        else
        {
            InsertNode(_nodeCount, QuickListNode.Create(value, roomAtHead: false, _nodeByteLimit));
        }
        _count++;
    }

    /// <summary>Removes the head or tail element; the list must not be empty.</summary>
    public void RemoveEnd(bool head)
    {
        int index = head ? 0 : _nodeCount - 1;
        QuickListNode node = NodeAt(index);
        if (node.Count == 1)
        {
            RemoveNode(index);
        }
        else if (head)
        {
            node.RemoveHead();
        }
        else
        {
            node.RemoveTail();
        }
        _count--;
    }

    /// <summary>Removes and returns a copy of the head or tail element; the list must not be empty.</summary>
    public byte[] Pop(bool head)
    {
        byte[] value = (head ? First : Last).ToArray();
        RemoveEnd(head);
        return value;
    }

    /// <summary>The element at <paramref name="index"/> (0 ≤ index &lt; Count).</summary>
    public ReadOnlySpan<byte> GetAt(long index)
    {
        Locate(index, out int node, out int offset, out _);
        return NodeAt(node).EntryAt(offset);
    }

    /// <summary>LSET: replaces the element at <paramref name="index"/> (0 ≤ index &lt; Count).</summary>
    public void SetAt(long index, ReadOnlySpan<byte> value)
    {
        Locate(index, out int nodeIndex, out int offset, out int local);
        QuickListNode node = NodeAt(nodeIndex);
        int oldSize = node.NextOffset(offset) - offset;
        if (node.Count == 1 || node.UsedBytes - oldSize + QuickListNode.EntrySize(value.Length) <= _nodeByteLimit)
        {
            node.Replace(offset, value);
            return;
        }
        // The new element does not fit: take the old one out and insert as LINSERT would (neighbour or split).
        int boundary = node.DeleteAt(offset);
        InsertInNode(nodeIndex, boundary, local, value);
    }

    /// <summary>
    /// LINSERT: inserts <paramref name="value"/> before or after the first element equal to
    /// <paramref name="pivot"/>; false when there is none.
    /// </summary>
    public bool InsertNear(ReadOnlySpan<byte> pivot, ReadOnlySpan<byte> value, bool after)
    {
        for (int n = 0; n < _nodeCount; n++)
        {
            QuickListNode node = NodeAt(n);
            int offset = node.Start;
            for (int local = 0; local < node.Count; local++)
            {
                int next = node.ReadForward(offset, out int dataOffset, out int length);
                if (node.Data(dataOffset, length).SequenceEqual(pivot))
                {
                    if (after)
                    {
                        InsertInNode(n, next, local + 1, value);
                    }
                    else
                    {
                        InsertInNode(n, offset, local, value);
                    }
                    _count++;
                    return true;
                }
                offset = next;
            }
        }
        return false;
    }

    /// <summary>
    /// Inserts at entry boundary <paramref name="offset"/> of node <paramref name="nodeIndex"/>, which is entry
    /// number <paramref name="local"/> of that node. A full node passes the element to a neighbour with room
    /// when the boundary is at its edge, and is split otherwise (_quicklistInsert). Does not count the element.
    /// </summary>
    private void InsertInNode(int nodeIndex, int offset, int local, ReadOnlySpan<byte> value)
    {
        QuickListNode node = NodeAt(nodeIndex);
        if (AllowInsert(node, value.Length))
        {
            node.InsertAt(offset, value);
            return;
        }
        if (offset == node.End)
        {
            if (nodeIndex + 1 < _nodeCount && AllowInsert(NodeAt(nodeIndex + 1), value.Length))
            {
                NodeAt(nodeIndex + 1).PushHead(value);
            }
            else
            {
                InsertNode(nodeIndex + 1, QuickListNode.Create(value, roomAtHead: true, _nodeByteLimit));
            }
            return;
        }
        if (offset == node.Start)
        {
            if (nodeIndex > 0 && AllowInsert(NodeAt(nodeIndex - 1), value.Length))
            {
                NodeAt(nodeIndex - 1).PushTail(value);
            }
            else
            {
                InsertNode(nodeIndex, QuickListNode.Create(value, roomAtHead: false, _nodeByteLimit));
            }
            return;
        }
        QuickListNode tail = node.SplitAt(offset, local);
        InsertNode(nodeIndex + 1, tail);
        if (AllowInsert(node, value.Length))
        {
            node.PushTail(value);
        }
        else if (AllowInsert(tail, value.Length))
        {
            tail.PushHead(value);
        }
        else
        {
            InsertNode(nodeIndex + 1, QuickListNode.Create(value, roomAtHead: false, _nodeByteLimit));
        }
    }

    /// <summary>Deletes <paramref name="count"/> elements starting at index <paramref name="start"/> (LTRIM, pop with count).</summary>
    public void RemoveRange(long start, long count)
    {
        if (count <= 0)
        {
            return;
        }
        Locate(start, out int nodeIndex, out int offset, out int local);
        long remaining = count;
        while (remaining > 0)
        {
            QuickListNode node = NodeAt(nodeIndex);
            if (local == 0 && node.Count <= remaining)
            {
                remaining -= node.Count;
                RemoveNode(nodeIndex);
            }
            else
            {
                int take = (int)Math.Min(node.Count - local, remaining);
                node.DeleteEntries(offset, take);
                remaining -= take;
                nodeIndex++;
            }
            local = 0;
            if (nodeIndex < _nodeCount)
            {
                offset = NodeAt(nodeIndex).Start;
            }
        }
        _count -= count;
    }

    /// <summary>
    /// LREM: removes elements equal to <paramref name="value"/>: all of them when <paramref name="count"/> is 0,
    /// the first |count| from the head when positive, from the tail when negative. Returns how many.
    /// </summary>
    public long RemoveMatches(ReadOnlySpan<byte> value, long count)
    {
        bool fromTail = count < 0;
        // |long.MinValue| does not fit; no list is that long, so it means "all", as in Redis.
        long limit = count == long.MinValue ? 0 : Math.Abs(count);
        long removed = 0;
        int n = fromTail ? _nodeCount - 1 : 0;
        while (n >= 0 && n < _nodeCount && (limit == 0 || removed < limit))
        {
            QuickListNode node = NodeAt(n);
            removed += node.RemoveMatches(value, limit == 0 ? 0 : limit - removed, fromTail);
            if (node.Count == 0)
            {
                RemoveNode(n);
                if (!fromTail)
                {
                    continue;
                }
            }
            n += fromTail ? -1 : 1;
        }
        _count -= removed;
        return removed;
    }

    /// <summary>
    /// Enumerates from index <paramref name="start"/> toward the tail, or toward the head when
    /// <paramref name="reverse"/>. The list must not be modified while enumerating.
    /// </summary>
    public Enumerator Enumerate(long start, bool reverse = false)
    {
        if (start < 0 || start >= _count)
        {
            return new Enumerator(this, reverse ? -1 : _nodeCount, 0, reverse);
        }
        Locate(start, out int node, out int offset, out _);
        if (reverse)
        {
            offset = NodeAt(node).NextOffset(offset);
        }
        return new Enumerator(this, node, offset, reverse);
    }

    /// <summary>Head-to-tail enumeration, so <c>foreach</c> works.</summary>
    public Enumerator GetEnumerator() => Enumerate(0);

    /// <summary>Head to tail, as SORT loads a list.</summary>
    public void CollectElements(List<byte[]> destination)
    {
        foreach (ReadOnlySpan<byte> element in this)
        {
            destination.Add(element.ToArray());
        }
    }

    public IKvCollection Clone()
    {
        var copy = new ListValue(_fill);
        int capacity = 1;
        while (capacity < _nodeCount)
        {
            capacity <<= 1;
        }
        copy._nodes = new QuickListNode[capacity];
        for (int i = 0; i < _nodeCount; i++)
        {
            copy._nodes[i] = NodeAt(i).Clone();
        }
        copy._nodeCount = _nodeCount;
        copy._count = _count;
        return copy;
    }

    /// <summary>_quicklistNodeAllowInsert: whether an element of <paramref name="length"/> bytes fits in the node.</summary>
    private bool AllowInsert(QuickListNode node, int length) => NodeAllowsInsert(_fill, node.ListpackBytes, node.Count, length);

    /// <summary>
    /// _quicklistNodeAllowInsert: whether an element of <paramref name="elementLength"/> bytes may join a node of
    /// <paramref name="nodeBytes"/> bytes (lpBytes) and <paramref name="nodeCount"/> entries under
    /// list-max-listpack-size <paramref name="fill"/>. Redis adds an estimate for the entry's header rather than
    /// its exact size; the RDB writer cuts nodes with the same rule.
    /// </summary>
    internal static bool NodeAllowsInsert(int fill, int nodeBytes, int nodeCount, int elementLength)
    {
        long newSize = (long)nodeBytes + elementLength + EntryOverheadEstimate;
        return newSize <= NodeByteLimitFor(fill) && (fill < 0 || nodeCount < fill);
    }

    /// <summary>
    /// optimization_level / SIZE_SAFETY_LIMIT: a node's byte limit under list-max-listpack-size
    /// <paramref name="fill"/> (4 to 64 KB for -1 to -5 and below, 8 KB for a count fill).
    /// </summary>
    private static int NodeByteLimitFor(int fill) => fill < 0 ? 4096 << (Math.Min(-fill, 5) - 1) : SizeSafetyLimit;

    /// <summary>Finds element <paramref name="index"/>: its node, entry offset and index within the node.</summary>
    private void Locate(long index, out int nodeIndex, out int offset, out int local)
    {
        if (index < _count / 2)
        {
            int n = 0;
            long remaining = index;
            while (remaining >= NodeAt(n).Count)
            {
                remaining -= NodeAt(n).Count;
                n++;
            }
            nodeIndex = n;
            local = (int)remaining;
        }
        else
        {
            int n = _nodeCount - 1;
            long fromEnd = _count - 1 - index;
            while (fromEnd >= NodeAt(n).Count)
            {
                fromEnd -= NodeAt(n).Count;
                n--;
            }
            nodeIndex = n;
            local = NodeAt(n).Count - 1 - (int)fromEnd;
        }
        offset = NodeAt(nodeIndex).OffsetOf(local);
    }

    private QuickListNode NodeAt(int index) => _nodes[(_head + index) & (_nodes.Length - 1)];

    /// <summary>Inserts a node at logical position <paramref name="index"/>, moving the shorter side of the ring.</summary>
    private void InsertNode(int index, QuickListNode node)
    {
        if (_nodeCount == _nodes.Length)
        {
            GrowRing();
        }
        int mask = _nodes.Length - 1;
        if (index < _nodeCount - index)
        {
            _head = (_head - 1) & mask;
            for (int i = 0; i < index; i++)
            {
                _nodes[(_head + i) & mask] = _nodes[(_head + i + 1) & mask];
            }
        }
        else
        {
            for (int i = _nodeCount; i > index; i--)
            {
                _nodes[(_head + i) & mask] = _nodes[(_head + i - 1) & mask];
            }
        }
        _nodes[(_head + index) & mask] = node;
        _nodeCount++;
    }

    /// <summary>Removes the node at logical position <paramref name="index"/>, moving the shorter side of the ring.</summary>
    private void RemoveNode(int index)
    {
        int mask = _nodes.Length - 1;
        if (index < _nodeCount - 1 - index)
        {
            for (int i = index; i > 0; i--)
            {
                _nodes[(_head + i) & mask] = _nodes[(_head + i - 1) & mask];
            }
            _nodes[_head] = null!;
            _head = (_head + 1) & mask;
        }
        else
        {
            for (int i = index; i < _nodeCount - 1; i++)
            {
                _nodes[(_head + i) & mask] = _nodes[(_head + i + 1) & mask];
            }
            _nodes[(_head + _nodeCount - 1) & mask] = null!;
        }
        _nodeCount--;
    }

    private void GrowRing()
    {
        var next = new QuickListNode[_nodes.Length * 2];
        for (int i = 0; i < _nodeCount; i++)
        {
            next[i] = NodeAt(i);
        }
        _nodes = next;
        _head = 0;
    }

    /// <summary>
    /// Walks a list forward or backward without allocating; <see cref="Current"/> is valid until the next
    /// <see cref="MoveNext"/> and the list must not change meanwhile.
    /// </summary>
    public struct Enumerator
    {
        private readonly ListValue _list;
        private readonly bool _reverse;
        private int _node;

        /// <summary>Forward: start of the next entry. Reverse: end of the next entry.</summary>
        private int _offset;
        private QuickListNode? _current;
        private int _dataOffset;
        private int _length;

        internal Enumerator(ListValue list, int node, int offset, bool reverse)
        {
            _list = list;
            _node = node;
            _offset = offset;
            _reverse = reverse;
            _current = null;
            _dataOffset = 0;
            _length = 0;
        }

        public readonly ReadOnlySpan<byte> Current => _current!.Data(_dataOffset, _length);

        public bool MoveNext()
        {
            if (_reverse)
            {
                while (_node >= 0)
                {
                    QuickListNode node = _list.NodeAt(_node);
                    if (_offset > node.Start)
                    {
                        _offset = node.ReadBackward(_offset, out _dataOffset, out _length);
                        _current = node;
                        return true;
                    }
                    if (--_node >= 0)
                    {
                        _offset = _list.NodeAt(_node).End;
                    }
                }
                return false;
            }
            while (_node < _list._nodeCount)
            {
                QuickListNode node = _list.NodeAt(_node);
                if (_offset < node.End)
                {
                    _offset = node.ReadForward(_offset, out _dataOffset, out _length);
                    _current = node;
                    return true;
                }
                if (++_node < _list._nodeCount)
                {
                    _offset = _list.NodeAt(_node).Start;
                }
            }
            return false;
        }
    }
}
