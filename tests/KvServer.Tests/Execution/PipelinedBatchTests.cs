using System.Text;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Execution;

/// <summary>
/// A pipelined batch runs exactly as its commands one by one: the dispatcher's key warm-up over a batch
/// (first/last/step key positions from the command table) must never change a reply, whatever the
/// commands' shapes — no keys, too few arguments, negative last-key positions, key steps, subcommands,
/// unknown commands, a SELECT in the middle, more commands than one warm-up group.
/// </summary>
public class PipelinedBatchTests
{
    private static readonly string[][] s_commands =
    [
        ["SET", "a", "1"],
        ["MSET", "b", "2", "c", "3", "d", "4"],
        ["GET"],
        ["MGET", "a", "b", "c", "missing"],
        ["BLPOP"],
        ["LPUSH", "list", "x", "y"],
        ["BLPOP", "list", "nolist", "0"],
        ["SELECT", "1"],
        ["GET", "a"],
        ["SET", "a", "db1"],
        ["SELECT", "0"],
        ["NOSUCHCOMMAND", "a"],
        ["OBJECT", "ENCODING", "a"],
        ["CONFIG", "GET", "maxmemory"],
        ["PING"],
        ["INCR", "a"],
        ["HSET", "h", "f", "v"],
        ["ZADD", "z", "1", "m"],
        ["ZUNIONSTORE", "out", "2", "z", "missing"],
        ["DEL", "b", "c", "d", "h", "nothing"],
        ["EXISTS", "a", "b", "z", "out"],
    ];

    private static IEnumerable<string[]> Workload()
    {
        foreach (string[] command in s_commands)
        {
            yield return command;
        }
        // Past one warm-up group (32 commands), with keys present and absent.
        for (int i = 0; i < 100; i++)
        {
            yield return i % 3 == 0 ? ["SET", $"k{i % 17}", $"{i}"] : ["GET", $"k{i % 23}"];
        }
        yield return ["DBSIZE"];
    }

    private static byte[] Encode(IEnumerable<string[]> commands)
    {
        var request = new StringBuilder();
        foreach (string[] command in commands)
        {
            request.Append('*').Append(command.Length).Append("\r\n");
            foreach (string arg in command)
            {
                request.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
            }
        }
        return Encoding.ASCII.GetBytes(request.ToString());
    }

    [Fact]
    public void PipelinedBatch_RepliesAsCommandsOneByOne()
    {
        var oneByOne = new CommandHarness();
        var expected = new StringBuilder();
        foreach (string[] command in Workload())
        {
            expected.Append(oneByOne.Run(command));
        }

        var pipelined = new CommandHarness();
        string actual = pipelined.Execute(pipelined.Client, Encode(Workload()));

        Assert.Equal(expected.ToString(), actual);
        Assert.Contains("-ERR unknown command 'NOSUCHCOMMAND'", actual, StringComparison.Ordinal);
        Assert.Equal(oneByOne.Run("SELECT", "1") + oneByOne.Run("GET", "a"), pipelined.Run("SELECT", "1") + pipelined.Run("GET", "a"));
    }
}
