using System.Runtime.CompilerServices;
using KvServer.Engine.Configuration;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Persistence;

/// <summary>
/// rdbLoadObject: decodes one value of any RDB type Redis 7.0 reads (types 0–5 and 9–14, 16–18) into KvServer's
/// representation, choosing the compact or the full encoding by the current thresholds exactly where Redis's
/// loader does, so OBJECT ENCODING after a load agrees with Redis. Used by the file loader and by RESTORE.
/// </summary>
/// <remarks>
/// Encoding decisions, as rdb.c makes them: a plain hash of more than hash-max-listpack-entries fields, or with
/// a field or value over hash-max-listpack-value, is a hash table; a hash stored as listpack/ziplist converts only
/// past the entry limit (zipmap also past the value limit). A plain set of at most set-max-intset-entries
/// integers is an intset; an intset past the limit converts. A plain zset is a listpack when it fits both limits;
/// a listpack/ziplist zset converts only past the entry limit. Lists are always quicklists. A collection left
/// empty (an empty quicklist, listpack or intset) is skipped, as Redis skips it.
/// </remarks>
public static class RdbValueReader
{
    /// <summary>
    /// Decodes a DUMP payload's value (the bytes after the type byte and before the 10-byte footer) of RDB type
    /// <paramref name="type"/>. False, with the reason, for a malformed or unsupported value; the caller replies
    /// Redis's "Bad data format".
    /// </summary>
    public static bool TryReadValue(byte type, ReadOnlySpan<byte> data, ServerOptions options,
        out object? value, out string? error)
    {
        byte[] copy = data.ToArray();
        var input = new RdbInput(copy, 0, copy.Length);
        try
        {
            value = Read(input, type, options);
            error = value is null ? "empty keys are not restored" : null;
            return value is not null;
        }
        catch (RdbLoadException ex)
        {
            value = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Whether <paramref name="type"/> is a value type this reader decodes.</summary>
    public static bool IsSupportedType(byte type) =>
        type is <= RdbFormat.TypeZSet2 or (>= RdbFormat.TypeHashZipmap and <= RdbFormat.TypeListQuicklist)
            or RdbFormat.TypeHashListpack or RdbFormat.TypeZSetListpack or RdbFormat.TypeListQuicklist2;

    /// <summary>Decodes one value; null for a collection stored empty (skipped, as Redis does).</summary>
    internal static object? Read(RdbInput input, byte type, ServerOptions options)
    {
        switch (type)
        {
            case RdbFormat.TypeString:
                return input.ReadStringValue();
            case RdbFormat.TypeList:
                return ReadPlainList(input, options);
            case RdbFormat.TypeSet:
                return ReadPlainSet(input, options);
            case RdbFormat.TypeZSet:
            case RdbFormat.TypeZSet2:
                return ReadPlainZset(input, options, binaryScores: type == RdbFormat.TypeZSet2);
            case RdbFormat.TypeHash:
                return ReadPlainHash(input, options);
            case RdbFormat.TypeListQuicklist:
            case RdbFormat.TypeListQuicklist2:
                return ReadQuicklist(input, options, listpackNodes: type == RdbFormat.TypeListQuicklist2);
            case RdbFormat.TypeHashZipmap:
                return ReadZipmapHash(input.ReadStringSpan(), options);
            case RdbFormat.TypeListZiplist:
                return ReadZiplistList(input.ReadStringSpan(), options);
            case RdbFormat.TypeSetIntset:
                return ReadIntset(input.ReadStringSpan(), options);
            case RdbFormat.TypeZSetZiplist:
                return ReadPackedZset(input.ReadStringSpan(), options, ziplist: true);
            case RdbFormat.TypeZSetListpack:
                return ReadPackedZset(input.ReadStringSpan(), options, ziplist: false);
            case RdbFormat.TypeHashZiplist:
                return ReadPackedHash(input.ReadStringSpan(), options, ziplist: true);
            case RdbFormat.TypeHashListpack:
                return ReadPackedHash(input.ReadStringSpan(), options, ziplist: false);
            default:
                throw RdbLoadException.Corrupt($"Unknown RDB encoding type {type}");
        }
    }

    // ---------------------------------------------------------------- lists

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ListValue? ReadPlainList(RdbInput input, ServerOptions options)
    {
        int length = input.ReadCount();
        if (length == 0)
        {
            return null;
        }
        var list = new ListValue(options.ListMaxListpackSize);
        for (int i = 0; i < length; i++)
        {
            list.PushTail(input.ReadStringSpan());
        }
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ListValue? ReadQuicklist(RdbInput input, ServerOptions options, bool listpackNodes)
    {
        int nodes = input.ReadCount();
        if (nodes == 0)
        {
            return null;
        }
        var list = new ListValue(options.ListMaxListpackSize);
        if (listpackNodes)
        {
            QuicklistNodeLoader.LoadNodes(input, list, nodes, "Listpack integrity check failed.");
            return list.Count == 0 ? null : list;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        for (int n = 0; n < nodes; n++)
        {
            // QUICKLIST (RDB 7-9): every node a ziplist.
            var entries = new RedisPackedReader(input.ReadStringSpan(), RedisPackedFormat.Ziplist, "Ziplist integrity check failed.");
            AppendEntries(list, ref entries, scratch);
        }
        return list.Count == 0 ? null : list;
    }

    private static ListValue? ReadZiplistList(ReadOnlySpan<byte> blob, ServerOptions options)
    {
        var entries = new RedisPackedReader(blob, RedisPackedFormat.Ziplist, "List ziplist integrity check failed.");
        var list = new ListValue(options.ListMaxListpackSize);
        AppendEntries(list, ref entries, stackalloc byte[Utf8Number.MaxInt64Chars]);
        return list.Count == 0 ? null : list;
    }

    /// <summary>Pushes every entry of a packed blob onto the list's tail, sizing nodes by what is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendEntries(ListValue list, ref RedisPackedReader entries, scoped Span<byte> scratch)
    {
        while (entries.MoveNext())
        {
            ReadOnlySpan<byte> element = entries.GetText(scratch);
            list.PushTailLoaded(element, entries.BytesLeft);
        }
    }

    // ---------------------------------------------------------------- sets

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SetValue? ReadPlainSet(RdbInput input, ServerOptions options)
    {
        int length = input.ReadCount();
        if (length == 0)
        {
            return null;
        }
        SetValue set = length > options.SetMaxIntsetEntries ? SetValue.CreateTable(input.PlausibleCount(length)) : new SetValue();
        for (int i = 0; i < length; i++)
        {
            ReadOnlySpan<byte> member = input.ReadStringSpan();
            bool added = set.IsIntSet ? set.Add(member, options.SetMaxIntsetEntries) : set.TryAddToTable(member);
            if (!added)
            {
                throw RdbLoadException.Corrupt("Duplicate set members detected");
            }
        }
        return set;
    }

    private static SetValue? ReadIntset(ReadOnlySpan<byte> blob, ServerOptions options)
    {
        Array members = RedisIntsetReader.Decode(blob, "Intset integrity check failed.");
        if (members.Length == 0)
        {
            return null;
        }
        SetValue set = SetValue.FromIntSetStorage(members);
        set.ConvertIfMoreThan(options.SetMaxIntsetEntries);
        return set;
    }

    // ---------------------------------------------------------------- sorted sets

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SortedSetValue? ReadPlainZset(RdbInput input, ServerOptions options, bool binaryScores)
    {
        int length = input.ReadCount();
        if (length == 0)
        {
            return null;
        }
        var table = new KeyTable<double>();
        table.EnsureCapacity(input.PlausibleCount(length));
        long longest = 0;
        for (int i = 0; i < length; i++)
        {
            byte[] member = input.ReadStringArray();
            double score = binaryScores ? input.ReadBinaryDouble() : input.ReadTextDouble();
            if (double.IsNaN(score))
            {
                throw RdbLoadException.Corrupt("Zset with NAN score detected");
            }
            if (!table.TryAdd(member, score, out _))
            {
                throw RdbLoadException.Corrupt("Duplicate zset fields detected");
            }
            longest = Math.Max(longest, member.Length);
        }
        SortedSetValue zset = SortedSetValue.FromTable(table);
        if (length <= options.ZsetMaxListpackEntries && longest <= options.ZsetMaxListpackValue)
        {
            zset.ConvertToListpackIfFits(options.ZsetMaxListpackEntries, options.ZsetMaxListpackValue);
        }
        return zset;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SortedSetValue? ReadPackedZset(ReadOnlySpan<byte> blob, ServerOptions options, bool ziplist)
    {
        var listpack = new ZsetListpack(blob.Length);
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        string error = ziplist ? "Zset ziplist integrity check failed." : "Zset listpack integrity check failed.";
        var entries = new RedisPackedReader(blob, ziplist ? RedisPackedFormat.Ziplist : RedisPackedFormat.Listpack, error);
        while (entries.MoveNext())
        {
            // An integer member is formatted into scratch, which reading the score leaves alone.
            ReadOnlySpan<byte> member = entries.GetText(scratch);
            if (!entries.MoveNext())
            {
                throw RdbLoadException.Corrupt(error);
            }
            double score = entries.IsInteger ? entries.Integer : ParseScore(entries.Text, error);
            listpack.Append(member, score);
        }
        if (listpack.Count == 0)
        {
            return null;
        }
        SortedSetValue zset = SortedSetValue.FromListpack(listpack);
        if (listpack.Count > options.ZsetMaxListpackEntries)
        {
            zset.ConvertToSkiplist();
        }
        return zset;
    }

    /// <summary>zzlStrtod: a listpack score stored as text.</summary>
    private static double ParseScore(ReadOnlySpan<byte> text, string error)
    {
        if (!Utf8Number.TryParseDouble(text, out double score))
        {
            throw RdbLoadException.Corrupt(error);
        }
        return score;
    }

    // ---------------------------------------------------------------- hashes

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static HashValue? ReadPlainHash(RdbInput input, ServerOptions options)
    {
        int length = input.ReadCount();
        if (length == 0)
        {
            return null;
        }
        HashValue hash = length > options.HashMaxListpackEntries ? HashValue.CreateTable(input.PlausibleCount(length)) : new HashValue();
        for (int i = 0; i < length; i++)
        {
            if (hash.IsListPack)
            {
                // The field's span is only valid until the next read, so keep a copy while reading the value.
                byte[] field = input.ReadStringArray();
                ReadOnlySpan<byte> value = input.ReadStringSpan();
                if (!hash.Set(field, value, long.MaxValue, options.HashMaxListpackValue))
                {
                    throw RdbLoadException.Corrupt("Duplicate hash fields detected");
                }
            }
            else if (!hash.TryAddToTable(input.ReadStringArray(), input.ReadStringArray()))
            {
                throw RdbLoadException.Corrupt("Duplicate hash fields detected");
            }
        }
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static HashValue? ReadPackedHash(ReadOnlySpan<byte> blob, ServerOptions options, bool ziplist)
    {
        var hash = new HashValue();
        hash.ReserveListPack(blob.Length);
        Span<byte> fieldScratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        Span<byte> valueScratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        string error = ziplist ? "Hash ziplist integrity check failed." : "Hash listpack integrity check failed.";
        var entries = new RedisPackedReader(blob, ziplist ? RedisPackedFormat.Ziplist : RedisPackedFormat.Listpack, error);
        while (entries.MoveNext())
        {
            ReadOnlySpan<byte> field = entries.GetText(fieldScratch);
            if (!entries.MoveNext())
            {
                throw RdbLoadException.Corrupt(error);
            }
            hash.AppendToListPack(field, entries.GetText(valueScratch));
        }
        if (hash.Count == 0)
        {
            return null;
        }
        hash.ConvertIfMoreThan(options.HashMaxListpackEntries);
        return hash;
    }

    private static HashValue? ReadZipmapHash(ReadOnlySpan<byte> blob, ServerOptions options)
    {
        var entries = new RedisZipmapReader(blob, "Zipmap integrity check failed.");
        var hash = new HashValue();
        long longest = 0;
        while (entries.MoveNext())
        {
            longest = Math.Max(longest, Math.Max(entries.Field.Length, entries.Value.Length));
            hash.AppendToListPack(entries.Field, entries.Value);
        }
        if (hash.Count == 0)
        {
            return null;
        }
        hash.ConvertIfMoreThan(longest > options.HashMaxListpackValue ? -1 : options.HashMaxListpackEntries);
        return hash;
    }
}
