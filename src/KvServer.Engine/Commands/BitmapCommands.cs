using System.Text;
using KvServer.Engine.DataTypes;
using KvServer.Engine.Execution;
using KvServer.Engine.Protocol;

namespace KvServer.Engine.Commands;

/// <summary>
/// Bitmap commands over string values (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
/// BITFIELD, BITFIELD_RO. Bit 0 is the most significant bit of the first byte. Every command that writes
/// bits turns the value into a <see cref="KvRawString"/> ("raw"), as Redis unshares it.
/// </summary>
internal static class BitmapCommands
{
    public static void Register(CommandTable table)
    {
        table.Bind("setbit", Setbit);
        table.Bind("getbit", Getbit);
        table.Bind("bitcount", Bitcount);
        table.Bind("bitpos", Bitpos);
        table.Bind("bitop", Bitop);
        table.Bind("bitfield", Bitfield);
        table.Bind("bitfield_ro", BitfieldRo);
    }

    /// <summary>
    /// getBitOffsetFromArgument: a bit offset, or with <paramref name="allowHash"/> "#n" meaning n fields of
    /// <paramref name="bits"/> bits (BITFIELD). Negative offsets and offsets whose byte lies at or beyond
    /// proto-max-bulk-len are rejected.
    /// </summary>
    private static bool TryParseBitOffset(CommandContext ctx, ReadOnlySpan<byte> argument, bool allowHash, int bits, out long offset)
    {
        bool hash = allowHash && !argument.IsEmpty && argument[0] == (byte)'#';
        if (!Utf8Number.TryParseInt64(hash ? argument[1..] : argument, out offset))
        {
            ctx.Reply.WriteError(RespErrors.BitOffsetOutOfRange);
            return false;
        }
        if (hash)
        {
            offset = unchecked(offset * bits);
        }
        if (offset < 0 || (offset >> 3) >= StringCommands.MaxStringLength(ctx))
        {
            ctx.Reply.WriteError(RespErrors.BitOffsetOutOfRange);
            return false;
        }
        return true;
    }

    /// <summary>
    /// lookupStringForBitCommand: the value of args[1] as a raw string at least long enough to hold bit
    /// <paramref name="maxBit"/>, created zero-filled when missing. Null after replying WRONGTYPE.
    /// <paramref name="grown"/> says whether the key was created or lengthened (a change in itself).
    /// </summary>
    private static KvRawString? LookupStringForBitCommand(CommandContext ctx, ReadOnlySpan<byte> key, long maxBit, out bool grown)
    {
        int length = (int)(maxBit >> 3) + 1;
        object? value = ctx.Db.LookupWrite(key, ctx.Now);
        grown = false;
        if (value is null)
        {
            var created = new KvRawString(ReadOnlySpan<byte>.Empty, length);
            created.EnsureLength(length);
            ctx.Db.Set(key, created);
            grown = true;
            return created;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return null;
        }
        KvRawString raw = StringCommands.UnshareString(ctx, key, value);
        int before = raw.Length;
        raw.EnsureLength(length);
        grown = raw.Length != before;
        return raw;
    }

    // SETBIT key offset value
    // Replies the previous bit. A write that changes nothing (same bit, no growth) is not a change.
    private static void Setbit(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseBitOffset(ctx, args[2], allowHash: false, 0, out long offset))
        {
            return;
        }
        if (!Utf8Number.TryParseInt64(args[3], out long on) || (on & ~1L) != 0)
        {
            ctx.Reply.WriteError(RespErrors.BitNotInteger);
            return;
        }
        KvRawString? raw = LookupStringForBitCommand(ctx, args[1], offset, out bool grown);
        if (raw is null)
        {
            return;
        }
        Span<byte> bytes = raw.WritableSpan;
        int index = (int)(offset >> 3);
        int shift = 7 - (int)(offset & 7);
        int previous = (bytes[index] >> shift) & 1;
        if (grown || previous != on)
        {
            bytes[index] = (byte)((bytes[index] & ~(1 << shift)) | ((int)on << shift));
            ctx.KeyModified(args[1]);
            ctx.Notify(NotifyFlags.String, "setbit"u8, args[1]);
        }
        ctx.Reply.WriteInteger(previous);
    }

    // GETBIT key offset
    private static void Getbit(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseBitOffset(ctx, args[2], allowHash: false, 0, out long offset))
        {
            return;
        }
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> bytes = StringValue.GetBytes(value, scratch);
        long index = offset >> 3;
        int bit = index < bytes.Length ? (bytes[(int)index] >> (7 - (int)(offset & 7))) & 1 : 0;
        ctx.Reply.WriteInteger(bit);
    }

    /// <summary>
    /// The start/end arguments of BITCOUNT and BITPOS turned into an inclusive byte range, with masks for the
    /// bits of the edge bytes that lie outside a BIT-unit range (Redis's first/last_byte_neg_mask).
    /// </summary>
    private static void ResolveRange(long totalBytes, bool isBit, ref long start, ref long end,
        out byte firstByteNegMask, out byte lastByteNegMask)
    {
        long total = isBit ? totalBytes << 3 : totalBytes;
        firstByteNegMask = 0;
        lastByteNegMask = 0;
        if (start < 0)
        {
            start += total;
        }
        if (end < 0)
        {
            end += total;
        }
        start = Math.Max(start, 0);
        end = Math.Max(end, 0);
        if (end >= total)
        {
            end = total - 1;
        }
        if (isBit && start <= end)
        {
            firstByteNegMask = (byte)(~((1 << (8 - (int)(start & 7))) - 1) & 0xFF);
            lastByteNegMask = (byte)((1 << (7 - (int)(end & 7))) - 1);
            start >>= 3;
            end >>= 3;
        }
    }

    /// <summary>Parses BYTE|BIT; false after replying a syntax error.</summary>
    private static bool TryParseUnit(CommandContext ctx, ReadOnlySpan<byte> argument, out bool isBit)
    {
        isBit = Ascii.EqualsIgnoreCase(argument, "BIT"u8);
        if (!isBit && !Ascii.EqualsIgnoreCase(argument, "BYTE"u8))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return false;
        }
        return true;
    }

    // BITCOUNT key [start end [BYTE | BIT]]
    // As in Redis 7.0 the key is looked up first: a missing key is 0 whatever the other arguments are.
    private static void Bitcount(CommandContext ctx, CommandArgs args)
    {
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> bytes = StringValue.GetBytes(value, scratch);
        long start = 0, end = bytes.Length - 1;
        byte firstByteNegMask = 0, lastByteNegMask = 0;
        if (args.Count == 4 || args.Count == 5)
        {
            if (!Utf8Number.TryParseInt64(args[2], out start) || !Utf8Number.TryParseInt64(args[3], out end))
            {
                ctx.Reply.WriteError(RespErrors.NotInteger);
                return;
            }
            // Redis 7.0.15 answers an empty negative range before it looks at the unit ("BITS" included).
            if (start < 0 && end < 0 && start > end)
            {
                ctx.Reply.WriteInteger(0);
                return;
            }
            bool isBit = false;
            if (args.Count == 5 && !TryParseUnit(ctx, args[4], out isBit))
            {
                return;
            }
            ResolveRange(bytes.Length, isBit, ref start, ref end, out firstByteNegMask, out lastByteNegMask);
        }
        else if (args.Count != 2)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (start > end)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long count = BitOps.PopCount(bytes.Slice((int)start, (int)(end - start + 1)));
        // Bits of the edge bytes outside a BIT range were counted: take them off again.
        count -= System.Numerics.BitOperations.PopCount((uint)(bytes[(int)start] & firstByteNegMask));
        count -= System.Numerics.BitOperations.PopCount((uint)(bytes[(int)end] & lastByteNegMask));
        ctx.Reply.WriteInteger(count);
    }

    // BITPOS key bit [start [end [BYTE | BIT]]]
    // A missing key is an endless run of zeros (0 for bit 0, -1 for bit 1). Without an explicit end, a
    // search for 0 may answer the first bit past the string; with one, finding no 0 in range is -1.
    private static void Bitpos(CommandContext ctx, CommandArgs args)
    {
        if (!Utf8Number.TryParseInt64(args[2], out long bit))
        {
            ctx.Reply.WriteError(RespErrors.NotInteger);
            return;
        }
        if (bit != 0 && bit != 1)
        {
            ctx.Reply.WriteError(RespErrors.BitposBitArgument);
            return;
        }
        object? value = ctx.Db.Lookup(args[1], ctx.Now);
        if (value is null)
        {
            ctx.Reply.WriteInteger(bit == 1 ? -1 : 0);
            return;
        }
        if (!StringValue.IsString(value))
        {
            ctx.Reply.WriteError(RespErrors.WrongType);
            return;
        }
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        ReadOnlySpan<byte> bytes = StringValue.GetBytes(value, scratch);
        long start = 0, end = bytes.Length - 1;
        bool endGiven = false;
        byte firstByteNegMask = 0, lastByteNegMask = 0;
        if (args.Count >= 4 && args.Count <= 6)
        {
            if (!Utf8Number.TryParseInt64(args[3], out start))
            {
                ctx.Reply.WriteError(RespErrors.NotInteger);
                return;
            }
            bool isBit = false;
            if (args.Count == 6 && !TryParseUnit(ctx, args[5], out isBit))
            {
                return;
            }
            if (args.Count >= 5)
            {
                if (!Utf8Number.TryParseInt64(args[4], out end))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return;
                }
                endGiven = true;
            }
            else
            {
                end = isBit ? ((long)bytes.Length << 3) + 7 : bytes.Length - 1;
            }
            ResolveRange(bytes.Length, isBit, ref start, ref end, out firstByteNegMask, out lastByteNegMask);
        }
        else if (args.Count != 3)
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (start > end)
        {
            ctx.Reply.WriteInteger(-1);
            return;
        }
        ctx.Reply.WriteInteger(FindBit(bytes, (int)bit, start, end, endGiven, firstByteNegMask, lastByteNegMask));
    }

    /// <summary>
    /// bitposCommand's search over the resolved byte range [start, end]: the partial first byte, the whole
    /// bytes, then the partial last byte, with the bits outside the range forced to the opposite value.
    /// </summary>
    private static long FindBit(ReadOnlySpan<byte> bytes, int bit, long start, long end, bool endGiven,
        byte firstByteNegMask, byte lastByteNegMask)
    {
        long count = end - start + 1;
        long position;
        Span<byte> edge = stackalloc byte[1];
        if (firstByteNegMask != 0)
        {
            byte value = bit == 1 ? (byte)(bytes[(int)start] & ~firstByteNegMask) : (byte)(bytes[(int)start] | firstByteNegMask);
            if (lastByteNegMask != 0 && count == 1)
            {
                value = bit == 1 ? (byte)(value & ~lastByteNegMask) : (byte)(value | lastByteNegMask);
            }
            edge[0] = value;
            position = BitOps.BitPos(edge, bit);
            if (count == 1 || (position != -1 && position != 8))
            {
                return Result(position, count, start, bit, endGiven);
            }
            start++;
            count--;
        }
        long whole = count - (lastByteNegMask != 0 ? 1 : 0);
        if (whole > 0)
        {
            position = BitOps.BitPos(bytes.Slice((int)start, (int)whole), bit);
            if (count == whole || (position != -1 && position != whole << 3))
            {
                return Result(position, count, start, bit, endGiven);
            }
            start += whole;
            count -= whole;
        }
        edge[0] = bit == 1 ? (byte)(bytes[(int)end] & ~lastByteNegMask) : (byte)(bytes[(int)end] | lastByteNegMask);
        position = BitOps.BitPos(edge, bit);
        return Result(position, count, start, bit, endGiven);
    }

    private static long Result(long position, long count, long start, int bit, bool endGiven)
    {
        if (endGiven && bit == 0 && position == count << 3)
        {
            // No clear bit inside an explicit range: the zero padding on the right does not count.
            return -1;
        }
        return position != -1 ? position + (start << 3) : position;
    }

    // BITOP AND|OR|XOR|NOT destkey key [key ...]
    // Missing sources are empty strings (zero-padded to the longest); an empty result deletes destkey.
    // The result is stored "raw" and replaces destkey (TTL dropped).
    private static void Bitop(CommandContext ctx, CommandArgs args)
    {
        if (!TryParseBitOperation(args[1], out BitOperation operation))
        {
            ctx.Reply.WriteError(RespErrors.Syntax);
            return;
        }
        if (operation == BitOperation.Not && args.Count != 4)
        {
            ctx.Reply.WriteError(RespErrors.BitopNotSingleKey);
            return;
        }
        var sources = new byte[args.Count - 3][];
        int maxLength = 0;
        for (int j = 3; j < args.Count; j++)
        {
            object? value = ctx.Db.Lookup(args[j], ctx.Now);
            if (value is null)
            {
                sources[j - 3] = [];
                continue;
            }
            if (!StringValue.IsString(value))
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
            byte[] bytes = StringValue.ToArray(value);
            sources[j - 3] = bytes;
            maxLength = Math.Max(maxLength, bytes.Length);
        }
        ReadOnlySpan<byte> destination = args[2];
        if (maxLength > 0)
        {
            var result = new KvRawString(ReadOnlySpan<byte>.Empty, maxLength);
            result.EnsureLength(maxLength);
            BitOps.Combine(operation, result.WritableSpan, sources);
            ctx.Db.Set(destination, result);
            ctx.KeyModified(destination);
            ctx.Notify(NotifyFlags.String, "set"u8, destination);
        }
        else if (ctx.Db.Delete(destination))
        {
            ctx.KeyModified(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
        }
        ctx.Reply.WriteInteger(maxLength);
    }

    private static bool TryParseBitOperation(ReadOnlySpan<byte> name, out BitOperation operation)
    {
        operation = BitOperation.And;
        if (Ascii.EqualsIgnoreCase(name, "AND"u8))
        {
            return true;
        }
        operation = BitOperation.Or;
        if (Ascii.EqualsIgnoreCase(name, "OR"u8))
        {
            return true;
        }
        operation = BitOperation.Xor;
        if (Ascii.EqualsIgnoreCase(name, "XOR"u8))
        {
            return true;
        }
        operation = BitOperation.Not;
        return Ascii.EqualsIgnoreCase(name, "NOT"u8);
    }

    /// <summary>One parsed BITFIELD operation; all are parsed (and validated) before any runs.</summary>
    private readonly record struct BitfieldOp(BitfieldOpcode Opcode, long Offset, long Value, int Bits, bool Signed, BitfieldOverflow Overflow);

    private enum BitfieldOpcode
    {
        Get,
        Set,
        Incrby,
    }

    // BITFIELD key [GET encoding offset | [OVERFLOW WRAP|SAT|FAIL] SET encoding offset value |
    //     [OVERFLOW WRAP|SAT|FAIL] INCRBY encoding offset increment ...]
    private static void Bitfield(CommandContext ctx, CommandArgs args) => BitfieldGeneric(ctx, args, readOnly: false);

    // BITFIELD_RO key [GET encoding offset ...]
    private static void BitfieldRo(CommandContext ctx, CommandArgs args) => BitfieldGeneric(ctx, args, readOnly: true);

    /// <summary>
    /// bitfieldGeneric: parses every operation first (any error aborts before touching the key), then runs
    /// them in order, replying one integer each (nil for an OVERFLOW FAIL that did not write). SET replies
    /// the old value, INCRBY the new one. Writes create or grow the key even when every write fails.
    /// </summary>
    private static void BitfieldGeneric(CommandContext ctx, CommandArgs args, bool readOnly)
    {
        if (!TryParseBitfieldOps(ctx, args, out List<BitfieldOp> ops, out bool writes, out long highestWriteBit))
        {
            return;
        }
        ReadOnlySpan<byte> key = args[1];
        object? value;
        KvRawString? raw = null;
        bool grown = false;
        if (!writes)
        {
            value = ctx.Db.Lookup(key, ctx.Now);
            if (value is not null && !StringValue.IsString(value))
            {
                ctx.Reply.WriteError(RespErrors.WrongType);
                return;
            }
        }
        else
        {
            if (readOnly)
            {
                ctx.Reply.WriteError(RespErrors.BitfieldReadOnly);
                return;
            }
            raw = LookupStringForBitCommand(ctx, key, highestWriteBit, out grown);
            if (raw is null)
            {
                return;
            }
            value = raw;
        }

        ctx.Reply.WriteArrayLength(ops.Count);
        long changes = 0;
        Span<byte> scratch = stackalloc byte[Utf8Number.MaxInt64Chars];
        foreach (BitfieldOp op in ops)
        {
            if (op.Opcode == BitfieldOpcode.Get)
            {
                ReadOnlySpan<byte> bytes = value is null ? default : StringValue.GetBytes(value, scratch);
                long field = op.Signed
                    ? BitOps.GetSignedPadded(bytes, op.Offset, op.Bits)
                    : (long)BitOps.GetUnsignedPadded(bytes, op.Offset, op.Bits);
                ctx.Reply.WriteInteger(field);
                continue;
            }
            Span<byte> target = raw!.WritableSpan;
            if (op.Signed ? RunSigned(ctx, target, op, grown) : RunUnsigned(ctx, target, op, grown))
            {
                changes++;
            }
        }
        if (changes > 0)
        {
            ctx.KeyModified(key, changes);
            ctx.Notify(NotifyFlags.String, "setbit"u8, key);
        }
    }

    /// <summary>
    /// Runs a signed SET/INCRBY. True if it counts as a change: as in Redis 7.0.15, a write that was not
    /// refused by OVERFLOW FAIL and either changed the field or went to a string this command created or grew.
    /// </summary>
    private static bool RunSigned(CommandContext ctx, Span<byte> target, BitfieldOp op, bool grown)
    {
        long old = BitOps.GetSigned(target, op.Offset, op.Bits);
        long stored, reply;
        int overflow;
        if (op.Opcode == BitfieldOpcode.Incrby)
        {
            overflow = BitOps.CheckSignedOverflow(old, op.Value, op.Bits, op.Overflow, out long wrapped);
            stored = overflow != 0 ? wrapped : unchecked(old + op.Value);
            reply = stored;
        }
        else
        {
            overflow = BitOps.CheckSignedOverflow(op.Value, 0, op.Bits, op.Overflow, out long wrapped);
            stored = overflow != 0 ? wrapped : op.Value;
            reply = old;
        }
        if (overflow != 0 && op.Overflow == BitfieldOverflow.Fail)
        {
            ctx.Reply.WriteNull();
            return false;
        }
        ctx.Reply.WriteInteger(reply);
        BitOps.SetUnsigned(target, op.Offset, op.Bits, (ulong)stored);
        return grown || stored != old;
    }

    /// <summary>The unsigned <see cref="RunSigned"/>.</summary>
    private static bool RunUnsigned(CommandContext ctx, Span<byte> target, BitfieldOp op, bool grown)
    {
        ulong old = BitOps.GetUnsigned(target, op.Offset, op.Bits);
        ulong stored, reply;
        int overflow;
        if (op.Opcode == BitfieldOpcode.Incrby)
        {
            overflow = BitOps.CheckUnsignedOverflow(old, op.Value, op.Bits, op.Overflow, out ulong wrapped);
            stored = overflow != 0 ? wrapped : unchecked(old + (ulong)op.Value);
            reply = stored;
        }
        else
        {
            overflow = BitOps.CheckUnsignedOverflow((ulong)op.Value, 0, op.Bits, op.Overflow, out ulong wrapped);
            stored = overflow != 0 ? wrapped : (ulong)op.Value;
            reply = old;
        }
        if (overflow != 0 && op.Overflow == BitfieldOverflow.Fail)
        {
            ctx.Reply.WriteNull();
            return false;
        }
        ctx.Reply.WriteInteger((long)reply);
        BitOps.SetUnsigned(target, op.Offset, op.Bits, stored);
        return grown || stored != old;
    }

    /// <summary>Parses BITFIELD's subcommands in Redis's order of checks; false after replying an error.</summary>
    private static bool TryParseBitfieldOps(CommandContext ctx, CommandArgs args, out List<BitfieldOp> ops,
        out bool writes, out long highestWriteBit)
    {
        ops = new List<BitfieldOp>();
        writes = false;
        highestWriteBit = 0;
        BitfieldOverflow overflow = BitfieldOverflow.Wrap;
        for (int j = 2; j < args.Count; j++)
        {
            int remaining = args.Count - j - 1;
            ReadOnlySpan<byte> name = args[j];
            BitfieldOpcode opcode;
            if (Ascii.EqualsIgnoreCase(name, "GET"u8) && remaining >= 2)
            {
                opcode = BitfieldOpcode.Get;
            }
            else if (Ascii.EqualsIgnoreCase(name, "SET"u8) && remaining >= 3)
            {
                opcode = BitfieldOpcode.Set;
            }
            else if (Ascii.EqualsIgnoreCase(name, "INCRBY"u8) && remaining >= 3)
            {
                opcode = BitfieldOpcode.Incrby;
            }
            else if (Ascii.EqualsIgnoreCase(name, "OVERFLOW"u8) && remaining >= 1)
            {
                if (!TryParseOverflow(args[++j], out overflow))
                {
                    ctx.Reply.WriteError(RespErrors.BitfieldOverflowType);
                    return false;
                }
                continue;
            }
            else
            {
                ctx.Reply.WriteError(RespErrors.Syntax);
                return false;
            }
            if (!TryParseBitfieldType(args[j + 1], out bool signed, out int bits))
            {
                ctx.Reply.WriteError(RespErrors.BitfieldType);
                return false;
            }
            if (!TryParseBitOffset(ctx, args[j + 2], allowHash: true, bits, out long offset))
            {
                return false;
            }
            long operand = 0;
            if (opcode != BitfieldOpcode.Get)
            {
                writes = true;
                highestWriteBit = Math.Max(highestWriteBit, offset + bits - 1);
                if (!Utf8Number.TryParseInt64(args[j + 3], out operand))
                {
                    ctx.Reply.WriteError(RespErrors.NotInteger);
                    return false;
                }
            }
            ops.Add(new BitfieldOp(opcode, offset, operand, bits, signed, overflow));
            j += opcode == BitfieldOpcode.Get ? 2 : 3;
        }
        return true;
    }

    private static bool TryParseOverflow(ReadOnlySpan<byte> name, out BitfieldOverflow overflow)
    {
        overflow = BitfieldOverflow.Wrap;
        if (Ascii.EqualsIgnoreCase(name, "WRAP"u8))
        {
            return true;
        }
        overflow = BitfieldOverflow.Sat;
        if (Ascii.EqualsIgnoreCase(name, "SAT"u8))
        {
            return true;
        }
        overflow = BitfieldOverflow.Fail;
        return Ascii.EqualsIgnoreCase(name, "FAIL"u8);
    }

    /// <summary>getBitfieldTypeFromArgument: "i1".."i64" or "u1".."u63", lower-case prefix only.</summary>
    private static bool TryParseBitfieldType(ReadOnlySpan<byte> type, out bool signed, out int bits)
    {
        signed = false;
        bits = 0;
        if (type.IsEmpty || (type[0] != (byte)'i' && type[0] != (byte)'u'))
        {
            return false;
        }
        signed = type[0] == (byte)'i';
        if (!Utf8Number.TryParseInt64(type[1..], out long width) || width < 1 || width > (signed ? 64 : 63))
        {
            return false;
        }
        bits = (int)width;
        return true;
    }
}
