// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Portal;

/// <summary>
/// Counts failed sign-ins per name; after <see cref="PortalOptions.LockoutFailures"/> in a row the name is locked
/// for <see cref="PortalOptions.LockoutMinutes"/>, right password or not. Per name rather than per address so that
/// guessing one account from many addresses is slowed too. Thread-safe.
/// </summary>
public sealed class SignInThrottle(IOptions<PortalOptions> options, TimeProvider time)
{
    /// <summary>Names tracked at most; beyond it the oldest entries are dropped so a flood of made-up names cannot
    /// grow memory without bound.</summary>
    public const int MaxTracked = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset LockedUntil, DateTimeOffset Last)> _entries =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When <paramref name="name"/> is locked, until when; otherwise null.</summary>
    public DateTimeOffset? LockedUntil(string name)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(name, out var e) && e.LockedUntil > time.GetUtcNow() ? e.LockedUntil : null;
        }
    }

    /// <summary>Records a failure; returns the lock end when this failure locked the name.</summary>
    public DateTimeOffset? RecordFailure(string name)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        lock (_gate)
        {
            if (_entries.Count >= MaxTracked && !_entries.ContainsKey(name))
            {
                var oldest = _entries.MinBy(kv => kv.Value.Last).Key;
                _entries.Remove(oldest);
            }

            _entries.TryGetValue(name, out var e);
            var failures = e.LockedUntil != default && e.LockedUntil <= now ? 1 : e.Failures + 1;
            if (failures >= o.LockoutFailures)
            {
                var until = now.AddMinutes(o.LockoutMinutes);
                _entries[name] = (0, until, now);
                return until;
            }

            _entries[name] = (failures, default, now);
            return null;
        }
    }

    /// <summary>Forgets the failures of <paramref name="name"/> after a successful sign-in.</summary>
    public void RecordSuccess(string name)
    {
        lock (_gate)
        {
            _entries.Remove(name);
        }
    }
}
