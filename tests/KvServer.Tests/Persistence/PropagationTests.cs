using System.Text;
using KvServer.Engine.Persistence.Aof;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Persistence;

/// <summary>
/// What commands append to the AOF, with a manual clock so absolute times are exact. The same forms are
/// checked against a real redis-server's incr file by the integration tests (AofDifferentialTests).
/// </summary>
public sealed class PropagationTests : IDisposable
{
    private const long Now = 1_700_000_000_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-propagation-").FullName;
    private readonly CommandHarness _harness;
    private readonly AppendOnlyFile _aof;
    private long _read;

    public PropagationTests()
    {
        _harness = new CommandHarness(config => Engine.Configuration.ConfigFileParser.Apply(config,
            $"appendonly yes\naof-use-rdb-preamble no\ndir {_directory}\n"));
        _aof = new AppendOnlyFile(_harness.Server, null);
        _harness.Server.Aof = _aof;
        _aof.OpenOnServerStart();
    }

    public void Dispose()
    {
        _aof.Stop();
        _aof.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    // The commands appended since the previous call, one per line, arguments separated by spaces.
    private string Appended()
    {
        _aof.WriteBuffered();
        byte[] all = File.ReadAllBytes(Path.Combine(_directory, "appendonlydir", "appendonly.aof.1.incr.aof"));
        var lines = new StringBuilder();
        using var reader = new AofCommandReader(new MemoryStream(all, (int)_read, all.Length - (int)_read));
        while (reader.ReadCommand() == AofReadResult.Command)
        {
            var args = reader.CurrentArgs;
            for (int i = 0; i < args.Count; i++)
            {
                lines.Append(i == 0 ? "" : " ").Append(Encoding.Latin1.GetString(args[i]));
            }
            lines.Append('\n');
        }
        _read = all.Length;
        return lines.ToString();
    }

    [Fact]
    public void Expire_IsLoggedAsPexpireatWithTheAbsoluteTime()
    {
        _harness.Run("SET", "k", "v");
        _harness.Run("EXPIRE", "k", "100");
        _harness.Run("PEXPIRE", "k", "5000");
        _harness.Run("PEXPIREAT", "k", "1800000000000");
        Assert.Equal($"SELECT 0\nSET k v\nPEXPIREAT k {Now + 100_000}\nPEXPIREAT k {Now + 5000}\nPEXPIREAT k 1800000000000\n", Appended());
    }

    [Fact]
    public void SetWithRelativeExpire_IsLoggedAsSetPxat()
    {
        _harness.Run("SETEX", "a", "10", "v");
        _harness.Run("SET", "b", "v", "PX", "250", "GET");
        _harness.Run("SET", "c", "v", "GET");
        Assert.Equal($"SELECT 0\nSET a v PXAT {Now + 10_000}\nSET b v PXAT {Now + 250}\nSET c v\n", Appended());
    }

    [Fact]
    public void TimestampAnnotations_OncePerSecond_BeforeTheSelect_AndSkippedWhenRead()
    {
        _harness.Run("CONFIG", "SET", "aof-timestamp-enabled", "yes");
        _harness.Run("SET", "a", "1");
        _harness.Run("SET", "b", "2");
        _harness.Clock.Advance(999);
        _harness.Run("SET", "c", "3");
        _harness.Clock.Advance(1);
        _harness.Run("SET", "d", "4");
        _harness.Run("CONFIG", "SET", "aof-timestamp-enabled", "no");
        _harness.Clock.Advance(5_000);
        _harness.Run("SET", "e", "5");
        Assert.Equal("SELECT 0\nSET a 1\nSET b 2\nSET c 3\nSET d 4\nSET e 5\n", Appended());
        string raw = Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(_directory, "appendonlydir", "appendonly.aof.1.incr.aof")));
        // genAofTimestampAnnotationIfNeeded: one "#TS" line when a new second began, ahead of the SELECT.
        Assert.StartsWith($"#TS:{Now / 1000}\r\n*2\r\n$6\r\nSELECT\r\n", raw, StringComparison.Ordinal);
        Assert.Contains($"\r\n#TS:{(Now / 1000) + 1}\r\n*3\r\n$3\r\nSET\r\n$1\r\nd\r\n", raw, StringComparison.Ordinal);
        Assert.Equal(2, raw.Split("#TS:").Length - 1);
    }

    [Fact]
    public void WritesThatChangeNothing_AreNotLogged()
    {
        _harness.Run("DEL", "missing");
        _harness.Run("SADD", "s", "a");
        _harness.Run("SADD", "s", "a");
        _harness.Run("EXPIRE", "missing", "10");
        _harness.Run("GET", "s");
        Assert.Equal("SELECT 0\nSADD s a\n", Appended());
    }

    [Fact]
    public void LazilyExpiredKey_IsDeletedBeforeTheCommandThatFoundIt()
    {
        _harness.Run("SET", "k", "v", "PX", "10");
        _harness.Clock.Advance(20);
        _harness.Run("INCR", "k");
        Assert.Equal($"SELECT 0\nSET k v PXAT {Now + 10}\nDEL k\nINCR k\n", Appended());
    }

    [Fact]
    public void TransactionWithSeveralWrites_IsWrappedInMultiExec_OneWriteIsNot()
    {
        _harness.Run("MULTI");
        _harness.Run("SET", "a", "1");
        _harness.Run("GET", "a");
        _harness.Run("EXEC");
        _harness.Run("MULTI");
        _harness.Run("SET", "a", "2");
        _harness.Run("SELECT", "2");
        _harness.Run("INCR", "b");
        _harness.Run("EXEC");
        Assert.Equal("SELECT 0\nSET a 1\nMULTI\nSET a 2\nSELECT 2\nINCR b\nEXEC\n", Appended());
    }

    [Fact]
    public void Flushdb_IsLoggedEvenOnAnEmptyDatabase()
    {
        _harness.Run("FLUSHDB");
        Assert.Equal("SELECT 0\nFLUSHDB\n", Appended());
    }

    [Fact]
    public void IncrbyfloatAndSpop_AreLoggedAsTheirEffects()
    {
        _harness.Run("INCRBYFLOAT", "f", "1.5");
        _harness.Run("SADD", "s", "only");
        _harness.Run("SPOP", "s");
        Assert.Equal("SELECT 0\nSET f 1.5 KEEPTTL\nSADD s only\nSREM s only\n", Appended());
    }
}
