namespace KvServer.Engine.DataTypes;

/// <summary>One contiguous run of the LCS: byte ranges in both strings (inclusive) and its length.</summary>
public readonly record struct LcsMatch(long AStart, long AEnd, long BStart, long BEnd, long Length);
