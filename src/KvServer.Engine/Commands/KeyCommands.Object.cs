using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP (object.c objectCommand).</summary>
internal static partial class KeyCommands
{
    /// <summary>OBJ_SHARED_INTEGERS: Redis shares one object per integer value 0..9999.</summary>
    private const long SharedIntegers = 10_000;

    /// <summary>OBJ_SHARED_REFCOUNT: the refcount Redis reports for a shared object.</summary>
    private const long SharedRefCount = int.MaxValue;

    private static readonly string[] s_objectHelp =
    [
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    ];

    private static void RegisterObject(CommandTable table)
    {
        table.Bind("object|encoding", ObjectEncoding);
        table.Bind("object|refcount", ObjectRefcount);
        table.Bind("object|idletime", ObjectIdletime);
        table.Bind("object|freq", ObjectFreq);
        table.Bind("object|help", ObjectHelp);
    }

    // OBJECT ENCODING key
    // Every OBJECT subcommand looks the key up with LOOKUP_NOTOUCH: a hit or miss is counted, the LRU/LFU
    // clock is left alone, and a missing key is a null reply before any other check.
    private static void ObjectEncoding(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.LookupNoTouch(args[2], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        ctx.Reply.WriteBulkString(ValueTypes.Encoding(value));
    }

    // OBJECT REFCOUNT key
    // KvServer does not share value objects. Redis does share the integers 0..9999 (unless maxmemory is set
    // with an LRU or LFU policy, which needs a clock per key) and reports INT_MAX for them; we report the same
    // for an int-encoded value in that range, deciding by the policy in force now rather than when it was set.
    private static void ObjectRefcount(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.LookupNoTouch(args[2], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        bool shared = value is KvInt number && number.Value >= 0 && number.Value < SharedIntegers
            && SharedIntegersEnabled(ctx.Server.Options);
        ctx.Reply.WriteInteger(shared ? SharedRefCount : 1);
    }

    /// <summary>tryObjectEncoding's condition: maxmemory unset, or a policy without MAXMEMORY_FLAG_NO_SHARED_INTEGERS.</summary>
    private static bool SharedIntegersEnabled(ServerOptions options) =>
        options.MaxMemory == 0
        || !(options.MaxMemoryPolicy.EndsWith("-lru", StringComparison.Ordinal) || options.UsesLfu);

    // OBJECT IDLETIME key
    private static void ObjectIdletime(CommandContext ctx, CommandArgs args)
    {
        if (ctx.Db.LookupNoTouch(args[2], ctx.Now) is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        if (ctx.Server.Options.UsesLfu)
        {
            ctx.Reply.WriteError(RespErrors.IdleTimeUnderLfu);
            return;
        }
        ctx.Reply.WriteInteger(ctx.Db.IdleSeconds(args[2], ctx.Now));
    }

    // OBJECT FREQ key
    private static void ObjectFreq(CommandContext ctx, CommandArgs args)
    {
        if (ctx.Db.LookupNoTouch(args[2], ctx.Now) is null)
        {
            ctx.Reply.WriteNull();
            return;
        }
        if (!ctx.Server.Options.UsesLfu)
        {
            ctx.Reply.WriteError(RespErrors.FreqWithoutLfu);
            return;
        }
        ctx.Reply.WriteInteger(ctx.Db.LfuFrequency(args[2], ctx.Now));
    }

    // OBJECT HELP
    private static void ObjectHelp(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteArrayLength(s_objectHelp.Length);
        foreach (string line in s_objectHelp)
        {
            ctx.Reply.WriteSimpleString(line);
        }
    }
}
