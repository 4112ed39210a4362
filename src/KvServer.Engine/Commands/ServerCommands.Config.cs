using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>CONFIG GET | SET | RESETSTAT | REWRITE | HELP (config.c), over <see cref="ConfigRegistry"/>.</summary>
internal static partial class ServerCommands
{
    private static readonly string[] s_configHelp =
    [
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    ];

    private static void RegisterConfig(CommandTable table)
    {
        table.Bind("config|get", ConfigGet);
        table.Bind("config|set", ConfigSet);
        table.Bind("config|resetstat", ConfigResetstat);
        table.Bind("config|rewrite", ConfigRewrite);
        table.Bind("config|help", ConfigHelp);
    }

    // CONFIG GET parameter [parameter ...]: a map of every matching name and its value.
    private static void ConfigGet(CommandContext ctx, CommandArgs args)
    {
        var patterns = new string[args.Count - 2];
        for (int i = 2; i < args.Count; i++)
        {
            patterns[i - 2] = args.GetString(i);
        }
        List<KeyValuePair<string, string>> pairs = ctx.Server.Config.Get(patterns);
        ctx.Reply.WriteMapLength(pairs.Count);
        foreach ((string name, string value) in pairs)
        {
            ctx.Reply.WriteBulkString(name);
            ctx.Reply.WriteBulkString(value);
        }
    }

    // CONFIG SET parameter value [parameter value ...]: all or nothing.
    private static void ConfigSet(CommandContext ctx, CommandArgs args)
    {
        if ((args.Count & 1) != 0)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        var pairs = new (string Name, string Value)[(args.Count - 2) / 2];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (args.GetString(2 + 2 * i), args.GetString(3 + 2 * i));
        }
        string setting = ctx.Server.Options.EnableProtectedConfigs;
        bool protectedAllowed = setting == "yes" || (setting == "local" && IsLocalClient(ctx.Client));
        string? error = ctx.Server.Config.Set(pairs, fromCommand: true, protectedAllowed);
        if (error is null && ctx.Server.Aof is { } aof)
        {
            // appendonly yes/no starts or stops the append-only file now.
            error = aof.ApplyConfig();
        }
        if (error is null)
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Reply.WriteError(error);
        }
    }

    // CONFIG RESETSTAT: resetServerStats + resetCommandTableStats + resetErrorTableStats.
    private static void ConfigResetstat(CommandContext ctx, CommandArgs args)
    {
        ResetStats(ctx.Server);
        ctx.Reply.WriteOk();
    }

    /// <summary>Zeroes every INFO counter Redis's CONFIG RESETSTAT zeroes (not rdb_changes_since_last_save).</summary>
    internal static void ResetStats(ServerState server)
    {
        server.Stats.Reset();
        KeyspaceStats keyspace = server.KeyspaceStats;
        keyspace.Reset();
        foreach (CommandSpec spec in server.Commands.All)
        {
            spec.ResetStats();
            if (spec.SubcommandList is not null)
            {
                foreach (CommandSpec sub in spec.SubcommandList)
                {
                    sub.ResetStats();
                }
            }
        }
    }

    // CONFIG REWRITE: rewrites the file the server started with, keeping its comments and layout.
    private static void ConfigRewrite(CommandContext ctx, CommandArgs args)
    {
        string path = ctx.Server.ConfigFile;
        if (path.Length == 0)
        {
            ctx.Reply.WriteError(RespErrors.ConfigNoFile);
            return;
        }
        try
        {
            ConfigRewriter.RewriteFile(ctx.Server.Config, path);
            ctx.Reply.WriteOk();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string reason = ex is UnauthorizedAccessException ? "Permission denied"
                : ex is DirectoryNotFoundException ? "No such file or directory" : ex.Message;
            ctx.Reply.WriteError("ERR Rewriting config file: " + reason);
        }
    }

    // CONFIG HELP
    private static void ConfigHelp(CommandContext ctx, CommandArgs args) => WriteHelp(ctx.Reply, "CONFIG", s_configHelp);
}
