using System.Text;
using KvServer.Engine.Keyspace;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Keyspace;

/// <summary>
/// GlobMatcher against the answers of a real Redis 7.0.15: every pattern below was sent as KEYS to a server
/// holding exactly <see cref="s_keys"/>, and the indexes are the keys it returned.
/// </summary>
public class GlobMatcherTests
{
    private static readonly string[] s_keys =
    [
        "",
        "a",
        "b",
        "ab",
        "abc",
        "abd",
        "aXc",
        "hello",
        "hallo",
        "hillo",
        "hllo",
        "heeeello",
        "Hello",
        "a*c",
        "a?c",
        "a[c",
        "a]c",
        "a\\c",
        "a-c",
        "^",
        "-",
        "]",
        "[",
        "\\",
        "*",
        "?",
        "foo:1",
        "foo:12",
        "foo:bar",
        "x\u0000y",
        "\u0000",
        "\u007f",
        "\u0080",
        "\u00c3\u00a9",
        "\u00ff",
        "Z",
        "z",
        "_",
        "`",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    public static TheoryData<string, int[]> RedisKeysResults => new()
    {
        { "*", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40] },
        { "**", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40] },
        { "***", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40] },
        { "?", [1, 2, 19, 20, 21, 22, 23, 24, 25, 30, 31, 32, 34, 35, 36, 37, 38] },
        { "??", [3, 33] },
        { "???", [4, 5, 6, 13, 14, 15, 16, 17, 18, 29] },
        { "a*", [1, 3, 4, 5, 6, 13, 14, 15, 16, 17, 18, 39, 40] },
        { "*c", [4, 6, 13, 14, 15, 16, 17, 18] },
        { "a*c", [4, 6, 13, 14, 15, 16, 17, 18] },
        { "a?c", [4, 6, 13, 14, 15, 16, 17, 18] },
        { "a??", [4, 5, 6, 13, 14, 15, 16, 17, 18] },
        { "*a*", [1, 3, 4, 5, 6, 8, 13, 14, 15, 16, 17, 18, 28, 39, 40] },
        { "h?llo", [7, 8, 9] },
        { "h*llo", [7, 8, 9, 10, 11] },
        { "h[ae]llo", [7, 8] },
        { "h[^e]llo", [8, 9] },
        { "h[a-b]llo", [8] },
        { "h[b-a]llo", [8] },
        { "[a-c]", [1, 2] },
        { "[c-a]", [1, 2] },
        { "[^a-c]", [19, 20, 21, 22, 23, 24, 25, 30, 31, 32, 34, 35, 36, 37, 38] },
        { "[A-Z]", [35] },
        { "[Z-A]", [35] },
        { "[a-]", [1, 19, 21, 37, 38] },
        { "[-a]", [1, 20] },
        { "[]]", [] },
        { "[]", [] },
        { "[", [] },
        { "[a", [1] },
        { "[^", [1, 2, 19, 20, 21, 22, 23, 24, 25, 30, 31, 32, 34, 35, 36, 37, 38] },
        { "[^]", [1, 2, 19, 20, 21, 22, 23, 24, 25, 30, 31, 32, 34, 35, 36, 37, 38] },
        { "a[", [] },
        { "a[*", [] },
        { "a[\\]c", [] },
        { "a\\*c", [13] },
        { "a\\?c", [14] },
        { "a\\[c", [15] },
        { "a\\]c", [16] },
        { "a\\\\c", [17] },
        { "\\", [23] },
        { "\\\\", [23] },
        { "a\\", [] },
        { "*\\", [23] },
        { "\\*", [24] },
        { "\\?", [25] },
        { "[\\]]", [21] },
        { "[\\]", [21] },
        { "[\\", [23] },
        { "[a-", [1, 20] },
        { "[a-b", [1, 2] },
        { "[-]", [20] },
        { "[--z]", [1, 2, 19, 20, 21, 22, 23, 25, 35, 36, 37, 38] },
        { "[!-/]", [20, 24] },
        { "a[\\-]c", [18] },
        { "a[x-]c", [3] },
        { "a[-x]c", [18] },
        { "[\\-x]", [20] },
        { "foo:*", [26, 27, 28] },
        { "foo:?", [26] },
        { "foo:[0-9]", [26] },
        { "foo:[0-9]*", [26, 27] },
        { "foo:[^0-9]*", [28] },
        { "*o*", [7, 8, 9, 10, 11, 12, 26, 27, 28] },
        { "*:*", [26, 27, 28] },
        { "x?y", [29] },
        { "x*y", [29] },
        { "x\u0000y", [29] },
        { "?\u0000?", [29] },
        { "[\u0000-\u007f]", [1, 2, 19, 20, 21, 22, 23, 24, 25, 30, 31, 35, 36, 37, 38] },
        { "[\u0080-\u00ff]", [32, 34] },
        { "[a-\u00ff]", [1, 19, 20, 21, 22, 23, 24, 25, 30, 34, 35, 37, 38] },
        { "[\u00ff-a]", [1, 19, 20, 21, 22, 23, 24, 25, 30, 34, 35, 37, 38] },
        { "[^\u0080-\u00ff]", [1, 2, 19, 20, 21, 22, 23, 24, 25, 30, 31, 35, 36, 37, 38] },
        { "\u00c3?", [33] },
        { "[\u00c3]?", [33] },
        { "*b", [2, 3, 39] },
        { "a*a*a*a*a*a*a*a*a*a*a*b", [39] },
        { "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", [39] },
        { "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", [40] },
        { "*[", [] },
        { "*[a", [1, 40] },
        { "[*]", [24] },
        { "[?]", [25] },
        { "?*", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40] },
        { "*?", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40] },
        { "*?*", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40] },
        { "h*l*o", [7, 8, 9, 10, 11] },
        { "h**o", [7, 8, 9, 10, 11] },
        { "[hH]ello", [7, 12] },
        { "[[]", [22] },
        { "[[]*", [22] },
        { "[]a]", [] },
        { "[^]a]", [] },
        { "[a-a]", [1] },
        { "[_-a]", [1, 37, 38] },
        { "[Z-`]", [19, 21, 22, 23, 35, 37, 38] },
    };

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    [Theory]
    [MemberData(nameof(RedisKeysResults))]
    public void IsMatch_AgainstRedisKeys_SameKeysMatch(string pattern, int[] expected)
    {
        var matched = new List<int>();
        for (int i = 0; i < s_keys.Length; i++)
        {
            // KEYS "*" matches without calling stringmatchlen (which never matches an empty key).
            bool allKeys = pattern == "*";
            if (allKeys || GlobMatcher.IsMatch(Bytes(pattern), Bytes(s_keys[i])))
            {
                matched.Add(i);
            }
        }
        Assert.Equal(expected, matched);
    }

    [Theory]
    [MemberData(nameof(RedisKeysResults))]
    public void Keys_AgainstRedisKeys_ReturnsSameKeys(string pattern, int[] expected)
    {
        var h = new CommandHarness();
        foreach (string key in s_keys)
        {
            h.Run("SET", key, "v");
        }
        RespValue reply = h.Call("KEYS", pattern);
        var returned = new List<int>();
        foreach (RespValue item in reply.Items!)
        {
            returned.Add(Array.IndexOf(s_keys, item.Text));
        }
        returned.Sort();
        Assert.Equal(expected, returned);
    }

    [Fact]
    public void IsMatch_StarOnEmptyText_DoesNotMatch()
    {
        Assert.False(GlobMatcher.IsMatch("*"u8, ""u8));
        Assert.True(GlobMatcher.IsMatch(""u8, ""u8));
        Assert.False(GlobMatcher.IsMatch(""u8, "a"u8));
    }

    [Fact]
    public void IsMatch_ThousandNestedStars_Matches()
    {
        byte[] text = Bytes(new string('a', 1200));
        Assert.True(GlobMatcher.IsMatch(Bytes(string.Concat(Enumerable.Repeat("*a", 1000))), text));
    }

    [Fact]
    public void IsMatch_MoreThanThousandNestedStars_RefusesAsRedis()
    {
        byte[] text = Bytes(new string('a', 1200));
        Assert.False(GlobMatcher.IsMatch(Bytes(string.Concat(Enumerable.Repeat("*a", 1001))), text));
    }

    [Fact]
    public void IsMatch_PathologicalPattern_FinishesQuickly()
    {
        // Without the skip-longer-matches cut-off this is exponential (CVE-2022-36021).
        byte[] pattern = Bytes(string.Concat(Enumerable.Repeat("*a", 40)) + "*b");
        byte[] text = Bytes(new string('a', 5000));
        Assert.False(GlobMatcher.IsMatch(pattern, text));
    }

    // Checked against CONFIG GET on Redis 7.0.15, which matches parameter names with nocase.
    [Theory]
    [InlineData("MAXMEMORY-P[O]LICY", "maxmemory-policy", true)]
    [InlineData("[M-M]axmemory-policy", "maxmemory-policy", true)]
    [InlineData("[^M]axmemory-policy", "maxmemory-policy", false)]
    [InlineData("[Z-A]axmemory-policy", "maxmemory-policy", true)]
    [InlineData("[\\M]axmemory-policy", "maxmemory-policy", false)]
    [InlineData("MAXMEMORY-POLIC?", "maxmemory-policy", true)]
    [InlineData("H*LLO", "hello", true)]
    [InlineData("h[A-C]llo", "hbllo", true)]
    [InlineData("[a-c]", "B", true)]
    public void IsMatch_IgnoreCase_MatchesAsRedisNocase(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, GlobMatcher.IsMatch(Bytes(pattern), Bytes(text), ignoreCase: true));
    }

    [Fact]
    public void IsMatch_CaseSensitiveByDefault()
    {
        Assert.False(GlobMatcher.IsMatch("H*LLO"u8, "hello"u8));
        Assert.False(GlobMatcher.IsMatch("[A-C]"u8, "b"u8));
    }
}
