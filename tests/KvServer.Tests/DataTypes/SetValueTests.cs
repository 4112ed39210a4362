using System.Text;
using KvServer.Engine.DataTypes;

namespace KvServer.Tests.DataTypes;

public class SetValueTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void CreateFor_IntegerFirstMember_StartsAsIntset()
    {
        SetValue set = SetValue.CreateFor(B("42"), 10);
        Assert.Equal("intset", set.Encoding);
        Assert.True(set.Add(B("42"), 512));
        Assert.True(set.Add(B("x"), 512));
        Assert.Equal("hashtable", set.Encoding);
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void CreateFor_TextFirstMember_IsAHashtableSizedForEveryMember()
    {
        SetValue set = SetValue.CreateFor(B("member:0"), 10);
        Assert.Equal("hashtable", set.Encoding);
        Assert.Equal(16, set.BucketCountForTests);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(set.Add(B("member:" + i), 512));
        }
        Assert.False(set.Add(B("member:3"), 512));
        Assert.Equal(16, set.BucketCountForTests);   // no rehash on the way
        Assert.Equal(10, set.Count);
    }
}
