namespace KvServer.Engine.Keyspace;

/// <summary>
/// Callback for a read lookup that found nothing. The key is the caller's span (no copy is made unless
/// someone actually listens), which is why this is not an <see cref="Action{T1, T2}"/>.
/// </summary>
public delegate void KeyMissHandler(Database db, ReadOnlySpan<byte> key);
