// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// A fixed set of dedicated threads that run the agents' blocking wakes. The agent is synchronous (as on the
/// device), so thousands of sensors waking on the thread pool would starve the pool that MQTTnet itself needs;
/// here at most <c>threads</c> wakes run at once and the rest wait their turn, as radios contending for air time.
/// </summary>
public sealed class WakeWorkers : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public WakeWorkers(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"sim-wake-{i}" };
            _threads[i].Start();
        }
    }

    public int Threads => _threads.Length;

    /// <summary>
    /// Runs <paramref name="wake"/> on a worker; the task completes with its result or exception, or is cancelled
    /// when <paramref name="cancellationToken"/> fires before a worker took it (a started wake runs to its end,
    /// as the agent's calls cannot be interrupted).
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> wake, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.SetCanceled(cancellationToken);
                return;
            }

            try
            {
                done.SetResult(wake());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (Thread t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(30));
        }

        _work.Dispose();
    }

    private void Loop()
    {
        foreach (Action item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
