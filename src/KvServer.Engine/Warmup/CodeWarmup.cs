using System.Reflection;
using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Persistence;
using KvServer.Engine.Persistence.Aof;
using KvServer.Engine.Persistence.Snapshots;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Warmup;

/// <summary>
/// Compiles code on a background thread before it is needed: the loader before a start-up load, and once the
/// server is up the save path and the command path, so that they run compiled (and promoted) code instead
/// of waiting for the JIT.
/// </summary>
/// <remarks>
/// A load or a save runs each of its methods a handful of times, long before tiered compilation would
/// promote them: their loops are <c>AggressiveOptimization</c>, and the rest is compiled on first use, on
/// the executor, while every client waits. Compiling the loader with everything it calls cost about 25 ms,
/// half of a big list's load; the first SAVE of a process compiled about 200 methods (60-85 ms against
/// 25-35 ms for the next ones). One warm-up runs once per process; a run stops quietly at the first method it
/// cannot prepare (a test makes sure none exists) or when <see cref="Stop"/> is called.
/// </remarks>
internal sealed class CodeWarmup
{
    /// <summary>
    /// The RDB loader: the file reader and the list path first (the longest to compile and the first a big
    /// value needs), then the other values' decoders and the keyspace. Started as soon as the host has read
    /// its configuration, when a file is there to load; building the server takes about 50 ms on one core
    /// meanwhile. Stopped when the load starts: from then on the second core is the load's own (a big list is
    /// decompressed on two threads), and the load compiles whatever the warm-up has not reached.
    /// </summary>
    public static readonly CodeWarmup Loader = new("kvserver-loader-warmup",
    [
        typeof(RdbInput), typeof(RdbLoader), typeof(RdbValueReader), typeof(Lzf), typeof(Crc64),
        typeof(QuicklistNodeLoader), typeof(HelperWork), typeof(ListValue), typeof(QuickListNode), typeof(ListpackEncoding),
        typeof(Database), typeof(KeyTable<object>), typeof(KeyTable<long>), typeof(StringValue),
        typeof(RedisPackedReader), typeof(HashValue), typeof(SortedSetValue), typeof(SetValue), typeof(IntSet),
        typeof(ListPack), typeof(ZsetListpack), typeof(SkipList), typeof(RedisIntsetReader), typeof(RedisZipmapReader),
    ]);

    /// <summary>
    /// Once the server is up (after the load), on an otherwise idle process: SAVE, BGSAVE and the AOF rewrite
    /// (the snapshot walk, the RDB encoder and its file writer), then a save of a scratch server
    /// (<see cref="SaveRehearsal"/>) for the interface and framework methods that preparing does not compile,
    /// then the common commands (<see cref="CommandRehearsal"/>), which tiered compilation has to promote,
    /// and last the loader's types if the start did not compile them.
    /// </summary>
    public static readonly CodeWarmup AfterStart = new("kvserver-warmup",
    [
        typeof(RdbSaver), typeof(KeyspaceSnapshot), typeof(RdbSnapshotFormat), typeof(RdbEncoder), typeof(Lzf),
        typeof(LzfCompressor), typeof(Crc64), typeof(HelperWork), typeof(ListpackBuilder), typeof(ChunkedOutput),
        typeof(BackgroundFileWriter), typeof(RdbFileWriter), typeof(BackgroundSaver), typeof(SnapshotPump),
        typeof(StreamSnapshotOutput), typeof(AofSnapshotFormat), typeof(AofRewriter),
    ], rehearsal: static () =>
    {
        // One table for both scratch servers: building it is part of what each would otherwise repeat.
        CommandTable scratchCommands = Commands.CommandRegistry.Create();
        SaveRehearsal.Run(scratchCommands);
        CommandRehearsal.Run(scratchCommands);
        // A server that started without a file still loads one later (DEBUG RELOAD, RESTORE's payloads).
        Loader.PrepareAll(logger: null, stoppable: false);
    });

    private readonly string _threadName;
    private readonly Type[] _types;
    private readonly Action? _rehearsal;
    private volatile bool _stopped;
    private int _started;

    private CodeWarmup(string threadName, Type[] types, Action? rehearsal = null)
    {
        _threadName = threadName;
        _types = types;
        _rehearsal = rehearsal;
    }

    /// <summary>Starts compiling on a background thread, unless this warm-up already started in this process.</summary>
    public void Start(ILogger? logger)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }
        var thread = new Thread(() => _ = PrepareAll(logger))
        {
            IsBackground = true,
            Name = _threadName,
            // Clients come first: the warm-up only saves the first load or save some waiting.
            Priority = ThreadPriority.BelowNormal,
        };
        thread.Start();
    }

    /// <summary>The operation is starting: the warm-up ends after the method it is compiling.</summary>
    public void Stop() => _stopped = true;

    /// <summary>
    /// Compiles every listed type (<c>RuntimeHelpers.PrepareMethod</c> skips virtual methods, interface
    /// implementations included), then runs the rehearsal if there is one; true when it got through all of it
    /// (nothing failed, and not stopped when <paramref name="stoppable"/>: the background run is, a direct call
    /// need not be).
    /// </summary>
    internal bool PrepareAll(ILogger? logger, bool stoppable = true)
    {
        try
        {
            foreach (Type type in _types)
            {
                if (!Prepare(type, stoppable))
                {
                    return false;
                }
            }
            if (stoppable && _stopped)
            {
                return false;
            }
            _rehearsal?.Invoke();
            return true;
        }
        catch (Exception ex)
        {
            // Only an optimisation: the operation compiles what it needs on first use anyway.
            logger?.LogDebug(ex, "The {Warmup} stopped early", _threadName);
            return false;
        }
    }

    /// <summary>Compiles the methods of <paramref name="type"/> and its nested types; false once stopped.</summary>
    private bool Prepare(Type type, bool stoppable)
    {
        const BindingFlags Instance = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        // Type initializers are left to the runtime: they run once, where it decides.
        foreach (MethodBase method in (MethodBase[])[.. type.GetConstructors(Instance), .. type.GetMethods(Instance | BindingFlags.Static)])
        {
            if (stoppable && _stopped)
            {
                return false;
            }
            if (!method.IsAbstract && !method.ContainsGenericParameters)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
        foreach (Type nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!nested.ContainsGenericParameters && !Prepare(nested, stoppable))
            {
                return false;
            }
        }
        return true;
    }
}
