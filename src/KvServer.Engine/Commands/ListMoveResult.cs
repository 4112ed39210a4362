namespace KvServer.Engine.Commands;

/// <summary>Outcome of <see cref="ListCommands.TryMoveAndReply"/>.</summary>
internal enum ListMoveResult
{
    Moved,
    SourceMissing,
    WrongType,
}
