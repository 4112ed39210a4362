namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// A [Fact] that skips itself with a reason computed at discovery time (xunit 2 has no run-time skip): a
/// missing program on PATH or a command KvServer does not implement yet. The reason shows in the runner's
/// output, so a skipped test is never mistaken for a passing one.
/// </summary>
public abstract class ConditionalFactAttribute : FactAttribute
{
    private string? _explicitSkip;

    public override string? Skip
    {
        get => _explicitSkip ?? SkipReason();
        set => _explicitSkip = value;
    }

    /// <summary>Why the test cannot run here, or null when it can.</summary>
    protected abstract string? SkipReason();

    /// <summary>The shared checks: programs on PATH first, then implemented commands.</summary>
    public static string? Requirements(IEnumerable<string> tools, IEnumerable<string> commands)
    {
        foreach (string tool in tools)
        {
            if (Executables.Find(tool) is null)
            {
                return $"{tool} is not on PATH";
            }
        }
        List<string> missing = ImplementedCommands.Missing(commands);
        return missing.Count == 0 ? null : "KvServer does not implement " + string.Join(", ", missing) + " yet";
    }
}
