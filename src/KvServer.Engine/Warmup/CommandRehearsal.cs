using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Warmup;

/// <summary>
/// Runs the common commands on a small scratch server, once the real one is up, so that tiered compilation
/// has promoted the parser, the dispatcher, the handlers and the data types before the first clients press
/// on them (<see cref="CodeWarmup.AfterStart"/>).
/// </summary>
/// <remarks>
/// The runtime promotes a method only after 30 calls and a quiet period of 100 ms without new tier-0
/// compilations, and in two steps (instrumented, then optimized). A fresh server under a pipelined benchmark
/// therefore ran its first half-second of requests in slow code: SET <c>-P 16</c> measured 0.50-0.76× Redis
/// when it was the first test, against 1.2-1.4× once warm. So the rehearsal runs its pipeline in bursts with
/// pauses longer than that quiet period between them: about 60 ms of the second core over 0.8 s. The
/// scratch server shares nothing with the real one (its own keyspace, statistics and configuration).
/// </remarks>
internal static class CommandRehearsal
{
    private const int Bursts = 5;
    private const int BatchesPerBurst = 60;
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(150);

    /// <param name="commands">The scratch servers' command table, never the real server's: its specs count their calls.</param>
    public static void Run(CommandTable commands)
    {
        var options = new ServerOptions { Databases = 1 };
        var server = new ServerState(options, new ConfigRegistry(options), commands: commands);
        var client = new ClientSession(1, server, null);
        byte[] pipeline = Pipeline();
        var batch = new RequestBatch();
        var limits = new ParserLimits { MaxBulkLength = options.ProtoMaxBulkLength };
        for (int burst = 0; burst < Bursts; burst++)
        {
            if (burst > 0)
            {
                Thread.Sleep(s_pause);
            }
            for (int i = 0; i < BatchesPerBurst; i++)
            {
                batch.Clear();
                RespRequestParser.Parse(pipeline, batch, limits, out _, out _, out _);
                server.Dispatcher.ExecuteBatch(client, batch, pipeline);
                client.Reply.Reset();
            }
        }
    }

    /// <summary>
    /// redis-benchmark's default tests and a web cache's usual calls, 16 rounds of them with varied keys:
    /// one pipelined batch.
    /// </summary>
    internal static byte[] Pipeline()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 16; i++)
        {
            string key = "key:" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
            string member = "element:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Append(text, "SET", key, "xxx");
            Append(text, "GET", key);
            Append(text, "INCR", "counter:" + key);
            Append(text, "SET", key + ":ttl", "xxx", "EX", "100");
            Append(text, "EXPIRE", key, "100");
            Append(text, "TTL", key);
            Append(text, "EXISTS", key);
            Append(text, "MSET", key + ":a", "xxx", key + ":b", "xxx");
            Append(text, "MGET", key + ":a", key + ":b");
            Append(text, "DEL", key + ":a", key + ":b");
            Append(text, "LPUSH", "mylist", "xxx");
            Append(text, "RPUSH", "mylist", "xxx");
            Append(text, "LRANGE", "mylist", "0", "99");
            Append(text, "LPOP", "mylist");
            Append(text, "RPOP", "mylist");
            Append(text, "SADD", "myset", member);
            Append(text, "SPOP", "myset");
            Append(text, "HSET", "myhash", member, "xxx");
            Append(text, "HGET", "myhash", member);
            Append(text, "ZADD", "myzset", "0", member);
            Append(text, "ZPOPMIN", "myzset");
            Append(text, "PING");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static void Append(StringBuilder text, params string[] args)
    {
        text.Append('*').Append(args.Length).Append("\r\n");
        foreach (string arg in args)
        {
            text.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
        }
    }
}
