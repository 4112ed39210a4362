namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A [Fact] that runs only when KvServer implements every listed command (names as in the command table:
/// "incr", "object|encoding") and the program <see cref="Tool"/>, if any, is on PATH; otherwise it is skipped
/// with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresFactAttribute : ConditionalFactAttribute
{
    private readonly string[] _commands;

    public RequiresFactAttribute(params string[] commands) => _commands = commands;

    /// <summary>A program that must be on PATH (<see cref="Executables.RedisServer"/>, ...).</summary>
    public string? Tool { get; set; }

    protected override string? SkipReason() => Requirements(Tool is null ? [] : [Tool], _commands);
}
