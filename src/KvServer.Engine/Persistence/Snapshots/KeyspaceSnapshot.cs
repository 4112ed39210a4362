using System.Buffers;
using System.Diagnostics;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// A point-in-time copy of every database, written while the executor keeps serving commands: .NET cannot
/// fork, so instead of the kernel's copy-on-write of pages this is a copy-on-write of keys.
/// </summary>
/// <remarks>
/// <para><see cref="Start"/> (on the executor) records, for each non-empty database, its two tables and
/// their sizes, and installs a write barrier on the key table (<see cref="KeyTable{TValue}.BeginSnapshot"/>):
/// from then on each entry is either "unsaved" or "saved" (one bit), entries inserted later are born saved,
/// and the table stops compacting, so an entry keeps its index for the whole snapshot.</para>
/// <para><see cref="RunSlice"/> (on the executor, a slice at a time, with commands in between) walks the
/// tables by entry index and writes every unsaved entry, marking it saved. Every change to an existing key
/// goes through <see cref="Database"/>, which calls the table's barrier first: an unsaved entry is written
/// right then, as it still is, and marked saved. So every key present at the start is written exactly once,
/// with the value and TTL it had at the start, and nothing created later is written.</para>
/// <para>A change to a database the walk has not reached is written to that database's side buffer, emitted
/// when its section opens; a change to the database being walked goes straight into the stream. The extra
/// memory is therefore the encoded size of the keys changed ahead of the walk plus the chunks queued for the
/// file writer, which is what INFO reports as current_cow_size.</para>
/// <para>The tables are held by the snapshot, not the <see cref="Database"/> objects: SWAPDB moves tables
/// between databases and the snapshot still writes each under the number it had at the start, and FLUSHDB
/// during a snapshot hands the old tables over to it (<see cref="Database.Clear"/>).</para>
/// </remarks>
public sealed class KeyspaceSnapshot
{
    /// <summary>How often (in keys) a slice reads the clock to see whether its time is up.</summary>
    private const int ClockCheckInterval = 16;

    private readonly ISnapshotFormat _format;
    private readonly ISnapshotOutput _output;
    private readonly ChunkedOutput _stream;
    private readonly TableSnapshot[] _tables;
    private readonly Database _clockConverter;
    private readonly IClock _clock;
    private readonly bool _saveIdle;
    private readonly bool _saveFrequency;
    private int _current;
    private int _position;
    private long _sideBytes;

    private KeyspaceSnapshot(ServerState server, ISnapshotFormat format, ISnapshotOutput output)
    {
        _format = format;
        _output = output;
        _stream = new ChunkedOutput(output);
        _clock = server.Clock;
        _clockConverter = server.Databases[0];
        string policy = server.Options.MaxMemoryPolicy;
        _saveIdle = policy.EndsWith("-lru", StringComparison.Ordinal);
        _saveFrequency = policy.EndsWith("-lfu", StringComparison.Ordinal);
        var tables = new List<TableSnapshot>();
        foreach (Database db in server.Databases)
        {
            if (db.Count > 0)
            {
                tables.Add(new TableSnapshot(this, db.Index, db.Keys, db.Expires));
            }
        }
        _tables = tables.ToArray();
        foreach (TableSnapshot table in _tables)
        {
            KeysTotal += table.KeyCount;
        }
    }

    /// <summary>Keys in the databases when the snapshot started (INFO current_save_keys_total).</summary>
    public long KeysTotal { get; }

    /// <summary>Keys written so far, by the walk or by the barrier (INFO current_save_keys_processed).</summary>
    public long KeysProcessed { get; private set; }

    /// <summary>Bytes of the stream produced so far.</summary>
    public long BytesWritten => _stream.TotalBytes;

    /// <summary>
    /// Memory the snapshot holds beyond the data set: side buffers of changed keys plus chunks waiting for
    /// the writer. This plays the part of fork's copy-on-write size.
    /// </summary>
    public long ExtraBytes => _sideBytes + _output.PendingBytes;

    /// <summary>The highest <see cref="ExtraBytes"/> seen (sampled at every slice and every capture).</summary>
    public long PeakExtraBytes { get; private set; }

    public bool IsFinished { get; private set; }

    public bool IsAborted { get; private set; }

    /// <summary>
    /// Starts a snapshot of every database of <paramref name="server"/> (on the executor): writes the format's
    /// start and arms the barriers. Nothing else is copied now.
    /// </summary>
    public static KeyspaceSnapshot Start(ServerState server, ISnapshotFormat format, ISnapshotOutput output)
    {
        var snapshot = new KeyspaceSnapshot(server, format, output);
        format.WriteStart(snapshot._stream);
        foreach (TableSnapshot table in snapshot._tables)
        {
            table.Keys.BeginSnapshot(table);
        }
        return snapshot;
    }

    /// <summary>
    /// Writes the whole keyspace in one go, holding the executor (SAVE): nothing changes meanwhile, so no
    /// barrier is armed and no entry is marked, and it may run while a background snapshot is under way.
    /// </summary>
    public static void WriteAll(ServerState server, ISnapshotFormat format, ISnapshotOutput output)
    {
        var snapshot = new KeyspaceSnapshot(server, format, output);
        ChunkedOutput stream = snapshot._stream;
        format.WriteStart(stream);
        foreach (TableSnapshot table in snapshot._tables)
        {
            format.WriteDatabaseStart(stream, table.DbIndex, table.KeyCount, table.ExpiresCount);
            foreach (int index in table.Keys)
            {
                snapshot.WriteEntry(stream, table, index);
                stream.FlushIfFull();
                if (!WaitForRoom(output))
                {
                    stream.Discard();
                    output.Complete();
                    return;
                }
            }
        }
        format.WriteEnd(stream);
        stream.Flush();
        output.Complete();
    }

    /// <summary>Most bytes <see cref="WriteAll"/> lets the writer fall behind by (memory stays bounded).</summary>
    public const long MaxPendingBytes = 4L * 1024 * 1024;

    // Blocks the caller (SAVE holds the executor anyway) while the writer is more than MaxPendingBytes behind.
    // False when the writer failed.
    private static bool WaitForRoom(ISnapshotOutput output)
    {
        while (output.PendingBytes > MaxPendingBytes)
        {
            if (output.HasFailed)
            {
                return false;
            }
            Thread.Sleep(1);
        }
        return !output.HasFailed;
    }

    /// <summary>
    /// Writes entries until the walk ends or the Stopwatch passes <paramref name="deadlineTimestamp"/> (checked
    /// every few keys). On the executor. True when the whole snapshot has been written and handed over.
    /// </summary>
    public bool RunSlice(long deadlineTimestamp)
    {
        if (IsFinished || IsAborted)
        {
            return true;
        }
        int sinceClockCheck = 0;
        int budget = MaxKeysPerSlice;
        while (_current < _tables.Length)
        {
            TableSnapshot table = _tables[_current];
            OpenSection(table);
            KeyTable<object> keys = table.Keys;
            while (_position < table.HighWater)
            {
                int index = _position++;
                if (!keys.IsLive(index) || !keys.TryMarkSaved(index))
                {
                    continue;
                }
                WriteEntry(_stream, table, index);
                KeysProcessed++;
                if (--budget == 0)
                {
                    _stream.FlushIfFull();
                    SampleExtraBytes();
                    return false;
                }
                if (++sinceClockCheck == ClockCheckInterval)
                {
                    sinceClockCheck = 0;
                    _stream.FlushIfFull();
                    if (Stopwatch.GetTimestamp() >= deadlineTimestamp)
                    {
                        SampleExtraBytes();
                        return false;
                    }
                }
            }
            keys.EndSnapshot();
            _current++;
            _position = 0;
        }
        _format.WriteEnd(_stream);
        _stream.Flush();
        SampleExtraBytes();
        IsFinished = true;
        _output.Complete();
        return true;
    }

    /// <summary>Keys a slice writes at most (besides its time budget); rdb-key-save-delay sets it to one.</summary>
    public int MaxKeysPerSlice { get; set; } = int.MaxValue;

    /// <summary>Runs the whole snapshot at once (SAVE, and tests).</summary>
    public void RunToEnd()
    {
        while (!RunSlice(long.MaxValue))
        {
        }
    }

    /// <summary>Abandons the snapshot: barriers removed, buffers dropped, the output told to discard.</summary>
    public void Abort()
    {
        if (IsFinished || IsAborted)
        {
            return;
        }
        IsAborted = true;
        for (int i = _current; i < _tables.Length; i++)
        {
            _tables[i].Keys.EndSnapshot();
            _tables[i].Side = null;
        }
        _sideBytes = 0;
        _stream.Discard();
        _output.Abort();
    }

    private void OpenSection(TableSnapshot table)
    {
        if (table.SectionOpen)
        {
            return;
        }
        table.SectionOpen = true;
        _format.WriteDatabaseStart(_stream, table.DbIndex, table.KeyCount, table.ExpiresCount);
        ArrayBufferWriter<byte>? side = table.Side;
        if (side is not null)
        {
            _stream.Write(side.WrittenSpan);
            _sideBytes -= side.WrittenCount;
            table.Side = null;
        }
    }

    // The barrier: entry `index` of `table` is about to change and was not saved yet.
    private void Capture(TableSnapshot table, int index)
    {
        if (table.SectionOpen)
        {
            WriteEntry(_stream, table, index);
            _stream.FlushIfFull();
        }
        else
        {
            ArrayBufferWriter<byte> side = table.Side ??= new ArrayBufferWriter<byte>();
            int before = side.WrittenCount;
            WriteEntry(side, table, index);
            _sideBytes += side.WrittenCount - before;
        }
        KeysProcessed++;
        SampleExtraBytes();
    }

    private void WriteEntry(IBufferWriter<byte> output, TableSnapshot table, int index)
    {
        KeyTable<object> keys = table.Keys;
        byte[] key = keys.KeyAt(index);
        long expireAt = table.Expires.Count > 0 && table.Expires.TryGetValue(key, out long when) ? when : -1;
        long idle = -1;
        int frequency = -1;
        if (_saveIdle || _saveFrequency)
        {
            // Only then is the time needed: reading the clock per key is a measurable part of a big save.
            long now = _clock.UnixTimeMilliseconds;
            idle = _saveIdle ? _clockConverter.IdleSecondsFromClock(keys.ClockAt(index), now) : -1;
            frequency = _saveFrequency ? _clockConverter.LfuFrequencyFromClock(keys.ClockAt(index), now) : -1;
        }
        _format.WriteEntry(output, key, keys.ValueAt(index), expireAt, idle, frequency);
    }

    private void SampleExtraBytes()
    {
        long extra = ExtraBytes;
        if (extra > PeakExtraBytes)
        {
            PeakExtraBytes = extra;
        }
    }

    /// <summary>One database as it was at the start: its tables (wherever SWAPDB moves them) and its barrier.</summary>
    private sealed class TableSnapshot : IKeyWriteBarrier
    {
        private readonly KeyspaceSnapshot _owner;

        public TableSnapshot(KeyspaceSnapshot owner, int dbIndex, KeyTable<object> keys, KeyTable<long> expires)
        {
            _owner = owner;
            DbIndex = dbIndex;
            Keys = keys;
            Expires = expires;
            KeyCount = keys.Count;
            ExpiresCount = expires.Count;
            HighWater = keys.HighWater;
        }

        public int DbIndex { get; }

        public KeyTable<object> Keys { get; }

        public KeyTable<long> Expires { get; }

        public long KeyCount { get; }

        public long ExpiresCount { get; }

        /// <summary>Entries at or past this index were all created after the start.</summary>
        public int HighWater { get; }

        /// <summary>Whether the database's section has been opened in the stream.</summary>
        public bool SectionOpen { get; set; }

        /// <summary>Keys of this database saved by the barrier before its section opened.</summary>
        public ArrayBufferWriter<byte>? Side { get; set; }

        public void BeforeWrite(int index)
        {
            if (Keys.TryMarkSaved(index))
            {
                _owner.Capture(this, index);
            }
        }
    }
}
