using System.Buffers.Binary;
using System.Text;
using KvServer.Engine.Persistence;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>RdbSaver: the file structure rdbSaveRio writes, and the temp-file-then-rename save.</summary>
public class RdbSaverTests
{
    private static readonly string s_fixtures = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "fixtures", "redis-7.0"));

    private static byte[] WriteRdb(CommandHarness h)
    {
        var output = new MemoryStream();
        RdbSaver.Write(h.Server, output);
        return output.ToArray();
    }

    /// <summary>The aux fields after the header, and the offset where the rest of the file starts.</summary>
    private static List<(string Field, string Value)> ReadAuxFields(byte[] file, out int position)
    {
        Assert.Equal("REDIS0010", Encoding.ASCII.GetString(file, 0, 9));
        position = 9;
        var fields = new List<(string, string)>();
        while (file[position] == RdbFormat.OpcodeAux)
        {
            position++;
            Assert.True(RdbStrings.TryReadString(file, ref position, out byte[] field));
            Assert.True(RdbStrings.TryReadString(file, ref position, out byte[] value));
            fields.Add((Encoding.ASCII.GetString(field), Encoding.ASCII.GetString(value)));
        }
        return fields;
    }

    private static void AssertChecksum(byte[] file) =>
        Assert.Equal(Crc64.Compute(0, file.AsSpan(0, file.Length - 8)), BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)));

    /// <summary>What follows the aux fields, as the encoder writes it item by item.</summary>
    private static string Body(Action<RdbEncoder> write)
    {
        var encoder = new RdbEncoder(compress: true);
        write(encoder);
        return Convert.ToHexStringLower(encoder.WrittenSpan);
    }

    private static string Rest(byte[] file, int position) => Convert.ToHexStringLower(file.AsSpan(position, file.Length - 8 - position));

    [Fact]
    public void Write_EmptyServer_HasTheAuxFieldsOfRedisEmptyRdb()
    {
        var h = new CommandHarness();
        byte[] file = WriteRdb(h);
        List<(string Field, string Value)> fields = ReadAuxFields(file, out int position);
        List<(string Field, string Value)> redis = ReadAuxFields(File.ReadAllBytes(Path.Combine(s_fixtures, "empty.rdb")), out _);
        Assert.Equal(redis.Select(f => f.Field), fields.Select(f => f.Field));
        Assert.Equal(("redis-ver", "7.0.15"), fields[0]);
        Assert.Equal(("redis-bits", "64"), fields[1]);
        Assert.Equal(("ctime", (h.Clock.UnixTimeMilliseconds / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)), fields[2]);
        Assert.True(long.Parse(fields[3].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(("aof-base", "0"), fields[4]);
        Assert.Equal("ff", Rest(file, position));
        AssertChecksum(file);
    }

    [Fact]
    public void Write_AofBase_SetsTheAuxField()
    {
        var h = new CommandHarness();
        var output = new MemoryStream();
        RdbSaver.Write(h.Server, output, aofBase: true);
        Assert.Equal(("aof-base", "1"), ReadAuxFields(output.ToArray(), out _)[4]);
    }

    [Fact]
    public void Write_SkipsEmptyDatabasesAndWritesSelectAndResize()
    {
        var h = new CommandHarness();
        h.Run("SET", "a", "1");
        h.Run("PEXPIREAT", "a", "4102444800000");
        h.Run("SELECT", "2");
        h.Run("RPUSH", "b", "x", "y");
        byte[] file = WriteRdb(h);
        ReadAuxFields(file, out int position);
        object list = h.Server.Databases[2].Peek("b"u8, h.Clock.UnixTimeMilliseconds)!;
        string expected = Body(e =>
        {
            e.WriteSelectDb(0);
            e.WriteResizeDb(1, 1);
            e.WriteEntry("a"u8, "1"u8.ToArray(), 4102444800000);
            e.WriteSelectDb(2);
            e.WriteResizeDb(1, 0);
            e.WriteEntry("b"u8, list, -1);
            e.WriteEof();
        });
        Assert.Equal(expected, Rest(file, position));
        Assert.StartsWith("fe00fb0101" + "fc00d8c32cbb030000" + "000161c001", expected);
        AssertChecksum(file);
    }

    [Fact]
    public void Write_ExpiredButNotYetRemovedKey_IsSavedWithItsTime()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v", "PX", "10");
        h.Clock.Advance(1000);
        byte[] file = WriteRdb(h);
        ReadAuxFields(file, out int position);
        Assert.Equal("fe00fb0101fc", Rest(file, position)[..12]);
    }

    [Theory]
    [InlineData("allkeys-lru", "f8")]
    [InlineData("volatile-lru", "f8")]
    [InlineData("allkeys-lfu", "f9")]
    [InlineData("volatile-lfu", "f9")]
    [InlineData("noeviction", "00")]
    [InlineData("allkeys-random", "00")]
    public void Write_MaxmemoryPolicy_DecidesIdleOrFrequency(string policy, string firstEntryByte)
    {
        var h = new CommandHarness();
        h.Run("CONFIG", "SET", "maxmemory-policy", policy);
        h.Run("SET", "k", "v");
        byte[] file = WriteRdb(h);
        ReadAuxFields(file, out int position);
        Assert.Equal(firstEntryByte, Rest(file, position).Substring(10, 2));
    }

    [Fact]
    public void Write_Functions_ComeBeforeTheDatabasesAsFunction2()
    {
        var h = new CommandHarness();
        const string Code = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";
        Assert.Equal("$5\r\nmylib\r\n", h.Run("FUNCTION", "LOAD", Code));
        h.Run("SET", "k", "v");
        byte[] file = WriteRdb(h);
        ReadAuxFields(file, out int position);
        string expected = Body(e =>
        {
            e.WriteByte(RdbFormat.OpcodeFunction2);
            e.WriteString(Encoding.ASCII.GetBytes(Code));
            e.WriteSelectDb(0);
        });
        Assert.StartsWith(expected, Rest(file, position));
    }

    [Fact]
    public void Write_RdbChecksumNo_WritesAZeroTrailer()
    {
        var h = new CommandHarness();
        h.Options.RdbChecksum = false; // immutable in Redis: set at start-up only
        byte[] file = WriteRdb(h);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)));
    }

    [Fact]
    public void Save_ReplacesTheTargetAndLeavesNoTempFile()
    {
        var h = new CommandHarness();
        h.Run("SET", "k", "v");
        string directory = Directory.CreateTempSubdirectory("kvserver-rdb-").FullName;
        try
        {
            string path = Path.Combine(directory, "dump.rdb");
            File.WriteAllText(path, "old");
            RdbSaver.Save(h.Server, path);
            byte[] file = File.ReadAllBytes(path);
            ReadAuxFields(file, out _);
            AssertChecksum(file);
            Assert.Equal([path], Directory.GetFiles(directory));
            Assert.Equal(Path.Combine(directory, $"temp-{Environment.ProcessId}.rdb"), RdbSaver.TempFilePath(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Save_IntoAMissingDirectory_Throws()
    {
        var h = new CommandHarness();
        string path = Path.Combine(Path.GetTempPath(), "kvserver-no-such-dir-" + Guid.NewGuid().ToString("N"), "dump.rdb");
        Assert.ThrowsAny<IOException>(() => RdbSaver.Save(h.Server, path));
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
