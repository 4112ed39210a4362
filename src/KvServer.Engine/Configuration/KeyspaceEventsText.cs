using System.Text;

using KvServer.Engine.Execution;

namespace KvServer.Engine.Configuration;

/// <summary>Conversions between the flag letters of <c>notify-keyspace-events</c> and <see cref="NotifyFlags"/> (notify.c).</summary>
public static class KeyspaceEventsText
{
    /// <summary>keyspaceEventsStringToFlags: false when a character is not a known class letter.</summary>
    public static bool TryParse(string classes, out NotifyFlags flags)
    {
        flags = NotifyFlags.None;
        foreach (char c in classes)
        {
            NotifyFlags flag = c switch
            {
                'A' => NotifyFlags.All,
                'g' => NotifyFlags.Generic,
                '$' => NotifyFlags.String,
                'l' => NotifyFlags.List,
                's' => NotifyFlags.Set,
                'h' => NotifyFlags.Hash,
                'z' => NotifyFlags.SortedSet,
                'x' => NotifyFlags.Expired,
                'e' => NotifyFlags.Evicted,
                'K' => NotifyFlags.Keyspace,
                'E' => NotifyFlags.Keyevent,
                't' => NotifyFlags.Stream,
                'm' => NotifyFlags.KeyMiss,
                'd' => NotifyFlags.Module,
                'n' => NotifyFlags.New,
                _ => (NotifyFlags)(-1),
            };
            if (flag == (NotifyFlags)(-1))
            {
                return false;
            }
            flags |= flag;
        }
        return true;
    }

    /// <summary>keyspaceEventsFlagsToString: 'A' when every type class is set (which hides 'n'), then K, E, m.</summary>
    public static string ToText(NotifyFlags flags)
    {
        var text = new StringBuilder();
        if ((flags & NotifyFlags.All) == NotifyFlags.All)
        {
            text.Append('A');
        }
        else
        {
            Append(NotifyFlags.Generic, 'g');
            Append(NotifyFlags.String, '$');
            Append(NotifyFlags.List, 'l');
            Append(NotifyFlags.Set, 's');
            Append(NotifyFlags.Hash, 'h');
            Append(NotifyFlags.SortedSet, 'z');
            Append(NotifyFlags.Expired, 'x');
            Append(NotifyFlags.Evicted, 'e');
            Append(NotifyFlags.Stream, 't');
            Append(NotifyFlags.Module, 'd');
            Append(NotifyFlags.New, 'n');
        }
        Append(NotifyFlags.Keyspace, 'K');
        Append(NotifyFlags.Keyevent, 'E');
        Append(NotifyFlags.KeyMiss, 'm');
        return text.ToString();

        void Append(NotifyFlags flag, char letter)
        {
            if ((flags & flag) != 0)
            {
                text.Append(letter);
            }
        }
    }
}
