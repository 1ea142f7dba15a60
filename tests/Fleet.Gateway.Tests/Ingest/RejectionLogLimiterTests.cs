// SPDX-License-Identifier: MIT
using Fleet.Gateway.Ingest;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Ingest;

public sealed class RejectionLogLimiterTests
{
    [Fact]
    public void TryAcquire_MoreThanBudgetInOneWindow_SuppressesTheRest()
    {
        var sut = new RejectionLogLimiter(new FakeTimeProvider());

        var allowed = Enumerable.Range(0, 100).Count(_ => sut.TryAcquire().Allowed);

        Assert.Equal(RejectionLogLimiter.LogsPerWindow, allowed);
    }

    [Fact]
    public void TryAcquire_AfterWindow_ReportsSuppressedCountAndAllowsAgain()
    {
        var time = new FakeTimeProvider();
        var sut = new RejectionLogLimiter(time);
        for (var i = 0; i < RejectionLogLimiter.LogsPerWindow + 7; i++)
        {
            sut.TryAcquire();
        }

        time.Advance(RejectionLogLimiter.Window);
        var permit = sut.TryAcquire();

        Assert.True(permit.Allowed);
        Assert.Equal(7, permit.SuppressedBefore);
    }
}
