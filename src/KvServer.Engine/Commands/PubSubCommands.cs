using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using KvServer.Engine.PubSub;

namespace KvServer.Engine.Commands;

/// <summary>
/// Pub/sub (Redis's pubsub.c): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE,
/// PUBLISH, SPUBLISH and PUBSUB CHANNELS | NUMSUB | NUMPAT | SHARDCHANNELS | SHARDNUMSUB. Confirmations
/// are push messages (arrays in RESP2); delivery lives in <see cref="PubSubHub"/>.
/// </summary>
internal static class PubSubCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("subscribe", Subscribe);
        table.Bind("unsubscribe", Unsubscribe);
        table.Bind("psubscribe", Psubscribe);
        table.Bind("punsubscribe", Punsubscribe);
        table.Bind("ssubscribe", Ssubscribe);
        table.Bind("sunsubscribe", Sunsubscribe);
        table.Bind("publish", Publish);
        table.Bind("spublish", Spublish);
        table.Bind("pubsub|channels", PubsubChannels);
        table.Bind("pubsub|shardchannels", PubsubShardchannels);
        table.Bind("pubsub|numsub", PubsubNumsub);
        table.Bind("pubsub|shardnumsub", PubsubShardnumsub);
        table.Bind("pubsub|numpat", PubsubNumpat);
        table.Bind("pubsub|help", PubsubHelp);
    }

    // SUBSCRIBE channel [channel ...]
    private static void Subscribe(CommandContext ctx, CommandArgs args) => SubscribeAll(ctx, args, PubSubKind.Channel, "subscribe"u8);

    // PSUBSCRIBE pattern [pattern ...]
    private static void Psubscribe(CommandContext ctx, CommandArgs args) => SubscribeAll(ctx, args, PubSubKind.Pattern, "psubscribe"u8);

    // SSUBSCRIBE shardchannel [shardchannel ...]
    private static void Ssubscribe(CommandContext ctx, CommandArgs args) => SubscribeAll(ctx, args, PubSubKind.Shard, "ssubscribe"u8);

    // UNSUBSCRIBE [channel ...]
    private static void Unsubscribe(CommandContext ctx, CommandArgs args) => UnsubscribeAll(ctx, args, PubSubKind.Channel, "unsubscribe"u8);

    // PUNSUBSCRIBE [pattern ...]
    private static void Punsubscribe(CommandContext ctx, CommandArgs args) => UnsubscribeAll(ctx, args, PubSubKind.Pattern, "punsubscribe"u8);

    // SUNSUBSCRIBE [shardchannel ...]
    private static void Sunsubscribe(CommandContext ctx, CommandArgs args) => UnsubscribeAll(ctx, args, PubSubKind.Shard, "sunsubscribe"u8);

    private static void SubscribeAll(CommandContext ctx, CommandArgs args, PubSubKind kind, ReadOnlySpan<byte> verb)
    {
        PubSubHub hub = ctx.Server.PubSub;
        for (int i = 1; i < args.Count; i++)
        {
            hub.Subscribe(ctx.Client, args.ToArray(i), kind);
            WriteConfirmation(ctx, verb, args[i], kind);
        }
    }

    private static void UnsubscribeAll(CommandContext ctx, CommandArgs args, PubSubKind kind, ReadOnlySpan<byte> verb)
    {
        PubSubHub hub = ctx.Server.PubSub;
        ClientSession client = ctx.Client;
        if (args.Count > 1)
        {
            for (int i = 1; i < args.Count; i++)
            {
                hub.Unsubscribe(client, args.ToArray(i), kind);
                WriteConfirmation(ctx, verb, args[i], kind);
            }
            return;
        }
        HashSet<byte[]> own = kind switch
        {
            PubSubKind.Channel => client.Channels,
            PubSubKind.Pattern => client.Patterns,
            _ => client.ShardChannels,
        };
        if (own.Count == 0)
        {
            // Nothing to leave: one confirmation with a null channel, as Redis replies.
            ctx.Reply.WritePushLength(3);
            ctx.Reply.WriteBulkString(verb);
            ctx.Reply.WriteNull();
            ctx.Reply.WriteInteger(Count(client, kind));
            return;
        }
        foreach (byte[] channel in (byte[][])[.. own])
        {
            hub.Unsubscribe(client, channel, kind);
            WriteConfirmation(ctx, verb, channel, kind);
        }
    }

    // Shard subscriptions are counted apart from channels and patterns, as in Redis 7.0.
    private static int Count(ClientSession client, PubSubKind kind) =>
        kind == PubSubKind.Shard ? client.ShardChannels.Count : client.Channels.Count + client.Patterns.Count;

    private static void WriteConfirmation(CommandContext ctx, ReadOnlySpan<byte> verb, ReadOnlySpan<byte> channel, PubSubKind kind)
    {
        ctx.Reply.WritePushLength(3);
        ctx.Reply.WriteBulkString(verb);
        ctx.Reply.WriteBulkString(channel);
        ctx.Reply.WriteInteger(Count(ctx.Client, kind));
    }

    // PUBLISH channel message
    private static void Publish(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteInteger(ctx.Server.PubSub.Publish(args[1], args[2]));

    // SPUBLISH shardchannel message
    private static void Spublish(CommandContext ctx, CommandArgs args) =>
        ctx.Reply.WriteInteger(ctx.Server.PubSub.Publish(args[1], args[2], shard: true));

    // PUBSUB CHANNELS [pattern]
    private static void PubsubChannels(CommandContext ctx, CommandArgs args) => ListChannels(ctx, args, ctx.Server.PubSub.Channels);

    // PUBSUB SHARDCHANNELS [pattern]
    private static void PubsubShardchannels(CommandContext ctx, CommandArgs args) => ListChannels(ctx, args, ctx.Server.PubSub.ShardChannels);

    private static void ListChannels(CommandContext ctx, CommandArgs args, IEnumerable<byte[]> channels)
    {
        var matches = new List<byte[]>();
        bool filter = args.Count > 2;
        foreach (byte[] channel in channels)
        {
            if (!filter || Keyspace.GlobMatcher.IsMatch(args[2], channel))
            {
                matches.Add(channel);
            }
        }
        ctx.Reply.WriteArrayLength(matches.Count);
        foreach (byte[] channel in matches)
        {
            ctx.Reply.WriteBulkString(channel);
        }
    }

    // PUBSUB NUMSUB [channel ...]: a flat array of channel, count pairs in both protocols (as Redis 7.0).
    private static void PubsubNumsub(CommandContext ctx, CommandArgs args) => NumSub(ctx, args, shard: false);

    // PUBSUB SHARDNUMSUB [shardchannel ...]
    private static void PubsubShardnumsub(CommandContext ctx, CommandArgs args) => NumSub(ctx, args, shard: true);

    private static void NumSub(CommandContext ctx, CommandArgs args, bool shard)
    {
        ctx.Reply.WriteArrayLength((args.Count - 2) * 2);
        for (int i = 2; i < args.Count; i++)
        {
            ctx.Reply.WriteBulkString(args[i]);
            ctx.Reply.WriteInteger(ctx.Server.PubSub.SubscriberCount(args[i], shard));
        }
    }

    // PUBSUB NUMPAT
    private static void PubsubNumpat(CommandContext ctx, CommandArgs args) => ctx.Reply.WriteInteger(ctx.Server.PubSub.PatternCount);

    // PUBSUB HELP
    private static void PubsubHelp(CommandContext ctx, CommandArgs args)
    {
        string[] lines =
        [
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
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
