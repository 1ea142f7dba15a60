// SPDX-License-Identifier: MIT
using System.Net.Http.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>A rollout survives a gateway restart: its state is reloaded and the device it offered can still fetch.</summary>
public sealed class RolloutRestartTests
{
    [Fact]
    public async Task Rollout_carries_on_after_a_restart()
    {
        using var dir = new TempDirectory();
        var (key, pub) = TestModels.NewKey(dir.Path);
        using var signingKey = key;
        var data = Path.Combine(dir.Path, "data");
        string[] args = [$"--Models:TrustedKeys:0={pub}", "--Rollouts:ChunkSize=256"];
        string rolloutId, secret;
        await using (var first = await FakeClockGateway.StartAsync(data, args))
        {
            secret = await first.Services.GetRequiredService<DeviceRegistry>().ProvisionAsync("cam-r", CancellationToken.None);
            await TestModels.UploadAsync(first.Http, key, TestModels.Build("person-det", 2));
            using var response = await first.Http.PostAsJsonAsync("/api/rollouts",
                new { modelId = "person-det", modelVersion = 2, target = new { all = true } });
            var created = (await response.Content.ReadFromJsonAsync<RolloutDto>())!;
            rolloutId = created.Id;
            Assert.Equal(RolloutDeviceStatus.Offered, created.Devices.Single().Status);
        }

        await using var second = await FakeClockGateway.StartAsync(data, args);
        var reloaded = (await second.Http.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{rolloutId}"))!;
        Assert.Equal(RolloutState.Running, reloaded.State);
        Assert.Equal(RolloutDeviceStatus.Offered, reloaded.Devices.Single().Status);

        await using var device = new OtaTestDevice(second.MqttPort, "cam-r", secret, key.PublicKey);
        await device.ConnectAsync(); // the retained offer from before the restart is still there

        await Eventually.UntilAsync(async () => (await second.Http.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{rolloutId}"))!
            .State == RolloutState.Completed, "rollout completed after the restart");
        Assert.Equal(2u, device.ActiveVersion);
    }
}
