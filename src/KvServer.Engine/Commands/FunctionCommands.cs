using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;
using KvServer.Engine.Scripting;

namespace KvServer.Engine.Commands;

/// <summary>
/// Redis functions (functions.c): FCALL, FCALL_RO and FUNCTION LOAD | LIST | DELETE | FLUSH | DUMP | RESTORE |
/// STATS | KILL | HELP. Libraries live in <see cref="FunctionStore"/> and run in their own Lua state; FUNCTION
/// KILL and FUNCTION STATS while a function runs are answered by the executor's busy path
/// (<see cref="BusyScriptReplies"/>), since the running function holds the executor.
/// </summary>
/// <remarks>
/// Libraries and their functions are listed in load and registration order; Redis lists them in dict order,
/// which changes from one server start to the next.
/// </remarks>
internal static class FunctionCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("fcall", Fcall);
        table.Bind("fcall_ro", FcallRo);
        table.Bind("function|load", FunctionLoad);
        table.Bind("function|list", FunctionList);
        table.Bind("function|delete", FunctionDelete);
        table.Bind("function|flush", FunctionFlush);
        table.Bind("function|dump", FunctionDump);
        table.Bind("function|restore", FunctionRestore);
        table.Bind("function|stats", FunctionStats);
        table.Bind("function|kill", FunctionKill);
        table.Bind("function|help", FunctionHelp);
    }

    // FCALL function numkeys [key ...] [arg ...]
    private static void Fcall(CommandContext ctx, CommandArgs args) => FcallGeneric(ctx, args, readOnly: false);

    // FCALL_RO function numkeys [key ...] [arg ...]
    private static void FcallRo(CommandContext ctx, CommandArgs args) => FcallGeneric(ctx, args, readOnly: true);

    // fcallCommandGeneric: the function first, then numkeys, then the flags (scriptPrepareForRun).
    private static void FcallGeneric(CommandContext ctx, CommandArgs args, bool readOnly)
    {
        FunctionStore store = ctx.Server.Functions;
        FunctionInfo? function = store.Current.FindFunction(Encoding.Latin1.GetString(args[1]));
        if (function is null)
        {
            ctx.Reply.WriteError(RespErrors.FunctionNotFound);
            return;
        }
        if (!Utf8Number.TryParseInt64(args[2], out long numKeys))
        {
            ctx.Reply.WriteError(RespErrors.FunctionBadNumberOfKeys);
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
        bool noWrites = (function.Flags & ScriptFlags.NoWrites) != 0;
        if (readOnly && !noWrites)
        {
            ctx.Reply.WriteError(RespErrors.ScriptWriteFlagWithRo);
            return;
        }
        store.Engine.RunFunction(ctx, function, args, args.Slice(3), (int)numKeys, readOnly || noWrites);
    }

    // FUNCTION LOAD [REPLACE] function-code
    private static void FunctionLoad(CommandContext ctx, CommandArgs args)
    {
        bool replace = false;
        int position = 2;
        while (position < args.Count - 1)
        {
            ReadOnlySpan<byte> option = args[position++];
            if (Ascii.EqualsIgnoreCase(option, "REPLACE"u8))
            {
                replace = true;
                continue;
            }
            WriteError(ctx, "ERR Unknown option given: " + CString(option));
            return;
        }
        FunctionStore store = ctx.Server.Functions;
        string? name = store.Create(args.ToArray(position), replace, store.Current, FunctionStore.LoadTimeoutMs, out string? error);
        if (name is null)
        {
            WriteError(ctx, "ERR " + error);
            return;
        }
        ctx.AddDirty(1);
        ctx.Reply.WriteBulkString(Encoding.Latin1.GetBytes(name));
    }

    // FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
    private static void FunctionList(CommandContext ctx, CommandArgs args)
    {
        bool withCode = false;
        byte[]? pattern = null;
        for (int i = 2; i < args.Count; i++)
        {
            if (!withCode && Ascii.EqualsIgnoreCase(args[i], "WITHCODE"u8))
            {
                withCode = true;
                continue;
            }
            if (pattern is null && Ascii.EqualsIgnoreCase(args[i], "LIBRARYNAME"u8))
            {
                if (i >= args.Count - 1)
                {
                    ctx.Reply.WriteError(RespErrors.FunctionLibraryNameMissing);
                    return;
                }
                pattern = args.ToArray(++i);
                continue;
            }
            WriteError(ctx, "ERR Unknown argument " + CString(args[i]));
            return;
        }
        var libraries = new List<FunctionLibrary>();
        foreach (FunctionLibrary library in ctx.Server.Functions.Current.Libraries)
        {
            if (pattern is null || GlobMatcher.IsMatch(pattern, Encoding.Latin1.GetBytes(library.Name), ignoreCase: true))
            {
                libraries.Add(library);
            }
        }
        RespWriter reply = ctx.Reply;
        reply.WriteArrayLength(libraries.Count);
        foreach (FunctionLibrary library in libraries)
        {
            reply.WriteMapLength(withCode ? 4 : 3);
            reply.WriteBulkString("library_name"u8);
            reply.WriteBulkString(Encoding.Latin1.GetBytes(library.Name));
            reply.WriteBulkString("engine"u8);
            reply.WriteBulkString(FunctionLibrary.EngineName);
            reply.WriteBulkString("functions"u8);
            reply.WriteArrayLength(library.Functions.Count);
            foreach (FunctionInfo function in library.Functions)
            {
                WriteFunction(reply, function);
            }
            if (withCode)
            {
                reply.WriteBulkString("library_code"u8);
                reply.WriteBulkString(library.Code);
            }
        }
    }

    private static void WriteFunction(RespWriter reply, FunctionInfo function)
    {
        reply.WriteMapLength(3);
        reply.WriteBulkString("name"u8);
        reply.WriteBulkString(Encoding.Latin1.GetBytes(function.Name));
        reply.WriteBulkString("description"u8);
        if (function.Description is null)
        {
            reply.WriteNull();
        }
        else
        {
            reply.WriteBulkString(function.Description);
        }
        reply.WriteBulkString("flags"u8);
        int count = 0;
        foreach ((ScriptFlags flag, string _) in ScriptFlagNames.All)
        {
            if ((function.Flags & flag) != 0)
            {
                count++;
            }
        }
        reply.WriteSetLength(count);
        foreach ((ScriptFlags flag, string name) in ScriptFlagNames.All)
        {
            if ((function.Flags & flag) != 0)
            {
                reply.WriteSimpleString(name);
            }
        }
    }

    // FUNCTION DELETE library-name
    private static void FunctionDelete(CommandContext ctx, CommandArgs args)
    {
        FunctionStore store = ctx.Server.Functions;
        FunctionLibrary? library = store.Current.FindLibrary(Encoding.Latin1.GetString(args[2]));
        if (library is null)
        {
            ctx.Reply.WriteError(RespErrors.FunctionLibraryNotFound);
            return;
        }
        store.Delete(library);
        ctx.AddDirty(1);
        ctx.Reply.WriteOk();
    }

    // FUNCTION FLUSH [ASYNC|SYNC]
    private static void FunctionFlush(CommandContext ctx, CommandArgs args)
    {
        if (args.Count > 3)
        {
            WriteSubcommandSyntaxError(ctx, args);
            return;
        }
        if (args.Count == 3 && !Ascii.EqualsIgnoreCase(args[2], "SYNC"u8) && !Ascii.EqualsIgnoreCase(args[2], "ASYNC"u8))
        {
            ctx.Reply.WriteError(RespErrors.FunctionFlushMode);
            return;
        }
        ctx.Server.Functions.Flush();
        ctx.AddDirty(1);
        ctx.Reply.WriteOk();
    }

    // FUNCTION DUMP
    private static void FunctionDump(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteBulkString(FunctionPayload.Dump(ctx.Server.Functions.Current));

    // FUNCTION RESTORE serialized-value [FLUSH|APPEND|REPLACE]
    private static void FunctionRestore(CommandContext ctx, CommandArgs args)
    {
        if (args.Count > 4)
        {
            WriteSubcommandSyntaxError(ctx, args);
            return;
        }
        bool flush = false;
        bool replace = false;
        if (args.Count == 4)
        {
            ReadOnlySpan<byte> policy = args[3];
            if (Ascii.EqualsIgnoreCase(policy, "FLUSH"u8))
            {
                flush = true;
            }
            else if (Ascii.EqualsIgnoreCase(policy, "REPLACE"u8))
            {
                replace = true;
            }
            else if (!Ascii.EqualsIgnoreCase(policy, "APPEND"u8))
            {
                ctx.Reply.WriteError(RespErrors.FunctionRestorePolicy);
                return;
            }
        }
        byte[] payload = args.ToArray(2);
        if (!FunctionPayload.Verify(payload, out _))
        {
            ctx.Reply.WriteError(RespErrors.DumpPayloadInvalid);
            return;
        }
        FunctionStore store = ctx.Server.Functions;
        var restored = new FunctionLibraryContext();
        string? error = FunctionPayload.Load(store, payload, restored);
        if (error is null)
        {
            if (flush)
            {
                store.Swap(restored);
            }
            else if (store.Current.Join(restored, replace, out error) is { } replaced)
            {
                store.Free(replaced);
            }
        }
        if (error is not null)
        {
            store.Free(restored.Clear());
            WriteError(ctx, "ERR " + error);
            return;
        }
        ctx.AddDirty(1);
        ctx.Reply.WriteOk();
    }

    // FUNCTION STATS reaching the executor means nothing runs (a running script holds the executor).
    private static void FunctionStats(CommandContext ctx, CommandArgs args) =>
        WriteStats(ctx.Reply, ctx.Server.Functions.Current, running: null, command: null, durationMs: 0);

    /// <summary>FUNCTION STATS's reply; the busy path calls it with the running function.</summary>
    internal static void WriteStats(RespWriter reply, FunctionLibraryContext libraries, string? running, byte[][]? command, long durationMs)
    {
        reply.WriteMapLength(2);
        reply.WriteBulkString("running_script"u8);
        if (running is null || command is null)
        {
            reply.WriteNull();
        }
        else
        {
            reply.WriteMapLength(3);
            reply.WriteBulkString("name"u8);
            reply.WriteBulkString(Encoding.Latin1.GetBytes(running));
            reply.WriteBulkString("command"u8);
            reply.WriteArrayLength(command.Length);
            foreach (byte[] argument in command)
            {
                reply.WriteBulkString(argument);
            }
            reply.WriteBulkString("duration_ms"u8);
            reply.WriteInteger(durationMs);
        }
        reply.WriteBulkString("engines"u8);
        reply.WriteMapLength(1);
        reply.WriteBulkString(FunctionLibrary.EngineName);
        reply.WriteMapLength(2);
        reply.WriteBulkString("libraries_count"u8);
        reply.WriteInteger(libraries.Libraries.Count);
        reply.WriteBulkString("functions_count"u8);
        reply.WriteInteger(libraries.FunctionCount);
    }

    // FUNCTION KILL reaching the executor means no script is running.
    private static void FunctionKill(CommandContext ctx, CommandArgs args) => ctx.Reply.WriteError(RespErrors.NotBusy);

    // FUNCTION HELP
    private static void FunctionHelp(CommandContext ctx, CommandArgs args)
    {
        string[] lines =
        [
            "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "LOAD [REPLACE] <FUNCTION CODE>",
            "    Create a new library with the given library name and code.",
            "DELETE <LIBRARY NAME>",
            "    Delete the given library.",
            "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
            "    Return general information on all the libraries:",
            "    * Library name",
            "    * The engine used to run the Library",
            "    * Library description",
            "    * Functions list",
            "    * Library code (if WITHCODE is given)",
            "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
            "STATS",
            "    Return information about the current function running:",
            "    * Function name",
            "    * Command used to run the function",
            "    * Duration in MS that the function is running",
            "    If no function is running, return nil",
            "    In addition, returns a list of available engines.",
            "KILL",
            "    Kill the current running function.",
            "FLUSH [ASYNC|SYNC]",
            "    Delete all the libraries.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the libraries.",
            "    * SYNC: Synchronously flush the libraries.",
            "DUMP",
            "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
            "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
            "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
            "    control how to handle existing libraries (default APPEND):",
            "    * FLUSH: delete all existing libraries.",
            "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
            "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
            "      libraries with the new libraries (notice that even on this option there is a chance of failure",
            "      in case of functions name collision with another library).",
            "HELP",
            "    Prints this help.",
        ];
        ctx.Reply.WriteArrayLength(lines.Length);
        foreach (string line in lines)
        {
            ctx.Reply.WriteSimpleString(line);
        }
    }

    // addReplySubcommandSyntaxError: names the subcommand as the client typed it.
    private static void WriteSubcommandSyntaxError(CommandContext ctx, CommandArgs args) =>
        WriteError(ctx, $"ERR unknown subcommand or wrong number of arguments for '{CString(Truncate(args[1], 128))}'. Try FUNCTION HELP.");

    private static ReadOnlySpan<byte> Truncate(ReadOnlySpan<byte> value, int max) => value.Length > max ? value[..max] : value;

    // Arguments formatted with %s stop at the first NUL byte.
    private static string CString(ReadOnlySpan<byte> value)
    {
        int nul = value.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul < 0 ? value : value[..nul]);
    }

    private static void WriteError(CommandContext ctx, string text) => ctx.Reply.WriteError(Encoding.Latin1.GetBytes(text));
}
