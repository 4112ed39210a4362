using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// DEBUG subcommand [arg ...] (debug.c): the subcommands that make sense without Redis's allocator, fork and
/// replication: HELP, OBJECT, SLEEP, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID, STRINGMATCH-TEST,
/// QUICKLIST-PACKED-THRESHOLD, LISTPACK, QUICKLIST, SDSLEN, PROTOCOL, ERROR, LOG, POPULATE. DEBUG is a
/// protected command: the dispatcher refuses it unless enable-debug-command allows it.
/// </summary>
internal static partial class ServerCommands
{
    /// <summary>OBJ_SHARED_REFCOUNT: the refcount Redis shows for its shared small integers.</summary>
    private const int SharedRefcount = int.MaxValue;

    /// <summary>OBJ_SHARED_INTEGERS: integers below this are shared objects in Redis.</summary>
    private const long SharedIntegers = 10000;

    private static readonly string[] s_debugHelp =
    [
        "AOF-FLUSH-SLEEP <microsec>",
        "    Server will sleep before flushing the AOF, this is used for testing.",
        "ASSERT",
        "    Crash by assertion failed.",
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "CONFIG-REWRITE-FORCE-ALL",
        "    Like CONFIG REWRITE but writes all configuration options, including",
        "    keywords not listed in original configuration file or default values.",
        "CRASH-AND-RECOVER [<milliseconds>]",
        "    Hard crash and restart after a <milliseconds> delay (default 0).",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LEAK <string>",
        "    Create a memory leak of the input string.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "LOADAOF",
        "    Flush the AOF buffers on disk and reload the AOF in memory.",
        "REPLICATE <string>",
        "    Replicates the provided string to replicas, allowing data divergence.",
        "MALLCTL <key> [<val>]",
        "    Get or set a malloc tuning integer.",
        "MALLCTL-STR <key> [<val>]",
        "    Get or set a malloc tuning string.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "DROP-CLUSTER-PACKET-FILTER <packet-type>",
        "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
        "OOM",
        "    Crash the server simulating an out-of-memory error.",
        "PANIC",
        "    Crash the server simulating a panic.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "RESTART [<milliseconds>]",
        "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
        "SDSLEN <key>",
        "    Show low level SDS string info representing `key` and value.",
        "SEGFAULT",
        "    Crash the server with sigsegv.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "STRUCTSIZE",
        "    Return the size of different Redis core C structures.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "CLIENT-EVICTION",
        "    Show low level client eviction pools info (maxmemory-clients).",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
        "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
        "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
        "    In case NEVER is provided the last observed peak will never be reset",
        "    In case RESET is provided the peak reset time will be restored to the default value",
        "REPLYBUFFER RESIZING <0|1>",
        "    Enable or disable the reply buffer resize cron job",
        "CLUSTERLINK KILL <to|from|all> <node-id>",
        "    Kills the link based on the direction to/from (both) with the provided node.",
    ];

    // DEBUG subcommand [arg ...]: each subcommand takes a fixed number of arguments; anything else is
    // "unknown subcommand or wrong number of arguments".
    private static void Debug(CommandContext ctx, CommandArgs args)
    {
        ReadOnlySpan<byte> sub = args[1];
        int argc = args.Count;
        if (Is(sub, "help"u8) && argc == 2)
        {
            WriteHelp(ctx.Reply, "DEBUG", s_debugHelp);
        }
        else if (Is(sub, "object"u8) && argc == 3)
        {
            DebugObject(ctx, args[2]);
        }
        else if (Is(sub, "sleep"u8) && argc == 3)
        {
            DebugSleep(ctx, args.GetString(2));
        }
        else if (Is(sub, "set-active-expire"u8) && argc == 3)
        {
            ctx.Server.Options.ActiveExpireEnabled = Atoi(args.GetString(2)) != 0;
            ctx.Reply.WriteOk();
        }
        else if (Is(sub, "change-repl-id"u8) && argc == 2)
        {
            ctx.Server.ReplicationId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
            ctx.Server.ReplicationId2 = new string('0', 40);
            ctx.Reply.WriteOk();
        }
        else if (Is(sub, "stringmatch-test"u8) && argc == 2)
        {
            StringMatchFuzz(ctx.Server.Random);
            ctx.Reply.WriteSimpleString("Apparently Redis did not crash: test passed"u8);
        }
        else if (Is(sub, "quicklist-packed-threshold"u8) && argc == 3)
        {
            DebugQuicklistPackedThreshold(ctx, args.GetString(2));
        }
        else if (Is(sub, "listpack"u8) && argc == 3)
        {
            DebugEncodingDump(ctx, args[2], "listpack", RespErrors.NotListpack, "Listpack structure printed on stdout"u8);
        }
        else if (Is(sub, "quicklist"u8) && argc is 3 or 4)
        {
            DebugEncodingDump(ctx, args[2], "quicklist", RespErrors.NotQuicklist, "Quicklist structure printed on stdout"u8);
        }
        else if (Is(sub, "sdslen"u8) && argc == 3)
        {
            DebugSdslen(ctx, args[2]);
        }
        else if (Is(sub, "protocol"u8) && argc == 3)
        {
            DebugProtocol(ctx.Reply, args.GetString(2).ToLowerInvariant());
        }
        else if (Is(sub, "error"u8) && argc == 3)
        {
            // The text is the whole error line, error code included.
            ctx.Reply.WriteError(args[2]);
        }
        else if (Is(sub, "log"u8) && argc == 3)
        {
            ctx.Reply.WriteOk();
        }
        else if (Is(sub, "reload"u8))
        {
            DebugReload(ctx, args);
        }
        else if (Is(sub, "populate"u8) && argc is >= 3 and <= 5)
        {
            DebugPopulate(ctx, args);
        }
        else
        {
            WriteSubcommandSyntaxError(ctx, sub, "DEBUG");
        }
    }

    private static bool Is(ReadOnlySpan<byte> argument, ReadOnlySpan<byte> name) => Ascii.EqualsIgnoreCase(argument, name);

    /// <summary>C's atoi: leading blanks, a sign, digits; anything else ends the number (0 if none).</summary>
    private static long Atoi(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        bool negative = i < text.Length && text[i] == '-';
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]) && value < int.MaxValue; i++)
        {
            value = value * 10 + (text[i] - '0');
        }
        return negative ? -value : value;
    }

    /// <summary>C's strtod on a prefix: the longest leading number, 0 when there is none.</summary>
    private static double Strtod(string text)
    {
        string trimmed = text.TrimStart();
        for (int length = trimmed.Length; length > 0; length--)
        {
            if (double.TryParse(trimmed.AsSpan(0, length), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                return value;
            }
        }
        return 0;
    }

    // DEBUG OBJECT key: "Value at:0x... refcount:N encoding:E serializedlength:N lru:N lru_seconds_idle:N".
    // Like Redis it looks at the key table directly, so it neither expires the key nor touches its LRU clock.
    private static void DebugObject(CommandContext ctx, ReadOnlySpan<byte> key)
    {
        Database db = ctx.Db;
        int index = db.Keys.Find(key);
        if (index < 0)
        {
            ctx.Reply.WriteError(RespErrors.NoSuchKey);
            return;
        }
        object value = db.Keys.ValueAt(index);
        uint lru = db.Keys.ClockAt(index) & ((1 << 24) - 1);
        long idle = db.IdleSeconds(key, ctx.Now);
        string address = "0x7f" + ((uint)RuntimeHelpers.GetHashCode(value)).ToString("x8", CultureInfo.InvariantCulture) + "10";
        string text = $"Value at:{address} refcount:{Refcount(ctx.Server.Options, value)} encoding:{ValueTypes.Encoding(value)} " +
            $"serializedlength:{SerializedLength(value)} lru:{lru} lru_seconds_idle:{idle}";
        ctx.Reply.WriteSimpleString(text);
    }

    /// <summary>
    /// Redis shares the integers 0..9999 (refcount INT_MAX) unless maxmemory is set with an LRU or LFU
    /// policy, which needs a clock per object; every other value has one reference.
    /// </summary>
    private static int Refcount(ServerOptions options, object value)
    {
        bool sharingAllowed = options.MaxMemory == 0 || !(options.MaxMemoryPolicy.EndsWith("-lru", StringComparison.Ordinal)
            || options.MaxMemoryPolicy.EndsWith("-lfu", StringComparison.Ordinal));
        return value is KvInt number && number.Value is >= 0 and < SharedIntegers && sharingAllowed ? SharedRefcount : 1;
    }

    /// <summary>
    /// rdbSavedObjectLen for strings: integer encodings of 1, 2 or 4 bytes where they fit, else a length
    /// prefix and the bytes. LZF compression of strings over 20 bytes is not modelled (the length is the
    /// uncompressed one), and collections report 0 until they are persisted.
    /// </summary>
    private static long SerializedLength(object value)
    {
        if (value is KvInt number)
        {
            int encoded = IntegerEncodingLength(number.Value);
            return encoded > 0 ? encoded : SavedLengthPrefix(Utf8Number.CountDigits(number.Value)) + Utf8Number.CountDigits(number.Value);
        }
        if (!StringValue.IsString(value))
        {
            return 0;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> bytes = StringValue.GetBytes(value, scratch);
        if (bytes.Length <= 11 && Utf8Number.TryParseInt64(bytes, out long parsed) && Utf8Number.CountDigits(parsed) == bytes.Length)
        {
            int encoded = IntegerEncodingLength(parsed);
            if (encoded > 0)
            {
                return encoded;
            }
        }
        return SavedLengthPrefix(bytes.Length) + bytes.Length;
    }

    /// <summary>rdbEncodeInteger: 2, 3 or 5 bytes for 8-, 16- and 32-bit values, 0 when it does not fit.</summary>
    private static int IntegerEncodingLength(long value) => value switch
    {
        >= sbyte.MinValue and <= sbyte.MaxValue => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 0,
    };

    /// <summary>rdbSaveLen: 1, 2, 5 or 9 bytes.</summary>
    private static int SavedLengthPrefix(long length) => length switch
    {
        < 1 << 6 => 1,
        < 1 << 14 => 2,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    // DEBUG SLEEP seconds: stops the executor (every client waits), as Redis stops its event loop.
    private static void DebugSleep(CommandContext ctx, string seconds)
    {
        long micros = (long)(Strtod(seconds) * 1_000_000);
        if (micros > 0)
        {
            Thread.Sleep(TimeSpan.FromTicks(micros * 10));
        }
        ctx.Reply.WriteOk();
    }

    // DEBUG QUICKLIST-PACKED-THRESHOLD size: 0 restores the 1GB default; at most 4GB - 1MB.
    private static void DebugQuicklistPackedThreshold(CommandContext ctx, string size)
    {
        if (!ConfigRegistry.TryParseMemory(size, out ulong bytes) || bytes > (1UL << 32) - (1UL << 20))
        {
            ctx.Reply.WriteError(RespErrors.PackedThreshold);
            return;
        }
        ctx.Server.Options.QuicklistPackedThreshold = bytes == 0 ? 1L << 30 : (long)bytes;
        ctx.Reply.WriteOk();
    }

    // DEBUG LISTPACK key / DEBUG QUICKLIST key [0|1]: Redis prints the structure on its standard output;
    // KvServer has no console in the engine, so only the check and the reply remain.
    private static void DebugEncodingDump(CommandContext ctx, ReadOnlySpan<byte> key, string encoding, ReadOnlySpan<byte> error, ReadOnlySpan<byte> done)
    {
        object? value = ctx.Db.Peek(key, ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteError(RespErrors.NoSuchKey);
        }
        else if (ValueTypes.Encoding(value) != encoding)
        {
            ctx.Reply.WriteError(error);
        }
        else
        {
            ctx.Reply.WriteSimpleString(done);
        }
    }

    // DEBUG SDSLEN key: the sizes the equivalent Redis strings would have (KvServer's strings are exact-size
    // arrays, so there is never spare capacity).
    private static void DebugSdslen(CommandContext ctx, ReadOnlySpan<byte> key)
    {
        object? value = ctx.Db.Peek(key, ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteError(RespErrors.NoSuchKey);
            return;
        }
        if (!StringValue.IsString(value) || value is KvInt)
        {
            ctx.Reply.WriteError(RespErrors.NotSds);
            return;
        }
        long length = StringValue.GetLength(value);
        // An embstr lives in one allocation with its 16-byte object header; a raw string has its own.
        long valueAllocation = StringValue.Encoding(value) == "embstr"
            ? AllocationSize(16 + 3 + length + 1) - 16
            : AllocationSize(SdsHeader(length) + length + 1);
        string text = $"key_sds_len:{key.Length}, key_sds_avail:0, key_zmalloc: {AllocationSize(SdsHeader(key.Length, keyType: true) + key.Length + 1)}, " +
            $"val_sds_len:{length}, val_sds_avail:0, val_zmalloc: {valueAllocation}";
        ctx.Reply.WriteSimpleString(text);
    }

    /// <summary>sdsReqType's header size: 1 (type 5, keys under 32 bytes), 3, 5, 9 or 17 bytes.</summary>
    private static long SdsHeader(long length, bool keyType = false) => length switch
    {
        < 32 when keyType => 1,
        < 256 => 3,
        < 65536 => 5,
        <= uint.MaxValue => 9,
        _ => 17,
    };

    /// <summary>jemalloc's small size classes: 8, 16, then steps of 16 up to 128, then four classes per doubling.</summary>
    private static long AllocationSize(long size)
    {
        if (size <= 8)
        {
            return 8;
        }
        if (size <= 128)
        {
            return (size + 15) / 16 * 16;
        }
        long group = 128;
        while (size > group * 2)
        {
            group *= 2;
        }
        long step = group / 4;
        return (size + step - 1) / step * step;
    }

    // DEBUG PROTOCOL type: a sample reply of each RESP type.
    private static void DebugProtocol(RespWriter reply, string type)
    {
        switch (type)
        {
            case "string":
                reply.WriteBulkString("Hello World"u8);
                break;
            case "integer":
                reply.WriteInteger(12345);
                break;
            case "double":
                reply.WriteDouble(3.141);
                break;
            case "bignum":
                reply.WriteBigNumber("1234567999999999999999999999999999999"u8);
                break;
            case "null":
                reply.WriteNull();
                break;
            case "array":
                reply.WriteArrayLength(3);
                WriteIntegers(reply, 3);
                break;
            case "set":
                reply.WriteSetLength(3);
                WriteIntegers(reply, 3);
                break;
            case "map":
                reply.WriteMapLength(3);
                for (int i = 0; i < 3; i++)
                {
                    reply.WriteInteger(i);
                    reply.WriteBool(i == 1);
                }
                break;
            case "attrib":
                if (reply.IsResp3)
                {
                    reply.WriteAttributeLength(1);
                    reply.WriteBulkString("key-popularity"u8);
                    reply.WriteArrayLength(2);
                    reply.WriteBulkString("key:123"u8);
                    reply.WriteInteger(90);
                }
                reply.WriteBulkString("Some real reply following the attribute"u8);
                break;
            case "push":
                if (!reply.IsResp3)
                {
                    reply.WriteError(RespErrors.Resp2NotSupported);
                    break;
                }
                reply.WritePushLength(2);
                reply.WriteBulkString("server-cpu-usage"u8);
                reply.WriteInteger(42);
                reply.WriteBulkString("Some real reply following the push reply"u8);
                break;
            case "verbatim":
                reply.WriteVerbatim("This is a verbatim\nstring"u8, "txt"u8);
                break;
            case "true":
                reply.WriteBool(true);
                break;
            case "false":
                reply.WriteBool(false);
                break;
            default:
                reply.WriteError(RespErrors.WrongProtocolType);
                break;
        }
    }

    private static void WriteIntegers(RespWriter reply, int count)
    {
        for (int i = 0; i < count; i++)
        {
            reply.WriteInteger(i);
        }
    }

    // DEBUG POPULATE count [prefix] [size]: keys prefix:N holding "value:N" (cut or zero-padded to size);
    // existing keys are skipped.
    private static void DebugPopulate(CommandContext ctx, CommandArgs args)
    {
        if (!TryParsePositive(args[2], out long count) || (args.Count == 5 && !TryParsePositive(args[4], out _)))
        {
            ctx.Reply.WriteError(RespErrors.NotPositive);
            return;
        }
        long size = 0;
        if (args.Count == 5)
        {
            TryParsePositive(args[4], out size);
        }
        string prefix = args.Count >= 4 ? Encoding.Latin1.GetString(args[3]) : "key";
        for (long j = 0; j < count; j++)
        {
            byte[] key = Encoding.Latin1.GetBytes(prefix + ":" + j.ToString(CultureInfo.InvariantCulture));
            if (ctx.Db.LookupWrite(key, ctx.Now) is not null)
            {
                continue;
            }
            byte[] text = Encoding.ASCII.GetBytes("value:" + j.ToString(CultureInfo.InvariantCulture));
            byte[] value = text;
            if (size > 0)
            {
                value = new byte[size];
                text.AsSpan(0, (int)Math.Min(size, text.Length)).CopyTo(value);
            }
            ctx.Db.Set(key, value);
            ctx.KeyModified(key, changes: 0);
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>getPositiveLongFromObjectOrReply's test: an integer from 0 to LONG_MAX.</summary>
    private static bool TryParsePositive(ReadOnlySpan<byte> text, out long value) =>
        Utf8Number.TryParseInt64(text, out value) && value >= 0;

    /// <summary>DEBUG STRINGMATCH-TEST: random patterns against random strings; passing means nothing threw.</summary>
    private static void StringMatchFuzz(Random random)
    {
        Span<byte> pattern = stackalloc byte[32];
        Span<byte> text = stackalloc byte[32];
        ReadOnlySpan<byte> alphabet = "*?[]^-\\ab"u8;
        for (int i = 0; i < 1000; i++)
        {
            int patternLength = random.Next(pattern.Length);
            int textLength = random.Next(text.Length);
            for (int j = 0; j < patternLength; j++)
            {
                pattern[j] = alphabet[random.Next(alphabet.Length)];
            }
            for (int j = 0; j < textLength; j++)
            {
                text[j] = alphabet[random.Next(alphabet.Length)];
            }
            GlobMatcher.IsMatch(pattern[..patternLength], text[..textLength]);
        }
    }
}
