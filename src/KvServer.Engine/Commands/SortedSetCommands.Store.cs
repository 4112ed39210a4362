using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Keyspace;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Set algebra over sorted sets and plain sets (a set member scores 1): ZUNION, ZINTER, ZDIFF, ZUNIONSTORE,
/// ZINTERSTORE, ZDIFFSTORE and ZINTERCARD, all one function in Redis (zunionInterDiffGenericCommand).
/// Plain sets are read through <see cref="ISetMembers"/>.
/// </summary>
internal static partial class SortedSetCommands
{
    private static void RegisterStore(CommandTable table)
    {
        table.Bind("zunion", Zunion);
        table.Bind("zinter", Zinter);
        table.Bind("zdiff", Zdiff);
        table.Bind("zunionstore", Zunionstore);
        table.Bind("zinterstore", Zinterstore);
        table.Bind("zdiffstore", Zdiffstore);
        table.Bind("zintercard", Zintercard);
    }

    private enum SetOperation
    {
        Union,
        Inter,
        Diff,
    }

    private enum Aggregate
    {
        Sum,
        Min,
        Max,
    }

    /// <summary>One input (zsetopsrc): a sorted set, a plain set, or nothing for a missing key.</summary>
    private struct OperationSource
    {
        public SortedSetValue? Zset;
        public ISetMembers? Set;
        public double Weight;

        public readonly long Length => Zset?.Count ?? Set?.Count ?? 0;

        public readonly object? Subject => (object?)Zset ?? Set;

        /// <summary>zuiFind: the member's score here (1 in a plain set).</summary>
        public readonly bool TryFind(ReadOnlySpan<byte> member, out double score)
        {
            if (Zset is not null)
            {
                return Zset.TryGetScore(member, out score);
            }
            score = 1.0;
            return Set is not null && Set.ContainsMember(member);
        }
    }

    /// <summary>
    /// Walks one input's elements (zuiNext): a sorted set position by position, a plain set through a copy
    /// of its member list (score 1).
    /// </summary>
    private ref struct SourceIterator
    {
        private readonly SortedSetValue? _zset;
        private readonly List<byte[]>? _members;
        private SortedSetValue.Position _position;
        private int _index;

        public SourceIterator(in OperationSource source, List<byte[]> scratch)
        {
            _zset = source.Zset;
            _members = null;
            _index = 0;
            _position = default;
            if (_zset is not null)
            {
                _position = _zset.First;
            }
            else if (source.Set is not null)
            {
                scratch.Clear();
                source.Set.CopyMembersTo(scratch);
                _members = scratch;
            }
        }

        public bool MoveNext(out ReadOnlySpan<byte> member, out double score)
        {
            if (_zset is not null)
            {
                if (!_position.IsValid)
                {
                    member = default;
                    score = 0;
                    return false;
                }
                member = _zset.MemberAt(_position);
                score = _zset.ScoreAt(_position);
                _position = _zset.Next(_position);
                return true;
            }
            if (_members is not null && _index < _members.Count)
            {
                member = _members[_index++];
                score = 1.0;
                return true;
            }
            member = default;
            score = 0;
            return false;
        }
    }

    // ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
    private static void Zunion(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, -1, 1, SetOperation.Union, false);

    // ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
    private static void Zinter(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, -1, 1, SetOperation.Inter, false);

    // ZDIFF numkeys key [key ...] [WITHSCORES]
    private static void Zdiff(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, -1, 1, SetOperation.Diff, false);

    // ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]
    private static void Zunionstore(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, 1, 2, SetOperation.Union, false);

    // ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]
    private static void Zinterstore(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, 1, 2, SetOperation.Inter, false);

    // ZDIFFSTORE destination numkeys key [key ...]
    private static void Zdiffstore(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, 1, 2, SetOperation.Diff, false);

    // ZINTERCARD numkeys key [key ...] [LIMIT limit]
    private static void Zintercard(CommandContext ctx, CommandArgs args) => SetOperationGeneric(ctx, args, -1, 1, SetOperation.Inter, true);

    /// <summary>
    /// zunionInterDiffGenericCommand. Checks in Redis's order: numkeys, enough keys, every key's type (sorted
    /// set or set), then the options. <paramref name="destinationIndex"/> is -1 for the reply-only forms.
    /// </summary>
    private static void SetOperationGeneric(CommandContext ctx, CommandArgs args, int destinationIndex, int numkeysIndex,
        SetOperation operation, bool cardinalityOnly)
    {
        bool store = destinationIndex >= 0;
        if (!Utf8Number.TryParseInt64(args[numkeysIndex], out long setCount))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (setCount < 1)
        {
            ctx.Reply.WriteError(Encoding.UTF8.GetBytes($"ERR at least 1 input key is needed for '{ctx.Command.Name}' command"));
            return;
        }
        if (setCount > args.Count - (numkeysIndex + 1))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        var sources = new OperationSource[setCount];
        int j = numkeysIndex + 1;
        for (int i = 0; i < sources.Length; i++, j++)
        {
            object? value = ctx.Db.Lookup(args[j], ctx.Now);
            sources[i].Weight = 1.0;
            if (value is null)
            {
                continue;
            }
            if (value is SortedSetValue zset)
            {
                sources[i].Zset = zset;
            }
            else if (value is ISetMembers set)
            {
                sources[i].Set = set;
            }
            else if (ValueTypes.TypeOf(value) == KvType.Set)
            {
                // Like serverPanic("Unknown set encoding"): a set type that cannot be read is a bug, not input.
                throw new InvalidOperationException("set values must implement ISetMembers");
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
        }
        if (!TryParseSetOperationOptions(ctx, args, j, sources, operation, store, cardinalityOnly,
            out Aggregate aggregate, out bool withScores, out long limit))
        {
            return;
        }
        if (operation != SetOperation.Diff)
        {
            SortByCardinality(sources);
        }

        if (cardinalityOnly)
        {
            ctx.Reply.WriteInteger(IntersectionCardinality(sources, limit));
            return;
        }
        SortedSetValue result = operation switch
        {
            SetOperation.Union => Union(sources, aggregate),
            SetOperation.Inter => Intersection(sources, aggregate),
            _ => Difference(sources),
        };
        if (store)
        {
            ReadOnlySpan<byte> eventName = operation switch
            {
                SetOperation.Union => "zunionstore"u8,
                SetOperation.Inter => "zinterstore"u8,
                _ => "zdiffstore"u8,
            };
            StoreResult(ctx, args[destinationIndex], result, eventName);
            return;
        }
        WriteElementsHeader(ctx.Reply, result.Count, withScores);
        for (SortedSetValue.Position p = result.First; p.IsValid; p = result.Next(p))
        {
            WriteElement(ctx.Reply, result.MemberAt(p), result.ScoreAt(p), withScores);
        }
    }

    /// <summary>
    /// The option loop of zunionInterDiffGenericCommand: WEIGHTS (not for ZDIFF/ZINTERCARD, needs one weight
    /// per key), AGGREGATE (same), WITHSCORES (reply-only forms), LIMIT (ZINTERCARD only).
    /// </summary>
    private static bool TryParseSetOperationOptions(CommandContext ctx, CommandArgs args, int j, OperationSource[] sources,
        SetOperation operation, bool store, bool cardinalityOnly, out Aggregate aggregate, out bool withScores, out long limit)
    {
        aggregate = Aggregate.Sum;
        withScores = false;
        limit = 0;
        int remaining = args.Count - j;
        bool weighted = operation != SetOperation.Diff && !cardinalityOnly;
        while (remaining > 0)
        {
            ReadOnlySpan<byte> option = args[j];
            if (weighted && remaining >= sources.Length + 1 && Is(option, "weights"u8))
            {
                j++;
                remaining--;
                for (int i = 0; i < sources.Length; i++, j++, remaining--)
                {
                    if (!ZsetNumber.TryParseScore(args[j], out sources[i].Weight))
                    {
                        ctx.Reply.WriteError(RespErrors.ZsetWeightNotFloat);
                        return false;
                    }
                }
            }
            else if (weighted && remaining >= 2 && Is(option, "aggregate"u8))
            {
                ReadOnlySpan<byte> name = args[j + 1];
                if (Is(name, "sum"u8))
                {
                    aggregate = Aggregate.Sum;
                }
                else if (Is(name, "min"u8))
                {
                    aggregate = Aggregate.Min;
                }
                else if (Is(name, "max"u8))
                {
                    aggregate = Aggregate.Max;
                }
                else
                {
                    ctx.Reply.WriteError(RespErrors.Syntax);
                    return false;
                }
                j += 2;
                remaining -= 2;
            }
            else if (!store && !cardinalityOnly && Is(option, "withscores"u8))
            {
                j++;
                remaining--;
                withScores = true;
            }
            else if (cardinalityOnly && remaining >= 2 && Is(option, "limit"u8))
            {
                if (!Utf8Number.TryParseInt64(args[j + 1], out limit) || limit < 0)
                {
                    ctx.Reply.WriteError(RespErrors.ZsetLimitNegative);
                    return false;
                }
                j += 2;
                remaining -= 2;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
        }
        return true;
    }

    /// <summary>qsort by cardinality, smallest first; stable (glibc's qsort merges) so equal sizes keep key order.</summary>
    private static void SortByCardinality(OperationSource[] sources)
    {
        for (int i = 1; i < sources.Length; i++)
        {
            OperationSource current = sources[i];
            long length = current.Length;
            int k = i - 1;
            while (k >= 0 && sources[k].Length > length)
            {
                sources[k + 1] = sources[k];
                k--;
            }
            sources[k + 1] = current;
        }
    }

    /// <summary>zunionInterAggregate: SUM turns inf + -inf (NaN) into 0; MIN/MAX ignore a NaN operand.</summary>
    private static void AggregateInto(ref double target, double value, Aggregate aggregate)
    {
        switch (aggregate)
        {
            case Aggregate.Sum:
                target += value;
                if (double.IsNaN(target))
                {
                    target = 0.0;
                }
                break;
            case Aggregate.Min:
                target = value < target ? value : target;
                break;
            default:
                target = value > target ? value : target;
                break;
        }
    }

    /// <summary>
    /// ZUNION: every member of every input into a member → score table (weighted, NaN → 0, aggregated in
    /// input order), which then becomes the result set's own table.
    /// </summary>
    private static SortedSetValue Union(OperationSource[] sources, Aggregate aggregate)
    {
        var accumulator = new KeyTable<double>();
        var scratch = new List<byte[]>();
        for (int i = 0; i < sources.Length; i++)
        {
            if (sources[i].Length == 0)
            {
                continue;
            }
            var iterator = new SourceIterator(sources[i], scratch);
            while (iterator.MoveNext(out ReadOnlySpan<byte> member, out double elementScore))
            {
                double score = sources[i].Weight * elementScore;
                if (double.IsNaN(score))
                {
                    score = 0;
                }
                int index = accumulator.FindOrInsert(member, out bool existed);
                if (existed)
                {
                    AggregateInto(ref accumulator.ValueAt(index), score, aggregate);
                }
                else
                {
                    accumulator.ValueAt(index) = score;
                }
            }
        }
        return SortedSetValue.FromTable(accumulator);
    }

    /// <summary>ZINTER: members of the smallest input found in every other input.</summary>
    private static SortedSetValue Intersection(OperationSource[] sources, Aggregate aggregate)
    {
        SortedSetValue result = SortedSetValue.CreateSkiplist();
        if (sources[0].Length == 0)
        {
            return result;
        }
        var iterator = new SourceIterator(sources[0], new List<byte[]>());
        while (iterator.MoveNext(out ReadOnlySpan<byte> member, out double elementScore))
        {
            if (TryIntersect(sources, member, elementScore, aggregate, out double score))
            {
                result.AddNew(member.ToArray(), score);
            }
        }
        return result;
    }

    /// <summary>The inner loop of the intersection: the aggregated score if every other input has the member.</summary>
    private static bool TryIntersect(OperationSource[] sources, ReadOnlySpan<byte> member, double elementScore,
        Aggregate aggregate, out double score)
    {
        score = sources[0].Weight * elementScore;
        if (double.IsNaN(score))
        {
            score = 0;
        }
        for (int j = 1; j < sources.Length; j++)
        {
            double value;
            // The same key twice: Redis does not look into the set it is iterating.
            if (sources[j].Subject == sources[0].Subject)
            {
                value = elementScore * sources[j].Weight;
            }
            else if (sources[j].TryFind(member, out value))
            {
                value *= sources[j].Weight;
            }
            else
            {
                return false;
            }
            AggregateInto(ref score, value, aggregate);
        }
        return true;
    }

    /// <summary>ZINTERCARD: the intersection's size, stopping at <paramref name="limit"/> (0 = no limit).</summary>
    private static long IntersectionCardinality(OperationSource[] sources, long limit)
    {
        long cardinality = 0;
        if (sources[0].Length == 0)
        {
            return 0;
        }
        var iterator = new SourceIterator(sources[0], new List<byte[]>());
        while (iterator.MoveNext(out ReadOnlySpan<byte> member, out double elementScore))
        {
            if (TryIntersect(sources, member, elementScore, Aggregate.Sum, out _))
            {
                cardinality++;
                if (limit > 0 && cardinality >= limit)
                {
                    break;
                }
            }
        }
        return cardinality;
    }

    /// <summary>
    /// ZDIFF: members of the first input found in no other, with their first-input score. Like zdiff, picks
    /// the cheaper of "look every member up in the others" and "copy the first, remove the others".
    /// </summary>
    private static SortedSetValue Difference(OperationSource[] sources)
    {
        SortedSetValue result = SortedSetValue.CreateSkiplist();
        if (sources[0].Length == 0)
        {
            return result;
        }
        long lookupWork = 0;
        long removalWork = 0;
        for (int j = 0; j < sources.Length; j++)
        {
            if (j > 0 && sources[j].Subject == sources[0].Subject)
            {
                return result;   // the first set minus itself
            }
            lookupWork += sources[0].Length;
            removalWork += sources[j].Length;
        }
        var scratch = new List<byte[]>();
        var first = new SourceIterator(sources[0], scratch);
        if (lookupWork / 2 <= removalWork)
        {
            while (first.MoveNext(out ReadOnlySpan<byte> member, out double score))
            {
                bool found = false;
                for (int j = 1; j < sources.Length && !found; j++)
                {
                    found = sources[j].TryFind(member, out _);
                }
                if (!found)
                {
                    result.AddNew(member.ToArray(), score);
                }
            }
            return result;
        }
        while (first.MoveNext(out ReadOnlySpan<byte> member, out double score))
        {
            result.AddNew(member.ToArray(), score);
        }
        for (int j = 1; j < sources.Length && result.Count > 0; j++)
        {
            var other = new SourceIterator(sources[j], scratch);
            while (result.Count > 0 && other.MoveNext(out ReadOnlySpan<byte> member, out _))
            {
                result.Remove(member);
            }
        }
        return result;
    }

    /// <summary>
    /// The STORE forms: a non-empty result (back to listpack when it fits) replaces the destination whatever
    /// its type and TTL and raises <paramref name="eventName"/>; an empty one deletes it ("del").
    /// </summary>
    private static void StoreResult(CommandContext ctx, ReadOnlySpan<byte> destination, SortedSetValue result,
        ReadOnlySpan<byte> eventName)
    {
        if (result.Count == 0)
        {
            ctx.Reply.WriteInteger(0);
            if (ctx.Db.Delete(destination))
            {
                ctx.KeyModified(destination);
                ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
            }
            return;
        }
        result.ConvertToListpackIfFits(MaxListpackEntries(ctx), MaxListpackValue(ctx));
        ctx.Db.Set(destination, result);
        ctx.KeyModified(destination);
        ctx.Reply.WriteInteger(result.Count);
        ctx.Notify(NotifyFlags.SortedSet, eventName, destination);
    }
}
