using KvServer.Engine.Commands;
using KvServer.Engine.Execution;

namespace KvServer.IntegrationTests.Infrastructure;

/// <summary>
/// What KvServer implements at run time, read from the same command table the server builds. Tests use it
/// to skip (never fail) on commands whose family has not landed yet, so coverage grows as families are added.
/// </summary>
public static class ImplementedCommands
{
    private static readonly Lazy<CommandTable> s_table = new(CommandRegistry.Create);

    public static CommandTable Table => s_table.Value;

    /// <summary>
    /// KVSERVER_TEST_EXTERNAL_PORT: run the tests against another server on 127.0.0.1 (normally a real
    /// redis-server) that implements every command; used to validate the tests, never in CI.
    /// </summary>
    public static int? ExternalPort { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("KVSERVER_TEST_EXTERNAL_PORT"), out int port) ? port : null;

    /// <summary>True when the command ("incr", or "object|encoding" for a subcommand) has a handler.</summary>
    public static bool Has(string name)
    {
        CommandSpec? spec = Table.Find(name.ToLowerInvariant());
        return spec is not null && (spec.IsImplemented || ExternalPort is not null);
    }

    /// <summary>The commands of <paramref name="names"/> that are not implemented (empty when all are).</summary>
    public static List<string> Missing(IEnumerable<string> names)
    {
        var missing = new List<string>();
        foreach (string name in names)
        {
            if (!Has(name))
            {
                missing.Add(name.ToUpperInvariant().Replace('|', ' '));
            }
        }
        return missing;
    }
}
