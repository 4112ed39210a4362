using KvServer.Engine.Execution;

namespace KvServer.Engine.Commands;

/// <summary>Generic key commands (Redis's "generic" group) and the database commands (FLUSHDB, SWAPDB, ...).</summary>
internal static partial class KeyCommands
{
    public static void Register(CommandTable table)
    {
    }
}
