using KvServer.Engine.Execution;

namespace KvServer.Engine.Commands;

/// <summary>CLIENT ID | SETNAME | GETNAME | LIST | INFO | KILL | REPLY | NO-EVICT | PAUSE | UNPAUSE.</summary>
internal static partial class ConnectionCommands
{
    private static void RegisterClient(CommandTable table)
    {
    }
}
