using System.Buffers;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// What a point-in-time snapshot writes: the file format (an RDB file, an AOF base of commands, a test
/// recording). Every method runs on the executor and appends bytes to <c>output</c>; the snapshot decides
/// which buffer that is (the stream in order, or the side buffer of a database the walk has not reached).
/// A value must be encoded completely before the method returns: the key may change right after.
/// </summary>
public interface ISnapshotFormat
{
    /// <summary>Everything before the first database (RDB: header, aux fields, functions).</summary>
    void WriteStart(IBufferWriter<byte> output);

    /// <summary>Opens the section of database <paramref name="db"/> (sizes as they were at the start).</summary>
    void WriteDatabaseStart(IBufferWriter<byte> output, int db, long keys, long expires);

    /// <summary>
    /// One key as it was when the snapshot started. <paramref name="expireAtMs"/> is -1 without a TTL;
    /// <paramref name="idleSeconds"/> / <paramref name="lfuFrequency"/> are -1 unless the eviction policy is
    /// LRU / LFU (what Redis stores then).
    /// </summary>
    void WriteEntry(IBufferWriter<byte> output, byte[] key, object value, long expireAtMs, long idleSeconds, int lfuFrequency);

    /// <summary>Everything after the last database (RDB: the EOF opcode; the checksum belongs to the file writer).</summary>
    void WriteEnd(IBufferWriter<byte> output);
}
