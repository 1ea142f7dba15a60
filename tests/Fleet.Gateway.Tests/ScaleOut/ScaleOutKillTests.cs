// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Api;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.ScaleOut;
using Fleet.Gateway.Tests.Durability;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Models;
using Fleet.Gateway.Tests.Rollouts;
using MQTTnet;
using Xunit.Abstractions;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>
/// Issue 11: three gateway processes share one Mosquitto ($share subscription) and one PostgreSQL. Devices publish
/// telemetry while a rollout runs; the instance holding the rollout-tick lease is SIGKILLed in the middle. Every
/// message a device got a PUBACK for must be stored exactly once (the survivors adopt the dead instance's session
/// and drain what Mosquitto queued for it), and the rollout must complete on the two survivors.
/// </summary>
public sealed class ScaleOutKillTests(ITestOutputHelper output)
{
    private const int LoadDevices = 6;
    private const int MessagesPerDevice = 600; // 3,600 in all
    private const int WindowPerDevice = 8;
    private const double MessagesPerSecond = 600; // ~6 s of load, so the kill lands in the middle
    private static readonly PacedTelemetryLoad Load = new(LoadDevices, MessagesPerDevice, WindowPerDevice, MessagesPerSecond);
    private const int OtaDevices = 3;

    [ScaleOutFact]
    public async Task ScaleOut_InstanceKilledMidLoadAndRollout_PubackedStoredOnceAndRolloutCompletes()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var keys = new TempDirectory();
        var (key, publicKeyPath) = TestModels.NewKey(keys.Path);
        using var signingKey = key;
        string[] extra =
        [
            $"--Models:TrustedKeys:0={publicKeyPath}", "--Rollouts:ChunkSize=1024",
            "--Rollouts:EvaluationInterval=00:00:01", "--Rollouts:MaxConcurrentTransfers=1",
        ];
        var gateways = new Dictionary<string, GatewayProcess>(StringComparer.Ordinal);
        foreach (var id in new[] { "gw-0", "gw-1", "gw-2" })
        {
            gateways[id] = await cluster.StartGatewayAsync(id, extra);
        }

        // Provisioning through one instance: it maintains Mosquitto's password file (docs/scale-out.md).
        using var http0 = ScaleOutCluster.Http(gateways["gw-0"]);
        var loadIds = Enumerable.Range(1, LoadDevices).Select(i => $"so-load-{i:00}").ToArray();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in loadIds)
        {
            secrets[id] = await ScaleOutCluster.ProvisionAsync(http0, id);
        }

        var otaDevices = new List<OtaTestDevice>();
        var loadDevices = new List<TestDevice>();
        try
        {
            for (var i = 1; i <= OtaDevices; i++)
            {
                var id = $"so-ota-{i:00}";
                var secret = await ScaleOutCluster.ProvisionAsync(http0, id);
                await WaitAcceptedAsync(cluster, id, secret);
                var device = new OtaTestDevice(cluster.Mosquitto.Port, id, secret, key.PublicKey);
                otaDevices.Add(device);
                await device.ConnectAsync();
            }

            foreach (var id in loadIds)
            {
                await WaitAcceptedAsync(cluster, id, secrets[id]);
                loadDevices.Add(await TestDevice.ConnectAsync(cluster.Mosquitto.Port, id, secrets[id]));
            }

            // The rollout is created on another instance than the one that provisioned: any instance takes API calls.
            using var http1 = ScaleOutCluster.Http(gateways["gw-1"]);
            // 16 KiB = 16+ chunk round trips per device, one device at a time: the rollout must still be running
            // when the load has reached a quarter, even on a machine where the broker and database are fast.
            await TestModels.UploadAsync(http1, key, TestModels.Build("person-det", 2, weightBytes: 16_384));
            using var created = await http1.PostAsJsonAsync("/api/rollouts", new
            {
                modelId = "person-det",
                modelVersion = 2,
                target = new { devices = otaDevices.Select(d => d.DeviceId).ToArray() },
                waves = new[] { new { percent = 34.0 }, new { percent = 100.0 } },
                successFraction = 1.0,
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var rolloutId = (await created.Content.ReadFromJsonAsync<RolloutDto>())!.Id;

            var acked = new ConcurrentDictionary<(string Device, uint Seq), byte>();
            var refused = 0;
            var loadStart = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            var publishing = Task.WhenAll(loadDevices.Select((d, i) => Load.PublishAsync(d, i, loadStart, acked,
                () => Interlocked.Increment(ref refused), deadline.Token)));

            // Kill the instance running the rollout ticks, mid-load and mid-rollout (one transfer at a time, two waves).
            var underWay = false;
            for (var wait = Stopwatch.StartNew(); !underWay && wait.Elapsed < TimeSpan.FromSeconds(120);)
            {
                underWay = acked.Count >= LoadDevices * MessagesPerDevice / 4
                    && otaDevices.Sum(d => d.Offers.Count) >= 1
                    && await cluster.LeaseHolderAsync(LeaseNames.RolloutTicks) is not null;
                await Task.Delay(50);
            }

            Assert.True(underWay, $"load and transfer under way: {acked.Count} PUBACKed, chunk requests "
                + $"{string.Join('/', otaDevices.Select(d => d.Requests.Count))}, offers "
                + $"{string.Join('/', otaDevices.Select(d => d.Offers.Count))}, stored telemetry "
                + $"{await cluster.ScalarAsync("SELECT COUNT(*) FROM telemetry")}, ota_log "
                + $"{await cluster.ScalarAsync("SELECT COUNT(*) FROM ota_log")}\n{cluster.Output()}\n{cluster.Mosquitto.Log}");
            var victimId = (await cluster.LeaseHolderAsync(LeaseNames.RolloutTicks))!;
            var stateAtKill = (await http1.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{rolloutId}"))!.State;
            var ackedAtKill = acked.Count;
            await gateways[victimId].KillAsync();
            var killedAt = loadStart.Elapsed;
            var survivors = gateways.Keys.Where(k => k != victimId).ToList();
            using var survivorHttp = ScaleOutCluster.Http(gateways[survivors[0]]);

            await publishing;
            var publishedFor = loadStart.Elapsed;

            RolloutDto? last = null;
            await Eventually.UntilAsync(async () =>
                    (last = await survivorHttp.GetFromJsonAsync<RolloutDto>($"/api/rollouts/{rolloutId}"))!.State
                    == RolloutState.Completed,
                $"rollout completed on the survivors:\n{cluster.Output()}", TimeSpan.FromSeconds(180));

            var expected = acked.Keys.ToHashSet();
            await Eventually.UntilAsync(async () => (await cluster.TelemetryRowsAsync("so-load-")).Count >= expected.Count,
                $"every PUBACKed message stored after the kill:\n{cluster.Output()}", TimeSpan.FromSeconds(120));
            var rows = await cluster.TelemetryRowsAsync("so-load-");
            var tickHolder = await cluster.LeaseHolderAsync(LeaseNames.RolloutTicks);
            // Adoption waits until the victim's lease has been expired for a further lease duration, so it may end
            // after the rollout and the telemetry already did (when the broker had nothing queued for the victim).
            string? victimLease = victimId;
            await Eventually.UntilAsync(async () =>
                    (victimLease = await cluster.LeaseHolderAsync(LeaseNames.InstancePrefix + victimId)) is null,
                $"the survivors adopted {victimId}'s session and dropped its lease:\n{cluster.Output()}",
                TimeSpan.FromSeconds(90));

            output.WriteLine($"killed {victimId} (rollout {stateAtKill}) at {killedAt.TotalSeconds:0.0} s with "
                + $"{ackedAtKill} PUBACKed; published {expected.Count} in {publishedFor.TotalSeconds:0.0} s; "
                + $"rollout-ticks lease now on {tickHolder}");
            Assert.NotEqual(RolloutState.Completed, stateAtKill);
            Assert.Equal(0, refused);
            Assert.Equal(LoadDevices * MessagesPerDevice, expected.Count);
            var duplicates = rows.Where(r => r.Value > 1).Select(r => $"{r.Key.Device}#{r.Key.Seq}×{r.Value}").ToList();
            Assert.True(duplicates.Count == 0, $"stored more than once: {string.Join(", ", duplicates.Take(20))}");
            var missing = expected.Where(k => !rows.ContainsKey(k)).Select(k => $"{k.Device}#{k.Seq}").ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} PUBACKed but not stored, e.g. {string.Join(", ", missing.Take(20))}");
            Assert.DoesNotContain(rows.Keys, k => !expected.Contains(k));

            Assert.Equal(100.0, last!.ProgressPercent);
            Assert.All(otaDevices, d => Assert.Equal(2u, d.ActiveVersion));
            Assert.Contains(tickHolder, survivors);
            // The dead instance's session was adopted and ended, and its liveness lease forgotten.
            Assert.Null(victimLease);
        }
        finally
        {
            foreach (var device in loadDevices)
            {
                await device.DisposeAsync();
            }

            foreach (var device in otaDevices)
            {
                await device.DisposeAsync();
            }
        }
    }

    /// <summary>The gateway rewrote the password file and signalled Mosquitto; the reload is asynchronous.</summary>
    private static Task WaitAcceptedAsync(ScaleOutCluster cluster, string id, string secret) =>
        Eventually.UntilAsync(
            async () => await TestDevice.TryConnectAsync(cluster.Mosquitto.Port, id, id, secret)
                == MqttClientConnectResultCode.Success,
            $"Mosquitto accepts {id}", TimeSpan.FromSeconds(15));
}
