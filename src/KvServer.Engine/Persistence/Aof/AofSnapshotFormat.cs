using System.Buffers;
using KvServer.Engine.Execution;
using KvServer.Engine.Persistence.Snapshots;

namespace KvServer.Engine.Persistence.Aof;

/// <summary>
/// The RESP form of an AOF base as a snapshot format (rewriteAppendOnlyFileRio, aof-use-rdb-preamble no):
/// FUNCTION LOAD per library at the start, SELECT per database, then per key the commands that recreate it
/// (<see cref="AofRewriter.AppendKey"/>). Keys whose time had passed when the rewrite started are skipped.
/// </summary>
public sealed class AofSnapshotFormat : ISnapshotFormat
{
    private readonly ServerState _server;
    private readonly RespCommandBuffer _scratch = new();
    private readonly long _startedMs;

    public AofSnapshotFormat(ServerState server)
    {
        _server = server;
        _startedMs = server.Clock.UnixTimeMilliseconds;
    }

    public void WriteStart(IBufferWriter<byte> output)
    {
        if (_server.Options.AofTimestampEnabled)
        {
            // rewriteAppendOnlyFileRio opens an AOF-format base with the time of the rewrite.
            Span<byte> annotation = stackalloc byte[TimestampAnnotation.MaxLength];
            _scratch.AppendRaw(TimestampAnnotation.Format(_server.Clock.UnixTimeMilliseconds / 1000, annotation));
        }
        if (_server.HasFunctions)
        {
            foreach (Scripting.FunctionLibrary library in _server.Functions.Current.Libraries)
            {
                _scratch.AppendArrayHeader(3);
                _scratch.AppendBulk("FUNCTION"u8);
                _scratch.AppendBulk("LOAD"u8);
                _scratch.AppendBulk(library.Code);
            }
        }
        CopyTo(output);
    }

    public void WriteDatabaseStart(IBufferWriter<byte> output, int db, long keys, long expires)
    {
        _scratch.AppendArrayHeader(2);
        _scratch.AppendBulk("SELECT"u8);
        _scratch.AppendBulk(db);
        CopyTo(output);
    }

    public void WriteEntry(IBufferWriter<byte> output, byte[] key, object value, long expireAtMs, long idleSeconds, int lfuFrequency)
    {
        if (expireAtMs >= 0 && expireAtMs < _startedMs)
        {
            return;
        }
        AofRewriter.AppendKey(_scratch, key, value, expireAtMs);
        CopyTo(output);
    }

    public void WriteEnd(IBufferWriter<byte> output)
    {
    }

    private void CopyTo(IBufferWriter<byte> output)
    {
        output.Write(_scratch.WrittenSpan);
        _scratch.Clear();
    }
}
