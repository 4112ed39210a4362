using KvServer.Engine.Execution;

namespace KvServer.Engine.Commands;

/// <summary>
/// Server commands (Redis's "server" group): INFO, CONFIG, COMMAND, TIME, DEBUG, SHUTDOWN, ...; split into
/// partial files by subject (ServerCommands.Info.cs, .Config.cs, .Command.cs, .Debug.cs).
/// </summary>
internal static partial class ServerCommands
{
    public static void Register(CommandTable table)
    {
    }
}
