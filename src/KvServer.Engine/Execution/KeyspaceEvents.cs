using System.Buffers.Text;

namespace KvServer.Engine.Execution;

/// <summary>Event classes of notify-keyspace-events (NOTIFY_* in server.h).</summary>
[Flags]
public enum NotifyFlags
{
    None = 0,
    Keyspace = 1 << 0,   // K
    Keyevent = 1 << 1,   // E
    Generic = 1 << 2,    // g
    String = 1 << 3,     // $
    List = 1 << 4,       // l
    Set = 1 << 5,        // s
    Hash = 1 << 6,       // h
    SortedSet = 1 << 7,  // z
    Expired = 1 << 8,    // x
    Evicted = 1 << 9,    // e
    Stream = 1 << 10,    // t
    KeyMiss = 1 << 11,   // m (excluded from A)
    Module = 1 << 12,    // d
    New = 1 << 13,       // n (excluded from A)
    All = Generic | String | List | Set | Hash | SortedSet | Expired | Evicted | Stream | Module,
}

/// <summary>
/// Keyspace notifications (notify.c): a write publishes "__keyspace@db__:key" → event and/or
/// "__keyevent@db__:event" → key on the pub/sub hub, filtered by notify-keyspace-events. Off by default,
/// and then costs one flag test per notification site.
/// </summary>
public static class KeyspaceEvents
{
    /// <summary>keyspaceEventsStringToFlags: the flags as an int, -1 for an unknown character.</summary>
    public static int Parse(string text) => Configuration.KeyspaceEventsText.TryParse(text, out NotifyFlags flags) ? (int)flags : -1;

    /// <summary>keyspaceEventsFlagsToString: the canonical text CONFIG GET shows.</summary>
    public static string Format(int value) => Configuration.KeyspaceEventsText.ToText((NotifyFlags)value);

    /// <summary>notifyKeyspaceEvent: publishes the event if its class is enabled.</summary>
    public static void Notify(ServerState server, NotifyFlags type, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> key, int db)
    {
        var enabled = (NotifyFlags)server.Options.NotifyKeyspaceEvents;
        if ((enabled & type) == 0 || !server.PubSub.HasSubscribers)
        {
            return;
        }
        Span<byte> dbText = stackalloc byte[11];
        Utf8Formatter.TryFormat(db, dbText, out int dbLength);
        dbText = dbText[..dbLength];
        if ((enabled & NotifyFlags.Keyspace) != 0)
        {
            Publish(server, "__keyspace@"u8, dbText, key, eventName);
        }
        if ((enabled & NotifyFlags.Keyevent) != 0)
        {
            Publish(server, "__keyevent@"u8, dbText, eventName, key);
        }
    }

    private static void Publish(ServerState server, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> db, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> message)
    {
        int length = prefix.Length + db.Length + 3 + suffix.Length;
        byte[]? rented = null;
        Span<byte> channel = length <= 256 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        prefix.CopyTo(channel);
        int at = prefix.Length;
        db.CopyTo(channel[at..]);
        at += db.Length;
        "__:"u8.CopyTo(channel[at..]);
        at += 3;
        suffix.CopyTo(channel[at..]);
        server.PubSub.Publish(channel, message);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
