using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>Compares two replies to one command under a <see cref="CompareMode"/>; returns why they differ, or null.</summary>
public static class ReplyComparer
{
    public static string? Difference(CompareMode mode, long tolerance, RespReply expected, RespReply actual)
    {
        if (expected.IsError || actual.IsError)
        {
            if (mode == CompareMode.Ignore)
            {
                return expected.IsError == actual.IsError ? null : "one reply is an error, the other is not";
            }
            return SameBytes(expected, actual) ? null : "error replies differ";
        }
        switch (mode)
        {
            case CompareMode.Ignore:
                return null;
            case CompareMode.Shape:
                return SameShape(expected, actual) ? null : "reply types or sizes differ";
            case CompareMode.Approximate:
                if (expected.IsInteger && actual.IsInteger && expected.Integer >= 0 && actual.Integer >= 0)
                {
                    return Math.Abs(expected.Integer - actual.Integer) <= tolerance ? null : $"integers differ by more than {tolerance}";
                }
                break;
            case CompareMode.Sorted or CompareMode.SortedPairs:
                if (expected.IsAggregate && actual.IsAggregate)
                {
                    return SameMultiset(expected, actual, mode == CompareMode.SortedPairs ? 2 : 1) ? null : "elements differ (compared unordered)";
                }
                break;
            case CompareMode.Scan or CompareMode.ScanPairs:
                if (expected.IsAggregate && actual.IsAggregate && expected.Items.Count == 2 && actual.Items.Count == 2)
                {
                    if (!SameBytes(expected.Items[0], actual.Items[0]))
                    {
                        return "cursors differ";
                    }
                    return SameMultiset(expected.Items[1], actual.Items[1], mode == CompareMode.ScanPairs ? 2 : 1)
                        ? null : "scanned elements differ (compared unordered)";
                }
                break;
        }
        return SameBytes(expected, actual) ? null : "replies differ";
    }

    private static bool SameBytes(RespReply a, RespReply b) => a.Raw.AsSpan().SequenceEqual(b.Raw);

    private static bool SameShape(RespReply a, RespReply b) =>
        a.Type == b.Type && (a.IsAggregate ? a.Items.Count == b.Items.Count : a.Length < 0 == b.Length < 0);

    /// <summary>Same type and count, and the same groups of <paramref name="group"/> elements in any order.</summary>
    private static bool SameMultiset(RespReply a, RespReply b, int group)
    {
        if (a.Type != b.Type || a.Items.Count != b.Items.Count || a.Items.Count % group != 0)
        {
            return false;
        }
        List<byte[]> left = Groups(a, group);
        List<byte[]> right = Groups(b, group);
        for (int i = 0; i < left.Count; i++)
        {
            if (!left[i].AsSpan().SequenceEqual(right[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static List<byte[]> Groups(RespReply reply, int group)
    {
        var groups = new List<byte[]>();
        for (int i = 0; i < reply.Items.Count; i += group)
        {
            var bytes = new List<byte>();
            for (int j = 0; j < group; j++)
            {
                bytes.AddRange(reply.Items[i + j].Raw);
            }
            groups.Add([.. bytes]);
        }
        groups.Sort((x, y) => x.AsSpan().SequenceCompareTo(y));
        return groups;
    }
}
