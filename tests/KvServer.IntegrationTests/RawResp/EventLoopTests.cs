using System.Text;
using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.RawResp;

/// <summary>
/// The transport under the protocol: reads and sends that cannot complete at once, many connections coming
/// and going, and a client killed while its read waits. Run against KvServer's own event loop (the default
/// on Linux) and against .NET's socket engine (<c>kvserver-event-loop-poll-us -1</c>), which must behave alike.
/// </summary>
public abstract class EventLoopTestsBase
{
    private const int BigValueLength = 4 * 1024 * 1024;

    protected abstract int Port { get; }

    private static string Bulk(string text) => $"${Encoding.Latin1.GetByteCount(text)}\r\n{text}\r\n";

    private static string BigValue(char seed)
    {
        var text = new StringBuilder(BigValueLength);
        for (int i = 0; i < BigValueLength; i++)
        {
            text.Append((char)(seed + (i % 23)));
        }
        return text.ToString();
    }

    [Fact]
    public void ReplyLargerThanTheSocketBuffers_WaitsForTheReader_WhileOtherClientsAreServed()
    {
        string value = BigValue('a');
        using var writer = new RawConnection(Port);
        writer.Send("*3\r\n$3\r\nSET\r\n$9\r\nloop:big1\r\n" + Bulk(value));
        Assert.Equal("+OK\r\n", writer.ReadReply());

        // A small receive buffer and no reading yet: the server's send fills the socket and must wait for room.
        using var slowReader = new RawConnection(Port, receiveBufferSize: 16 * 1024);
        slowReader.SendCommand("GET", "loop:big1");
        using var other = new RawConnection(Port);
        for (int i = 0; i < 20; i++)
        {
            other.SendCommand("INCR", "loop:counter");
            Assert.Equal($":{i + 1}\r\n", other.ReadReply());
        }

        string expected = Bulk(value);
        Assert.Equal(expected, slowReader.ReadExactly(expected.Length));
        slowReader.SendCommand("PING");
        Assert.Equal("+PONG\r\n", slowReader.ReadReply());
    }

    [Fact]
    public void RequestArrivingInSmallPieces_IsAssembled()
    {
        string value = BigValue('A')[..300_000];
        byte[] request = Encoding.Latin1.GetBytes("*3\r\n$3\r\nSET\r\n$9\r\nloop:big2\r\n" + Bulk(value) + "*2\r\n$6\r\nSTRLEN\r\n$9\r\nloop:big2\r\n");
        using var connection = new RawConnection(Port);
        for (int offset = 0; offset < request.Length; offset += 7_000)
        {
            connection.Send(request[offset..Math.Min(request.Length, offset + 7_000)]);
        }
        Assert.Equal("+OK\r\n", connection.ReadReply());
        Assert.Equal(":300000\r\n", connection.ReadReply());
    }

    [Fact]
    public void RequestLargerThanOneRead_InOneSend_IsAssembled()
    {
        // Far more than the reader's 16 KB buffer arrives at once: each read fills the buffer and the next one
        // must read again rather than wait for another event.
        var pipeline = new StringBuilder();
        for (int i = 0; i < 5_000; i++)
        {
            pipeline.Append("*3\r\n$4\r\nSADD\r\n$9\r\nloop:set3\r\n").Append(Bulk($"member-{i:D6}"));
        }
        pipeline.Append("*2\r\n$5\r\nSCARD\r\n$9\r\nloop:set3\r\n");
        using var connection = new RawConnection(Port);
        connection.Send(pipeline.ToString());
        string replies = connection.ReadExactly((5_000 * 4) + 7);
        Assert.Equal(string.Concat(Enumerable.Repeat(":1\r\n", 5_000)) + ":5000\r\n", replies);
    }

    [Fact]
    public void ManyConnections_OpenedAndClosedInTurns_AreAllServed()
    {
        var open = new List<RawConnection>();
        try
        {
            for (int round = 0; round < 3; round++)
            {
                int firstNew = open.Count;
                for (int i = 0; i < 100; i++)
                {
                    var connection = new RawConnection(Port);
                    open.Add(connection);
                    connection.SendCommand("ECHO", $"r{round}c{i}");
                }
                for (int i = 0; i < 100; i++)
                {
                    Assert.Equal(Bulk($"r{round}c{i}"), open[firstNew + i].ReadReply());
                }
                // Close every other connection; the next round's connections reuse what they leave.
                for (int i = open.Count - 1; i >= 0; i -= 2)
                {
                    open[i].Dispose();
                    open.RemoveAt(i);
                }
                foreach (RawConnection connection in open)
                {
                    connection.SendCommand("PING");
                    Assert.Equal("+PONG\r\n", connection.ReadReply());
                }
            }
        }
        finally
        {
            foreach (RawConnection connection in open)
            {
                connection.Dispose();
            }
        }
    }

    [Fact]
    public void ClientEndingItsStreamRightAfterARequest_IsAnsweredAndClosed()
    {
        // The end of the stream often arrives with the request, or while it is being read; a server that takes
        // a short read for "nothing more to come" misses it and keeps the connection open for good.
        for (int i = 0; i < 300; i++)
        {
            using var connection = new RawConnection(Port);
            connection.SendCommand("PING");
            if (i % 2 == 1)
            {
                Thread.Yield();
            }
            connection.ShutdownSend();
            Assert.Equal("+PONG\r\n", connection.ReadReply());
            Assert.True(connection.IsClosedByServer(), $"connection {i} was not closed after its end of stream");
        }
    }

    [Fact]
    public void ClientKilledWhileItsReadWaits_IsClosed()
    {
        using var victim = new RawConnection(Port);
        victim.SendCommand("CLIENT", "SETNAME", "loop-victim");
        Assert.Equal("+OK\r\n", victim.ReadReply());
        using var killer = new RawConnection(Port);
        killer.SendCommand("CLIENT", "KILL", "USER", "default", "SKIPME", "yes");
        Assert.StartsWith(":", killer.ReadReply());
        Assert.True(victim.IsClosedByServer());
        killer.SendCommand("PING");
        Assert.Equal("+PONG\r\n", killer.ReadReply());
    }
}

/// <summary>The transport tests on KvServer's epoll event loop (the default).</summary>
public sealed class EventLoopTests(ServerFixture server) : EventLoopTestsBase, IClassFixture<ServerFixture>
{
    protected override int Port => server.Port;
}

/// <summary>A server whose connections use .NET's socket engine instead of the event loop.</summary>
public sealed class DotnetSocketEngineFixture : ServerFixture
{
    protected override string ExtraConfig => "kvserver-event-loop-poll-us -1\n";
}

/// <summary>The transport tests on .NET's socket engine.</summary>
public sealed class DotnetSocketEngineTests(DotnetSocketEngineFixture server) : EventLoopTestsBase, IClassFixture<DotnetSocketEngineFixture>
{
    protected override int Port => server.Port;
}

/// <summary>A server with <c>appendfsync always</c>: pushes wake the subscriber's own read loop (a cancelled read).</summary>
public sealed class FsyncAlwaysFixture : ServerFixture
{
    protected override string ExtraConfig => "appendonly yes\nappendfsync always\n";
}

/// <summary>With <c>appendfsync always</c> a message reaches a subscriber by cancelling its waiting read.</summary>
public sealed class EventLoopWakeTests(FsyncAlwaysFixture server) : IClassFixture<FsyncAlwaysFixture>
{
    [Fact]
    public void MessageToAnIdleSubscriber_IsSentByItsWokenConnection()
    {
        using var subscriber = new RawConnection(server.Port);
        subscriber.SendCommand("SUBSCRIBE", "loop:news");
        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$9\r\nloop:news\r\n:1\r\n", subscriber.ReadReply());
        using var publisher = new RawConnection(server.Port);
        for (int i = 0; i < 3; i++)
        {
            publisher.SendCommand("PUBLISH", "loop:news", $"m{i}");
            Assert.Equal(":1\r\n", publisher.ReadReply());
            Assert.Equal($"*3\r\n$7\r\nmessage\r\n$9\r\nloop:news\r\n$2\r\nm{i}\r\n", subscriber.ReadReply());
        }
        subscriber.SendCommand("PING");
        Assert.Equal("*2\r\n$4\r\npong\r\n$0\r\n\r\n", subscriber.ReadReply());
    }
}

/// <summary>
/// With <c>appendfsync always</c> on the event loop, the connections served in one round of the loop share one
/// write and one fsync, and each reply leaves only once the write it depends on is on disk, whether the
/// connection runs on the loop or resumes elsewhere (a blocked pop served by another client). The same
/// holds on .NET's socket engine, where connections group their fsyncs themselves.
/// </summary>
public abstract class FsyncAlwaysRoundTestsBase(ServerFixture server)
{
    private Engine.Persistence.Aof.AppendOnlyFile Aof => server.Engine.Server.Aof!;

    [Fact]
    public void ManyClientsWriting_AllGetTheirReplies_AndTheFileHoldsEveryWrite()
    {
        const int Clients = 12;
        const int Writes = 150;
        long before = Aof.AppendedOffset;
        Parallel.For(0, Clients, new ParallelOptions { MaxDegreeOfParallelism = Clients }, client =>
        {
            using var connection = new RawConnection(server.Port);
            for (int i = 1; i <= Writes; i++)
            {
                connection.SendCommand("INCR", $"round:counter:{client}");
                Assert.Equal($":{i}\r\n", connection.ReadReply());
            }
        });
        // Every INCR is in the file and on disk: each appended "*2\r\n$4\r\nINCR\r\n$N\r\nround:counter:C\r\n".
        long perWrite = "*2\r\n$4\r\nINCR\r\n$15\r\nround:counter:0\r\n".Length;
        Assert.True(Aof.AppendedOffset - before >= Clients * Writes * perWrite);
        Assert.True(Aof.SyncedOffset >= Aof.AppendedOffset, "the writes acknowledged were not all fsynced");
    }

    [Fact]
    public void OneWriter_EveryReplyComesAfterItsFsync()
    {
        using var connection = new RawConnection(server.Port);
        for (int i = 0; i < 50; i++)
        {
            connection.SendCommand("SET", "round:alone", $"v{i}");
            Assert.Equal("+OK\r\n", connection.ReadReply());
            Assert.True(Aof.SyncedOffset >= Aof.AppendedOffset, $"reply {i} left before its fsync");
        }
    }

    [Fact]
    public void BlockedPopServedByAnotherClient_ReplyComesAfterTheFsync()
    {
        using var waiter = new RawConnection(server.Port);
        using var pusher = new RawConnection(server.Port);
        for (int i = 0; i < 5; i++)
        {
            waiter.SendCommand("BLPOP", "round:queue", "5");
            // The pop registers before the push: wait until the server counts the blocked client.
            SpinWait.SpinUntil(() => server.Engine.Server.Blocking.BlockedClients > 0, TimeSpan.FromSeconds(5));
            pusher.SendCommand("RPUSH", "round:queue", $"job{i}");
            Assert.Equal(":1\r\n", pusher.ReadReply());
            Assert.Equal($"*2\r\n$11\r\nround:queue\r\n$4\r\njob{i}\r\n", waiter.ReadReply());
            Assert.True(Aof.SyncedOffset >= Aof.AppendedOffset, $"pop {i} was answered before its fsync");
        }
    }
}

/// <summary>The always rounds on the event loop.</summary>
public sealed class FsyncAlwaysRoundTests(FsyncAlwaysFixture server) : FsyncAlwaysRoundTestsBase(server), IClassFixture<FsyncAlwaysFixture>;

/// <summary>A server with <c>appendfsync always</c> whose connections use .NET's socket engine.</summary>
public sealed class FsyncAlwaysDotnetEngineFixture : ServerFixture
{
    protected override string ExtraConfig => "appendonly yes\nappendfsync always\nkvserver-event-loop-poll-us -1\n";
}

/// <summary>The same guarantees without the event loop (group commit on the connections' threads).</summary>
public sealed class FsyncAlwaysDotnetEngineTests(FsyncAlwaysDotnetEngineFixture server)
    : FsyncAlwaysRoundTestsBase(server), IClassFixture<FsyncAlwaysDotnetEngineFixture>;
