using System.Diagnostics;
using KvServer.Engine.Execution;

namespace KvServer.Engine.Persistence.Snapshots;

/// <summary>
/// Drives a <see cref="KeyspaceSnapshot"/> to its end in executor slices (BGSAVE; an AOF rewrite can use the
/// same): each slice runs through <see cref="CommandExecutor.RunExclusive"/>, so client batches interleave
/// with the walk; the walk pauses while the output is more than
/// <see cref="KeyspaceSnapshot.MaxPendingBytes"/> behind, and stops early when the output fails or the
/// snapshot is aborted. When commands ran since the previous slice (clients are busy), the next slice waits
/// a millisecond, so a busy server gives the walk at most about half of the executor; an idle one runs the
/// slices back to back. Finally it waits for the output to finish and calls <c>onDone</c> on the executor
/// with the output's error (null when the file is complete).
/// </summary>
public static class SnapshotPump
{
    /// <summary>How long one slice of the walk may hold the executor.</summary>
    public static readonly long SliceTicks = Stopwatch.Frequency / 1000;

    public static async Task RunAsync(ServerState server, CommandExecutor executor, KeyspaceSnapshot snapshot,
        ISnapshotOutput output, Task outputCompletion, Action<Exception?> onDone)
    {
        bool done = false;
        bool clientsBusy = false;
        long commandsSeen = -1;
        Action slice = () =>
        {
            long commands = server.Stats.TotalCommandsProcessed;
            clientsBusy = commandsSeen >= 0 && commands != commandsSeen;
            done = snapshot.RunSlice(Stopwatch.GetTimestamp() + SliceTicks);
            commandsSeen = server.Stats.TotalCommandsProcessed;
        };
        try
        {
            while (!done && !output.HasFailed)
            {
                if (output.PendingBytes > KeyspaceSnapshot.MaxPendingBytes)
                {
                    await Task.Delay(1).ConfigureAwait(false);
                    continue;
                }
                int delayMicroseconds = server.Options.RdbKeySaveDelay;
                snapshot.MaxKeysPerSlice = delayMicroseconds > 0 ? 1 : int.MaxValue;
                await executor.RunExclusive(slice).ConfigureAwait(false);
                if (delayMicroseconds > 0)
                {
                    await Task.Delay(TimeSpan.FromMicroseconds(delayMicroseconds)).ConfigureAwait(false);
                }
                else if (clientsBusy)
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }
                else
                {
                    await Task.Yield();
                }
            }
        }
        finally
        {
            Exception? error = null;
            try
            {
                await outputCompletion.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            await executor.RunExclusive(() => onDone(error)).ConfigureAwait(false);
        }
    }
}
