using KvServer.Engine.Commands;
using KvServer.Engine.Execution;

namespace KvServer.Tests.Docs;

/// <summary>
/// Keeps docs/compat.md in step with the command table: the test fails when a handler is bound or removed
/// without regenerating the page (KVSERVER_UPDATE_COMPAT=1 makes the same test rewrite it instead).
/// The Redis 7.0 command list is read from ../shared/commands.tsv beside the repository.
/// </summary>
public class CompatDocTests
{
    private static readonly string s_root = FindRepositoryRoot();

    private static string DocPath => Path.Combine(s_root, "docs", "compat.md");

    private static string TsvPath => Path.GetFullPath(Path.Combine(s_root, "..", "shared", "commands.tsv"));

    [Fact]
    public void CompatDoc_MatchesCommandTable()
    {
        Assert.True(File.Exists(TsvPath), $"the Redis 7.0 command list is missing: expected {TsvPath}");
        string existing = File.Exists(DocPath) ? File.ReadAllText(DocPath).ReplaceLineEndings("\n") : "";
        string expected = CompatDoc.Generate(CommandRegistry.Create(), CompatDoc.ReadTsv(TsvPath), CompatDoc.KnownDifferences(existing));

        if (Environment.GetEnvironmentVariable("KVSERVER_UPDATE_COMPAT") == "1")
        {
            File.WriteAllText(DocPath, expected);
            return;
        }

        Assert.True(existing == expected, "docs/compat.md disagrees with the command table; regenerate it with\n    "
            + CompatDoc.RegenerateCommand + "\n" + FirstDifference(expected, existing));
    }

    [Fact]
    public void CommandList_AndCommandTable_DeclareTheSameCommands()
    {
        Assert.True(File.Exists(TsvPath), $"the Redis 7.0 command list is missing: expected {TsvPath}");
        CommandTable table = CommandRegistry.Create();
        var listed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (CompatDoc.Row row in CompatDoc.ReadTsv(TsvPath))
        {
            listed.Add(row.Name);
            Assert.True(table.Find(row.Name) is not null, $"{row.Name} is in commands.tsv but not in the command table");
        }
        foreach (CommandSpec spec in table.All)
        {
            Assert.True(listed.Contains(spec.Name), $"{spec.Name} is in the command table but not in commands.tsv");
        }
    }

    [Fact]
    public void KnownDifferences_AreCarriedOverVerbatim()
    {
        string doc = CompatDoc.Generate(CommandRegistry.Create(), [new CompatDoc.Row("get", "string", "2", "1.0.0", "Get a|value")],
            "- first\n- second\n");

        string regenerated = CompatDoc.Generate(CommandRegistry.Create(), [new CompatDoc.Row("get", "string", "2", "1.0.0", "Get a|value")],
            CompatDoc.KnownDifferences(doc));

        Assert.Equal(doc, regenerated);
        Assert.Contains(CompatDoc.DifferencesBegin + "\n- first\n- second\n" + CompatDoc.DifferencesEnd, doc);
        Assert.Contains("| `GET` | yes | 1.0.0 | Get a\\|value |", doc);
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] want = expected.Split('\n');
        string[] have = actual.Split('\n');
        for (int i = 0; i < Math.Max(want.Length, have.Length); i++)
        {
            string w = i < want.Length ? want[i] : "(end of file)";
            string h = i < have.Length ? have[i] : "(end of file)";
            if (w != h)
            {
                return $"first difference at line {i + 1}:\n  expected: {w}\n  found:    {h}";
            }
        }
        return "";
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KvServer.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("KvServer.sln not found above " + AppContext.BaseDirectory);
    }
}
