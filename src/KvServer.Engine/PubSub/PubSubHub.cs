using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.PubSub;

/// <summary>
/// Channels, patterns and shard channels with their subscribers (Redis's pubsub.c). PUBLISH writes the
/// message straight into each subscriber's output buffer (under that client's output lock) and wakes its
/// connection; nothing waits for a slow subscriber. A subscriber whose unsent output passes the pubsub
/// client-output-buffer-limit is disconnected, as in Redis. Executor-only.
/// </summary>
public sealed class PubSubHub
{
    private readonly Dictionary<byte[], List<ClientSession>> _channels = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], List<ClientSession>> _patterns = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], List<ClientSession>> _shardChannels = new(ByteArrayComparer.Instance);
    private readonly ServerState _server;

    public PubSubHub(ServerState server) => _server = server;

    public int ChannelCount => _channels.Count;

    public int PatternCount => _patterns.Count;

    public int ShardChannelCount => _shardChannels.Count;

    /// <summary>Whether anyone listens at all (keyspace notifications skip work when not).</summary>
    public bool HasSubscribers => _channels.Count > 0 || _patterns.Count > 0;

    public IEnumerable<byte[]> Channels => _channels.Keys;

    public IEnumerable<byte[]> ShardChannels => _shardChannels.Keys;

    public int SubscriberCount(ReadOnlySpan<byte> channel, bool shard)
    {
        var lookup = (shard ? _shardChannels : _channels).GetAlternateLookup<ReadOnlySpan<byte>>();
        return lookup.TryGetValue(channel, out List<ClientSession>? clients) ? clients.Count : 0;
    }

    public bool Subscribe(ClientSession client, byte[] channel, PubSubKind kind)
    {
        HashSet<byte[]> own = OwnSet(client, kind);
        if (!own.Add(channel))
        {
            return false;
        }
        Dictionary<byte[], List<ClientSession>> registry = Registry(kind);
        if (!registry.TryGetValue(channel, out List<ClientSession>? clients))
        {
            clients = [];
            registry.Add(channel, clients);
        }
        clients.Add(client);
        return true;
    }

    public bool Unsubscribe(ClientSession client, byte[] channel, PubSubKind kind)
    {
        if (!OwnSet(client, kind).Remove(channel))
        {
            return false;
        }
        Dictionary<byte[], List<ClientSession>> registry = Registry(kind);
        if (registry.TryGetValue(channel, out List<ClientSession>? clients))
        {
            clients.Remove(client);
            if (clients.Count == 0)
            {
                registry.Remove(channel);
            }
        }
        return true;
    }

    /// <summary>Drops every subscription of a disconnecting client.</summary>
    public void RemoveClient(ClientSession client)
    {
        foreach (PubSubKind kind in (ReadOnlySpan<PubSubKind>)[PubSubKind.Channel, PubSubKind.Pattern, PubSubKind.Shard])
        {
            HashSet<byte[]> own = OwnSet(client, kind);
            if (own.Count == 0)
            {
                continue;
            }
            foreach (byte[] channel in (byte[][])[.. own])
            {
                Unsubscribe(client, channel, kind);
            }
        }
    }

    private static HashSet<byte[]> OwnSet(ClientSession client, PubSubKind kind) => kind switch
    {
        PubSubKind.Channel => client.Channels,
        PubSubKind.Pattern => client.Patterns,
        _ => client.ShardChannels,
    };

    private Dictionary<byte[], List<ClientSession>> Registry(PubSubKind kind) => kind switch
    {
        PubSubKind.Channel => _channels,
        PubSubKind.Pattern => _patterns,
        _ => _shardChannels,
    };

    /// <summary>PUBLISH / SPUBLISH: delivers to channel subscribers and (not for shard) matching patterns.</summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, bool shard = false)
    {
        int receivers = 0;
        var lookup = (shard ? _shardChannels : _channels).GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(channel, out List<ClientSession>? clients))
        {
            foreach (ClientSession client in clients)
            {
                if (Deliver(client, shard ? "smessage"u8 : "message"u8, default, channel, message))
                {
                    receivers++;
                }
            }
        }
        if (!shard && _patterns.Count > 0)
        {
            foreach (KeyValuePair<byte[], List<ClientSession>> entry in _patterns)
            {
                if (!GlobMatcher.IsMatch(entry.Key, channel))
                {
                    continue;
                }
                foreach (ClientSession client in entry.Value)
                {
                    if (Deliver(client, "pmessage"u8, entry.Key, channel, message))
                    {
                        receivers++;
                    }
                }
            }
        }
        return receivers;
    }

    // False for a subscriber already on its way out (it no longer counts as a receiver, as in Redis once
    // the client is freed); true otherwise, including the delivery that pushes it past its limit.
    private bool Deliver(ClientSession client, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message)
    {
        if (client.IsClosed || client.CloseRequested)
        {
            return false;
        }
        RespWriter reply = client.Reply;
        bool overLimit;
        lock (client.OutputLock)
        {
            reply.WritePushLength(pattern.IsEmpty && kind[0] != (byte)'p' ? 3 : 4);
            reply.WriteBulkString(kind);
            if (kind[0] == (byte)'p')
            {
                reply.WriteBulkString(pattern);
            }
            reply.WriteBulkString(channel);
            reply.WriteBulkString(message);
            overLimit = OutputOverLimit(client, reply.Length);
        }
        if (overLimit)
        {
            // Redis frees a subscriber that cannot keep up instead of buffering without bound. Kill, not
            // Close: its connection is usually stuck in a send that the peer does not drain.
            if (client.Transport is null)
            {
                client.CloseRequested = true;
            }
            else
            {
                client.Transport.Kill();
            }
            return true;
        }
        client.Wake?.Invoke();
        return true;
    }

    /// <summary>checkClientOutputBufferLimits for the pubsub class: hard limit at once, soft limit after its seconds.</summary>
    private bool OutputOverLimit(ClientSession client, long pending)
    {
        Configuration.ClientOutputBufferLimit limit = _server.Options.PubSubOutputLimit;
        if (limit.HardBytes > 0 && pending >= limit.HardBytes)
        {
            return true;
        }
        if (limit.SoftBytes > 0 && pending >= limit.SoftBytes)
        {
            long now = _server.Clock.UnixTimeMilliseconds;
            if (client.OutputSoftLimitSinceMs == 0)
            {
                client.OutputSoftLimitSinceMs = now;
                return false;
            }
            return now - client.OutputSoftLimitSinceMs > limit.SoftSeconds * 1000L;
        }
        client.OutputSoftLimitSinceMs = 0;
        return false;
    }
}

/// <summary>The three subscription namespaces.</summary>
public enum PubSubKind
{
    Channel,
    Pattern,
    Shard,
}
