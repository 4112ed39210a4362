using KvServer.Engine.Persistence.Aof;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>
/// Redis's propagation (server.also_propagate + propagatePendingCommands): after a command that changed
/// the dataset, its effect form goes to the append-only file. The dispatcher records the command itself
/// (its arguments, or the rewrite a handler asked for with <see cref="CommandContext.PropagateAs"/>);
/// handlers add extra operations with <see cref="CommandContext.AlsoPropagate"/>. Operations collected during
/// one execution unit (a command, a whole EXEC, a whole script) are written together when the unit ends,
/// wrapped in MULTI/EXEC when there is more than one, so a reload applies them atomically.
/// </summary>
/// <remarks>
/// Operations are encoded at once into one reused buffer (no allocation per command). A builder stays
/// "open" until the next one starts or the call ends, so handlers can append a variable number of
/// arguments. Executor-only.
/// </remarks>
public sealed class Propagation
{
    private readonly RespCommandBuffer _pending = new();
    private PendingOp[] _ops = new PendingOp[8];
    private int _opCount;
    private int _nesting;

    // The operation being built: where it starts, whether it replaces the call's own propagation, its db.
    private int _openStart = -1;
    private bool _openIsRewrite;
    private int _openDb;

    // The current call's rewrite (PropagateAs), as a closed range of _pending, or -1.
    private int _rewriteStart = -1;
    private int _rewriteLength;
    private bool _prevent;
    private bool _force;

    /// <summary>Where propagated operations go; null while the append-only file is off (nothing is recorded).</summary>
    public AppendOnlyFile? Target { get; internal set; }

    /// <summary>Whether anything is recorded at all: one test on the hot path when AOF is off.</summary>
    public bool Enabled => Target is not null;

    private readonly struct PendingOp(int db, int start, int length)
    {
        public int Db { get; } = db;

        public int Start { get; } = start;

        public int Length { get; } = length;
    }

    /// <summary>The per-call state a nested call (EXEC's commands, redis.call) saves and restores.</summary>
    internal readonly struct CallState(int rewriteStart, int rewriteLength, bool prevent, bool force)
    {
        public bool Force { get; } = force;

        public int RewriteStart { get; } = rewriteStart;

        public int RewriteLength { get; } = rewriteLength;

        public bool Prevent { get; } = prevent;
    }

    /// <summary>EXEC, EVAL and FCALL: only the commands they run are propagated, never they themselves.</summary>
    internal static bool PropagatesEffectsOnly(CommandSpec spec) =>
        spec.Name is "exec" or "eval" or "evalsha" or "eval_ro" or "evalsha_ro" or "fcall" or "fcall_ro";

    internal CallState BeginCall()
    {
        CloseOpen();
        var saved = new CallState(_rewriteStart, _rewriteLength, _prevent, _force);
        _rewriteStart = -1;
        _prevent = false;
        _force = false;
        _nesting++;
        return saved;
    }

    /// <summary>
    /// End of call(): a call that made the dataset dirty propagates its arguments (or its rewrite) unless it
    /// prevented it; the outermost call then writes the unit out.
    /// </summary>
    internal void EndCall(CommandArgs args, int db, bool dirty, CallState saved)
    {
        CloseOpen();
        if ((dirty || _force) && !_prevent)
        {
            if (_rewriteStart >= 0)
            {
                AddOp(db, _rewriteStart, _rewriteLength);
            }
            else
            {
                int start = _pending.Length;
                _pending.AppendArrayHeader(args.Count);
                for (int i = 0; i < args.Count; i++)
                {
                    _pending.AppendBulk(args[i]);
                }
                AddOp(db, start, _pending.Length - start);
            }
        }
        _rewriteStart = saved.RewriteStart;
        _rewriteLength = saved.RewriteLength;
        _prevent = saved.Prevent;
        _force = saved.Force;
        _nesting--;
        if (_nesting == 0)
        {
            FlushUnit();
        }
    }

    /// <summary>The current call propagates as the command built on the returned builder instead of itself.</summary>
    internal PropagatedCommand BeginRewrite(int db, int argumentCount) => Begin(db, argumentCount, rewrite: true);

    /// <summary>An extra operation, propagated before the current call's own one (Redis's alsoPropagate).</summary>
    internal PropagatedCommand BeginExtra(int db, int argumentCount) => Begin(db, argumentCount, rewrite: false);

    internal void PreventCurrent() => _prevent = true;

    internal void ForceCurrent() => _force = true;

    private PropagatedCommand Begin(int db, int argumentCount, bool rewrite)
    {
        CloseOpen();
        _openStart = _pending.Length;
        _openIsRewrite = rewrite;
        _openDb = db;
        _pending.AppendArrayHeader(argumentCount);
        return new PropagatedCommand(_pending);
    }

    private void CloseOpen()
    {
        if (_openStart < 0)
        {
            return;
        }
        int length = _pending.Length - _openStart;
        if (_openIsRewrite)
        {
            _rewriteStart = _openStart;
            _rewriteLength = length;
        }
        else
        {
            AddOp(_openDb, _openStart, length);
        }
        _openStart = -1;
    }

    private void AddOp(int db, int start, int length)
    {
        if (_opCount == _ops.Length)
        {
            Array.Resize(ref _ops, _ops.Length * 2);
        }
        _ops[_opCount++] = new PendingOp(db, start, length);
    }

    /// <summary>
    /// propagatePendingCommands: outside any call, writes the collected operations to the target, in
    /// MULTI/EXEC when there are several (the MULTI carries the first operation's db, the EXEC the last's, so
    /// no SELECT lands between them needlessly). Called after each unit; cheap when nothing is pending.
    /// </summary>
    public void FlushUnit()
    {
        CloseOpen();
        if (_nesting > 0 || _opCount == 0)
        {
            return;
        }
        AppendOnlyFile? target = Target;
        if (target is not null)
        {
            bool wrap = _opCount > 1;
            if (wrap)
            {
                target.Feed(_ops[0].Db, "*1\r\n$5\r\nMULTI\r\n"u8);
            }
            for (int i = 0; i < _opCount; i++)
            {
                PendingOp op = _ops[i];
                target.Feed(op.Db, _pending.Slice(op.Start, op.Length));
            }
            if (wrap)
            {
                target.Feed(_ops[_opCount - 1].Db, "*1\r\n$4\r\nEXEC\r\n"u8);
            }
        }
        _opCount = 0;
        _rewriteStart = -1;
        _prevent = false;
        _force = false;
        _pending.Clear();
    }

    /// <summary>
    /// propagateNow for a key deleted by expiry: written at once, outside the unit being collected (so an
    /// expired key read inside MULTI is deleted before the transaction in the file, as in Redis 7.0).
    /// </summary>
    public void PropagateDeletion(int db, ReadOnlySpan<byte> key, bool lazy)
    {
        AppendOnlyFile? target = Target;
        if (target is null)
        {
            return;
        }
        target.FeedCommand(db, lazy ? "UNLINK"u8 : "DEL"u8, key);
    }
}

/// <summary>
/// Appends the arguments of a propagated command being built (<see cref="CommandContext.PropagateAs"/>):
/// exactly as many as announced. A default instance (propagation off) ignores everything.
/// </summary>
public readonly struct PropagatedCommand
{
    private readonly RespCommandBuffer? _buffer;

    internal PropagatedCommand(RespCommandBuffer buffer)
    {
        _buffer = buffer;
    }

    public PropagatedCommand Arg(ReadOnlySpan<byte> value)
    {
        _buffer?.AppendBulk(value);
        return this;
    }

    public PropagatedCommand Arg(long value)
    {
        _buffer?.AppendBulk(value);
        return this;
    }
}
