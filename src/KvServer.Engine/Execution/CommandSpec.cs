using System.Text;
using System.Text.Json;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Execution;

/// <summary>Runs one command. Synchronous, on the executor only; replies through <c>ctx.Reply</c>.</summary>
public delegate void CommandHandler(CommandContext ctx, CommandArgs args);

/// <summary>
/// One command's declaration: everything Redis 7.0 declares for it (name, arity, flags, ACL categories, key
/// positions and key specs, tips, group, summary, arguments), read from the embedded command table, plus the
/// handler bound to it and its statistics. Arity errors, COMMAND, COMMAND DOCS, ACL categories and key
/// extraction all derive from this object.
/// </summary>
public sealed class CommandSpec
{
    internal CommandSpec(string name, int arity, CommandFlags flags, int firstKey, int lastKey, int keyStep,
        string[] aclCategories, string group, JsonElement declaration, CommandSpec? parent)
    {
        Name = name;
        NameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        Arity = arity;
        Flags = flags;
        FirstKey = firstKey;
        LastKey = lastKey;
        KeyStep = keyStep;
        AclCategories = aclCategories;
        Group = group;
        Declaration = declaration;
        Parent = parent;
        int bar = name.IndexOf('|');
        SubcommandName = bar < 0 ? name : name[(bar + 1)..];
        RunsScript = IsScriptCommand(NameBytes);
    }

    /// <summary>EVAL, EVALSHA, FCALL and their _RO forms: the commands that run a user's script or function.</summary>
    public bool RunsScript { get; }

    /// <summary>True for the name of a command that runs a script or function (any letter case).</summary>
    public static bool IsScriptCommand(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "eval"u8) || Ascii.EqualsIgnoreCase(name, "evalsha"u8)
        || Ascii.EqualsIgnoreCase(name, "eval_ro"u8) || Ascii.EqualsIgnoreCase(name, "evalsha_ro"u8)
        || Ascii.EqualsIgnoreCase(name, "fcall"u8) || Ascii.EqualsIgnoreCase(name, "fcall_ro"u8);

    /// <summary>Full lower-case name: "get", or "config|get" for a subcommand.</summary>
    public string Name { get; }

    public byte[] NameBytes { get; }

    /// <summary>The name within its container ("get" for "config|get").</summary>
    public string SubcommandName { get; }

    /// <summary>Argument count including the name; negative means "at least -Arity".</summary>
    public int Arity { get; }

    public CommandFlags Flags { get; }

    public int FirstKey { get; }

    public int LastKey { get; }

    public int KeyStep { get; }

    /// <summary>ACL categories with their '@' ("@write", "@string", ...).</summary>
    public string[] AclCategories { get; }

    public string Group { get; }

    /// <summary>The command's table entry (typed RESP3 trees for key specs, tips and docs).</summary>
    internal JsonElement Declaration { get; }

    public CommandSpec? Parent { get; }

    /// <summary>Subcommands by lower-case name, for container commands (CONFIG, CLIENT, ...).</summary>
    public Dictionary<string, CommandSpec>? Subcommands { get; internal set; }

    /// <summary>Subcommands in table order, for COMMAND INFO.</summary>
    public List<CommandSpec>? SubcommandList { get; internal set; }

    /// <summary>The implementation; null while KvServer does not implement the command.</summary>
    public CommandHandler? Handler { get; internal set; }

    public bool IsImplemented => Handler is not null || (SubcommandList?.Exists(s => s.IsImplemented) ?? false);

    public bool Has(CommandFlags flag) => (Flags & flag) != 0;

    /// <summary>The command's statistics for INFO commandstats (touched only on the executor).</summary>
    public long Calls;

    public long Microseconds;

    public long RejectedCalls;

    public long FailedCalls;

    public void ResetStats()
    {
        Calls = 0;
        Microseconds = 0;
        RejectedCalls = 0;
        FailedCalls = 0;
    }

    public bool AcceptsArgumentCount(int count) => Arity >= 0 ? count == Arity : count >= -Arity;
}
