using static KvServer.IntegrationTests.Differential.CommandFamily;

namespace KvServer.IntegrationTests.Differential;

public static partial class CommandFamilies
{
    private static CommandFamily Bitmap() => new CommandFamily("bitmap")
        .Own("setbit", 5, g => C("SETBIT", g.Key(), BitOffset(g), g.Pick("0", "1", "1", "0", "2", "-1", "a", "")))
        .Own("getbit", 4, g => C("GETBIT", g.Key(), BitOffset(g)))
        .Own("bitcount", 4, g => C("BITCOUNT", g.Key(), BitRange(g, allowSingle: true)))
        .Own("bitpos", 4, g => C("BITPOS", g.Key(), g.Pick("0", "1", "1", "0", "2", "a"), BitRange(g, allowSingle: true)))
        .Own("bitop", 3, g => C("BITOP", g.Option("AND", "OR", "XOR", "NOT", "AND", "OR", "DIFF"), g.Key(), g.Several(g.Key, 3)))
        .Own("bitfield", 4, g => C("BITFIELD", g.Key(), BitfieldOperations(g, readOnly: false)))
        .Own("bitfield_ro", 2, g => C("BITFIELD_RO", g.Key(), BitfieldOperations(g, readOnly: true)))
        .Helper("set", 2, g => C("SET", g.Key(), g.Value()))
        .Helper("get", 2, g => C("GET", g.Key()))
        .Helper("append", 1, g => C("APPEND", g.Key(), g.ShortValue()))
        .Helper("setrange", 1, g => C("SETRANGE", g.Key(), g.Pick("0", "1", "5"), g.ShortValue()))
        .Helper("strlen", 1, g => C("STRLEN", g.Key()))
        .WithTypeHelpers(except: "set");

    /// <summary>Bit offsets: small, byte boundaries, negative, invalid, or 2^32 (past 512 MB: rejected).</summary>
    private static byte[] BitOffset(ArgumentSource g) =>
        g.Pick("0", "1", "7", "8", "15", "63", "64", "100", "1000", "8191", "-1", "4294967296", "abc", "1.5", "");

    /// <summary>[start end [BYTE|BIT]], sometimes a lone start (a syntax error) or a bad unit.</summary>
    private static List<byte[]> BitRange(ArgumentSource g, bool allowSingle)
    {
        var args = new List<byte[]>();
        int shape = g.Next(10);
        if (shape < 3)
        {
            return args;
        }
        args.Add(g.Index());
        if (shape == 3 && allowSingle)
        {
            return args;
        }
        args.Add(g.Index());
        if (shape >= 7)
        {
            args.Add(g.Option("BYTE", "BIT", "BIT", "BITS"));
        }
        return args;
    }

    private static List<byte[]> BitfieldOperations(ArgumentSource g, bool readOnly)
    {
        var args = new List<byte[]>();
        int n = 1 + g.Next(3);
        for (int i = 0; i < n; i++)
        {
            int op = readOnly ? (g.Chance(0.9) ? 0 : 1 + g.Next(3)) : g.Next(4);
            switch (op)
            {
                case 0:
                    args.Add(g.Option("GET"));
                    args.Add(BitfieldType(g));
                    args.Add(BitfieldOffset(g));
                    break;
                case 1:
                    args.Add(g.Option("SET"));
                    args.Add(BitfieldType(g));
                    args.Add(BitfieldOffset(g));
                    args.Add(g.Integer());
                    break;
                case 2:
                    args.Add(g.Option("INCRBY"));
                    args.Add(BitfieldType(g));
                    args.Add(BitfieldOffset(g));
                    args.Add(g.Chance(0.5) ? g.SmallInteger() : g.Integer());
                    break;
                default:
                    args.Add(g.Option("OVERFLOW"));
                    args.Add(g.Option("WRAP", "SAT", "FAIL", "NOSUCH"));
                    break;
            }
        }
        return args;
    }

    private static byte[] BitfieldType(ArgumentSource g) =>
        g.Pick("u1", "i1", "u8", "i8", "u16", "i16", "i32", "u32", "i63", "u63", "i64", "u64", "i65", "x8", "u0", "", "U8");

    private static byte[] BitfieldOffset(ArgumentSource g) =>
        g.Pick("0", "1", "7", "100", "#0", "#1", "#3", "-1", "4294967296", "#abc", "abc", "#-1");
}
