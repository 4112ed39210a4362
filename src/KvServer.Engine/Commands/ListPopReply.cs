namespace KvServer.Engine.Commands;

/// <summary>Reply shapes of the pop commands.</summary>
internal enum ListPopReply
{
    /// <summary>LPOP/RPOP: one bulk string.</summary>
    Element,

    /// <summary>LPOP/RPOP with count: an array of elements.</summary>
    Elements,

    /// <summary>BLPOP/BRPOP: [key, element].</summary>
    KeyAndElement,

    /// <summary>LMPOP/BLMPOP: [key, [elements]].</summary>
    KeyAndElements,
}
