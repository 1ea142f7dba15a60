// SPDX-License-Identifier: MIT
using System.Threading.Channels;
using Fleet.Gateway.Bridge.IotHub;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Bridge;

public sealed class IotHubDeviceConnectionTests
{
    [Fact]
    public async Task EnsureConnectedAsync_TokenDueForRenewal_ReconnectsWithFreshToken()
    {
        await using var hub = await IotHubStandIn.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var options = new IotHubOptions
        {
            Enabled = true,
            HostName = IotHubStandIn.HostName,
            MqttHost = "127.0.0.1",
            MqttPort = hub.Port,
            UseTls = false,
            DevicePolicyName = IotHubStandIn.PolicyName,
            DevicePolicyKey = IotHubStandIn.PolicyKey,
            TokenLifetime = TimeSpan.FromHours(1),
            RenewBefore = TimeSpan.FromMinutes(5),
        };
        using var services = new ServiceCollection().AddMetrics().AddSingleton<GatewayTelemetry>().BuildServiceProvider();
        var telemetry = new IotHubTelemetry(services.GetRequiredService<GatewayTelemetry>());
        await using var connection = new IotHubDeviceConnection("sensor-1", options,
            new IotHubTokenSource(Options.Create(options), time), telemetry,
            Channel.CreateUnbounded<IotHubDesiredUpdate>().Writer, NullLogger.Instance);

        await connection.EnsureConnectedAsync(CancellationToken.None);
        await connection.EnsureConnectedAsync(CancellationToken.None); // still fresh: no second connect
        var first = connection.Token!;
        Assert.Single(hub.Connects);

        time.Advance(TimeSpan.FromMinutes(55));
        await connection.EnsureConnectedAsync(CancellationToken.None);

        Assert.Empty(hub.Refusals);
        Assert.Equal(2, hub.Connects.Count);
        var passwords = hub.Connects.Select(c => c.Password).ToArray();
        Assert.NotEqual(passwords[0], passwords[1]);
        Assert.Equal(first.ExpiresAt.AddMinutes(55), connection.Token!.ExpiresAt);
        Assert.Equal(1, telemetry.TokenRenewals);
        Assert.True(connection.IsConnected);
    }
}
