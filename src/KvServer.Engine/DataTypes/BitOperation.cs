namespace KvServer.Engine.DataTypes;

/// <summary>The operation of BITOP.</summary>
public enum BitOperation
{
    And,
    Or,
    Xor,
    Not,
}
