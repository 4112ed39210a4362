using System.Buffers;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>What reading one command from an AOF found.</summary>
public enum AofReadResult
{
    Command,
    End,
    Truncated,
    FormatError,
}

/// <summary>
/// Reads the commands of an AOF file one by one, as loadSingleAppendOnlyFile does: <c>*argc</c>, then argc
/// <c>$len</c> bulks; <c>#</c> lines are annotations and skipped. The end of the file between two commands
/// is the normal end; inside a command it is a truncation; anything else is a format error. The current
/// command's arguments are spans over an internal buffer, valid until the next read.
/// </summary>
public sealed class AofCommandReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);

    // Buffered bytes are [_start, _end); _start is where the next command begins.
    private int _start;
    private int _end;
    private int _next;
    private long _bufferFileOffset;
    private bool _eof;
    private int[] _ranges = new int[16];
    private int _rangeCount;

    public AofCommandReader(Stream stream)
    {
        _stream = stream;
        _bufferFileOffset = stream.Position;
    }

    /// <summary>The file offset just after the last command read.</summary>
    public long Position => _bufferFileOffset + _next;

    public CommandArgs CurrentArgs => new(_buffer.AsSpan(0, _end), default, _ranges.AsSpan(0, _rangeCount));

    public AofReadResult ReadCommand()
    {
        _start = _next;
        while (true)
        {
            _rangeCount = 0;
            int cursor = _start;
            if (!TryReadLine(ref cursor, out int line, out int lineLength))
            {
                // Nothing left: the normal end; a partial line: a truncated command.
                return _start == _end ? AofReadResult.End : AofReadResult.Truncated;
            }
            if (_buffer[line] == (byte)'#')
            {
                _start = cursor;
                continue;
            }
            if (_buffer[line] != (byte)'*' ||
                !Utf8Number.TryParseInt64(_buffer.AsSpan(line + 1, lineLength - 1), out long argc) || argc < 1)
            {
                return AofReadResult.FormatError;
            }
            for (long i = 0; i < argc; i++)
            {
                if (!TryReadLine(ref cursor, out line, out lineLength))
                {
                    return AofReadResult.Truncated;
                }
                if (_buffer[line] != (byte)'$' ||
                    !Utf8Number.TryParseInt64(_buffer.AsSpan(line + 1, lineLength - 1), out long length) || length < 0 || length > int.MaxValue / 2)
                {
                    return AofReadResult.FormatError;
                }
                while (_end - cursor < length + 2)
                {
                    if (!Fill(ref cursor))
                    {
                        return AofReadResult.Truncated;
                    }
                }
                if (_rangeCount + 2 > _ranges.Length)
                {
                    Array.Resize(ref _ranges, _ranges.Length * 2);
                }
                _ranges[_rangeCount++] = cursor;
                _ranges[_rangeCount++] = (int)length;
                cursor += (int)length + 2;
            }
            _next = cursor;
            return AofReadResult.Command;
        }
    }

    // One line up to "\n" (as fgets); the returned length excludes "\r\n". An empty line has length 0 and
    // its first byte is the terminator, which matches no command or bulk prefix.
    private bool TryReadLine(ref int cursor, out int line, out int length)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(cursor, _end - cursor).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = cursor;
                length = newline > 0 && _buffer[cursor + newline - 1] == (byte)'\r' ? newline - 1 : newline;
                cursor += newline + 1;
                return true;
            }
            if (!Fill(ref cursor))
            {
                line = cursor;
                length = 0;
                return false;
            }
        }
    }

    // Reads more of the file, first moving the current command to the buffer's start; cursor and the
    // argument ranges already recorded follow the move.
    private bool Fill(ref int cursor)
    {
        if (_eof)
        {
            return false;
        }
        if (_start > 0)
        {
            int shift = _start;
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= shift;
            cursor -= shift;
            for (int i = 0; i < _rangeCount; i += 2)
            {
                _ranges[i] -= shift;
            }
            _bufferFileOffset += shift;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }
        _end += read;
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
