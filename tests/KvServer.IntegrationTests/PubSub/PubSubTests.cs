using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.PubSub;

public class PubSubTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public PubSubTests(ServerFixture server) => _server = server;

    [Fact]
    public void Publish_ReachesIdleSubscriber_AsResp2Array()
    {
        using var subscriber = new RawConnection(_server.Port);
        using var publisher = new RawConnection(_server.Port);
        subscriber.SendCommand("SUBSCRIBE", "news.1");
        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$6\r\nnews.1\r\n:1\r\n", subscriber.ReadReply());
        publisher.SendCommand("PUBLISH", "news.1", "hello");
        Assert.Equal(":1\r\n", publisher.ReadReply());
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$6\r\nnews.1\r\n$5\r\nhello\r\n", subscriber.ReadReply());
    }

    [Fact]
    public void Publish_ToPatternSubscriber_SendsPmessage()
    {
        using var subscriber = new RawConnection(_server.Port);
        using var publisher = new RawConnection(_server.Port);
        subscriber.SendCommand("PSUBSCRIBE", "ev.*");
        subscriber.ReadReply();
        publisher.SendCommand("PUBLISH", "ev.a", "x");
        Assert.Equal(":1\r\n", publisher.ReadReply());
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$4\r\nev.*\r\n$4\r\nev.a\r\n$1\r\nx\r\n", subscriber.ReadReply());
    }

    [Fact]
    public void Resp3Subscriber_GetsPushes_AndCanRunCommands()
    {
        using var subscriber = new RawConnection(_server.Port);
        using var publisher = new RawConnection(_server.Port);
        subscriber.SendCommand("HELLO", "3");
        subscriber.ReadReply();
        subscriber.SendCommand("SUBSCRIBE", "r3");
        Assert.Equal(">3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n", subscriber.ReadReply());
        subscriber.SendCommand("PING");
        Assert.Equal("+PONG\r\n", subscriber.ReadReply());
        publisher.SendCommand("PUBLISH", "r3", "m");
        publisher.ReadReply();
        Assert.Equal(">3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$1\r\nm\r\n", subscriber.ReadReply());
    }

    [Fact]
    public void Resp2SubscribedMode_RefusesOtherCommands()
    {
        using var subscriber = new RawConnection(_server.Port);
        subscriber.SendCommand("SUBSCRIBE", "c");
        subscriber.ReadReply();
        subscriber.SendCommand("GET", "a");
        Assert.Equal("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", subscriber.ReadReply());
        subscriber.SendCommand("UNSUBSCRIBE");
        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n", subscriber.ReadReply());
        subscriber.SendCommand("GET", "never-set-key");
        Assert.Equal("$-1\r\n", subscriber.ReadReply());
    }

    [Fact]
    public void Messages_ArriveInPublishOrder()
    {
        using var subscriber = new RawConnection(_server.Port);
        using var publisher = new RawConnection(_server.Port);
        subscriber.SendCommand("SUBSCRIBE", "ordered");
        subscriber.ReadReply();
        for (int i = 0; i < 200; i++)
        {
            publisher.SendCommand("PUBLISH", "ordered", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        for (int i = 0; i < 200; i++)
        {
            publisher.ReadReply();
            string text = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"*3\r\n$7\r\nmessage\r\n$7\r\nordered\r\n${text.Length}\r\n{text}\r\n", subscriber.ReadReply());
        }
    }

    [Fact]
    public void SlowSubscriber_GetsEveryMessageInOrder_WithoutHoldingUpThePublisher()
    {
        using var subscriber = new RawConnection(_server.Port, receiveBufferSize: 4096);
        using var publisher = new RawConnection(_server.Port);
        subscriber.SendCommand("SUBSCRIBE", "slow");
        subscriber.ReadReply();
        // About 4 MB: far more than the socket buffers hold while the subscriber does not read, so the
        // server's sends stop part-way and must resume later, in order; the publisher is answered meanwhile.
        const int Messages = 1000;
        string padding = new('p', 4000);
        for (int i = 0; i < Messages; i++)
        {
            publisher.SendCommand("PUBLISH", "slow", $"{i}:{padding}");
        }
        for (int i = 0; i < Messages; i++)
        {
            Assert.Equal(":1\r\n", publisher.ReadReply());
        }
        for (int i = 0; i < Messages; i++)
        {
            string body = $"{i}:{padding}";
            Assert.Equal($"*3\r\n$7\r\nmessage\r\n$4\r\nslow\r\n${body.Length}\r\n{body}\r\n", subscriber.ReadReply());
        }
        subscriber.SendCommand("PING");
        Assert.Equal("*2\r\n$4\r\npong\r\n$0\r\n\r\n", subscriber.ReadReply());
    }

    [Fact]
    public async Task Resp3Subscriber_RunningCommandsDuringAFlood_GetsEveryReplyAndPushIntact()
    {
        // Pushes are sent by the push sender while the subscriber's own pipelined commands run and write
        // their (large) replies: every frame must arrive whole, the replies and the messages each in order.
        using var subscriber = new RawConnection(_server.Port);
        string big = new('v', 200_000);
        subscriber.SendCommand("SET", "flood3:big", big);
        subscriber.ReadReply();
        subscriber.SendCommand("HELLO", "3");
        subscriber.ReadReply();
        subscriber.SendCommand("SUBSCRIBE", "flood3");
        subscriber.ReadReply();
        const int Messages = 20000;
        const int Commands = 400;
        var publisherTask = Task.Run(() =>
        {
            using var publisher = new RawConnection(_server.Port);
            for (int i = 0; i < Messages; i++)
            {
                publisher.SendCommand("PUBLISH", "flood3", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                publisher.ReadReply();
            }
        });
        var request = new System.Text.StringBuilder();
        for (int i = 0; i < Commands; i++)
        {
            request.Append(i % 2 == 0 ? "*2\r\n$3\r\nGET\r\n$10\r\nflood3:big\r\n" : "*2\r\n$4\r\nINCR\r\n$8\r\nflood3:c\r\n");
        }
        string bigReply = $"${big.Length}\r\n{big}\r\n";
        int nextMessage = 0;
        int nextCommand = 0;
        for (int round = 0; round < 5; round++)
        {
            subscriber.Send(request.ToString());
            int roundEnd = nextCommand + Commands;
            while (nextCommand < roundEnd)
            {
                string frame = subscriber.ReadReply();
                if (frame.StartsWith('>'))
                {
                    string text = nextMessage.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Equal($">3\r\n$7\r\nmessage\r\n$6\r\nflood3\r\n${text.Length}\r\n{text}\r\n", frame);
                    nextMessage++;
                    continue;
                }
                Assert.Equal(nextCommand % 2 == 0 ? bigReply : $":{nextCommand / 2 + 1}\r\n", frame);
                nextCommand++;
            }
        }
        await publisherTask.WaitAsync(TimeSpan.FromSeconds(60));
        while (nextMessage < Messages)
        {
            string text = nextMessage.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($">3\r\n$7\r\nmessage\r\n$6\r\nflood3\r\n${text.Length}\r\n{text}\r\n", subscriber.ReadReply());
            nextMessage++;
        }
    }

    [Fact]
    public void PubsubIntrospection_CountsSubscribers()
    {
        using var subscriber = new RawConnection(_server.Port);
        using var other = new RawConnection(_server.Port);
        subscriber.SendCommand("SUBSCRIBE", "intro.x");
        subscriber.ReadReply();
        other.SendCommand("PUBSUB", "NUMSUB", "intro.x", "intro.none");
        Assert.Equal("*4\r\n$7\r\nintro.x\r\n:1\r\n$10\r\nintro.none\r\n:0\r\n", other.ReadReply());
        other.SendCommand("PUBSUB", "CHANNELS", "intro.*");
        Assert.Equal("*1\r\n$7\r\nintro.x\r\n", other.ReadReply());
    }

    [Fact]
    public void DisconnectedSubscriber_IsRemoved()
    {
        using var publisher = new RawConnection(_server.Port);
        using (var subscriber = new RawConnection(_server.Port))
        {
            subscriber.SendCommand("SUBSCRIBE", "gone");
            subscriber.ReadReply();
        }
        string reply = "";
        for (int attempt = 0; attempt < 50; attempt++)
        {
            publisher.SendCommand("PUBLISH", "gone", "x");
            reply = publisher.ReadReply();
            if (reply == ":0\r\n")
            {
                break;
            }
            Thread.Sleep(20);
        }
        Assert.Equal(":0\r\n", reply);
    }
}

public class PubSubOutputLimitTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public PubSubOutputLimitTests(ServerFixture server) => _server = server;

    [Fact]
    public void SubscriberThatDoesNotRead_IsDisconnectedPastHardLimit()
    {
        KvServer.Engine.Configuration.ConfigFileParser.Apply(_server.Engine.Server.Config, "client-output-buffer-limit pubsub 64kb 0 0");
        using var subscriber = new RawConnection(_server.Port, receiveBufferSize: 4096);
        using var publisher = new RawConnection(_server.Port);
        subscriber.SendCommand("SUBSCRIBE", "flood");
        subscriber.ReadReply();
        string payload = new('x', 16 * 1024);
        // The subscriber never reads; the socket buffers fill (a few MB at most with the small receive
        // buffer), then its pending output passes the limit and the server drops it.
        int delivered = 1;
        for (int i = 0; i < 8000 && delivered > 0; i++)
        {
            publisher.SendCommand("PUBLISH", "flood", payload);
            delivered = publisher.ReadReply() == ":1\r\n" ? 1 : 0;
        }
        Assert.Equal(0, delivered);
    }
}
