namespace KvServer.Engine.DataTypes;

/// <summary>ZADD's input flags (ZADD_IN_*).</summary>
[Flags]
public enum ZaddFlags
{
    None = 0,
    Incr = 1,
    Nx = 2,
    Xx = 4,
    Gt = 8,
    Lt = 16,
}
