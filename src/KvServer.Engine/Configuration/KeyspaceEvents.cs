using System.Text;

namespace KvServer.Engine.Configuration;

/// <summary>
/// The classes of keyspace notifications selected by <c>notify-keyspace-events</c> (NOTIFY_* in Redis's
/// server.h). <see cref="All"/> is Redis's 'A': every type class, but not key-miss ('m') or new-key ('n').
/// </summary>
[Flags]
public enum KeyspaceEvents
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
    KeyMiss = 1 << 11,   // m
    Loaded = 1 << 12,    // module key-loaded events, no letter
    Module = 1 << 13,    // d
    New = 1 << 14,       // n
    All = Generic | String | List | Set | Hash | SortedSet | Expired | Evicted | Stream | Module,
}

/// <summary>Conversions between the flag letters of <c>notify-keyspace-events</c> and <see cref="KeyspaceEvents"/> (notify.c).</summary>
public static class KeyspaceEventsText
{
    /// <summary>keyspaceEventsStringToFlags: false when a character is not a known class letter.</summary>
    public static bool TryParse(string classes, out KeyspaceEvents flags)
    {
        flags = KeyspaceEvents.None;
        foreach (char c in classes)
        {
            KeyspaceEvents flag = c switch
            {
                'A' => KeyspaceEvents.All,
                'g' => KeyspaceEvents.Generic,
                '$' => KeyspaceEvents.String,
                'l' => KeyspaceEvents.List,
                's' => KeyspaceEvents.Set,
                'h' => KeyspaceEvents.Hash,
                'z' => KeyspaceEvents.SortedSet,
                'x' => KeyspaceEvents.Expired,
                'e' => KeyspaceEvents.Evicted,
                'K' => KeyspaceEvents.Keyspace,
                'E' => KeyspaceEvents.Keyevent,
                't' => KeyspaceEvents.Stream,
                'm' => KeyspaceEvents.KeyMiss,
                'd' => KeyspaceEvents.Module,
                'n' => KeyspaceEvents.New,
                _ => (KeyspaceEvents)(-1),
            };
            if (flag == (KeyspaceEvents)(-1))
            {
                return false;
            }
            flags |= flag;
        }
        return true;
    }

    /// <summary>keyspaceEventsFlagsToString: 'A' when every type class is set (which hides 'n'), then K, E, m.</summary>
    public static string ToText(KeyspaceEvents flags)
    {
        var text = new StringBuilder();
        if ((flags & KeyspaceEvents.All) == KeyspaceEvents.All)
        {
            text.Append('A');
        }
        else
        {
            Append(KeyspaceEvents.Generic, 'g');
            Append(KeyspaceEvents.String, '$');
            Append(KeyspaceEvents.List, 'l');
            Append(KeyspaceEvents.Set, 's');
            Append(KeyspaceEvents.Hash, 'h');
            Append(KeyspaceEvents.SortedSet, 'z');
            Append(KeyspaceEvents.Expired, 'x');
            Append(KeyspaceEvents.Evicted, 'e');
            Append(KeyspaceEvents.Stream, 't');
            Append(KeyspaceEvents.Module, 'd');
            Append(KeyspaceEvents.New, 'n');
        }
        Append(KeyspaceEvents.Keyspace, 'K');
        Append(KeyspaceEvents.Keyevent, 'E');
        Append(KeyspaceEvents.KeyMiss, 'm');
        return text.ToString();

        void Append(KeyspaceEvents flag, char letter)
        {
            if ((flags & flag) != 0)
            {
                text.Append(letter);
            }
        }
    }
}
