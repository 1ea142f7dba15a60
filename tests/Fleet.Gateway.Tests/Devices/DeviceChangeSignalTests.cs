// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Tests.Devices;

public sealed class DeviceChangeSignalTests
{
    [Fact]
    public async Task WaitForChangeAsync_ChangeAlreadyHappened_CompletesAtOnce()
    {
        var sut = new DeviceChangeSignal();
        var seen = sut.Version;
        sut.NotifyChanged();

        await sut.WaitForChangeAsync(seen, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForChangeAsync_NoChange_CompletesOnNextNotify()
    {
        var sut = new DeviceChangeSignal();
        var wait = sut.WaitForChangeAsync(sut.Version, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        sut.NotifyChanged();

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
