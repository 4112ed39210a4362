namespace KvServer.Engine.Scripting;

/// <summary>
/// The flags a function (or a script's shebang) declares (script.c scripts_flags_def). Listed by FUNCTION LIST
/// in <see cref="ScriptFlagNames.All"/> order; only no-writes changes what KvServer does (it makes the function
/// read-only and allowed from FCALL_RO): there is no replication, cluster or maxmemory to relax.
/// </summary>
[Flags]
public enum ScriptFlags
{
    None = 0,
    NoWrites = 1 << 0,
    AllowOom = 1 << 1,
    AllowStale = 1 << 2,
    NoCluster = 1 << 3,
    AllowCrossSlotKeys = 1 << 4,
}

/// <summary>The flag names, in Redis's order.</summary>
public static class ScriptFlagNames
{
    public static readonly (ScriptFlags Flag, string Name)[] All =
    [
        (ScriptFlags.NoWrites, "no-writes"),
        (ScriptFlags.AllowOom, "allow-oom"),
        (ScriptFlags.AllowStale, "allow-stale"),
        (ScriptFlags.NoCluster, "no-cluster"),
        (ScriptFlags.AllowCrossSlotKeys, "allow-cross-slot-keys"),
    ];

    /// <summary>The flag named <paramref name="name"/> (case-insensitive), or None.</summary>
    public static ScriptFlags Parse(ReadOnlySpan<byte> name)
    {
        foreach ((ScriptFlags flag, string text) in All)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, text))
            {
                return flag;
            }
        }
        return ScriptFlags.None;
    }
}
