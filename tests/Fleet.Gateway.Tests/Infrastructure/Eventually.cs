// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>Waits for a condition by polling it, with a hard deadline (no fixed sleeps in tests).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls until <paramref name="condition"/> is true; fails the test with <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (!await condition())
        {
            if (deadline.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);
}
