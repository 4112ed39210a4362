using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

/// <summary>The 80-bit long double model behind INCRBYFLOAT; expected texts come from Redis 7.0.15 on x86-64.</summary>
public class LongDoubleTests
{
    private static string Format(LongDouble value) => Encoding.ASCII.GetString(value.FormatHumanFriendly());

    private static LongDouble Parse(string text)
    {
        Assert.True(LongDouble.TryParse(Encoding.Latin1.GetBytes(text), out LongDouble value), text);
        return value;
    }

    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("1e3", "1000")]
    [InlineData("0x10", "16")]
    [InlineData("0X.8", "0.5")]
    [InlineData("0x1p-2", "0.25")]
    [InlineData("-0", "0")]
    [InlineData("1e-18", "0")]
    [InlineData("0.000000000000000015", "0.00000000000000002")]
    public void TryParse_ThenFormat_MatchesRedis(string text, string expected)
    {
        Assert.Equal(expected, Format(Parse(text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("nan")]
    [InlineData("-nan")]
    [InlineData("0x")]
    [InlineData("0xp1")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    [InlineData("1e5000")]
    [InlineData("-1e5000")]
    [InlineData("1e-5000")]
    [InlineData("1.5\u00002")]
    [InlineData("\u0000")]
    public void TryParse_Invalid_IsRejected(string text)
    {
        Assert.False(LongDouble.TryParse(Encoding.Latin1.GetBytes(text), out _));
    }

    [Fact]
    public void TryParse_TooLong_IsRejected()
    {
        Assert.False(LongDouble.TryParse(Encoding.ASCII.GetBytes(new string('1', LongDouble.MaxChars)), out _));
        Assert.True(LongDouble.TryParse(Encoding.ASCII.GetBytes("0." + new string('1', LongDouble.MaxChars - 3)), out _));
    }

    [Fact]
    public void Add_RoundsToSixtyFourBits()
    {
        Assert.Equal("1000.09999999999999998", Format(Parse("1000") + Parse("0.1")));
        Assert.Equal("9223372036854775808", Format(LongDouble.FromInt64(long.MaxValue) + Parse("1")));
        Assert.Equal("-9223372036854775808", Format(LongDouble.FromInt64(long.MinValue)));
        Assert.Equal("0", Format(Parse("0.1") + Parse("-0.1")));
    }

    [Fact]
    public void Add_Overflow_IsInfinity()
    {
        LongDouble big = Parse("1.1e4932");
        Assert.False(big.IsInfinity);
        Assert.True((big + big).IsInfinity);
        Assert.True((Parse("inf") + Parse("1")).IsInfinity);
    }
}
