using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Persistence;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// RESTORE (cluster.c restoreCommand): creates a key from a DUMP payload, Redis's or KvServer's, decoded by the
/// RDB value reader with the same encoding choices as an RDB load.
/// </summary>
internal static partial class KeyCommands
{
    private static void RegisterRestore(CommandTable table)
    {
        table.Bind("restore", Restore);
    }

    // RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
    // Checks in Redis's order: options (IDLETIME and FREQ exclude each other: the second is a syntax error),
    // then the key (BUSYKEY), the TTL, the payload footer, the value. A TTL already in the past (ABSTTL)
    // creates nothing and replies OK, deleting the old key under REPLACE.
    private static void Restore(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseRestoreOptions(ctx, args, out RestoreOptions options))
        {
            return;
        }
        Database db = ctx.Db;
        ReadOnlySpan<byte> key = args[1];
        if (!options.Replace && db.LookupWrite(key, ctx.Now) is not null)
        {
            ctx.Reply.WriteError(RespErrors.BusyKey);
            return;
        }
        if (!Utf8Number.TryParseInt64(args[2], out long ttl))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (ttl < 0)
        {
            ctx.Reply.WriteError(RespErrors.RestoreInvalidTtl);
            return;
        }
        ReadOnlySpan<byte> payload = args[3];
        if (!DumpPayloadCheck.IsValid(payload))
        {
            ctx.Reply.WriteError(RespErrors.RestoreBadPayload);
            return;
        }
        if (payload.Length <= DumpPayloadCheck.FooterSize
            || !RdbValueReader.TryReadValue(payload[0], payload[1..^DumpPayloadCheck.FooterSize], ctx.Server.Options,
                out object? value, out _))
        {
            ctx.Reply.WriteError(RespErrors.RestoreBadDataFormat);
            return;
        }
        bool deleted = options.Replace && db.Delete(key);
        if (ttl != 0 && !options.AbsoluteTtl)
        {
            ttl += ctx.Now;
        }
        if (ttl != 0 && ttl <= ctx.Now)
        {
            if (deleted)
            {
                ctx.KeyModified(key);
                ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            }
            ctx.Reply.WriteOk();
            return;
        }
        byte[] stored = key.ToArray();
        db.Add(stored, value!, ttl != 0 ? ttl : -1);
        db.SetAccessHistory(stored, options.IdleSeconds, options.Frequency, ctx.Now);
        ctx.KeyModified(key);
        ctx.Notify(NotifyFlags.Generic, "restore"u8, key);
        ctx.Reply.WriteOk();
    }

    private static bool TryParseRestoreOptions(CommandContext ctx, CommandArgs args, out RestoreOptions options)
    {
        options = new RestoreOptions { IdleSeconds = -1, Frequency = -1 };
        for (int i = 4; i < args.Count; i++)
        {
            int additional = args.Count - i - 1;
            ReadOnlySpan<byte> option = args[i];
            if (Ascii.EqualsIgnoreCase(option, "replace"u8))
            {
                options.Replace = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "absttl"u8))
            {
                options.AbsoluteTtl = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "idletime"u8) && additional >= 1 && options.Frequency == -1)
            {
                if (!Utf8Number.TryParseInt64(args[i + 1], out long idle))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return false;
                }
                if (idle < 0)
                {
                    ctx.Reply.WriteError(RespErrors.RestoreInvalidIdleTime);
                    return false;
                }
                options.IdleSeconds = idle;
                i++;
            }
            else if (Ascii.EqualsIgnoreCase(option, "freq"u8) && additional >= 1 && options.IdleSeconds == -1)
            {
                if (!Utf8Number.TryParseInt64(args[i + 1], out long frequency))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return false;
                }
                if (frequency is < 0 or > 255)
                {
                    ctx.Reply.WriteError(RespErrors.RestoreInvalidFreq);
                    return false;
                }
                options.Frequency = (int)frequency;
                i++;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        return true;
    }

    private struct RestoreOptions
    {
        public bool Replace;
        public bool AbsoluteTtl;
        public long IdleSeconds;
        public int Frequency;
    }
}
