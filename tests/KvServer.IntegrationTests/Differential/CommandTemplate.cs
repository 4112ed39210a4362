namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// One generated command shape: the command-table name it needs ("lpush", "object|encoding"), how often it is
/// picked, and how its arguments are drawn. <see cref="Own"/> is false for commands borrowed from another
/// family to create keys of other types; <see cref="Mutate"/> is false where dropping an argument would make
/// the result random (SPOP key count → SPOP key).
/// </summary>
public sealed record CommandTemplate(string Command, int Weight, Func<ArgumentSource, byte[][]> Build, bool Own, bool Mutate);
