namespace KvServer.Engine.Protocol;

/// <summary>
/// The commands parsed from one read of a connection, ready to be executed together. Arguments are not
/// copied: each is an (offset, length) range into the receive buffer the batch was parsed from. Inline
/// commands, whose arguments may be unescaped, are copied into <see cref="Scratch"/>; their offsets are
/// stored as the bitwise complement so the two sources share one range array.
/// </summary>
public sealed class RequestBatch
{
    private int[] _ranges = new int[64];
    private int[] _commandStarts = new int[16];
    private int[] _commandCounts = new int[16];
    private byte[] _scratch = [];
    private int _scratchLength;
    private int _rangeCount;

    /// <summary>Number of complete commands in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Index of the next command to execute: a blocked client resumes the batch from here.</summary>
    public int Position { get; set; }

    /// <summary>True while commands remain to be executed.</summary>
    public bool HasPending => Position < Count;

    internal ReadOnlySpan<int> Ranges => _ranges.AsSpan(0, _rangeCount * 2);

    internal ReadOnlySpan<byte> Scratch => _scratch.AsSpan(0, _scratchLength);

    public void Clear()
    {
        Count = 0;
        Position = 0;
        _rangeCount = 0;
        _scratchLength = 0;
    }

    /// <summary>Starts a command; its arguments follow through <see cref="AddArgument"/>.</summary>
    internal int BeginCommand() => _rangeCount;

    internal void AddArgument(int offset, int length)
    {
        if ((_rangeCount + 1) * 2 > _ranges.Length)
        {
            Array.Resize(ref _ranges, _ranges.Length * 2);
        }
        _ranges[_rangeCount * 2] = offset;
        _ranges[_rangeCount * 2 + 1] = length;
        _rangeCount++;
    }

    internal void AddScratchArgument(ReadOnlySpan<byte> value)
    {
        if (_scratchLength + value.Length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + value.Length + 256));
        }
        value.CopyTo(_scratch.AsSpan(_scratchLength));
        AddArgument(~_scratchLength, value.Length);
        _scratchLength += value.Length;
    }

    /// <summary>Reserves scratch space for an argument that is unescaped in place.</summary>
    internal Span<byte> RentScratch(int maxLength)
    {
        if (_scratchLength + maxLength > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + maxLength + 256));
        }
        return _scratch.AsSpan(_scratchLength, maxLength);
    }

    internal void CommitScratchArgument(int length)
    {
        AddArgument(~_scratchLength, length);
        _scratchLength += length;
    }

    /// <summary>Drops a command whose parsing did not complete.</summary>
    internal void AbandonCommand(int start, int scratchStart)
    {
        _rangeCount = start;
        _scratchLength = scratchStart;
    }

    internal int ScratchLength => _scratchLength;

    internal void EndCommand(int start)
    {
        if (Count == _commandStarts.Length)
        {
            Array.Resize(ref _commandStarts, Count * 2);
            Array.Resize(ref _commandCounts, Count * 2);
        }
        _commandStarts[Count] = start;
        _commandCounts[Count] = _rangeCount - start;
        Count++;
    }

    /// <summary>The arguments of command <paramref name="index"/>, over the buffer the batch was parsed from.</summary>
    public CommandArgs GetCommand(int index, ReadOnlySpan<byte> input)
    {
        int start = _commandStarts[index];
        int count = _commandCounts[index];
        return new CommandArgs(input, _scratch.AsSpan(0, _scratchLength), _ranges.AsSpan(start * 2, count * 2));
    }
}
