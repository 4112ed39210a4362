using System.Text;
using BenchmarkDotNet.Attributes;
using KvServer.Engine.DataTypes;

namespace KvServer.Benchmarks.DataTypes;

/// <summary>
/// Per-operation cost of the big-collection encodings at 1k, 100k and 1M elements: it must stay flat
/// (O(log n) for the skiplist, O(1) at the ends of a quicklist), as in Redis.
/// Run: dotnet run -c Release --project benchmarks/KvServer.Benchmarks -- --filter '*CollectionScale*'
/// </summary>
[MemoryDiagnoser]
public class CollectionScaleBenchmarks
{
    private SortedSetValue _zset = null!;
    private ListValue _list = null!;
    private byte[][] _members = [];
    private int _next;

    [Params(1_000, 100_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _zset = SortedSetValue.CreateSkiplist();
        _list = new ListValue();
        _members = new byte[Size][];
        var random = new Random(42);
        for (int i = 0; i < Size; i++)
        {
            _members[i] = Encoding.ASCII.GetBytes("member:" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
            _zset.Add(_members[i], random.NextDouble() * Size, ZaddFlags.None, 0, 0, out _);
            _list.PushTail(_members[i]);
        }
    }

    private byte[] NextMember()
    {
        _next = (_next + 7919) % Size;
        return _members[_next];
    }

    /// <summary>ZADD updating an existing member's score (remove + reinsert in the skiplist).</summary>
    [Benchmark]
    public int ZaddUpdate()
    {
        byte[] member = NextMember();
        _zset.Add(member, _next * 0.5, ZaddFlags.None, 0, 0, out _);
        return member.Length;
    }

    [Benchmark]
    public long Zrank() => _zset.Rank(NextMember(), reverse: false);

    [Benchmark]
    public bool Zscore() => _zset.TryGetScore(NextMember(), out _);

    /// <summary>ZRANGE by rank: seek to a rank in the middle, then walk 10 elements.</summary>
    [Benchmark]
    public int ZrangeMiddle10()
    {
        int total = 0;
        var position = _zset.AtRank(Size / 2);
        for (int i = 0; i < 10 && position.IsValid; i++)
        {
            total += _zset.MemberAt(position).Length;
            position = _zset.Next(position);
        }
        return total;
    }

    /// <summary>LPUSH + RPOP: the list stays the same size.</summary>
    [Benchmark]
    public int ListPushPop()
    {
        _list.PushHead(NextMember());
        return _list.Pop(head: false).Length;
    }

}
