// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Bridge.IotHub;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests.Bridge;

public sealed class IotHubForwardQueueTests
{
    [Fact]
    public void OnCommitted_QueueFull_DropsOldestAndCountsWithoutBlocking()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<GatewayTelemetry>().BuildServiceProvider();
        var telemetry = new IotHubTelemetry(services.GetRequiredService<GatewayTelemetry>());
        var queue = new IotHubForwardQueue(Options.Create(new IotHubOptions { QueueCapacity = 2 }), telemetry);

        for (uint seq = 1; seq <= 5; seq++)
        {
            queue.OnCommitted(Payloads.Telemetry("sensor-1", seq));
        }

        queue.OnCommitted(Payloads.Status("sensor-1", 6)); // no hub mapping: not queued, not a drop

        Assert.Equal(3, telemetry.Dropped);
        Assert.True(queue.Reader.TryRead(out var first));
        Assert.Equal(4u, ((Telemetry)first).Sequence);
        Assert.True(queue.Reader.TryRead(out var second));
        Assert.Equal(5u, ((Telemetry)second).Sequence);
        Assert.False(queue.Reader.TryRead(out _));
    }
}
