using System.Text;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// The generator of one command family (strings, bitmap, keys, lists, hashes, sets, sorted sets): weighted
/// command templates over a shared small key space. Only commands KvServer implements are generated, so
/// coverage grows as commands land; a family runs once any of its own commands beyond the server skeleton
/// (GET and SET without options) exists.
/// </summary>
public sealed class CommandFamily
{
    /// <summary>Commands of the initial skeleton, which accepts no options yet: they do not enable a family.</summary>
    private static readonly HashSet<string> s_skeleton = new(StringComparer.Ordinal) { "get", "set" };

    private readonly List<CommandTemplate> _templates = [];

    public CommandFamily(string name) => Name = name;

    public string Name { get; }

    public IReadOnlyList<CommandTemplate> Templates => _templates;

    /// <summary>A command of this family.</summary>
    public CommandFamily Own(string command, int weight, Func<ArgumentSource, byte[][]> build, bool mutate = true)
    {
        _templates.Add(new CommandTemplate(command, weight, build, Own: true, mutate));
        return this;
    }

    /// <summary>A command of another family, used to create or read keys of other types.</summary>
    public CommandFamily Helper(string command, int weight, Func<ArgumentSource, byte[][]> build)
    {
        _templates.Add(new CommandTemplate(command, weight, build, Own: false, Mutate: true));
        return this;
    }

    /// <summary>Why the family cannot run against a server implementing <paramref name="implemented"/>, or null.</summary>
    public string? NotLandedReason(Func<string, bool> implemented)
    {
        foreach (CommandTemplate template in _templates)
        {
            if (template.Own && !s_skeleton.Contains(template.Command) && implemented(template.Command))
            {
                return null;
            }
        }
        return $"KvServer implements none of the {Name} commands beyond the skeleton yet";
    }

    /// <summary>
    /// <paramref name="count"/> commands drawn from the implemented templates. A few are mutated the way
    /// clients get things wrong: an argument dropped (arity and syntax errors) or an unknown option appended.
    /// </summary>
    public List<byte[][]> Generate(int seed, int count, Func<string, bool> implemented)
    {
        var available = new List<CommandTemplate>();
        int totalWeight = 0;
        foreach (CommandTemplate template in _templates)
        {
            if (implemented(template.Command))
            {
                available.Add(template);
                totalWeight += template.Weight;
            }
        }
        var commands = new List<byte[][]>(count);
        if (available.Count == 0)
        {
            return commands;
        }
        var source = new ArgumentSource(MixSeed(Name, seed));
        while (commands.Count < count)
        {
            CommandTemplate template = Choose(available, totalWeight, source);
            byte[][] command = template.Build(source);
            if (template.Mutate)
            {
                command = Mutate(command, source);
            }
            commands.Add(command);
        }
        return commands;
    }

    private static CommandTemplate Choose(List<CommandTemplate> available, int totalWeight, ArgumentSource source)
    {
        int pick = source.Next(totalWeight);
        foreach (CommandTemplate template in available)
        {
            pick -= template.Weight;
            if (pick < 0)
            {
                return template;
            }
        }
        return available[^1];
    }

    private static byte[][] Mutate(byte[][] command, ArgumentSource source)
    {
        if (command.Length > 1 && source.Chance(0.02))
        {
            return command[..(1 + source.Next(command.Length - 1))];
        }
        if (source.Chance(0.02))
        {
            return [.. command, source.Option("NOSUCHOPT", "EX", "COUNT", "WITHSCORES")];
        }
        return command;
    }

    /// <summary>A stable per-family seed (string.GetHashCode is randomized per process).</summary>
    private static int MixSeed(string name, int seed)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.ASCII.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619;
        }
        return (int)((hash ^ (uint)seed) * 16777619 & 0x7fffffff);
    }

    /// <summary>Builds a command from strings (Latin-1), byte arrays and lists of byte arrays; nulls are skipped.</summary>
    public static byte[][] C(params object?[] parts)
    {
        var args = new List<byte[]>();
        foreach (object? part in parts)
        {
            switch (part)
            {
                case null:
                    break;
                case string text:
                    args.Add(ArgumentSource.Bytes(text));
                    break;
                case byte[] bytes:
                    args.Add(bytes);
                    break;
                case IEnumerable<byte[]> many:
                    args.AddRange(many);
                    break;
                default:
                    throw new ArgumentException("unsupported argument " + part.GetType());
            }
        }
        return [.. args];
    }
}
