using System.Text;
using System.Text.Json;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// COMMAND, COMMAND COUNT | LIST | INFO | DOCS | GETKEYS | GETKEYSANDFLAGS | HELP (server.c). Replies are
/// written from the declarations in the command table, so they are byte-identical to Redis's; only
/// implemented commands (and, for containers, implemented subcommands) are visible, as on a Redis that
/// has exactly those commands.
/// </summary>
internal static partial class ServerCommands
{
    private static readonly string[] s_commandHelp =
    [
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    ];

    private static void RegisterCommand(CommandTable table)
    {
        table.Bind("command", Command);
        table.Bind("command|count", CommandCount);
        table.Bind("command|list", CommandList);
        table.Bind("command|info", CommandInfo);
        table.Bind("command|docs", CommandDocs);
        table.Bind("command|getkeys", CommandGetkeys);
        table.Bind("command|getkeysandflags", CommandGetkeysandflags);
        table.Bind("command|help", CommandHelp);
    }

    /// <summary>The implemented top-level commands, in table order.</summary>
    private static List<CommandSpec> VisibleCommands(CommandTable table)
    {
        var commands = new List<CommandSpec>();
        foreach (CommandSpec spec in table.All)
        {
            // The table also lists every subcommand by its full name; those are reached through their container.
            if (spec.Parent is null && !spec.Name.Contains('|') && spec.IsImplemented)
            {
                commands.Add(spec);
            }
        }
        return commands;
    }

    /// <summary>A container's implemented subcommands (empty for a plain command).</summary>
    private static List<CommandSpec> VisibleSubcommands(CommandSpec spec)
    {
        var subcommands = new List<CommandSpec>();
        if (spec.SubcommandList is not null)
        {
            foreach (CommandSpec sub in spec.SubcommandList)
            {
                if (sub.IsImplemented)
                {
                    subcommands.Add(sub);
                }
            }
        }
        return subcommands;
    }

    /// <summary>lookupCommandBySds: "get" or "config|get", case-insensitively; null if not implemented.</summary>
    private static CommandSpec? FindVisible(CommandTable table, ReadOnlySpan<byte> name)
    {
        int bar = name.IndexOf((byte)'|');
        CommandSpec? spec = table.Lookup(bar < 0 ? name : name[..bar]);
        if (spec is not null && bar >= 0)
        {
            ReadOnlySpan<byte> rest = name[(bar + 1)..];
            spec = rest.IndexOf((byte)'|') >= 0 ? null : CommandTable.LookupSubcommand(spec, rest);
        }
        return spec is not null && spec.IsImplemented ? spec : null;
    }

    // COMMAND: the COMMAND INFO of every command.
    private static void Command(CommandContext ctx, CommandArgs args)
    {
        List<CommandSpec> commands = VisibleCommands(ctx.Server.Commands);
        ctx.Reply.WriteArrayLength(commands.Count);
        foreach (CommandSpec spec in commands)
        {
            WriteCommandInfo(ctx.Reply, spec);
        }
    }

    // COMMAND COUNT
    private static void CommandCount(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteInteger(VisibleCommands(ctx.Server.Commands).Count);

    // COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
    private static void CommandList(CommandContext ctx, CommandArgs args)
    {
        string? filterType = null;
        string filter = "";
        for (int i = 2; i < args.Count; i++)
        {
            int moreArgs = args.Count - 1 - i;
            if (!Ascii.EqualsIgnoreCase(args[i], "filterby"u8) || moreArgs != 2)
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
            string type = args.GetString(i + 1).ToLowerInvariant();
            if (type is not ("module" or "aclcat" or "pattern"))
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return;
            }
            filterType = type;
            filter = args.GetString(i + 2);
            i += 2;
        }
        var names = new List<string>();
        byte[] pattern = Encoding.UTF8.GetBytes(filter);
        foreach (CommandSpec spec in VisibleCommands(ctx.Server.Commands))
        {
            AddIfMatches(spec);
            foreach (CommandSpec sub in VisibleSubcommands(spec))
            {
                AddIfMatches(sub);
            }
        }
        ctx.Reply.WriteArrayLength(names.Count);
        foreach (string name in names)
        {
            ctx.Reply.WriteBulkString(name);
        }

        void AddIfMatches(CommandSpec spec)
        {
            bool matches = filterType switch
            {
                null => true,
                "module" => false,   // every command is a core command
                "aclcat" => Array.Exists(spec.AclCategories, c => c.AsSpan(1).Equals(filter, StringComparison.OrdinalIgnoreCase)),
                _ => GlobMatcher.IsMatch(pattern, spec.NameBytes, ignoreCase: true),
            };
            if (matches)
            {
                names.Add(spec.Name);
            }
        }
    }

    // COMMAND INFO [command-name ...]: every command when none is named; nil for an unknown name.
    private static void CommandInfo(CommandContext ctx, CommandArgs args)
    {
        if (args.Count == 2)
        {
            Command(ctx, args);
            return;
        }
        ctx.Reply.WriteArrayLength(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            CommandSpec? spec = FindVisible(ctx.Server.Commands, args[i]);
            if (spec is null)
            {
                ctx.Reply.WriteNull();
            }
            else
            {
                WriteCommandInfo(ctx.Reply, spec);
            }
        }
    }

    /// <summary>
    /// addReplyCommandInfo: name, arity, flags, first/last/step, ACL categories, tips, key specs and
    /// subcommands. Flags and categories are sets of status strings, tips a set of bulk strings; a plain
    /// command's subcommands are an empty set, a container's an array.
    /// </summary>
    private static void WriteCommandInfo(RespWriter reply, CommandSpec spec)
    {
        JsonElement declaration = spec.Declaration;
        reply.WriteArrayLength(10);
        reply.WriteBulkString(spec.NameBytes);
        reply.WriteInteger(spec.Arity);
        WriteStringSet(reply, declaration.GetProperty("flags"), status: true);
        reply.WriteInteger(spec.FirstKey);
        reply.WriteInteger(spec.LastKey);
        reply.WriteInteger(spec.KeyStep);
        WriteStringSet(reply, declaration.GetProperty("acl_categories"), status: true);
        WriteStringSet(reply, declaration.GetProperty("tips"), status: false);
        CommandTable.WriteTyped(reply, declaration.GetProperty("key_specs"));
        if (spec.SubcommandList is null)
        {
            reply.WriteSetLength(0);
            return;
        }
        List<CommandSpec> subcommands = VisibleSubcommands(spec);
        reply.WriteArrayLength(subcommands.Count);
        foreach (CommandSpec sub in subcommands)
        {
            WriteCommandInfo(reply, sub);
        }
    }

    private static void WriteStringSet(RespWriter reply, JsonElement items, bool status)
    {
        if (items.ValueKind == JsonValueKind.Object)
        {
            items = items.GetProperty("~");
        }
        reply.WriteSetLength(items.GetArrayLength());
        foreach (JsonElement item in items.EnumerateArray())
        {
            if (status)
            {
                reply.WriteSimpleString(item.GetString()!);
            }
            else
            {
                reply.WriteBulkString(item.GetString()!);
            }
        }
    }

    // COMMAND DOCS [command-name ...]: a map from name to documentation; unknown names are left out.
    private static void CommandDocs(CommandContext ctx, CommandArgs args)
    {
        var commands = new List<CommandSpec>();
        if (args.Count == 2)
        {
            commands = VisibleCommands(ctx.Server.Commands);
        }
        for (int i = 2; i < args.Count; i++)
        {
            CommandSpec? spec = FindVisible(ctx.Server.Commands, args[i]);
            if (spec is not null)
            {
                commands.Add(spec);
            }
        }
        ctx.Reply.WriteMapLength(commands.Count);
        foreach (CommandSpec spec in commands)
        {
            ctx.Reply.WriteBulkString(spec.NameBytes);
            WriteCommandDocs(ctx.Reply, spec);
        }
    }

    /// <summary>addReplyCommandDocs: the declared fields, then (containers) a map of the subcommands' docs.</summary>
    private static void WriteCommandDocs(RespWriter reply, CommandSpec spec)
    {
        JsonElement pairs = spec.Declaration.GetProperty("docs").GetProperty("%");
        List<CommandSpec> subcommands = VisibleSubcommands(spec);
        bool container = spec.SubcommandList is not null;
        reply.WriteMapLength(pairs.GetArrayLength() + (container ? 1 : 0));
        foreach (JsonElement pair in pairs.EnumerateArray())
        {
            CommandTable.WriteTyped(reply, pair[0]);
            CommandTable.WriteTyped(reply, pair[1]);
        }
        if (!container)
        {
            return;
        }
        reply.WriteBulkString("subcommands"u8);
        reply.WriteMapLength(subcommands.Count);
        foreach (CommandSpec sub in subcommands)
        {
            reply.WriteBulkString(sub.NameBytes);
            WriteCommandDocs(reply, sub);
        }
    }

    // COMMAND GETKEYS command [arg ...]
    private static void CommandGetkeys(CommandContext ctx, CommandArgs args) => GetKeys(ctx, args, withFlags: false);

    // COMMAND GETKEYSANDFLAGS command [arg ...]
    private static void CommandGetkeysandflags(CommandContext ctx, CommandArgs args) => GetKeys(ctx, args, withFlags: true);

    /// <summary>getKeysSubcommandImpl: the order of its checks and its error texts.</summary>
    private static void GetKeys(CommandContext ctx, CommandArgs args, bool withFlags)
    {
        CommandArgs command = args.Slice(2);
        CommandSpec? spec = ctx.Server.Commands.Lookup(command[0]);
        if (spec is not null && spec.SubcommandList is not null && command.Count >= 2)
        {
            spec = CommandTable.LookupSubcommand(spec, command[1]);
        }
        if (spec is null || !spec.IsImplemented)
        {
            ctx.Reply.WriteError(RespErrors.GetKeysInvalidCommand);
            return;
        }
        if (!CommandKeys.HasKeys(spec))
        {
            ctx.Reply.WriteError(RespErrors.GetKeysNoKeys);
            return;
        }
        if (!spec.AcceptsArgumentCount(command.Count))
        {
            ctx.Reply.WriteError(RespErrors.GetKeysBadArity);
            return;
        }
        List<CommandKeys.KeyReference>? keys = CommandKeys.Extract(spec, command);
        if (keys is null || keys.Count == 0)
        {
            if (spec.Has(CommandFlags.NoMandatoryKeys))
            {
                ctx.Reply.WriteArrayLength(0);
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.GetKeysInvalidArguments);
            }
            return;
        }
        ctx.Reply.WriteArrayLength(keys.Count);
        foreach (CommandKeys.KeyReference key in keys)
        {
            if (!withFlags)
            {
                ctx.Reply.WriteBulkString(command[key.Position]);
                continue;
            }
            ctx.Reply.WriteArrayLength(2);
            ctx.Reply.WriteBulkString(command[key.Position]);
            ctx.Reply.WriteSetLength(key.Flags.Length);
            foreach (string flag in key.Flags)
            {
                ctx.Reply.WriteSimpleString(flag);
            }
        }
    }

    // COMMAND HELP
    private static void CommandHelp(CommandContext ctx, CommandArgs args) => WriteHelp(ctx.Reply, "COMMAND", s_commandHelp);

    /// <summary>
    /// Key extraction (db.c getKeysFromCommandWithSpecs): the begin_search (index / keyword) and find_keys
    /// (range / keynum) specs of the command table, read generically. Where Redis's specs cannot answer
    /// (an "unknown" or "incomplete" spec, or "variable_flags") it calls the command's own getkeys
    /// function; those of SORT, SORT_RO, MIGRATE, SET and BITFIELD are reproduced here. For every other
    /// command an invalid spec means no keys, which is also what Redis's getkeys functions answer then.
    /// </summary>
    private static class CommandKeys
    {
        private static readonly string[] s_readAccess = ["RO", "access"];
        private static readonly string[] s_readWriteUpdate = ["RW", "access", "update"];
        private static readonly string[] s_overwriteUpdate = ["OW", "update"];
        private static readonly string[] s_readWriteDelete = ["RW", "access", "delete"];

        /// <summary>A key's position in the command and its key-spec flags.</summary>
        public readonly record struct KeyReference(int Position, string[] Flags);

        private static IEnumerable<JsonElement> Specs(CommandSpec spec) =>
            spec.Declaration.GetProperty("key_specs").GetProperty("~").EnumerateArray();

        private static JsonElement Field(JsonElement map, string name)
        {
            foreach (JsonElement pair in map.GetProperty("%").EnumerateArray())
            {
                if (pair[0].GetString() == name)
                {
                    return pair[1];
                }
            }
            return default;
        }

        private static string[] Flags(JsonElement keySpec)
        {
            JsonElement items = Field(keySpec, "flags").GetProperty("~");
            var flags = new string[items.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in items.EnumerateArray())
            {
                flags[i++] = item.GetString()!;
            }
            return flags;
        }

        /// <summary>doesCommandHaveKeys: some key spec that is not marked not_key.</summary>
        public static bool HasKeys(CommandSpec spec)
        {
            foreach (JsonElement keySpec in Specs(spec))
            {
                if (Array.IndexOf(Flags(keySpec), "not_key") < 0)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The keys of <paramref name="argv"/> (argument 0 is the command name), or null when there are none.</summary>
        public static List<KeyReference>? Extract(CommandSpec spec, CommandArgs argv)
        {
            bool variableFlags = false;
            foreach (JsonElement keySpec in Specs(spec))
            {
                variableFlags |= Array.IndexOf(Flags(keySpec), "variable_flags") >= 0;
            }
            if (!variableFlags)
            {
                List<KeyReference>? keys = FromSpecs(spec, argv);
                if (keys is not null)
                {
                    return keys;
                }
            }
            return spec.Name switch
            {
                "sort" => SortKeys(argv),
                "sort_ro" => [new KeyReference(1, s_readAccess)],
                "migrate" => MigrateKeys(argv),
                "set" => SetKeys(argv),
                "bitfield" => BitfieldKeys(argv),
                _ => null,
            };
        }

        /// <summary>getKeysUsingKeySpecs; null for an invalid or incomplete spec (Redis then asks the command).</summary>
        private static List<KeyReference>? FromSpecs(CommandSpec spec, CommandArgs argv)
        {
            int argc = argv.Count;
            var keys = new List<KeyReference>();
            foreach (JsonElement keySpec in Specs(spec))
            {
                string[] flags = Flags(keySpec);
                if (Array.IndexOf(flags, "not_key") >= 0)
                {
                    continue;
                }
                JsonElement beginSearch = Field(keySpec, "begin_search");
                JsonElement search = Field(beginSearch, "spec");
                int first = 0;
                switch (Field(beginSearch, "type").GetString())
                {
                    case "index":
                        first = Field(search, "index").GetInt32();
                        break;
                    case "keyword":
                        first = FindKeyword(argv, Field(search, "keyword").GetString()!, Field(search, "startfrom").GetInt32());
                        if (first == 0)
                        {
                            continue;
                        }
                        break;
                    default:
                        return null;
                }
                JsonElement findKeys = Field(keySpec, "find_keys");
                JsonElement find = Field(findKeys, "spec");
                int last;
                int step;
                switch (Field(findKeys, "type").GetString())
                {
                    case "range":
                    {
                        step = Field(find, "keystep").GetInt32();
                        int lastKey = Field(find, "lastkey").GetInt32();
                        int limit = Field(find, "limit").GetInt32();
                        last = lastKey >= 0 ? first + lastKey : limit == 0 ? argc + lastKey : first + ((argc - first) / limit + lastKey);
                        break;
                    }
                    case "keynum":
                    {
                        step = Field(find, "keystep").GetInt32();
                        int keyNumIndex = Field(find, "keynumidx").GetInt32();
                        if (keyNumIndex >= argc || first + keyNumIndex >= argc
                            || !Utf8Number.TryParseInt64(argv[first + keyNumIndex], out long numKeys) || numKeys < 0)
                        {
                            return null;
                        }
                        first += Field(find, "firstkey").GetInt32();
                        last = first + (int)numKeys - 1;
                        break;
                    }
                    default:
                        return null;
                }
                if (last >= argc || last < first || first >= argc)
                {
                    return null;
                }
                for (int i = first; i <= last; i += step)
                {
                    keys.Add(new KeyReference(i, flags));
                }
                if (Array.IndexOf(flags, "incomplete") >= 0)
                {
                    return null;
                }
            }
            return keys;
        }

        /// <summary>The begin_search keyword: searched forwards from startfrom, or backwards from argc+startfrom.</summary>
        private static int FindKeyword(CommandArgs argv, string keyword, int startFrom)
        {
            int argc = argv.Count;
            int start = startFrom > 0 ? startFrom : argc + startFrom;
            int end = startFrom > 0 ? argc - 1 : 1;
            byte[] word = Encoding.ASCII.GetBytes(keyword);
            for (int i = start; i != end; i = start <= end ? i + 1 : i - 1)
            {
                if (i >= argc || i < 1)
                {
                    break;
                }
                if (Ascii.EqualsIgnoreCase(argv[i], word))
                {
                    return i + 1;
                }
            }
            return 0;
        }

        /// <summary>sortGetKeys: the sorted key, and the last STORE destination (LIMIT, GET and BY arguments skipped).</summary>
        private static List<KeyReference> SortKeys(CommandArgs argv)
        {
            var keys = new List<KeyReference> { new(1, s_readAccess) };
            int store = -1;
            for (int i = 2; i < argv.Count; i++)
            {
                ReadOnlySpan<byte> arg = argv[i];
                if (Ascii.EqualsIgnoreCase(arg, "limit"u8))
                {
                    i += 2;
                }
                else if (Ascii.EqualsIgnoreCase(arg, "get"u8) || Ascii.EqualsIgnoreCase(arg, "by"u8))
                {
                    i += 1;
                }
                else if (Ascii.EqualsIgnoreCase(arg, "store"u8) && i + 1 < argv.Count)
                {
                    store = i + 1;
                }
            }
            if (store > 0)
            {
                keys.Add(new KeyReference(store, s_overwriteUpdate));
            }
            return keys;
        }

        /// <summary>migrateGetKeys: the key argument, or the keys after KEYS when the key argument is empty.</summary>
        private static List<KeyReference>? MigrateKeys(CommandArgs argv)
        {
            int first = 3;
            int count = 1;
            for (int i = 6; i < argv.Count; i++)
            {
                ReadOnlySpan<byte> arg = argv[i];
                if (Ascii.EqualsIgnoreCase(arg, "keys"u8))
                {
                    if (argv[3].Length > 0)
                    {
                        return null;
                    }
                    first = i + 1;
                    count = argv.Count - first;
                    break;
                }
                if (Ascii.EqualsIgnoreCase(arg, "auth"u8))
                {
                    i += 1;
                }
                else if (Ascii.EqualsIgnoreCase(arg, "auth2"u8))
                {
                    i += 2;
                }
            }
            var keys = new List<KeyReference>(count);
            for (int i = 0; i < count; i++)
            {
                keys.Add(new KeyReference(first + i, s_readWriteDelete));
            }
            return keys;
        }

        /// <summary>setGetKeys: the key is read too when GET is given.</summary>
        private static List<KeyReference> SetKeys(CommandArgs argv)
        {
            for (int i = 3; i < argv.Count; i++)
            {
                if (Ascii.EqualsIgnoreCase(argv[i], "get"u8))
                {
                    return [new KeyReference(1, s_readWriteUpdate)];
                }
            }
            return [new KeyReference(1, s_overwriteUpdate)];
        }

        /// <summary>bitfieldGetKeys: read-only when every operation is a GET (or OVERFLOW).</summary>
        private static List<KeyReference> BitfieldKeys(CommandArgs argv)
        {
            bool readOnly = true;
            for (int i = 2; i < argv.Count; i++)
            {
                int remaining = argv.Count - i - 1;
                ReadOnlySpan<byte> arg = argv[i];
                if (Ascii.EqualsIgnoreCase(arg, "get"u8) && remaining >= 2)
                {
                    i += 2;
                }
                else if ((Ascii.EqualsIgnoreCase(arg, "set"u8) || Ascii.EqualsIgnoreCase(arg, "incrby"u8)) && remaining >= 3)
                {
                    readOnly = false;
                    break;
                }
                else if (Ascii.EqualsIgnoreCase(arg, "overflow"u8) && remaining >= 1)
                {
                    i += 1;
                }
                else
                {
                    readOnly = false;
                    break;
                }
            }
            return [new KeyReference(1, readOnly ? s_readAccess : s_readWriteUpdate)];
        }
    }
}
