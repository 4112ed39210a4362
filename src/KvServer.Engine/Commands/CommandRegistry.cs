using KvServer.Engine.Execution;

namespace KvServer.Engine.Commands;

/// <summary>
/// The one place that knows every command family: builds the <see cref="CommandTable"/> from the embedded
/// declarations and lets each family bind its handlers. Adding a family means adding one line here.
/// </summary>
public static class CommandRegistry
{
    public static CommandTable Create()
    {
        var table = new CommandTable();
        ConnectionCommands.Register(table);
        ServerCommands.Register(table);
        KeyCommands.Register(table);
        StringCommands.Register(table);
        BitmapCommands.Register(table);
        TransactionCommands.Register(table);
        PubSubCommands.Register(table);
        ScriptingCommands.Register(table);
        ListCommands.Register(table);
        SortCommands.Register(table);
        HashCommands.Register(table);
        SetCommands.Register(table);
        SortedSetCommands.Register(table);
        FunctionCommands.Register(table);
        return table;
    }
}
