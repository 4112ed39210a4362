namespace KvServer.Engine.Protocol;

/// <summary>
/// The arguments of one command as byte spans over the receive buffer (argument 0 is the command name).
/// A ref struct: it lives only while the command executes, so nothing can keep a pointer into a buffer
/// that the connection will reuse. Handlers that keep an argument (a key, a value) copy it.
/// </summary>
public readonly ref struct CommandArgs
{
    private readonly ReadOnlySpan<byte> _input;
    private readonly ReadOnlySpan<byte> _scratch;
    private readonly ReadOnlySpan<int> _ranges;

    public CommandArgs(ReadOnlySpan<byte> input, ReadOnlySpan<byte> scratch, ReadOnlySpan<int> ranges)
    {
        _input = input;
        _scratch = scratch;
        _ranges = ranges;
    }

    public int Count => _ranges.Length / 2;

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            int offset = _ranges[index * 2];
            int length = _ranges[index * 2 + 1];
            return offset >= 0 ? _input.Slice(offset, length) : _scratch.Slice(~offset, length);
        }
    }

    /// <summary>Arguments from <paramref name="start"/> on, as a new view (sub-commands, MULTI queueing).</summary>
    public CommandArgs Slice(int start) => new(_input, _scratch, _ranges[(start * 2)..]);

    /// <summary>A copy of argument <paramref name="index"/>, for values that outlive the command.</summary>
    public byte[] ToArray(int index) => this[index].ToArray();

    /// <summary>Argument text, for configuration, logging and scripting only: never on the hot path.</summary>
    public string GetString(int index) => System.Text.Encoding.UTF8.GetString(this[index]);
}
