namespace KvServer.Engine.Keyspace;

/// <summary>
/// The copy-on-write barrier of a point-in-time snapshot. A table being snapshotted carries one
/// (<see cref="KeyTable{TValue}.WriteBarrier"/>); <see cref="Database"/> calls it before any change to an entry
/// (overwrite, in-place mutation through a write lookup, delete, expiry, TTL change, rename, move) so the
/// snapshot can save the entry as it was when the snapshot started.
/// </summary>
public interface IKeyWriteBarrier
{
    /// <summary>
    /// Entry <paramref name="index"/> of the table is about to change. The implementation saves it unless it
    /// was saved already (or born after the snapshot started).
    /// </summary>
    void BeforeWrite(int index);
}
