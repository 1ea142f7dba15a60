// SPDX-License-Identifier: MIT
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.Mqtt;

/// <summary>The broker contract against the embedded MQTTnet broker, which also counts each refusal.</summary>
public sealed class EmbeddedBrokerContractTests : BrokerContractTests
{
    protected override Task<TestGateway> StartGatewayAsync(TempDirectory dir) => TestGateway.StartAsync(dir.Path);

    protected override async Task AssertRefusalsCountedAsync(TestGateway gateway, string reason, long expected) =>
        Assert.Equal(expected, (await gateway.GetStatsAsync()).Rejected[reason]);
}
