using System.Text;
using KvServer.Engine.Execution;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// Keyspace notifications: a second client PSUBSCRIBEs to "__key*__:*" and every test asserts the exact
/// sequence of (channel, message) pairs it receives for one command, as Redis 7.0.15 publishes them with
/// notify-keyspace-events set to "KEA" (plus "n" and "m" where the test says so). <see cref="Ev"/> stands
/// for the two pairs one event produces: "__keyspace@0__:key" → event, then "__keyevent@0__:event" → key.
/// </summary>
public class KeyspaceEventsTests
{
    /// <summary>A harness with notifications on and a pattern subscriber listening to every event.</summary>
    private sealed class Listener
    {
        public Listener(string flags = "KEA")
        {
            H = new CommandHarness();
            H.Options.NotifyKeyspaceEvents = KeyspaceEvents.Parse(flags);
            Subscriber = H.NewClient();
            H.RunAs(Subscriber, "PSUBSCRIBE", "__key*__:*");
        }

        public CommandHarness H { get; }

        public ClientSession Subscriber { get; }

        /// <summary>Runs a command as the harness's default client, ignoring what it publishes.</summary>
        public string Setup(params string[] args)
        {
            string reply = H.Run(args);
            Received();
            return reply;
        }

        /// <summary>Runs a command and returns the pairs it published, in order.</summary>
        public List<(string Channel, string Message)> Run(params string[] args)
        {
            H.Run(args);
            return Received();
        }

        /// <summary>Everything delivered to the subscriber since the last call, as (channel, message) pairs.</summary>
        public List<(string Channel, string Message)> Received()
        {
            string pushes = Encoding.Latin1.GetString(Subscriber.Reply.WrittenSpan);
            Subscriber.Reply.Reset();
            var pairs = new List<(string, string)>();
            foreach (RespValue push in RespValue.ParseAll(pushes))
            {
                Assert.Equal("pmessage", push.Items![0].Text);
                Assert.Equal("__key*__:*", push.Items[1].Text);
                pairs.Add((push.Items[2].Text!, push.Items[3].Text!));
            }
            return pairs;
        }

        /// <summary>Asserts that <paramref name="args"/> publishes exactly <paramref name="expected"/>.</summary>
        public void Expect(string[] args, params (string Event, string Key)[] expected) =>
            Assert.Equal(Pairs(0, expected), Run(args));
    }

    /// <summary>One event as a tuple, for readable expectations.</summary>
    private static (string Event, string Key) Ev(string eventName, string key) => (eventName, key);

    /// <summary>The pairs Redis publishes for <paramref name="events"/> with both K and E enabled.</summary>
    private static List<(string Channel, string Message)> Pairs(int db, params (string Event, string Key)[] events)
    {
        var pairs = new List<(string, string)>();
        foreach ((string eventName, string key) in events)
        {
            pairs.Add(($"__keyspace@{db}__:{key}", eventName));
            pairs.Add(($"__keyevent@{db}__:{eventName}", key));
        }
        return pairs;
    }

    private static string[] Cmd(params string[] args) => args;

    // ---- notify-keyspace-events flags ----

    [Theory]
    [InlineData("KEA", "AKE")]
    [InlineData("gx$K", "g$xK")]
    [InlineData("Kn", "nK")]
    [InlineData("An", "A")]
    [InlineData("KEAmn", "AKEm")]
    [InlineData("", "")]
    [InlineData("K", "K")]
    [InlineData("E", "E")]
    [InlineData("Egl$shzxetdmn", "AEm")]
    [InlineData("lg", "gl")]
    [InlineData("mE", "Em")]
    [InlineData("zhsl$gxetdnKE", "AKE")]
    public void NotifyKeyspaceEvents_ParseThenFormat_MatchesConfigGet(string text, string canonical)
    {
        int flags = KeyspaceEvents.Parse(text);
        Assert.True(flags >= 0);
        Assert.Equal(canonical, KeyspaceEvents.Format(flags));
    }

    [Fact]
    public void NotifyKeyspaceEvents_AWithN_KeepsNewFlagThoughNotShown()
    {
        int flags = KeyspaceEvents.Parse("An");
        Assert.Equal(NotifyFlags.New, (NotifyFlags)flags & NotifyFlags.New);
    }

    [Theory]
    [InlineData("KEAq")]
    [InlineData("a")]
    [InlineData(" ")]
    public void NotifyKeyspaceEvents_UnknownCharacter_IsRejected(string text) =>
        Assert.Equal(-1, KeyspaceEvents.Parse(text));

    [Fact]
    public void Notify_OnlyKeyspaceChannels_WhenEIsOff()
    {
        var n = new Listener("K$");
        Assert.Equal([("__keyspace@0__:k", "set")], n.Run("SET", "k", "v"));
    }

    [Fact]
    public void Notify_OnlyKeyeventChannels_WhenKIsOff()
    {
        var n = new Listener("E$");
        Assert.Equal([("__keyevent@0__:set", "k")], n.Run("SET", "k", "v"));
    }

    [Fact]
    public void Notify_ClassNotEnabled_PublishesNothing()
    {
        var n = new Listener("KEl");
        Assert.Empty(n.Run("SET", "k", "v"));
        Assert.Empty(n.Run("SET", "k", "v", "EX", "100"));
    }

    [Fact]
    public void Notify_Off_PublishesNothing()
    {
        var n = new Listener("");
        Assert.Empty(n.Run("SET", "k", "v"));
        Assert.Empty(n.Run("GET", "missing"));
    }

    [Fact]
    public void Notify_SelectedDatabase_NamesItInTheChannel()
    {
        var n = new Listener();
        n.Setup("SELECT", "3");
        Assert.Equal(Pairs(3, Ev("set", "k")), n.Run("SET", "k", "v"));
    }

    [Fact]
    public void New_KeyCreated_PrecedesTheCommandEvent()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("SET", "k", "v"), Ev("new", "k"), Ev("set", "k"));
        n.Expect(Cmd("SET", "k", "v2"), Ev("set", "k"));
    }

    [Fact]
    public void New_NotEnabled_IsNotPublished()
    {
        var n = new Listener("KEA");
        n.Expect(Cmd("SET", "k", "v"), Ev("set", "k"));
    }

    [Fact]
    public void Keymiss_ReadOfMissingKey_IsPublishedOnlyWithM()
    {
        var n = new Listener("KEAm");
        n.Expect(Cmd("GET", "missing"), Ev("keymiss", "missing"));
        n.Expect(Cmd("MGET", "a", "b"), Ev("keymiss", "a"), Ev("keymiss", "b"));
        var quiet = new Listener("KEA");
        quiet.Expect(Cmd("GET", "missing"));
    }

    [Fact]
    public void Keymiss_WriteLookups_DoNotPublish()
    {
        var n = new Listener("KEAm");
        n.Expect(Cmd("INCR", "c"), Ev("incrby", "c"));
        n.Expect(Cmd("SET", "k", "v", "NX"), Ev("set", "k"));
    }

    [Fact]
    public void Expired_LazyExpiryOnAccess_PublishesExpiredThenKeymiss()
    {
        var n = new Listener("KEAm");
        n.Setup("SET", "k", "v", "PX", "100");
        n.H.Clock.Advance(200);
        n.Expect(Cmd("GET", "k"), Ev("expired", "k"), Ev("keymiss", "k"));
    }

    [Fact]
    public void Expired_BeforeAWrite_PublishesExpiredThenNewThenTheWrite()
    {
        var n = new Listener("KEAn");
        n.Setup("SET", "k", "v", "PX", "100");
        n.H.Clock.Advance(200);
        n.Expect(Cmd("APPEND", "k", "x"), Ev("expired", "k"), Ev("new", "k"), Ev("append", "k"));
    }

    // ---- strings ----

    [Fact]
    public void Set_WithExpire_PublishesSetThenExpire()
    {
        var n = new Listener();
        n.Expect(Cmd("SET", "k", "v", "EX", "100"), Ev("set", "k"), Ev("expire", "k"));
        n.Expect(Cmd("SET", "k", "v", "KEEPTTL"), Ev("set", "k"));
        n.Expect(Cmd("SETEX", "k", "100", "v"), Ev("set", "k"), Ev("expire", "k"));
        n.Expect(Cmd("PSETEX", "k", "100000", "v"), Ev("set", "k"), Ev("expire", "k"));
    }

    [Fact]
    public void Set_NxXxNotApplied_PublishesNothing()
    {
        var n = new Listener("KEAnm");
        n.Setup("SET", "k", "v");
        n.Expect(Cmd("SET", "k", "v", "NX"));
        n.Expect(Cmd("SET", "other", "v", "XX"));
        n.Expect(Cmd("SETNX", "k", "v"));
        n.Expect(Cmd("SETNX", "k2", "v"), Ev("new", "k2"), Ev("set", "k2"));
    }

    [Fact]
    public void Set_WithGetOnMissingKey_PublishesKeymissNewSet()
    {
        var n = new Listener("KEAnm");
        n.Expect(Cmd("SET", "k", "v", "GET"), Ev("keymiss", "k"), Ev("new", "k"), Ev("set", "k"));
        n.Expect(Cmd("SET", "k", "v2", "GET"), Ev("set", "k"));
    }

    [Fact]
    public void Set_WrongTypeWithGet_PublishesNothing()
    {
        var n = new Listener("KEAnm");
        n.Setup("RPUSH", "l", "a");
        n.Expect(Cmd("SET", "l", "v", "GET"));
        n.Expect(Cmd("GETSET", "l", "v"));
    }

    [Fact]
    public void Getex_Options_PublishExpirePersistDel()
    {
        var n = new Listener("KEAm");
        n.Setup("SET", "k", "v");
        n.Expect(Cmd("GETEX", "k"));
        n.Expect(Cmd("GETEX", "missing"), Ev("keymiss", "missing"));
        n.Expect(Cmd("GETEX", "k", "EX", "100"), Ev("expire", "k"));
        n.Expect(Cmd("GETEX", "k", "PERSIST"), Ev("persist", "k"));
        n.Expect(Cmd("GETEX", "k", "PERSIST"));
        n.Expect(Cmd("GETEX", "k", "PXAT", "1"), Ev("del", "k"));
    }

    [Fact]
    public void Getdel_Getset_PublishDelAndSet()
    {
        var n = new Listener("KEAnm");
        n.Setup("SET", "k", "v");
        n.Expect(Cmd("GETDEL", "k"), Ev("del", "k"));
        n.Expect(Cmd("GETDEL", "k"), Ev("keymiss", "k"));
        n.Expect(Cmd("GETSET", "k", "x"), Ev("keymiss", "k"), Ev("new", "k"), Ev("set", "k"));
        n.Expect(Cmd("GETSET", "k", "y"), Ev("set", "k"));
    }

    [Fact]
    public void Mset_PublishesSetPerPairInOrder()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("MSET", "a", "1", "b", "2", "a", "3"), Ev("new", "a"), Ev("set", "a"), Ev("new", "b"), Ev("set", "b"), Ev("set", "a"));
        n.Expect(Cmd("MSETNX", "a", "1", "c", "2"));
        n.Expect(Cmd("MSETNX", "c", "1", "d", "2"), Ev("new", "c"), Ev("set", "c"), Ev("new", "d"), Ev("set", "d"));
    }

    [Fact]
    public void Counters_PublishIncrbyAndIncrbyfloat()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("INCR", "i"), Ev("new", "i"), Ev("incrby", "i"));
        n.Expect(Cmd("DECR", "i"), Ev("incrby", "i"));
        n.Expect(Cmd("INCRBY", "i", "5"), Ev("incrby", "i"));
        n.Expect(Cmd("DECRBY", "i", "5"), Ev("incrby", "i"));
        n.Expect(Cmd("INCRBYFLOAT", "i", "1.5"), Ev("incrbyfloat", "i"));
        n.Expect(Cmd("INCRBYFLOAT", "f", "1.5"), Ev("new", "f"), Ev("incrbyfloat", "f"));
        n.Expect(Cmd("INCR", "f"));
        n.Expect(Cmd("INCRBY", "i", "x"));
    }

    [Fact]
    public void Append_Setrange_PublishTheirNames()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("APPEND", "k", "x"), Ev("new", "k"), Ev("append", "k"));
        n.Expect(Cmd("APPEND", "k", "y"), Ev("append", "k"));
        n.Expect(Cmd("SETRANGE", "r", "3", "x"), Ev("new", "r"), Ev("setrange", "r"));
        n.Expect(Cmd("SETRANGE", "r", "0", "z"), Ev("setrange", "r"));
        n.Expect(Cmd("SETRANGE", "r", "0", ""));
        n.Expect(Cmd("SETRANGE", "none", "0", ""));
    }

    [Fact]
    public void StringReads_OnMissingKeys_PublishKeymiss()
    {
        var n = new Listener("KEAm");
        n.Expect(Cmd("STRLEN", "a"), Ev("keymiss", "a"));
        n.Expect(Cmd("GETRANGE", "a", "0", "1"), Ev("keymiss", "a"));
        n.Expect(Cmd("SUBSTR", "a", "0", "1"), Ev("keymiss", "a"));
        n.Expect(Cmd("LCS", "a", "b"), Ev("keymiss", "a"), Ev("keymiss", "b"));
    }

    // ---- bitmaps ----

    [Fact]
    public void Setbit_PublishesOnlyWhenTheStringChanges()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("SETBIT", "b", "3", "1"), Ev("new", "b"), Ev("setbit", "b"));
        n.Expect(Cmd("SETBIT", "b", "3", "1"));
        n.Expect(Cmd("SETBIT", "b", "3", "0"), Ev("setbit", "b"));
        n.Expect(Cmd("SETBIT", "b", "100", "0"), Ev("setbit", "b"));
    }

    [Fact]
    public void Bitop_PublishesSetOrDelOfTheDestination()
    {
        var n = new Listener("KEAnm");
        n.Setup("SETBIT", "b", "3", "1");
        n.Expect(Cmd("BITOP", "AND", "dst", "b", "none"), Ev("keymiss", "none"), Ev("new", "dst"), Ev("set", "dst"));
        n.Expect(Cmd("BITOP", "NOT", "dst", "b"), Ev("set", "dst"));
        n.Expect(Cmd("BITOP", "OR", "dst", "x", "y"), Ev("keymiss", "x"), Ev("keymiss", "y"), Ev("del", "dst"));
        n.Expect(Cmd("BITOP", "OR", "dst", "x", "y"), Ev("keymiss", "x"), Ev("keymiss", "y"));
    }

    [Fact]
    public void Bitfield_PublishesOneSetbitWhenAnyWriteChangedSomething()
    {
        var n = new Listener("KEAnm");
        n.Expect(Cmd("BITFIELD", "bf", "SET", "u8", "0", "1"), Ev("new", "bf"), Ev("setbit", "bf"));
        n.Expect(Cmd("BITFIELD", "bf", "SET", "u8", "0", "1"));
        n.Expect(Cmd("BITFIELD", "bf", "INCRBY", "u8", "0", "0"));
        n.Expect(Cmd("BITFIELD", "bf", "INCRBY", "u8", "0", "1", "INCRBY", "u8", "8", "1"), Ev("setbit", "bf"));
        n.Expect(Cmd("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "255"));
        n.Expect(Cmd("BITFIELD", "bf", "GET", "u8", "0"));
        n.Expect(Cmd("BITFIELD", "none", "GET", "u8", "0"), Ev("keymiss", "none"));
        n.Expect(Cmd("BITFIELD_RO", "none", "GET", "u8", "0"), Ev("keymiss", "none"));
    }

    [Fact]
    public void Bitfield_FailedWriteOnNewKey_PublishesOnlyNew()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "255"), Ev("new", "bf"));
        n.Expect(Cmd("BITFIELD", "bf", "SET", "i8", "200", "0"), Ev("setbit", "bf"));
    }

    [Fact]
    public void BitReads_OnMissingKeys_PublishKeymiss()
    {
        var n = new Listener("KEAm");
        n.Expect(Cmd("GETBIT", "a", "1"), Ev("keymiss", "a"));
        n.Expect(Cmd("BITCOUNT", "a"), Ev("keymiss", "a"));
        n.Expect(Cmd("BITPOS", "a", "1"), Ev("keymiss", "a"));
    }

    // ---- lists ----

    [Fact]
    public void Push_PublishesLpushOrRpushOnce()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("LPUSH", "l", "a", "b"), Ev("new", "l"), Ev("lpush", "l"));
        n.Expect(Cmd("RPUSH", "l", "c"), Ev("rpush", "l"));
        n.Expect(Cmd("LPUSHX", "l", "d"), Ev("lpush", "l"));
        n.Expect(Cmd("RPUSHX", "l", "e"), Ev("rpush", "l"));
        n.Expect(Cmd("LPUSHX", "none", "d"));
        n.Expect(Cmd("RPUSHX", "none", "d"));
    }

    [Fact]
    public void Pop_LastElement_PublishesPopThenDel()
    {
        var n = new Listener();
        n.Setup("RPUSH", "l", "a", "b", "c", "d");
        n.Expect(Cmd("LPOP", "l"), Ev("lpop", "l"));
        n.Expect(Cmd("RPOP", "l"), Ev("rpop", "l"));
        n.Expect(Cmd("LPOP", "l", "0"));
        n.Expect(Cmd("RPOP", "l", "5"), Ev("rpop", "l"), Ev("del", "l"));
        n.Expect(Cmd("LPOP", "l"));
    }

    [Fact]
    public void ListReads_OnMissingKey_PublishKeymiss()
    {
        var n = new Listener("KEAm");
        n.Expect(Cmd("LLEN", "a"), Ev("keymiss", "a"));
        n.Expect(Cmd("LINDEX", "a", "0"), Ev("keymiss", "a"));
        n.Expect(Cmd("LRANGE", "a", "0", "-1"), Ev("keymiss", "a"));
        n.Expect(Cmd("LPOS", "a", "x"), Ev("keymiss", "a"));
        n.Expect(Cmd("LPOP", "a"));
        n.Expect(Cmd("LSET", "a", "0", "x"));
    }

    [Fact]
    public void Lset_Linsert_PublishOnlyWhenApplied()
    {
        var n = new Listener();
        n.Setup("RPUSH", "l", "a", "b");
        n.Expect(Cmd("LSET", "l", "0", "x"), Ev("lset", "l"));
        n.Expect(Cmd("LSET", "l", "9", "x"));
        n.Expect(Cmd("LINSERT", "l", "BEFORE", "x", "y"), Ev("linsert", "l"));
        n.Expect(Cmd("LINSERT", "l", "AFTER", "zz", "y"));
        n.Expect(Cmd("LINSERT", "none", "AFTER", "zz", "y"));
    }

    [Fact]
    public void Lrem_PublishesLremThenDelWhenEmptied()
    {
        var n = new Listener();
        n.Setup("RPUSH", "l", "a", "b", "a");
        n.Expect(Cmd("LREM", "l", "0", "zz"));
        n.Expect(Cmd("LREM", "l", "1", "b"), Ev("lrem", "l"));
        n.Expect(Cmd("LREM", "l", "0", "a"), Ev("lrem", "l"), Ev("del", "l"));
    }

    [Fact]
    public void Ltrim_PublishesEvenWhenNothingIsTrimmed()
    {
        var n = new Listener();
        n.Setup("RPUSH", "l", "a", "b", "c");
        n.Expect(Cmd("LTRIM", "l", "0", "-1"), Ev("ltrim", "l"));
        n.Expect(Cmd("LTRIM", "l", "1", "1"), Ev("ltrim", "l"));
        n.Expect(Cmd("LTRIM", "l", "5", "10"), Ev("ltrim", "l"), Ev("del", "l"));
        n.Expect(Cmd("LTRIM", "l", "0", "1"));
    }

    [Fact]
    public void Lmove_PublishesPushOnDestinationBeforePopOnSource()
    {
        var n = new Listener("KEAn");
        n.Setup("RPUSH", "s", "a", "b");
        n.Expect(Cmd("LMOVE", "s", "d", "LEFT", "RIGHT"), Ev("new", "d"), Ev("rpush", "d"), Ev("lpop", "s"));
        n.Expect(Cmd("RPOPLPUSH", "s", "d"), Ev("lpush", "d"), Ev("rpop", "s"), Ev("del", "s"));
        n.Expect(Cmd("RPOPLPUSH", "s", "d"));
        n.Expect(Cmd("LMOVE", "d", "d", "LEFT", "RIGHT"), Ev("rpush", "d"), Ev("lpop", "d"));
    }

    [Fact]
    public void Lmove_WrongTypeDestination_PublishesNothing()
    {
        var n = new Listener("KEAn");
        n.Setup("RPUSH", "s", "a");
        n.Setup("SET", "d", "x");
        n.Expect(Cmd("LMOVE", "s", "d", "LEFT", "RIGHT"));
    }

    [Fact]
    public void Lmpop_PublishesPopOfTheFirstNonEmptyKey()
    {
        var n = new Listener("KEAm");
        n.Setup("RPUSH", "l", "a", "b", "c");
        n.Expect(Cmd("LMPOP", "2", "none", "l", "LEFT"), Ev("lpop", "l"));
        n.Expect(Cmd("LMPOP", "2", "none", "l", "RIGHT", "COUNT", "5"), Ev("rpop", "l"), Ev("del", "l"));
        n.Expect(Cmd("LMPOP", "2", "none", "l", "RIGHT"));
    }

    [Fact]
    public void BlockingPops_WithData_PublishLikeTheirNonBlockingTwins()
    {
        var n = new Listener("KEAn");
        n.Setup("RPUSH", "l", "a", "b", "c");
        n.Expect(Cmd("BLPOP", "none", "l", "0"), Ev("lpop", "l"));
        n.Expect(Cmd("BRPOP", "l", "0"), Ev("rpop", "l"));
        n.Expect(Cmd("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "3"), Ev("lpop", "l"), Ev("del", "l"));
        n.Setup("RPUSH", "l", "a", "b");
        n.Expect(Cmd("BLMOVE", "l", "m", "LEFT", "RIGHT", "0"), Ev("new", "m"), Ev("rpush", "m"), Ev("lpop", "l"));
        n.Expect(Cmd("BRPOPLPUSH", "l", "m", "0"), Ev("lpush", "m"), Ev("rpop", "l"), Ev("del", "l"));
    }

    [Fact]
    public void Blpop_ServedByPush_PublishesPushThenPopThenDel()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BLPOP", "q", "0");
        n.Expect(Cmd("LPUSH", "q", "a"), Ev("new", "q"), Ev("lpush", "q"), Ev("lpop", "q"), Ev("del", "q"));
    }

    [Fact]
    public void Blpop_TwoWaitersServed_EachPublishesItsPop()
    {
        var n = new Listener("KEAn");
        ClientSession first = n.H.NewClient();
        ClientSession second = n.H.NewClient();
        n.H.RunAs(first, "BLPOP", "q", "0");
        n.H.RunAs(second, "BLPOP", "q", "0");
        n.Expect(Cmd("RPUSH", "q", "a", "b", "c"), Ev("new", "q"), Ev("rpush", "q"), Ev("lpop", "q"), Ev("lpop", "q"));
    }

    [Fact]
    public void Blmove_ServedByPush_PublishesDestinationPushBeforeSourcePop()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        n.Expect(Cmd("RPUSH", "src", "a", "b"), Ev("new", "src"), Ev("rpush", "src"), Ev("new", "dst"), Ev("rpush", "dst"), Ev("lpop", "src"));
    }

    [Fact]
    public void Brpoplpush_SameKeyServedByPush_PublishesPushThenPop()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BRPOPLPUSH", "q", "q", "0");
        n.Expect(Cmd("RPUSH", "q", "a"), Ev("new", "q"), Ev("rpush", "q"), Ev("lpush", "q"), Ev("rpop", "q"));
    }

    [Fact]
    public void Blmpop_ServedByPush_PublishesPopThenDel()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BLMPOP", "0", "1", "q", "LEFT", "COUNT", "5");
        n.Expect(Cmd("RPUSH", "q", "a", "b"), Ev("new", "q"), Ev("rpush", "q"), Ev("lpop", "q"), Ev("del", "q"));
    }

    // ---- hashes ----

    [Fact]
    public void Hset_Hmset_Hsetnx_PublishHset()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("HSET", "h", "a", "1", "b", "2"), Ev("new", "h"), Ev("hset", "h"));
        n.Expect(Cmd("HSET", "h", "a", "1"), Ev("hset", "h"));
        n.Expect(Cmd("HMSET", "h", "c", "3"), Ev("hset", "h"));
        n.Expect(Cmd("HSETNX", "h", "a", "9"));
        n.Expect(Cmd("HSETNX", "h", "d", "4"), Ev("hset", "h"));
        n.Expect(Cmd("HSETNX", "h2", "d", "4"), Ev("new", "h2"), Ev("hset", "h2"));
    }

    [Fact]
    public void Hincrby_Hincrbyfloat_PublishOnlyWhenApplied()
    {
        var n = new Listener("KEAn");
        n.Setup("HSET", "h", "s", "str");
        n.Expect(Cmd("HINCRBY", "h", "n", "5"), Ev("hincrby", "h"));
        n.Expect(Cmd("HINCRBY", "h", "s", "1"));
        n.Expect(Cmd("HINCRBY", "h", "n", "x"));
        n.Expect(Cmd("HINCRBY", "h3", "n", "5"), Ev("new", "h3"), Ev("hincrby", "h3"));
        n.Expect(Cmd("HINCRBYFLOAT", "h", "f", "1.5"), Ev("hincrbyfloat", "h"));
        n.Expect(Cmd("HINCRBYFLOAT", "h", "s", "1"));
        n.Expect(Cmd("HINCRBYFLOAT", "h4", "f", "1.5"), Ev("new", "h4"), Ev("hincrbyfloat", "h4"));
    }

    [Fact]
    public void Hdel_LastField_PublishesHdelThenDel()
    {
        var n = new Listener();
        n.Setup("HSET", "h", "a", "1", "b", "2", "c", "3");
        n.Expect(Cmd("HDEL", "h", "zz"));
        n.Expect(Cmd("HDEL", "h", "a", "zz"), Ev("hdel", "h"));
        n.Expect(Cmd("HDEL", "h", "b", "c", "zz"), Ev("hdel", "h"), Ev("del", "h"));
        n.Expect(Cmd("HDEL", "h", "a"));
    }

    [Fact]
    public void HashReads_OnMissingKey_PublishKeymiss()
    {
        var n = new Listener("KEAm");
        foreach (string[] read in new[]
        {
            Cmd("HGET", "a", "f"), Cmd("HMGET", "a", "f", "g"), Cmd("HGETALL", "a"), Cmd("HKEYS", "a"), Cmd("HVALS", "a"),
            Cmd("HLEN", "a"), Cmd("HSTRLEN", "a", "f"), Cmd("HEXISTS", "a", "f"), Cmd("HRANDFIELD", "a"),
            Cmd("HRANDFIELD", "a", "2"), Cmd("HSCAN", "a", "0"),
        })
        {
            n.Expect(read, Ev("keymiss", "a"));
        }
        n.Setup("HSET", "h", "f", "v");
        n.Expect(Cmd("HGET", "h", "other"));
        n.Expect(Cmd("HDEL", "a", "f"));
    }

    [Fact]
    public void HashWrites_OnWrongType_PublishNothing()
    {
        var n = new Listener("KEAnm");
        n.Setup("SET", "s", "x");
        n.Expect(Cmd("HSET", "s", "a", "1"));
        n.Expect(Cmd("HINCRBY", "s", "a", "1"));
        n.Expect(Cmd("HDEL", "s", "a"));
    }

    // ---- sets ----

    [Fact]
    public void Sadd_Srem_PublishOnlyWhenMembersChange()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("SADD", "s", "a", "b"), Ev("new", "s"), Ev("sadd", "s"));
        n.Expect(Cmd("SADD", "s", "a"));
        n.Expect(Cmd("SREM", "s", "zz"));
        n.Expect(Cmd("SREM", "s", "a"), Ev("srem", "s"));
        n.Expect(Cmd("SREM", "s", "b", "zz"), Ev("srem", "s"), Ev("del", "s"));
        n.Expect(Cmd("SREM", "s", "b"));
    }

    [Fact]
    public void Spop_PublishesSpopThenDelWhenEmptied()
    {
        var n = new Listener("KEAm");
        n.Setup("SADD", "one", "x");
        n.Expect(Cmd("SPOP", "one"), Ev("spop", "one"), Ev("del", "one"));
        n.Expect(Cmd("SPOP", "one"));
        n.Expect(Cmd("SPOP", "one", "2"));
        n.Setup("SADD", "s", "x", "y", "z");
        n.Expect(Cmd("SPOP", "s", "0"));
        n.Expect(Cmd("SPOP", "s", "1"), Ev("spop", "s"));
        n.Expect(Cmd("SPOP", "s", "5"), Ev("spop", "s"), Ev("del", "s"));
    }

    [Fact]
    public void Smove_PublishesSremOnSourceThenSaddOnDestination()
    {
        var n = new Listener("KEAn");
        n.Setup("SADD", "m", "a", "b");
        n.Expect(Cmd("SMOVE", "m", "m", "a"));
        n.Expect(Cmd("SMOVE", "m", "d", "zz"));
        n.Expect(Cmd("SMOVE", "none", "d", "a"));
        n.Expect(Cmd("SMOVE", "m", "d", "a"), Ev("srem", "m"), Ev("new", "d"), Ev("sadd", "d"));
        n.Expect(Cmd("SMOVE", "m", "d", "b"), Ev("srem", "m"), Ev("del", "m"), Ev("sadd", "d"));
        n.Setup("SADD", "m", "a");
        n.Expect(Cmd("SMOVE", "m", "d", "a"), Ev("srem", "m"), Ev("del", "m"));
    }

    [Fact]
    public void SetStores_PublishTheirNameOrDel()
    {
        var n = new Listener("KEAnm");
        n.Setup("SADD", "x", "1", "2", "3");
        n.Setup("SADD", "y", "2", "3", "4");
        n.Setup("SADD", "z", "9");
        n.Expect(Cmd("SINTERSTORE", "d", "x", "y"), Ev("new", "d"), Ev("sinterstore", "d"));
        n.Expect(Cmd("SINTERSTORE", "d", "x", "none", "y"), Ev("keymiss", "none"), Ev("del", "d"));
        n.Expect(Cmd("SINTERSTORE", "d", "x", "none"), Ev("keymiss", "none"));
        n.Expect(Cmd("SINTERSTORE", "d", "x", "y"), Ev("new", "d"), Ev("sinterstore", "d"));
        n.Expect(Cmd("SINTERSTORE", "d", "x", "z"), Ev("del", "d"));
        n.Expect(Cmd("SUNIONSTORE", "d", "x", "none"), Ev("keymiss", "none"), Ev("new", "d"), Ev("sunionstore", "d"));
        n.Expect(Cmd("SUNIONSTORE", "d", "none", "none2"), Ev("keymiss", "none"), Ev("keymiss", "none2"), Ev("del", "d"));
        n.Expect(Cmd("SDIFFSTORE", "d", "x", "y"), Ev("new", "d"), Ev("sdiffstore", "d"));
        n.Expect(Cmd("SDIFFSTORE", "d", "x", "y"), Ev("sdiffstore", "d"));
        n.Expect(Cmd("SDIFFSTORE", "d", "x", "x"), Ev("del", "d"));
    }

    [Fact]
    public void SetStores_WrongTypeSource_PublishesOnlyEarlierMisses()
    {
        var n = new Listener("KEAnm");
        n.Setup("SADD", "x", "1");
        n.Setup("SET", "str", "v");
        n.Expect(Cmd("SINTERSTORE", "d", "none", "str"), Ev("keymiss", "none"));
        n.Expect(Cmd("SUNIONSTORE", "d", "none", "str", "none2"), Ev("keymiss", "none"));
        n.Expect(Cmd("SMOVE", "x", "str", "1"));
    }

    [Fact]
    public void SetReads_OnMissingKey_PublishKeymiss()
    {
        var n = new Listener("KEAm");
        foreach (string[] read in new[]
        {
            Cmd("SMEMBERS", "a"), Cmd("SISMEMBER", "a", "m"), Cmd("SMISMEMBER", "a", "m", "n"), Cmd("SCARD", "a"),
            Cmd("SRANDMEMBER", "a"), Cmd("SRANDMEMBER", "a", "2"), Cmd("SSCAN", "a", "0"), Cmd("SINTERCARD", "1", "a"),
            Cmd("SINTER", "a"), Cmd("SUNION", "a"), Cmd("SDIFF", "a"),
        })
        {
            n.Expect(read, Ev("keymiss", "a"));
        }
    }

    // ---- sorted sets ----

    [Fact]
    public void Zadd_PublishesZaddOnlyWhenSomethingChanged()
    {
        var n = new Listener("KEAn");
        n.Expect(Cmd("ZADD", "z", "1", "a", "2", "b"), Ev("new", "z"), Ev("zadd", "z"));
        n.Expect(Cmd("ZADD", "z", "1", "a"));
        n.Expect(Cmd("ZADD", "z", "CH", "5", "a"), Ev("zadd", "z"));
        n.Expect(Cmd("ZADD", "z", "XX", "1", "new"));
        n.Expect(Cmd("ZADD", "none", "XX", "1", "a"));
        n.Expect(Cmd("ZADD", "z", "NX", "1", "a"));
        n.Expect(Cmd("ZADD", "z", "GT", "0", "a"));
    }

    [Fact]
    public void Zincrby_AndZaddIncr_PublishZincr()
    {
        var n = new Listener("KEAn");
        n.Setup("ZADD", "z", "1", "a");
        n.Expect(Cmd("ZADD", "z", "INCR", "1", "a"), Ev("zincr", "z"));
        n.Expect(Cmd("ZADD", "z", "NX", "INCR", "1", "a"));
        n.Expect(Cmd("ZINCRBY", "z", "1", "b"), Ev("zincr", "z"));
        n.Expect(Cmd("ZINCRBY", "z2", "1", "b"), Ev("new", "z2"), Ev("zincr", "z2"));
        n.Expect(Cmd("ZINCRBY", "z", "+inf", "a"), Ev("zincr", "z"));
        n.Expect(Cmd("ZINCRBY", "z", "-inf", "a"));
    }

    [Fact]
    public void Zrem_LastMember_PublishesZremThenDel()
    {
        var n = new Listener();
        n.Setup("ZADD", "z", "1", "a", "2", "b");
        n.Expect(Cmd("ZREM", "z", "zz"));
        n.Expect(Cmd("ZREM", "z", "a"), Ev("zrem", "z"));
        n.Expect(Cmd("ZREM", "z", "b", "zz"), Ev("zrem", "z"), Ev("del", "z"));
        n.Expect(Cmd("ZREM", "z", "b"));
    }

    [Fact]
    public void Zremrange_PublishesItsNameThenDelWhenEmptied()
    {
        var n = new Listener();
        n.Setup("ZADD", "r", "1", "a", "2", "b", "3", "c", "4", "d");
        n.Expect(Cmd("ZREMRANGEBYRANK", "r", "10", "20"));
        n.Expect(Cmd("ZREMRANGEBYRANK", "r", "0", "0"), Ev("zremrangebyrank", "r"));
        n.Expect(Cmd("ZREMRANGEBYSCORE", "r", "100", "200"));
        n.Expect(Cmd("ZREMRANGEBYSCORE", "r", "2", "2"), Ev("zremrangebyscore", "r"));
        n.Expect(Cmd("ZREMRANGEBYLEX", "r", "[z", "[zz"));
        n.Expect(Cmd("ZREMRANGEBYLEX", "r", "[c", "[c"), Ev("zremrangebylex", "r"));
        n.Expect(Cmd("ZREMRANGEBYRANK", "r", "0", "-1"), Ev("zremrangebyrank", "r"), Ev("del", "r"));
        n.Expect(Cmd("ZREMRANGEBYSCORE", "r", "0", "1"));
    }

    [Fact]
    public void Zpop_PublishesZpopminOrZpopmaxThenDel()
    {
        var n = new Listener("KEAm");
        n.Setup("ZADD", "z", "1", "a", "2", "b", "3", "c");
        n.Expect(Cmd("ZPOPMIN", "z", "0"));
        n.Expect(Cmd("ZPOPMIN", "z"), Ev("zpopmin", "z"));
        n.Expect(Cmd("ZPOPMAX", "z", "5"), Ev("zpopmax", "z"), Ev("del", "z"));
        n.Expect(Cmd("ZPOPMIN", "z"));
        n.Setup("ZADD", "s", "1", "a", "2", "b");
        n.Expect(Cmd("ZMPOP", "2", "none", "s", "MIN"), Ev("zpopmin", "s"));
        n.Expect(Cmd("ZMPOP", "2", "none", "s", "MAX", "COUNT", "5"), Ev("zpopmax", "s"), Ev("del", "s"));
        n.Expect(Cmd("ZMPOP", "1", "none", "MIN"));
    }

    [Fact]
    public void ZsetStores_PublishTheirNameOrDel()
    {
        var n = new Listener("KEAnm");
        n.Setup("ZADD", "s1", "1", "a", "2", "b");
        n.Setup("ZADD", "s2", "2", "b", "3", "c");
        n.Setup("SADD", "plain", "b", "c");
        n.Expect(Cmd("ZUNIONSTORE", "d", "2", "s1", "s2"), Ev("new", "d"), Ev("zunionstore", "d"));
        n.Expect(Cmd("ZUNIONSTORE", "d", "2", "s1", "none"), Ev("keymiss", "none"), Ev("zunionstore", "d"));
        n.Expect(Cmd("ZINTERSTORE", "d", "2", "s1", "s2"), Ev("zinterstore", "d"));
        n.Expect(Cmd("ZINTERSTORE", "d", "2", "s1", "none"), Ev("keymiss", "none"), Ev("del", "d"));
        n.Expect(Cmd("ZINTERSTORE", "d", "2", "s1", "none"), Ev("keymiss", "none"));
        n.Expect(Cmd("ZDIFFSTORE", "d", "2", "s1", "s2"), Ev("new", "d"), Ev("zdiffstore", "d"));
        n.Expect(Cmd("ZDIFFSTORE", "d", "2", "s1", "s1"), Ev("del", "d"));
        n.Expect(Cmd("ZINTERSTORE", "d", "2", "s1", "plain"), Ev("new", "d"), Ev("zinterstore", "d"));
    }

    [Fact]
    public void Zrangestore_PublishesZrangestoreOrDel()
    {
        var n = new Listener("KEAnm");
        n.Setup("ZADD", "s", "1", "a", "2", "b");
        n.Expect(Cmd("ZRANGESTORE", "d", "s", "0", "-1"), Ev("new", "d"), Ev("zrangestore", "d"));
        n.Expect(Cmd("ZRANGESTORE", "d", "s", "0", "0"), Ev("zrangestore", "d"));
        n.Expect(Cmd("ZRANGESTORE", "d", "s", "5", "10"), Ev("del", "d"));
        n.Expect(Cmd("ZRANGESTORE", "d", "s", "5", "10"));
        n.Expect(Cmd("ZRANGESTORE", "d", "none", "0", "-1"), Ev("keymiss", "none"));
    }

    [Fact]
    public void ZsetReads_OnMissingKey_PublishKeymiss()
    {
        var n = new Listener("KEAm");
        foreach (string[] read in new[]
        {
            Cmd("ZSCORE", "a", "m"), Cmd("ZMSCORE", "a", "m", "n"), Cmd("ZCARD", "a"), Cmd("ZRANK", "a", "m"),
            Cmd("ZREVRANK", "a", "m"), Cmd("ZRANGE", "a", "0", "-1"), Cmd("ZREVRANGE", "a", "0", "-1"),
            Cmd("ZRANGEBYSCORE", "a", "0", "1"), Cmd("ZREVRANGEBYSCORE", "a", "1", "0"), Cmd("ZRANGEBYLEX", "a", "-", "+"),
            Cmd("ZREVRANGEBYLEX", "a", "+", "-"), Cmd("ZCOUNT", "a", "0", "1"), Cmd("ZLEXCOUNT", "a", "-", "+"),
            Cmd("ZRANDMEMBER", "a"), Cmd("ZRANDMEMBER", "a", "2"), Cmd("ZSCAN", "a", "0"), Cmd("ZUNION", "1", "a"),
            Cmd("ZINTER", "1", "a"), Cmd("ZDIFF", "1", "a"), Cmd("ZINTERCARD", "1", "a"),
        })
        {
            n.Expect(read, Ev("keymiss", "a"));
        }
        n.Expect(Cmd("ZPOPMIN", "a"));
        n.Expect(Cmd("ZREM", "a", "m"));
    }

    [Fact]
    public void BlockingZpops_WithData_PublishLikeZpop()
    {
        var n = new Listener();
        n.Setup("ZADD", "z", "1", "a", "2", "b", "3", "c");
        n.Expect(Cmd("BZPOPMIN", "none", "z", "0"), Ev("zpopmin", "z"));
        n.Expect(Cmd("BZPOPMAX", "z", "0"), Ev("zpopmax", "z"));
        n.Expect(Cmd("BZMPOP", "0", "1", "z", "MIN", "COUNT", "3"), Ev("zpopmin", "z"), Ev("del", "z"));
    }

    [Fact]
    public void Bzpopmin_ServedByZadd_PublishesZaddThenZpopmin()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BZPOPMIN", "z", "0");
        n.Expect(Cmd("ZADD", "z", "1", "a", "2", "b"), Ev("new", "z"), Ev("zadd", "z"), Ev("zpopmin", "z"));
    }

    [Fact]
    public void Bzmpop_ServedByZadd_PublishesZpopmaxThenDel()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BZMPOP", "0", "1", "z", "MAX", "COUNT", "5");
        n.Expect(Cmd("ZADD", "z", "1", "a", "2", "b"), Ev("new", "z"), Ev("zadd", "z"), Ev("zpopmax", "z"), Ev("del", "z"));
    }

    [Fact]
    public void Blpop_ServedAfterExec_PublishesTheTransactionFirst()
    {
        var n = new Listener("KEAn");
        ClientSession waiter = n.H.NewClient();
        n.H.RunAs(waiter, "BLPOP", "q", "0");
        n.Setup("MULTI");
        n.Setup("RPUSH", "q", "a");
        n.Setup("RPUSH", "q", "b");
        n.Setup("LPOP", "q");
        n.Expect(Cmd("EXEC"), Ev("new", "q"), Ev("rpush", "q"), Ev("rpush", "q"), Ev("lpop", "q"), Ev("lpop", "q"), Ev("del", "q"));
    }

    // ---- SORT ----

    [Fact]
    public void SortStore_PublishesSortstoreOrDel()
    {
        var n = new Listener("KEAnm");
        n.Setup("RPUSH", "l", "3", "1", "2");
        n.Setup("SET", "str", "v");
        n.Expect(Cmd("SORT", "l"));
        n.Expect(Cmd("SORT", "l", "STORE", "d"), Ev("new", "d"), Ev("sortstore", "d"));
        n.Expect(Cmd("SORT", "l", "STORE", "d"), Ev("sortstore", "d"));
        n.Expect(Cmd("SORT", "l", "LIMIT", "5", "10", "STORE", "d"), Ev("del", "d"));
        n.Expect(Cmd("SORT", "l", "LIMIT", "5", "10", "STORE", "d"));
        n.Expect(Cmd("SORT", "none", "STORE", "d"), Ev("keymiss", "none"));
        n.Expect(Cmd("SORT", "str", "STORE", "d"));
        n.Expect(Cmd("SORT", "l", "STORE", "str"), Ev("sortstore", "str"));
    }

    [Fact]
    public void Sort_PatternLookups_PublishKeymissPerMissingKey()
    {
        var n = new Listener("KEAnm");
        n.Setup("RPUSH", "l", "3", "1", "2");
        n.Setup("SET", "w_1", "10");
        n.Setup("HSET", "h_2", "f", "5");
        n.Expect(Cmd("SORT", "l", "BY", "w_*", "GET", "h_*->f", "GET", "#"),
            Ev("keymiss", "w_3"), Ev("keymiss", "w_2"), Ev("keymiss", "h_3"), Ev("keymiss", "h_1"));
        n.Expect(Cmd("SORT", "l", "BY", "nosort", "GET", "o_*", "STORE", "d"),
            Ev("keymiss", "o_3"), Ev("keymiss", "o_1"), Ev("keymiss", "o_2"), Ev("new", "d"), Ev("sortstore", "d"));
        n.Expect(Cmd("SORT_RO", "none"), Ev("keymiss", "none"));
    }

    // ---- scripts and transactions: the commands they run publish by themselves ----

    [Fact]
    public void Eval_CommandsRunByTheScript_PublishTheirEvents()
    {
        var n = new Listener("KEAnm");
        n.Expect(Cmd("EVAL", "redis.call('set',KEYS[1],'v'); redis.call('get','nokey'); return redis.call('lpush',KEYS[2],'a')", "2", "k", "l"),
            Ev("new", "k"), Ev("set", "k"), Ev("keymiss", "nokey"), Ev("new", "l"), Ev("lpush", "l"));
        n.Expect(Cmd("EVAL", "return redis.call('lpop',KEYS[1])", "1", "l"), Ev("lpop", "l"), Ev("del", "l"));
        n.Expect(Cmd("EVAL", "return redis.pcall('lpush',KEYS[1],'a')", "1", "k"));
    }

    [Fact]
    public void Exec_QueuedCommands_PublishWhenExecuted()
    {
        var n = new Listener("KEAnm");
        n.Expect(Cmd("MULTI"));
        n.Expect(Cmd("SET", "m", "1"));
        n.Expect(Cmd("INCR", "m"));
        n.Expect(Cmd("GET", "nom"));
        n.Expect(Cmd("EXEC"), Ev("new", "m"), Ev("set", "m"), Ev("incrby", "m"), Ev("keymiss", "nom"));
    }
}
