using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Scripting;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Persistence;

/// <summary>
/// rdbLoad: reads a whole RDB file (versions 1 to 10, as Redis 7.0 does) into the server's databases and
/// function libraries. Values are decoded by <see cref="RdbValueReader"/>; this class walks the records:
/// the header, AUX fields, SELECTDB and RESIZEDB, expiry and LRU/LFU prefixes, keys, functions, EOF and the
/// CRC-64 trailer.
/// </summary>
/// <remarks>
/// <para>Keys go straight into the tables (<see cref="Database.AddLoaded"/>): no blocked client is woken and no
/// keyspace event fires, as with Redis's dbAddRDBLoad. A key whose expiry has passed is skipped and counted,
/// as a master does, except under <see cref="RdbLoadFlags.AofPreamble"/>.</para>
/// <para>Any error stops the load with an <see cref="RdbLoadException"/> carrying Redis's message, and every
/// database is emptied first, so a failed load never leaves part of a file behind. Streams and module values
/// cannot be represented yet and stop the load with a message naming the key.</para>
/// <para>Only the executor may call this (or the host before the server accepts connections).</para>
/// </remarks>
public static class RdbLoader
{
    private const int HeaderSize = 9;

    /// <summary>Loads the RDB file at <paramref name="path"/> (FileNotFoundException when it does not exist).</summary>
    public static RdbLoadResult LoadFile(ServerState server, string path, RdbLoadFlags flags = RdbLoadFlags.None,
        ILogger? logger = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1,
            FileOptions.SequentialScan);
        return Load(server, stream, flags, logger);
    }

    /// <summary>
    /// Loads one RDB from <paramref name="stream"/>'s current position up to and including its checksum. The
    /// stream may continue after it (an AOF's RDB preamble is followed by commands): reading runs ahead in
    /// blocks, but a seekable stream is left positioned just after the checksum, and
    /// <see cref="RdbLoadResult.BytesRead"/> says where that is for any stream.
    /// </summary>
    public static RdbLoadResult Load(ServerState server, Stream stream, RdbLoadFlags flags = RdbLoadFlags.None,
        ILogger? logger = null)
    {
        long start = stream.CanSeek ? stream.Position : 0;
        var input = new RdbInput(stream);
        var functions = new FunctionLibraryContext();
        RdbLoadResult result;
        try
        {
            result = new Loading(server, input, flags, logger, functions).Run();
            InstallFunctions(server, functions, flags);
        }
        catch (Exception ex) when (ex is RdbLoadException or IOException)
        {
            foreach (Database db in server.Databases)
            {
                db.Clear();
            }
            if (functions.Libraries.Count > 0)
            {
                server.Functions.Free(functions.Clear());
            }
            throw;
        }
        if (stream.CanSeek)
        {
            stream.Position = start + result.BytesRead;
        }
        server.LastRdbLoad = result;
        return result;
    }

    private static void InstallFunctions(ServerState server, FunctionLibraryContext loaded, RdbLoadFlags flags)
    {
        if (loaded.Libraries.Count == 0)
        {
            return;
        }
        FunctionStore store = server.Functions;
        if (store.Current.Libraries.Count == 0)
        {
            store.Swap(loaded);
            return;
        }
        List<FunctionLibrary>? replaced = store.Current.Join(loaded, (flags & RdbLoadFlags.AllowDuplicates) != 0, out string? error);
        if (replaced is null && error is not null)
        {
            throw RdbLoadException.Corrupt($"Failed loading library, {error}");
        }
        if (replaced is not null)
        {
            store.Free(replaced);
        }
    }

    /// <summary>
    /// Whether <paramref name="start"/> (the first bytes of a file) is an RDB: how an AOF loader tells a base
    /// file or a preamble in RDB format from one made of commands, as Redis does ("REDIS").
    /// </summary>
    public static bool StartsWithRdbMagic(ReadOnlySpan<byte> start) => start.StartsWith(RdbFormat.Magic);

    /// <summary>A key name as Redis prints it in a log line (binary bytes escaped).</summary>
    internal static string Printable(ReadOnlySpan<byte> key)
    {
        var text = new StringBuilder(key.Length);
        foreach (byte b in key)
        {
            if (b is >= 0x20 and < 0x7F && b != '\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }
        return text.ToString();
    }

    /// <summary>moduleTypeNameByID: the 9-character module type name packed in a module id.</summary>
    internal static string ModuleTypeName(ulong moduleId)
    {
        const string Charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Span<char> name = stackalloc char[9];
        ulong id = moduleId >> 10;
        for (int i = 8; i >= 0; i--)
        {
            name[i] = Charset[(int)(id & 63)];
            id >>= 6;
        }
        return new string(name);
    }

    /// <summary>The state of one load: the current database and the prefixes that apply to the next key.</summary>
    private sealed class Loading(ServerState server, RdbInput input, RdbLoadFlags flags, ILogger? logger,
        FunctionLibraryContext functions)
    {
        private readonly Dictionary<string, string> _aux = new(StringComparer.Ordinal);
        private Database _db = server.Databases[0];
        private long _loaded;
        private long _expired;
        private long _empty;
        private int _functionCount;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public RdbLoadResult Run()
        {
            int version = ReadHeader();
            long now = server.Clock.UnixTimeMilliseconds;
            long expireAt = -1;
            long idle = -1;
            int frequency = -1;
            while (true)
            {
                byte type = input.ReadByte();
                switch (type)
                {
                    case RdbFormat.OpcodeExpireTime:
                        expireAt = input.ReadInt32LittleEndian() * 1000L;
                        continue;
                    case RdbFormat.OpcodeExpireTimeMs:
                        expireAt = input.ReadInt64LittleEndian();
                        continue;
                    case RdbFormat.OpcodeFreq:
                        frequency = input.ReadByte();
                        continue;
                    case RdbFormat.OpcodeIdle:
                        idle = (long)Math.Min(input.ReadLength(), long.MaxValue);
                        continue;
                    case RdbFormat.OpcodeSelectDb:
                        SelectDb(input.ReadLength());
                        continue;
                    case RdbFormat.OpcodeResizeDb:
                        ulong keys = input.ReadLength();
                        ulong expires = input.ReadLength();
                        _db.ReserveForLoad((ulong)input.PlausibleCount((long)Math.Min(keys, long.MaxValue)),
                            (ulong)input.PlausibleCount((long)Math.Min(expires, long.MaxValue)));
                        continue;
                    case RdbFormat.OpcodeAux:
                        ReadAux();
                        continue;
                    case RdbFormat.OpcodeModuleAux:
                        throw new RdbLoadException(
                            $"The RDB file contains AUX module data I can't load: no matching module '{ModuleTypeName(input.ReadLength())}'");
                    case RdbFormat.OpcodeFunction:
                        throw RdbLoadException.Corrupt("Pre-release function format not supported.");
                    case RdbFormat.OpcodeFunction2:
                        ReadFunction();
                        continue;
                    case RdbFormat.OpcodeEof:
                        break;
                    default:
                        ReadKey(type, expireAt, idle, frequency, now);
                        expireAt = -1;
                        idle = -1;
                        frequency = -1;
                        continue;
                }
                break;
            }
            long end = VerifyChecksum(version);
            return new RdbLoadResult
            {
                Version = version,
                KeysLoaded = _loaded,
                KeysExpired = _expired,
                EmptyKeysSkipped = _empty,
                FunctionsLoaded = _functionCount,
                BytesRead = end,
                AuxFields = _aux,
            };
        }

        private int ReadHeader()
        {
            ReadOnlySpan<byte> header = input.ReadSpan(HeaderSize);
            if (!header[..5].SequenceEqual(RdbFormat.Magic))
            {
                throw new RdbLoadException("Wrong signature trying to load DB from file");
            }
            // atoi: the leading digits; anything else reads as 0.
            int version = 0;
            foreach (byte digit in header[5..])
            {
                if (digit is < (byte)'0' or > (byte)'9')
                {
                    break;
                }
                version = version * 10 + (digit - '0');
            }
            if (version < 1 || version > RdbFormat.Version)
            {
                throw new RdbLoadException($"Can't handle RDB format version {version}");
            }
            return version;
        }

        private void SelectDb(ulong index)
        {
            if (index >= (ulong)server.Databases.Length)
            {
                throw new RdbLoadException(
                    $"FATAL: Data file was created with a Redis server configured to handle more than {server.Databases.Length} databases. Exiting");
            }
            _db = server.Databases[(int)index];
        }

        private void ReadAux()
        {
            string key = Encoding.UTF8.GetString(input.ReadStringSpan());
            string value = Encoding.UTF8.GetString(input.ReadStringSpan());
            _aux[key] = value;
            if (logger is null)
            {
                return;
            }
            // The fields Redis reports while loading; unknown ones are ignored, as Redis does.
            switch (key)
            {
                case "redis-ver":
                    logger.LogInformation("Loading RDB produced by version {Version}", value);
                    break;
                case "ctime" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long created):
                    long age = Math.Max(0, server.Clock.UnixTimeMilliseconds / 1000 - created);
                    logger.LogInformation("RDB age {Age} seconds", age);
                    break;
                case "used-mem" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long used):
                    logger.LogInformation("RDB memory usage when created {Megabytes} Mb",
                        (used / 1024.0 / 1024.0).ToString("F2", CultureInfo.InvariantCulture));
                    break;
            }
        }

        private void ReadFunction()
        {
            byte[] code = input.ReadStringArray();
            bool replace = (flags & RdbLoadFlags.AllowDuplicates) != 0;
            if (server.Functions.Create(code, replace, functions, timeoutMs: 0, out string? error) is null)
            {
                throw new RdbLoadException($"Failed loading library, {error ?? "unknown error"}");
            }
            _functionCount++;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ReadKey(byte type, long expireAt, long idle, int frequency, long now)
        {
            byte[] key = input.ReadStringArray();
            if (!RdbValueReader.IsSupportedType(type))
            {
                throw UnsupportedType(type, key);
            }
            object? value;
            try
            {
                value = RdbValueReader.Read(input, type, server.Options);
            }
            catch (RdbLoadException ex) when (!ex.IsShortRead)
            {
                throw new RdbLoadException($"{ex.Message} (key '{Printable(key)}' in DB {_db.Index}, RDB type {type})", ex);
            }
            if (value is null)
            {
                _empty++;
                return;
            }
            if ((flags & RdbLoadFlags.AofPreamble) == 0 && expireAt != -1 && expireAt < now)
            {
                _expired++;
                return;
            }
            if (!_db.AddLoaded(key, value, expireAt, (flags & RdbLoadFlags.AllowDuplicates) != 0, now))
            {
                logger?.LogWarning("RDB has duplicated key '{Key}' in DB {Db}", Printable(key), _db.Index);
                throw new RdbLoadException("Duplicated key found in RDB file");
            }
            if (idle >= 0 || frequency >= 0)
            {
                _db.SetAccessHistory(key, idle, frequency, now);
            }
            _loaded++;
        }

        private RdbLoadException UnsupportedType(byte type, byte[] key)
        {
            string name = Printable(key);
            switch (type)
            {
                case RdbFormat.TypeStreamListpacks:
                case RdbFormat.TypeStreamListpacks2:
                    return new RdbLoadException(
                        $"Can't load key '{name}' in DB {_db.Index}: streams (RDB type {type}) are not supported yet");
                case RdbFormat.TypeModule:
                case RdbFormat.TypeModule2:
                    string module = ModuleTypeName(input.ReadLength());
                    return new RdbLoadException(
                        $"The RDB file contains module data I can't load: no matching module type '{module}' (key '{name}' in DB {_db.Index})");
                default:
                    return new RdbLoadException($"Unknown RDB encoding type {type}");
            }
        }

        // From version 5 the file ends with the CRC-64 of everything before it; 0 means "saved without".
        private long VerifyChecksum(int version)
        {
            if (version < 5)
            {
                return input.Position;
            }
            ulong computed = input.Crc;
            ulong stored = input.ReadUInt64LittleEndian();
            if (server.Options.RdbChecksum && stored != 0 && stored != computed)
            {
                throw new RdbLoadException(
                    $"Wrong RDB checksum expected: ({computed:x}) but got ({stored:x}). Aborting now.");
            }
            if (stored == 0)
            {
                logger?.LogWarning("RDB file was saved with checksum disabled: no check performed.");
            }
            return input.Position;
        }
    }
}
