using System.Diagnostics;
using System.Globalization;
using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>What <see cref="AofLoader.Load"/> found (AOF_OK, AOF_NOT_EXIST, AOF_EMPTY, AOF_TRUNCATED).</summary>
public enum AofLoadStatus
{
    Ok,
    NotExist,
    Empty,
    Truncated,
}

/// <summary>
/// Loads the multi-part append-only file at start-up (loadAppendOnlyFiles): the manifest, then the base
/// (an RDB, or RESP commands), then every incremental file in order, each command replayed through the
/// dispatcher by a client without a connection (MULTI/EXEC queue and execute as they did live). A
/// truncated last command is dropped and the file cut to the last complete one when
/// <c>aof-load-truncated</c> is on; anything else wrong stops the start with Redis's message.
/// </summary>
public sealed class AofLoader
{
    private readonly ServerState _server;
    private readonly ILogger? _logger;
    private readonly string _directory;

    public AofLoader(ServerState server, string directory, ILogger? logger)
    {
        _server = server;
        _directory = directory;
        _logger = logger;
    }

    /// <summary>aofLoadManifestFromDisk: the manifest, or an empty one when there is none yet.</summary>
    public static AofManifest ReadManifest(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            return new AofManifest();
        }
        return AofManifest.Parse(File.ReadAllText(manifestPath, Encoding.UTF8));
    }

    /// <summary>loadAppendOnlyFiles. Throws <see cref="AofLoadException"/> on a fatal problem.</summary>
    public AofLoadStatus Load(AofManifest manifest)
    {
        if (manifest.Base is null && manifest.Incr.Count == 0)
        {
            return AofLoadStatus.NotExist;
        }
        long started = Stopwatch.GetTimestamp();
        int total = (manifest.Base is null ? 0 : 1) + manifest.Incr.Count;
        int loaded = 0;
        AofLoadStatus status = AofLoadStatus.Empty;
        if (manifest.Base is not null)
        {
            loaded++;
            status = Merge(status, LoadFile(manifest.Base.FileName, "base", last: loaded == total));
        }
        foreach (AofFileInfo incr in manifest.Incr)
        {
            loaded++;
            status = Merge(status, LoadFile(incr.FileName, "incr", last: loaded == total));
        }
        _logger?.LogInformation("DB loaded from append only file: {Seconds} seconds", Seconds(started));
        return status;
    }

    private static AofLoadStatus Merge(AofLoadStatus sofar, AofLoadStatus file) =>
        file == AofLoadStatus.Truncated || sofar == AofLoadStatus.Truncated ? AofLoadStatus.Truncated
        : file == AofLoadStatus.Ok || sofar == AofLoadStatus.Ok ? AofLoadStatus.Ok : AofLoadStatus.Empty;

    private static string Seconds(long started) =>
        ((Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency).ToString("0.000", CultureInfo.InvariantCulture);

    private AofLoadStatus LoadFile(string name, string kind, bool last)
    {
        string path = Path.Combine(_directory, name);
        if (!File.Exists(path))
        {
            throw new AofLoadException($"The AOF file {name} doesn't exist");
        }
        long started = Stopwatch.GetTimestamp();
        AofLoadStatus status = LoadSingleFile(path, name, isBase: kind == "base");
        if (status == AofLoadStatus.Truncated && !last)
        {
            throw new AofLoadException("Fatal error: the truncated file is not the last file");
        }
        if (status != AofLoadStatus.Empty)
        {
            _logger?.LogInformation("DB loaded from {Kind} file {Name}: {Seconds} seconds", kind, name, Seconds(started));
        }
        return status;
    }

    // loadSingleAppendOnlyFile.
    private AofLoadStatus LoadSingleFile(string path, string name, bool isBase)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        if (stream.Length == 0)
        {
            return AofLoadStatus.Empty;
        }
        Span<byte> magic = stackalloc byte[5];
        int read = stream.ReadAtLeast(magic, 5, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read == 5 && RdbLoader.StartsWithRdbMagic(magic))
        {
            LoadRdbPreamble(stream, name, isBase);
        }
        using var reader = new AofCommandReader(stream);
        var client = new ClientSession(0, _server, null) { Authenticated = true, Name = null };
        long validUpTo = stream.Position;
        long validBeforeMulti = -1;
        try
        {
            while (true)
            {
                AofReadResult result = reader.ReadCommand();
                if (result == AofReadResult.End)
                {
                    break;
                }
                if (result == AofReadResult.Truncated)
                {
                    return UnexpectedEnd(path, name, validUpTo);
                }
                if (result == AofReadResult.FormatError)
                {
                    throw new AofLoadException($"Bad file format reading the append only file {name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
                }
                CommandArgs args = reader.CurrentArgs;
                if (!IsKnownCommand(args))
                {
                    throw new AofLoadException($"Unknown command '{Encoding.Latin1.GetString(args[0])}' reading the append only file {name}");
                }
                if (Ascii.EqualsIgnoreCase(args[0], "multi"u8))
                {
                    validBeforeMulti = validUpTo;
                }
                _server.Dispatcher.Execute(client, args);
                client.Reply.Truncate(0);
                validUpTo = reader.Position;
            }
            if (client.Multi is not null)
            {
                _logger?.LogWarning("Revert incomplete MULTI/EXEC transaction in AOF file {Name}", name);
                return UnexpectedEnd(path, name, validBeforeMulti);
            }
            return AofLoadStatus.Ok;
        }
        finally
        {
            client.Multi = null;
            client.Reply.Dispose();
        }
    }

    // lookupCommand: a container command needs a known subcommand.
    private bool IsKnownCommand(CommandArgs args)
    {
        CommandSpec? spec = _server.Commands.Lookup(args[0]);
        if (spec?.SubcommandList is not null && args.Count >= 2)
        {
            spec = CommandTable.LookupSubcommand(spec, args[1]);
        }
        return spec is not null && spec.IsImplemented;
    }

    // An RDB base file (or the RDB preamble of an old single-file AOF): "REDIS" at offset 0. The loader
    // leaves the stream just after the RDB, where commands may follow.
    private void LoadRdbPreamble(FileStream stream, string name, bool isBase)
    {
        _logger?.LogInformation(isBase ? "Reading RDB base file on AOF loading..." : "Reading RDB preamble from AOF file...");
        try
        {
            RdbLoader.Load(_server, stream, RdbLoadFlags.AofPreamble, _logger);
        }
        catch (Exception ex) when (ex is RdbLoadException or IOException)
        {
            _logger?.LogWarning("{Message}", ex.Message);
            throw new AofLoadException(isBase
                ? $"Error reading the RDB base file {name}, AOF loading aborted"
                : $"Error reading the RDB preamble of the AOF file {name}, AOF loading aborted");
        }
        if (!isBase)
        {
            _logger?.LogInformation("Reading the remaining AOF tail...");
        }
    }

    // uxeof: a command cut short at the end of the file.
    private AofLoadStatus UnexpectedEnd(string path, string name, long validUpTo)
    {
        if (_server.Config.GetValue("aof-load-truncated") != "yes")
        {
            throw new AofLoadException($"Unexpected end of file reading the append only file {name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        _logger?.LogWarning("!!! Warning: short read while loading the AOF file {Name}!!!", name);
        _logger?.LogWarning("!!! Truncating the AOF {Name} at offset {Offset} !!!", name, validUpTo);
        if (validUpTo < 0)
        {
            throw new AofLoadException("Last valid command offset is invalid");
        }
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            file.SetLength(validUpTo);
            file.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            throw new AofLoadException($"Error truncating the AOF file {name}: {ex.Message}");
        }
        _logger?.LogWarning("AOF {Name} loaded anyway because aof-load-truncated is enabled", name);
        return AofLoadStatus.Truncated;
    }
}
