using System.Text;
using KvServer.Engine.Execution;

namespace KvServer.Tests.Docs;

/// <summary>
/// Generates docs/compat.md: the status of every Redis 7.0 command and subcommand (the rows of
/// commands.tsv, exported from Redis 7.0.15) as KvServer's command table has it, plus the hand-written
/// "Known differences" section, which is carried over verbatim from the existing file.
/// </summary>
public static class CompatDoc
{
    public const string RegenerateCommand =
        "KVSERVER_UPDATE_COMPAT=1 dotnet test tests/KvServer.Tests --filter \"FullyQualifiedName~CompatDocTests\"";

    public const string DifferencesBegin = "<!-- known-differences:begin (hand-written; kept as it is by the generator) -->";

    public const string DifferencesEnd = "<!-- known-differences:end -->";

    private const string DefaultDifferences = "- None recorded yet.\n";

    /// <summary>One row of commands.tsv: a command ("get") or a subcommand ("config|get").</summary>
    public sealed record Row(string Name, string Group, string Arity, string Since, string Summary)
    {
        public bool IsSubcommand => Name.Contains('|');

        public string Display => Name.ToUpperInvariant().Replace('|', ' ');
    }

    /// <summary>The rows of commands.tsv (tab-separated, header first).</summary>
    public static List<Row> ReadTsv(string path)
    {
        var rows = new List<Row>();
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split('\t');
        int name = Array.IndexOf(header, "name");
        int group = Array.IndexOf(header, "group");
        int arity = Array.IndexOf(header, "arity");
        int since = Array.IndexOf(header, "since");
        int summary = Array.IndexOf(header, "summary");
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            string[] fields = lines[i].Split('\t');
            rows.Add(new Row(fields[name], fields[group], fields[arity], fields[since], fields[summary]));
        }
        rows.Sort((a, b) => a.Group != b.Group ? string.CompareOrdinal(a.Group, b.Group) : string.CompareOrdinal(a.Name, b.Name));
        return rows;
    }

    /// <summary>The hand-written section of an existing compat.md (between the markers), or a default.</summary>
    public static string KnownDifferences(string existing)
    {
        int begin = existing.IndexOf(DifferencesBegin, StringComparison.Ordinal);
        int end = existing.IndexOf(DifferencesEnd, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return DefaultDifferences;
        }
        string text = existing[(begin + DifferencesBegin.Length)..end].Trim('\n');
        return text.Length == 0 ? DefaultDifferences : text + "\n";
    }

    public static string Generate(CommandTable table, List<Row> rows, string knownDifferences)
    {
        var containers = new HashSet<string>(StringComparer.Ordinal);
        foreach (Row row in rows)
        {
            if (row.IsSubcommand)
            {
                containers.Add(row.Name[..row.Name.IndexOf('|')]);
            }
        }
        var groups = new SortedDictionary<string, (int Implemented, int Total)>(StringComparer.Ordinal);
        int implemented = 0;
        int total = 0;
        foreach (Row row in rows)
        {
            if (containers.Contains(row.Name))
            {
                continue;
            }
            bool done = IsImplemented(table, row.Name);
            groups.TryGetValue(row.Group, out (int Implemented, int Total) counts);
            groups[row.Group] = (counts.Implemented + (done ? 1 : 0), counts.Total + 1);
            implemented += done ? 1 : 0;
            total++;
        }

        var doc = new StringBuilder();
        doc.Append("# Redis 7.0 command compatibility\n\n");
        doc.Append("Generated from KvServer's command table and the list of Redis 7.0.15 commands; only the section\n");
        doc.Append("\"Known differences from Redis\" is written by hand. Do not edit the rest: after binding or removing a\n");
        doc.Append("handler, regenerate this file with\n\n");
        doc.Append("    ").Append(RegenerateCommand).Append("\n\n");
        doc.Append("`tests/KvServer.Tests/Docs/CompatDocTests.cs` fails whenever this file and the command table disagree.\n");
        doc.Append("Behaviour is checked against a real redis-server by the differential tests\n");
        doc.Append("(`tests/KvServer.IntegrationTests/Differential`).\n\n");
        doc.Append($"KvServer implements **{implemented} of {total}** Redis 7.0 commands and subcommands ");
        doc.Append("(container commands such as CONFIG count through their subcommands).\n\n");

        doc.Append("## Known differences from Redis\n\n");
        doc.Append(DifferencesBegin).Append('\n');
        doc.Append(knownDifferences);
        doc.Append(DifferencesEnd).Append("\n\n");

        doc.Append("## Summary by group\n\n");
        doc.Append("| Group | Implemented | Total |\n|---|---:|---:|\n");
        foreach ((string group, (int done, int all)) in groups)
        {
            doc.Append($"| {group} | {done} | {all} |\n");
        }
        doc.Append($"| **all** | **{implemented}** | **{total}** |\n");

        doc.Append("\n## Commands\n");
        string? currentGroup = null;
        foreach (Row row in rows)
        {
            if (row.Group != currentGroup)
            {
                currentGroup = row.Group;
                doc.Append($"\n### {currentGroup}\n\n| Command | Status | Since | Summary |\n|---|---|---|---|\n");
            }
            string status = containers.Contains(row.Name) ? ContainerStatus(table, rows, row.Name)
                : IsImplemented(table, row.Name) ? "yes" : "no";
            doc.Append($"| `{row.Display}` | {status} | {row.Since} | {Escape(row.Summary)} |\n");
        }
        return doc.ToString();
    }

    private static bool IsImplemented(CommandTable table, string name)
    {
        CommandSpec? spec = table.Find(name);
        return spec is not null && spec.IsImplemented;
    }

    private static string ContainerStatus(CommandTable table, List<Row> rows, string container)
    {
        int done = 0;
        int all = 0;
        foreach (Row row in rows)
        {
            if (row.Name.StartsWith(container + "|", StringComparison.Ordinal))
            {
                all++;
                done += IsImplemented(table, row.Name) ? 1 : 0;
            }
        }
        return $"{done} of {all} subcommands";
    }

    private static string Escape(string text) => text.Replace("|", "\\|");
}
