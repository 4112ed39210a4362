using System.Reflection;
using System.Runtime.CompilerServices;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Keyspace;
using Microsoft.Extensions.Logging;

namespace KvServer.Engine.Persistence;

/// <summary>
/// Compiles the RDB loader's code on a background thread while the server is still being built, so that the
/// load itself runs compiled code instead of waiting for the JIT.
/// </summary>
/// <remarks>
/// The loader's loops are <c>AggressiveOptimization</c> (a load calls each of them before tiered compilation
/// would promote it), and compiling them with everything they call costs about 25 ms on first use, which
/// used to be half of a big list's load. Building the server (command table, configuration, keyspace) takes
/// about 50 ms before the load starts, on one core; this thread compiles the loader on the other meanwhile.
/// It stops when the load starts (<see cref="Stop"/>): from then on the second core is the load's own (a big
/// list is decompressed on two threads), and whatever the warm-up has not reached the load compiles itself,
/// as before. It only runs when a file is there to load, and it stops at the first method it cannot prepare.
/// </remarks>
internal static class LoaderWarmup
{
    /// <summary>
    /// The types whose methods a load runs: the file reader and the list path first (the longest to compile
    /// and the first a big value needs), then the other values' decoders and the keyspace.
    /// </summary>
    private static readonly Type[] s_types =
    [
        typeof(RdbInput), typeof(RdbLoader), typeof(RdbValueReader), typeof(Lzf), typeof(Crc64),
        typeof(QuicklistNodeLoader), typeof(HelperWork), typeof(ListValue), typeof(QuickListNode), typeof(ListpackEncoding),
        typeof(Database), typeof(KeyTable<object>), typeof(KeyTable<long>), typeof(StringValue),
        typeof(RedisPackedReader), typeof(HashValue), typeof(SortedSetValue), typeof(SetValue), typeof(IntSet),
        typeof(ListPack), typeof(ZsetListpack), typeof(SkipList), typeof(RedisIntsetReader), typeof(RedisZipmapReader),
    ];

    private static volatile bool s_stopped;
    private static int s_started;

    /// <summary>
    /// Starts compiling on a background thread when <paramref name="rdbPath"/> exists; otherwise, or when a
    /// warm-up already ran in this process, does nothing.
    /// </summary>
    public static void StartIfFileExists(string rdbPath, ILogger? logger)
    {
        if (!File.Exists(rdbPath) || Interlocked.Exchange(ref s_started, 1) == 1)
        {
            return;
        }
        var thread = new Thread(() => _ = PrepareAll(logger)) { IsBackground = true, Name = "kvserver-loader-warmup" };
        thread.Start();
    }

    /// <summary>The load is starting: the warm-up ends after the method it is compiling.</summary>
    public static void Stop() => s_stopped = true;

    /// <summary>
    /// Compiles every listed type; true when it got through all of them (nothing failed, and not stopped when
    /// <paramref name="stoppable"/>: the background run is, a direct call need not be).
    /// </summary>
    internal static bool PrepareAll(ILogger? logger, bool stoppable = true)
    {
        try
        {
            foreach (Type type in s_types)
            {
                if (!Prepare(type, stoppable))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception ex)
        {
            // Only an optimisation: the load compiles what it needs on first use anyway.
            logger?.LogDebug(ex, "The loader warm-up stopped early");
            return false;
        }
    }

    /// <summary>Compiles the methods of <paramref name="type"/> and its nested types; false once stopped.</summary>
    private static bool Prepare(Type type, bool stoppable)
    {
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
            | BindingFlags.Static | BindingFlags.Instance;
        foreach (MethodInfo method in type.GetMethods(Declared))
        {
            if (stoppable && s_stopped)
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
