using System.Text;
using KvServer.Engine.Protocol;

namespace KvServer.Tests.Protocol;

/// <summary>Expected texts were produced by Redis 7.0.15 (x86-64, glibc) with HINCRBYFLOAT.</summary>
public sealed class LongDoubleTests
{
    private static string Human(LongDouble value) => Encoding.ASCII.GetString(value.FormatHumanFriendly()!);

    private static LongDouble Parse(string text)
    {
        Assert.True(LongDouble.TryParse(Encoding.Latin1.GetBytes(text), out LongDouble value), text);
        return value;
    }

    [Theory]
    [InlineData("12345.1", "12345.09999999999999964")]
    [InlineData("1234567.891", "1234567.89099999999996271")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e-17", "0.00000000000000001")]
    [InlineData("4e-18", "0")]
    [InlineData("-4e-18", "0")]
    [InlineData("0.000003814697265625", "0.00000381469726562")]
    [InlineData("1.7976931348623157e308", "179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("0x1.8p1", "3")]
    [InlineData("1E2", "100")]
    public void Parse_ThenFormat_MatchesRedis(string text, string expected)
    {
        Assert.Equal(expected, Human(Parse(text)));
    }

    [Theory]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("5000", "0.002", "5000.00199999999999978")]
    [InlineData("3.3", "1e10", "10000000003.29999999981373549")]
    [InlineData("1.23456789012345678", "-1.23456789012345678", "0")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e308", "359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768")]
    public void Add_RoundsToExtendedPrecision(string left, string right, string expected)
    {
        Assert.Equal(expected, Human(Parse(left) + Parse(right)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("abc")]
    [InlineData("nan")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("0x")]
    [InlineData("0x1p")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("infinit")]
    [InlineData("1e5000")]
    [InlineData("1e-5000")]
    public void TryParse_InvalidOrOutOfRange_Fails(string text)
    {
        Assert.False(LongDouble.TryParse(Encoding.Latin1.GetBytes(text), out _));
    }

    [Fact]
    public void TryParse_Infinity_IsAcceptedButNotFinite()
    {
        Assert.True(Parse("inf").IsInfinity);
        Assert.True(Parse("-Infinity").IsInfinity);
        Assert.True((Parse("inf") + Parse("-inf")).IsNaN);
        Assert.Equal("-inf", Human(Parse("-inf")));
    }

    [Fact]
    public void Add_PastLargestFinite_OverflowsToInfinity()
    {
        LongDouble big = Parse("1.18e4932");
        Assert.True(big.IsFinite);
        Assert.False((big + big).IsFinite);
    }

    [Fact]
    public void TryParse_SubnormalIsAccepted()
    {
        LongDouble tiny = Parse("1.5e-4940");
        Assert.True(tiny.IsFinite);
        Assert.False(tiny.IsZero);
        Assert.Equal("0", Human(tiny));
    }

    [Fact]
    public void FromInt64_IsExact()
    {
        Assert.Equal("-9223372036854775808", Human(LongDouble.FromInt64(long.MinValue)));
        Assert.Equal("9223372036854775807", Human(LongDouble.FromInt64(long.MaxValue)));
        Assert.Equal("9223372036854775806", Human(LongDouble.FromInt64(long.MaxValue) + LongDouble.FromInt64(-1)));
    }
}
