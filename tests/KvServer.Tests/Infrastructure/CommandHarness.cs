using System.Text;
using KvServer.Engine.Configuration;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Tests.Infrastructure;

/// <summary>
/// Runs commands through the real dispatcher without sockets, with a manual clock: each call returns the
/// exact RESP bytes the command wrote. Several clients can share one server (<see cref="NewClient"/>).
/// </summary>
public sealed class CommandHarness
{
    private static readonly Lazy<string> s_dataDirectory = new(CreateDataDirectory);

    // One directory for the test process's dump files, removed when the process ends.
    private static string CreateDataDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("kvserver-harness-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return directory;
    }

    private readonly CommandDispatcher _dispatcher;

    public CommandHarness(Action<ConfigRegistry>? configure = null)
    {
        Options = new ServerOptions();
        Config = new ConfigRegistry(Options);
        // No save points, and any dump file goes to a temporary directory, never the working directory.
        Config.Set([("save", ""), ("dir", s_dataDirectory.Value)], fromCommand: false);
        configure?.Invoke(Config);
        Clock = new ManualClock(1_700_000_000_000);
        Server = new ServerState(Options, Config, Clock);
        _dispatcher = Server.Dispatcher;
        Client = NewClient();
    }

    public ServerOptions Options { get; }

    public ConfigRegistry Config { get; }

    public ManualClock Clock { get; }

    public ServerState Server { get; }

    /// <summary>The default client that <see cref="Run(string[])"/> uses.</summary>
    public ClientSession Client { get; }

    public ClientSession NewClient()
    {
        var client = new ClientSession(Server.Clients.NextId(), Server, null);
        Server.Clients.Add(client);
        return client;
    }

    /// <summary>Runs one command as the default client and returns its raw reply.</summary>
    public string Run(params string[] args) => RunAs(Client, args);

    public string RunAs(ClientSession client, params string[] args)
    {
        byte[][] bytes = new byte[args.Length][];
        for (int i = 0; i < args.Length; i++)
        {
            bytes[i] = Encoding.Latin1.GetBytes(args[i]);
        }
        return RunBytes(client, bytes);
    }

    /// <summary>Runs a command given as raw byte arguments (binary-safe tests).</summary>
    public string RunBytes(ClientSession client, params byte[][] args)
    {
        var request = new List<byte>();
        request.AddRange(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (byte[] arg in args)
        {
            request.AddRange(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            request.AddRange(arg);
            request.AddRange("\r\n"u8.ToArray());
        }
        return Execute(client, request.ToArray());
    }

    /// <summary>Parses and runs raw request bytes (RESP or inline) and returns everything replied.</summary>
    public string Execute(ClientSession client, byte[] request)
    {
        var batch = new RequestBatch();
        var limits = new ParserLimits { MaxBulkLength = Options.ProtoMaxBulkLength };
        RespRequestParser.Parse(request, batch, limits, out _, out _, out _);
        _dispatcher.ExecuteBatch(client, batch, request);
        string reply = Encoding.Latin1.GetString(client.Reply.WrittenSpan);
        client.Reply.Reset();
        return reply;
    }

    /// <summary>Runs a command and decodes its reply.</summary>
    public RespValue Call(params string[] args) => RespValue.Parse(Run(args));

    /// <summary>Switches the default client to RESP3 (as HELLO 3 would).</summary>
    public void UseResp3() => Client.Protocol = RespVersion.Resp3;

    /// <summary>Whether database 0 holds <paramref name="key"/>, checked without statistics or LRU updates.</summary>
    public bool KeyExists(string key) => Server.Databases[0].Contains(Encoding.Latin1.GetBytes(key), Clock.UnixTimeMilliseconds);

    /// <summary>The encoding name of database 0's <paramref name="key"/> ("none" when missing), read without touching it.</summary>
    public string EncodingOf(string key)
    {
        object? value = Server.Databases[0].Peek(Encoding.Latin1.GetBytes(key), Clock.UnixTimeMilliseconds);
        return value is null ? "none" : KvServer.Engine.DataTypes.ValueTypes.Encoding(value);
    }
}
