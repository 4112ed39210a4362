using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Engine.Scripting;

namespace KvServer.Engine.Commands;

/// <summary>
/// Scripting (Redis's eval.c): EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD | EXISTS | FLUSH | KILL |
/// HELP. The Lua engine is <see cref="LuaRunner"/>; SCRIPT KILL while a script runs is answered by the
/// executor's busy path, since the executor is taken by the script.
/// </summary>
internal static class ScriptingCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("eval", Eval);
        table.Bind("evalsha", Evalsha);
        table.Bind("eval_ro", EvalRo);
        table.Bind("evalsha_ro", EvalshaRo);
        table.Bind("script|load", ScriptLoad);
        table.Bind("script|exists", ScriptExists);
        table.Bind("script|flush", ScriptFlush);
        table.Bind("script|kill", ScriptKill);
        table.Bind("script|help", ScriptHelp);
    }

    // EVAL script numkeys [key ...] [arg ...]
    private static void Eval(CommandContext ctx, CommandArgs args) => EvalGeneric(ctx, args, bySha: false, readOnly: false);

    // EVALSHA sha1 numkeys [key ...] [arg ...]
    private static void Evalsha(CommandContext ctx, CommandArgs args) => EvalGeneric(ctx, args, bySha: true, readOnly: false);

    // EVAL_RO script numkeys [key ...] [arg ...]
    private static void EvalRo(CommandContext ctx, CommandArgs args) => EvalGeneric(ctx, args, bySha: false, readOnly: true);

    // EVALSHA_RO sha1 numkeys [key ...] [arg ...]
    private static void EvalshaRo(CommandContext ctx, CommandArgs args) => EvalGeneric(ctx, args, bySha: true, readOnly: true);

    private static void EvalGeneric(CommandContext ctx, CommandArgs args, bool bySha, bool readOnly)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long numKeys))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (numKeys > args.Count - 3)
        {
            ctx.Reply.WriteError(RespErrors.ScriptTooManyKeys);
            return;
        }
        if (numKeys < 0)
        {
            ctx.Reply.WriteError(RespErrors.ScriptNegativeKeys);
            return;
        }
        LuaRunner lua = ctx.Server.Lua;
        string? sha;
        if (bySha)
        {
            sha = ToLowerSha(args[1]);
            if (sha is null || !lua.Exists(sha))
            {
                ctx.Reply.WriteError(RespErrors.NoScript);
                return;
            }
        }
        else
        {
            sha = lua.Load(args[1], out string? error);
            if (sha is null)
            {
                ctx.Reply.WriteError(error!);
                return;
            }
        }
        lua.Run(ctx, sha, args.Slice(3), (int)numKeys, readOnly);
    }

    // SHAs are matched case-insensitively, as Redis lower-cases them.
    private static string? ToLowerSha(ReadOnlySpan<byte> text)
    {
        if (text.Length != 40)
        {
            return null;
        }
        return Encoding.ASCII.GetString(text).ToLowerInvariant();
    }

    // SCRIPT LOAD script
    private static void ScriptLoad(CommandContext ctx, CommandArgs args)
    {
        string? sha = ctx.Server.Lua.Load(args[2], out string? error);
        if (sha is null)
        {
            ctx.Reply.WriteError(error!);
            return;
        }
        ctx.Reply.WriteBulkString(sha);
    }

    // SCRIPT EXISTS sha1 [sha1 ...]
    private static void ScriptExists(CommandContext ctx, CommandArgs args)
    {
        ctx.Reply.WriteArrayLength(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            string? sha = ToLowerSha(args[i]);
            ctx.Reply.WriteInteger(sha is not null && ctx.Server.Lua.Exists(sha) ? 1 : 0);
        }
    }

    // SCRIPT FLUSH [ASYNC|SYNC]
    private static void ScriptFlush(CommandContext ctx, CommandArgs args)
    {
        if (args.Count > 3 || (args.Count == 3 && !System.Text.Ascii.EqualsIgnoreCase(args[2], "ASYNC"u8) && !System.Text.Ascii.EqualsIgnoreCase(args[2], "SYNC"u8)))
        {
            ctx.Reply.WriteError(RespErrors.ScriptFlushMode);
            return;
        }
        ctx.Server.Lua.Reset();
        ctx.Reply.WriteOk();
    }

    // SCRIPT KILL reaching the executor means no script is running (a running one holds the executor).
    private static void ScriptKill(CommandContext ctx, CommandArgs args) => ctx.Reply.WriteError(RespErrors.NotBusy);

    // SCRIPT HELP
    private static void ScriptHelp(CommandContext ctx, CommandArgs args)
    {
        string[] lines =
        [
            "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DEBUG (YES|SYNC|NO)",
            "    Set the debug mode for subsequent scripts executed.",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.",
            "HELP",
            "    Prints this help.",
        ];
        ctx.Reply.WriteArrayLength(lines.Length);
        foreach (string line in lines)
        {
            ctx.Reply.WriteSimpleString(line);
        }
    }
}
