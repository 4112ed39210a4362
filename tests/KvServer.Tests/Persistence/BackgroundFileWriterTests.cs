using System.Buffers;
using KvServer.Engine.Configuration;
using KvServer.Engine.Persistence.Snapshots;
using Xunit;

namespace KvServer.Tests.Persistence;

/// <summary>
/// The snapshot file writer: with incremental fsync (rdb-save-incremental-fsync) it syncs as it goes, and the
/// file it puts in place is the same bytes either way; an abort or a failed write leaves the old file and gives
/// every chunk back to the pool.
/// </summary>
public sealed class BackgroundFileWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kvserver-filewriter-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private byte[] WriteChunks(bool incrementalFsync, string name)
    {
        string path = Path.Combine(_directory, name);
        var writer = new BackgroundFileWriter(path + ".tmp", path, checksum: true, incrementalFsync);
        var random = new Random(7);
        // 11 MB in chunks of varied sizes: several incremental syncs, at no particular chunk boundary.
        for (int written = 0; written < 11 * 1024 * 1024;)
        {
            int length = random.Next(1, 1 << 20);
            byte[] chunk = ArrayPool<byte>.Shared.Rent(length);
            for (int i = 0; i < length; i++)
            {
                chunk[i] = (byte)(written + i);
            }
            writer.Write(chunk, length);
            written += length;
        }
        writer.Complete();
        Assert.Null(writer.WaitForCompletion());
        Assert.False(File.Exists(path + ".tmp"));
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void IncrementalFsync_PutsTheSameFileInPlace()
    {
        byte[] synced = WriteChunks(incrementalFsync: true, "synced.rdb");
        byte[] plain = WriteChunks(incrementalFsync: false, "plain.rdb");
        Assert.True(synced.Length > 11 * 1024 * 1024);
        Assert.True(synced.AsSpan().SequenceEqual(plain));
    }

    [Fact]
    public void Abort_CancelsTheFile_AndGivesEveryChunkBack()
    {
        string path = Path.Combine(_directory, "aborted.rdb");
        File.WriteAllText(path, "the previous file");
        var writer = new BackgroundFileWriter(path + ".tmp", path, checksum: true);
        for (int i = 0; i < 50; i++)
        {
            writer.Write(ArrayPool<byte>.Shared.Rent(64 * 1024), 64 * 1024);
        }
        writer.Abort();
        // Chunks handed over after the abort are given back at once.
        writer.Write(ArrayPool<byte>.Shared.Rent(1024), 1024);
        Assert.IsType<TaskCanceledException>(writer.WaitForCompletion());
        Assert.True(writer.HasFailed);
        Assert.Equal(0, writer.PendingBytes);
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal("the previous file", File.ReadAllText(path));
    }

    [Fact]
    public void UnwritableTemporaryFile_FailsTheCompletion_AndGivesEveryChunkBack()
    {
        string path = Path.Combine(_directory, "missing-directory", "dump.rdb");
        var writer = new BackgroundFileWriter(path + ".tmp", path, checksum: true);
        for (int i = 0; i < 10; i++)
        {
            writer.Write(ArrayPool<byte>.Shared.Rent(4096), 4096);
        }
        Assert.IsAssignableFrom<IOException>(writer.WaitForCompletion());
        Assert.True(writer.HasFailed);
        writer.Write(ArrayPool<byte>.Shared.Rent(4096), 4096);
        writer.Complete();
        Assert.Equal(0, writer.PendingBytes);
    }

    [Theory]
    [InlineData("rdb-save-incremental-fsync")]
    [InlineData("aof-rewrite-incremental-fsync")]
    public void IncrementalFsyncDirectives_AreOnByDefault_AndReachTheOptions(string directive)
    {
        var options = new ServerOptions();
        var config = new ConfigRegistry(options);
        Func<bool> current = directive.StartsWith("rdb", StringComparison.Ordinal)
            ? () => options.RdbSaveIncrementalFsync
            : () => options.AofRewriteIncrementalFsync;
        Assert.True(current());
        ConfigFileParser.Apply(config, $"{directive} no\n");
        Assert.False(current());
        Assert.Equal("no", config.GetValue(directive));
    }
}
