using KvServer.Engine.Execution;

namespace KvServer.Engine.Commands;

/// <summary>Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.</summary>
internal static class BitmapCommands
{
    public static void Register(CommandTable table)
    {
    }
}
