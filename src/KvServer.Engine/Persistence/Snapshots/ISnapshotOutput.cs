namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// Where the bytes of a snapshot go, in order. Called on the executor, so it must not block: a file writer
/// queues chunks for a background task (<see cref="BackgroundFileWriter"/>).
/// </summary>
public interface ISnapshotOutput
{
    /// <summary>
    /// Takes ownership of <paramref name="chunk"/> (rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>,
    /// to be returned there) holding <paramref name="length"/> bytes of the stream.
    /// </summary>
    void Write(byte[] chunk, int length);

    /// <summary>Bytes handed over but not yet written: the snapshot pauses its walk while this is large.</summary>
    long PendingBytes { get; }

    /// <summary>Writing already failed: producing more is pointless.</summary>
    bool HasFailed { get; }

    /// <summary>The last chunk was written: finish the file (trailer, flush, fsync, rename).</summary>
    void Complete();

    /// <summary>The snapshot was abandoned: drop what is queued and remove any partial file.</summary>
    void Abort();
}
