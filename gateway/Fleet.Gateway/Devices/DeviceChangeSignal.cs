// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>
/// Tells waiters (the SSE stream) that some device row changed. A version number plus a task that completes on
/// the next change, so a waiter that was busy while changes happened sees them at once.
/// </summary>
public sealed class DeviceChangeSignal
{
    private readonly Lock _gate = new();
    private long _version;
    private TaskCompletionSource _next = NewSource();

    /// <summary>Increases by one per <see cref="NotifyChanged"/>.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public void NotifyChanged()
    {
        TaskCompletionSource completed;
        lock (_gate)
        {
            _version++;
            completed = _next;
            _next = NewSource();
        }

        completed.TrySetResult();
    }

    /// <summary>Completes as soon as <see cref="Version"/> is greater than <paramref name="seenVersion"/>.</summary>
    public Task WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
        {
            if (_version > seenVersion)
            {
                return Task.CompletedTask;
            }

            next = _next.Task;
        }

        return next.WaitAsync(cancellationToken);
    }

    // Continuations run off the notifier's thread so the ingest writer never runs SSE code inline.
    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
