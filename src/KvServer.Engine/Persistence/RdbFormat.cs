namespace KvServer.Engine.Persistence;

/// <summary>
/// The constants of Redis 7.0's RDB format (rdb.h): the version, the object type bytes that precede every
/// value, and the opcodes that structure a file. Shared by the writer, the reader, DUMP and RESTORE.
/// </summary>
public static class RdbFormat
{
    /// <summary>RDB_VERSION in Redis 7.0: the "REDIS0010" header and the version DUMP payloads carry.</summary>
    public const int Version = 10;

    /// <summary>The magic the file starts with, before the four version digits.</summary>
    public static ReadOnlySpan<byte> Magic => "REDIS"u8;

    // Object types (RDB_TYPE_*). Redis 7.0 writes only String, ListQuicklist2, Set, SetIntset, ZSet2,
    // ZSetListpack, Hash, HashListpack and the stream types; the others appear in files from older versions.
    public const byte TypeString = 0;
    public const byte TypeList = 1;
    public const byte TypeSet = 2;
    public const byte TypeZSet = 3;
    public const byte TypeHash = 4;
    public const byte TypeZSet2 = 5;
    public const byte TypeModule = 6;
    public const byte TypeModule2 = 7;
    public const byte TypeHashZipmap = 9;
    public const byte TypeListZiplist = 10;
    public const byte TypeSetIntset = 11;
    public const byte TypeZSetZiplist = 12;
    public const byte TypeHashZiplist = 13;
    public const byte TypeListQuicklist = 14;
    public const byte TypeStreamListpacks = 15;
    public const byte TypeHashListpack = 16;
    public const byte TypeZSetListpack = 17;
    public const byte TypeListQuicklist2 = 18;
    public const byte TypeStreamListpacks2 = 19;

    // Opcodes (RDB_OPCODE_*), which share the byte with the types above.
    public const byte OpcodeFunction2 = 245;
    public const byte OpcodeFunction = 246;
    public const byte OpcodeModuleAux = 247;
    public const byte OpcodeIdle = 248;
    public const byte OpcodeFreq = 249;
    public const byte OpcodeAux = 250;
    public const byte OpcodeResizeDb = 251;
    public const byte OpcodeExpireTimeMs = 252;
    public const byte OpcodeExpireTime = 253;
    public const byte OpcodeSelectDb = 254;
    public const byte OpcodeEof = 255;

    /// <summary>QUICKLIST_NODE_CONTAINER_*: how a node of a TypeListQuicklist2 value is stored.</summary>
    public const int QuicklistNodePlain = 1;
    public const int QuicklistNodePacked = 2;
}
