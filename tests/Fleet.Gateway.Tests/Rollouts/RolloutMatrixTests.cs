// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Api;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Tests.EndToEnd;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Models;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// The rollout happy path in every end-to-end configuration (embedded MQTTnet or Mosquitto, SQLite or
/// PostgreSQL): devices created through the API, offers, chunks and results through the real broker and its ACL.
/// </summary>
public sealed class RolloutMatrixTests(GatewayMatrix matrix) : IClassFixture<GatewayMatrix>
{
    [GatewayMatrixTheory]
    public async Task Rollout_happy_path_reaches_every_device(string configuration)
    {
        using var keys = new TempDirectory();
        var (key, publicKeyPath) = TestModels.NewKey(keys.Path);
        using var signingKey = key;
        await using var gateway = await matrix.StartAsync(configuration,
            $"--Models:TrustedKeys:0={publicKeyPath}", "--Rollouts:ChunkSize=256");
        var devices = new List<OtaTestDevice>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var id = MatrixGateway.NewDeviceId("ota");
                var device = new OtaTestDevice(gateway.DevicePort, id, await gateway.CreateDeviceAsync(id), key.PublicKey);
                devices.Add(device);
                await device.ConnectAsync();
            }

            await TestModels.UploadAsync(gateway.Http, key, TestModels.Build("person-det", 2));
            using var response = await gateway.Http.PostAsJsonAsync("/api/rollouts", new
            {
                modelId = "person-det",
                modelVersion = 2,
                target = new { devices = devices.Select(d => d.DeviceId).ToArray() },
                waves = new[] { new { percent = 34.0 }, new { percent = 100.0 } },
                successFraction = 1.0,
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var id0 = (await response.Content.ReadFromJsonAsync<RolloutDto>())!.Id;

            RolloutDto? last = null;
            await Eventually.UntilAsync(async () =>
                (last = await gateway.Http.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{id0}"))!.State == RolloutState.Completed,
                $"rollout completed in {configuration} {gateway.BrokerLog}");

            Assert.Equal(100.0, last!.ProgressPercent);
            Assert.All(devices, d => Assert.Equal(2u, d.ActiveVersion));
            Assert.All(devices, d => Assert.Equal([OtaResultCode.Activated], d.Results));
        }
        finally
        {
            foreach (var d in devices)
            {
                await d.DisposeAsync();
            }
        }
    }
}
