using System.Numerics;

namespace KvServer.Engine.DataTypes;

/// <summary>
/// Redis's intset: the members of a set of integers as one sorted array of the narrowest width that holds
/// them all (16, 32 or 64 bits), searched by bisection. Ten small integers cost one 44-byte array instead
/// of ten strings and table slots. Adding a member that does not fit widens every member (intsetUpgradeAndAdd);
/// removing never narrows, as in Redis.
/// </summary>
/// <remarks>
/// The array is a <c>short[]</c>, <c>int[]</c> or <c>long[]</c> of exactly <see cref="Count"/> elements: its
/// type is the width and its length the count, so no header is stored. Each insert or delete reallocates, as
/// intsetResize does; the set is small by construction (set-max-intset-entries).
/// A mutable struct: keep it in a field and call its methods on the field, never on a copy.
/// </remarks>
public struct IntSet
{
    private Array? _values;

    /// <summary>
    /// Wraps storage taken from <see cref="Storage"/>, so an owner can keep the bare array in a field it shares
    /// with another encoding (a set value holds either this array or a hash table in one reference).
    /// </summary>
    internal IntSet(Array? storage) => _values = storage;

    /// <summary>The backing <c>short[]</c>, <c>int[]</c> or <c>long[]</c> (null while empty and never written).</summary>
    internal readonly Array? Storage => _values;

    public readonly int Count => _values?.Length ?? 0;

    /// <summary>Bytes per member: 2, 4 or 8 (INTSET_ENC_INT16/32/64).</summary>
    public readonly int Width => _values switch
    {
        int[] => 4,
        long[] => 8,
        _ => 2,
    };

    /// <summary>The member at sorted position <paramref name="index"/>.</summary>
    public readonly long Get(int index) => _values switch
    {
        short[] values => values[index],
        int[] values => values[index],
        _ => ((long[])_values!)[index],
    };

    public readonly bool Contains(long value) => IndexOf(value) >= 0;

    /// <summary>Sorted position of <paramref name="value"/>, or -1.</summary>
    public readonly int IndexOf(long value)
    {
        switch (_values)
        {
            case null:
                return -1;
            case short[] values:
                return value is >= short.MinValue and <= short.MaxValue ? Math.Max(-1, Array.BinarySearch(values, (short)value)) : -1;
            case int[] values:
                return value is >= int.MinValue and <= int.MaxValue ? Math.Max(-1, Array.BinarySearch(values, (int)value)) : -1;
            default:
                return Math.Max(-1, Array.BinarySearch((long[])_values, value));
        }
    }

    /// <summary>Adds <paramref name="value"/>; false if it was already a member.</summary>
    public bool Add(long value)
    {
        switch (_values)
        {
            case null:
                _values = WidthFor(value) switch
                {
                    2 => new short[] { (short)value },
                    4 => new int[] { (int)value },
                    _ => new long[] { value },
                };
                return true;
            case short[] values when value is >= short.MinValue and <= short.MaxValue:
                return TryInsert(values, (short)value);
            case int[] values when value is >= int.MinValue and <= int.MaxValue:
                return TryInsert(values, (int)value);
            case long[] values:
                return TryInsert(values, value);
            default:
                Upgrade(value);
                return true;
        }
    }

    private static int WidthFor(long value) => value switch
    {
        >= short.MinValue and <= short.MaxValue => 2,
        >= int.MinValue and <= int.MaxValue => 4,
        _ => 8,
    };

    private bool TryInsert<T>(T[] values, T value)
        where T : struct, IBinaryInteger<T>
    {
        int index = Array.BinarySearch(values, value);
        if (index >= 0)
        {
            return false;
        }
        index = ~index;
        var next = new T[values.Length + 1];
        Array.Copy(values, next, index);
        next[index] = value;
        Array.Copy(values, index, next, index + 1, values.Length - index);
        _values = next;
        return true;
    }

    /// <summary>
    /// intsetUpgradeAndAdd: a value wider than the current width is smaller or larger than every member, so it
    /// goes first or last in the widened array.
    /// </summary>
    private void Upgrade(long value)
    {
        int count = Count;
        int at = value < 0 ? 1 : 0;
        if (WidthFor(value) == 4)
        {
            var next = new int[count + 1];
            for (int i = 0; i < count; i++)
            {
                next[i + at] = (int)Get(i);
            }
            next[value < 0 ? 0 : count] = (int)value;
            _values = next;
        }
        else
        {
            var next = new long[count + 1];
            for (int i = 0; i < count; i++)
            {
                next[i + at] = Get(i);
            }
            next[value < 0 ? 0 : count] = value;
            _values = next;
        }
    }

    /// <summary>Removes <paramref name="value"/>; false if it was not a member.</summary>
    public bool Remove(long value)
    {
        int index = IndexOf(value);
        if (index < 0)
        {
            return false;
        }
        RemoveAt(index);
        return true;
    }

    /// <summary>Removes the member at sorted position <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        switch (_values)
        {
            case short[] values:
                _values = Without(values, index);
                break;
            case int[] values:
                _values = Without(values, index);
                break;
            default:
                _values = Without((long[])_values!, index);
                break;
        }
    }

    /// <summary>Removes every member whose sorted position is marked, reallocating once.</summary>
    public void RemoveMarked(ReadOnlySpan<bool> marked)
    {
        switch (_values)
        {
            case short[] values:
                _values = Keep(values, marked);
                break;
            case int[] values:
                _values = Keep(values, marked);
                break;
            case long[] values:
                _values = Keep(values, marked);
                break;
        }
    }

    private static T[] Keep<T>(T[] values, ReadOnlySpan<bool> marked)
    {
        int kept = 0;
        for (int i = 0; i < values.Length; i++)
        {
            kept += marked[i] ? 0 : 1;
        }
        var next = new T[kept];
        int at = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!marked[i])
            {
                next[at++] = values[i];
            }
        }
        return next;
    }

    private static T[] Without<T>(T[] values, int index)
    {
        var next = new T[values.Length - 1];
        Array.Copy(values, next, index);
        Array.Copy(values, index + 1, next, index, values.Length - index - 1);
        return next;
    }

    /// <summary>An independent copy.</summary>
    public readonly IntSet Clone() => new((Array?)_values?.Clone());
}
