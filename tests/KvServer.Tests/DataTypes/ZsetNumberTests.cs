using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

public class ZsetNumberTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData("+3", 3.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("0x1p3", 8.0)]
    [InlineData("0x.8", 0.5)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e-320", 1e-320)]
    public void TryParseScore_ValidText_Parses(string text, double expected)
    {
        Assert.True(ZsetNumber.TryParseScore(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("abc")]
    [InlineData("nan")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    [InlineData("1e")]
    [InlineData("0x")]
    [InlineData("+")]
    [InlineData("5\0")]
    public void TryParseScore_InvalidText_Fails(string text)
    {
        Assert.False(ZsetNumber.TryParseScore(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("", "1", 0.0, false)]
    [InlineData("(", "1", 0.0, true)]
    [InlineData(" 2", "3", 2.0, false)]
    [InlineData("(1.5", "3", 1.5, true)]
    [InlineData("1e400", "3", double.PositiveInfinity, false)]
    [InlineData("3\0junk", "4", 3.0, false)]
    public void ScoreRangeTryParse_StrtodRules_Accepts(string min, string max, double expectedMin, bool exclusive)
    {
        Assert.True(ScoreRange.TryParse(Encoding.ASCII.GetBytes(min), Encoding.ASCII.GetBytes(max), out ScoreRange range));
        Assert.Equal(expectedMin, range.Min);
        Assert.Equal(exclusive, range.MinExclusive);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("1 ")]
    [InlineData("nan")]
    [InlineData("+")]
    [InlineData("((1")]
    public void ScoreRangeTryParse_BadBound_Fails(string min)
    {
        Assert.False(ScoreRange.TryParse(Encoding.ASCII.GetBytes(min), "1"u8, out _));
    }

    [Theory]
    [InlineData("-", "+", true)]
    [InlineData("[a", "(b", true)]
    [InlineData("(", "[", true)]
    [InlineData("", "+", false)]
    [InlineData("a", "+", false)]
    [InlineData("-x", "+", false)]
    [InlineData("+x", "+", false)]
    public void LexRangeTryParse_Items_ValidatedAsRedis(string min, string max, bool valid)
    {
        Assert.Equal(valid, LexRange.TryParse(Encoding.ASCII.GetBytes(min), Encoding.ASCII.GetBytes(max), out _));
    }

    [Fact]
    public void LexRangeIsEmpty_InvertedAndOpenPoint_AreEmpty()
    {
        Assert.True(LexRange.TryParse("+"u8, "-"u8, out LexRange inverted));
        Assert.True(inverted.IsEmpty);
        Assert.True(LexRange.TryParse("-"u8, "-"u8, out LexRange same));
        Assert.True(same.IsEmpty);
        Assert.True(LexRange.TryParse("[a"u8, "(a"u8, out LexRange openPoint));
        Assert.True(openPoint.IsEmpty);
        Assert.True(LexRange.TryParse("[a"u8, "[a"u8, out LexRange point));
        Assert.False(point.IsEmpty);
    }
}
