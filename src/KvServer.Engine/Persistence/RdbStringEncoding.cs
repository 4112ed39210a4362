namespace KvServer.Engine.Persistence;

/// <summary>RDB_ENC_*: the special string encodings a length byte with the top bits 11 announces (rdb.h).</summary>
internal static class RdbStringEncoding
{
    public const ulong Int8 = 0;
    public const ulong Int16 = 1;
    public const ulong Int32 = 2;
    public const ulong Lzf = 3;
}
