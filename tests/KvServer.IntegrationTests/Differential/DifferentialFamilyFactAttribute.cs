using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// A generated differential run of one family and protocol: skipped when redis-server is not on PATH, when
/// KvServer implements none of the family's commands yet, or for RESP3 while HELLO is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DifferentialFamilyFactAttribute : ConditionalFactAttribute
{
    private readonly string _family;
    private readonly int _protocol;

    public DifferentialFamilyFactAttribute(string family, int protocol)
    {
        _family = family;
        _protocol = protocol;
    }

    protected override string? SkipReason() =>
        Requirements([Executables.RedisServer], _protocol == 3 ? ["hello"] : [])
        ?? CommandFamilies.Get(_family).NotLandedReason(ImplementedCommands.Has);
}
