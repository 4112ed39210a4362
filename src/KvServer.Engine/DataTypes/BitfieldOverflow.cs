namespace KvServer.Engine.DataTypes;

/// <summary>What BITFIELD does when a SET or INCRBY does not fit its field (OVERFLOW WRAP|SAT|FAIL).</summary>
public enum BitfieldOverflow
{
    Wrap,
    Sat,
    Fail,
}
