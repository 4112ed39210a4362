namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>The [Theory] counterpart of <see cref="RequiresFactAttribute"/>: every row is skipped with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    private readonly string[] _commands;
    private string? _explicitSkip;

    public RequiresTheoryAttribute(params string[] commands) => _commands = commands;

    /// <summary>A program that must be on PATH (<see cref="Executables.RedisServer"/>, ...).</summary>
    public string? Tool { get; set; }

    public override string? Skip
    {
        get => _explicitSkip ?? ConditionalFactAttribute.Requirements(Tool is null ? [] : [Tool], _commands);
        set => _explicitSkip = value;
    }
}
