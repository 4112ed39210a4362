using KvServer.Engine.Persistence.Aof;

namespace KvServer.Tests.Persistence;

public class AofManifestTests
{
    [Fact]
    public void Parse_RedisFixtureManifest_ReadsBaseAndIncr()
    {
        AofManifest manifest = AofManifest.Parse("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        Assert.Equal(new AofFileInfo("appendonly.aof.2.base.aof", 2, AofFileType.Base), manifest.Base);
        Assert.Equal([new AofFileInfo("appendonly.aof.2.incr.aof", 2, AofFileType.Incr)], manifest.Incr);
        Assert.Equal(2, manifest.CurrentBaseSeq);
        Assert.Equal(2, manifest.CurrentIncrSeq);
    }

    [Fact]
    public void Format_BaseThenHistoryThenIncr()
    {
        var manifest = new AofManifest();
        manifest.NewBaseFileName("appendonly.aof", rdbPreamble: true);
        manifest.NewIncrFileName("appendonly.aof");
        manifest.NewIncrFileName("appendonly.aof");
        manifest.NewBaseFileName("appendonly.aof", rdbPreamble: false);
        manifest.MarkRewrittenIncrAsHistory();
        Assert.Equal(
            "file appendonly.aof.2.base.aof seq 2 type b\n" +
            "file appendonly.aof.1.base.rdb seq 1 type h\n" +
            "file appendonly.aof.1.incr.aof seq 1 type h\n" +
            "file appendonly.aof.2.incr.aof seq 2 type i\n",
            manifest.Format());
    }

    [Fact]
    public void Format_NameWithSpace_IsQuotedAndParsesBack()
    {
        var manifest = new AofManifest();
        manifest.NewIncrFileName("my file.aof");
        string text = manifest.Format();
        Assert.Equal("file \"my file.aof.1.incr.aof\" seq 1 type i\n", text);
        Assert.Equal("my file.aof.1.incr.aof", AofManifest.Parse(text).Incr[0].FileName);
    }

    [Theory]
    [InlineData("file a seq 1\n", "Invalid AOF manifest file format")]
    [InlineData("file a seq 1 type x\n", "Unknown AOF file type")]
    [InlineData("# only a comment\n", "Found an empty AOF manifest")]
    [InlineData("file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information")]
    [InlineData("file a seq 2 type i\nfile b seq 1 type i\n", "Found a non-monotonic sequence number")]
    public void Parse_Malformed_ThrowsRedisMessage(string text, string message)
    {
        AofLoadException error = Assert.Throws<AofLoadException>(() => AofManifest.Parse(text));
        Assert.Equal(message, error.Message);
    }
}
