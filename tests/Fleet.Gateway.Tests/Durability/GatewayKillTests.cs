// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Api;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using MQTTnet;
using Xunit.Abstractions;

namespace Fleet.Gateway.Tests.Durability;

/// <summary>
/// Issue 7: the gateway is SIGKILLed mid-load and restarted on the same data directory. Mosquitto (persistent,
/// queue limits of the deployment config) holds every uplink the dead gateway had not acknowledged, so every
/// message a device got a PUBACK for must end up stored exactly once: acknowledging only after the commit gives
/// "at least once", and the (device, type, seq) key turns it into "exactly once".
/// </summary>
public sealed class GatewayKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DeviceCount = 8;
    private const int MessagesPerDevice = 1_250; // 10,000 in all
    private const int WindowPerDevice = 16; // QoS 1 publishes in flight per device connection
    private const double MessagesPerSecond = 3_000; // spread the load over ~3 s so the kill lands mid-ingest
    private static readonly PacedTelemetryLoad Load = new(DeviceCount, MessagesPerDevice, WindowPerDevice, MessagesPerSecond);
    private const long KillAfterAccepted = 2_000;
    private const string OperatorKey = "kill-test-operator-key-0123456789";

    // Limits for failing, not for passing: CI runs every suite at once on two cores, where a gateway once took over
    // 30 s to start. A healthy run starts in seconds and publishes the load in about 3 s.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly MosquittoFixture _mosquitto = new()
    {
        // As infra/mosquitto/mosquitto.conf.example: the default 1,000-message queue would drop what arrives while
        // the gateway is down, and the test would blame the gateway for the broker's configuration.
        ExtraConfig = ["max_queued_messages 100000", "max_inflight_messages 100"],
    };

    public Task InitializeAsync() => _mosquitto.InitializeAsync();

    public Task DisposeAsync() => _mosquitto.DisposeAsync();

    [Fact]
    public async Task Ingest_GatewayKilledMidLoadAndRestarted_EveryPubackedMessageStoredExactlyOnce()
    {
        var clock = Stopwatch.StartNew();
        using var dir = new TempDirectory();
        string[] args =
        [
            .. _mosquitto.GatewayArgs(),
            $"--Storage:DataDirectory={dir.Path}",
            "--Telemetry:Exporter=none",
            $"--Api:OperatorKey={OperatorKey}",
        ];

        var first = await GatewayProcess.StartAsync(args, StartTimeout);
        var deviceIds = Enumerable.Range(1, DeviceCount).Select(i => $"kill-{i:00}").ToArray();
        Dictionary<string, string> secrets;
        using (var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(15) })
        {
            secrets = await ProvisionAsync(http, deviceIds);
        }

        var devices = await ConnectAllAsync(deviceIds, secrets);
        var acked = new ConcurrentDictionary<(string Device, uint Seq), byte>();
        var refused = 0;
        GatewayProcess? second = null;
        try
        {
            using var load = new CancellationTokenSource(Deadline);
            var loadStart = Stopwatch.StartNew();
            var publishing = Task.WhenAll(devices.Select((d, i) => Load.PublishAsync(d, i, loadStart, acked,
                () => Interlocked.Increment(ref refused), load.Token)));

            // Kill once the first gateway has committed part of the load, while devices are still publishing.
            using (var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
            {
                await Eventually.UntilAsync(async () => (await AcceptedAsync(http)) >= KillAfterAccepted,
                    $"the first gateway stored {KillAfterAccepted} messages:\n{first.Output}");
            }

            var killedAt = loadStart.Elapsed;
            await first.KillAsync();
            var ackedAtKill = acked.Count;
            second = await GatewayProcess.StartAsync(args, StartTimeout);
            await publishing;
            var publishedFor = loadStart.Elapsed;

            var expected = acked.Keys.ToHashSet();
            var database = Path.Combine(dir.Path, "fleet.db");
            await Eventually.UntilAsync(async () => (await ReadRowsAsync(database)).Count >= expected.Count,
                $"ingest drained after the restart:\n{second.Output}", TimeSpan.FromSeconds(30));
            await second.DisposeAsync(); // SIGKILL again: what is committed is all that counts
            second = null;

            var rows = await ReadRowsAsync(database);
            output.WriteLine($"published {expected.Count} (PUBACKed) in {publishedFor.TotalSeconds:0.0} s; "
                + $"killed at {killedAt.TotalSeconds:0.0} s with {ackedAtKill} PUBACKed; total {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(0, refused);
            Assert.Equal(DeviceCount * MessagesPerDevice, expected.Count);
            var duplicates = rows.Where(r => r.Value > 1).Select(r => $"{r.Key.Device}#{r.Key.Seq}×{r.Value}").ToList();
            Assert.True(duplicates.Count == 0, $"stored more than once: {string.Join(", ", duplicates.Take(20))}");
            var missing = expected.Where(k => !rows.ContainsKey(k)).Select(k => $"{k.Device}#{k.Seq}").ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} PUBACKed but not stored, e.g. {string.Join(", ", missing.Take(20))}");
            var unexpected = rows.Keys.Where(k => !expected.Contains(k)).ToList();
            Assert.Empty(unexpected);
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }

            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await first.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, string>> ProvisionAsync(HttpClient http, string[] deviceIds)
    {
        var secrets = new Dictionary<string, string>();
        foreach (var id in deviceIds)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/devices")
            {
                Content = JsonContent.Create(new CreateDeviceRequest(id)),
            };
            request.Headers.Add(ApiOptions.KeyHeader, OperatorKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            secrets[id] = (await response.Content.ReadFromJsonAsync<DeviceCredentialsDto>())!.Secret;
        }

        return secrets;
    }

    private async Task<List<TestDevice>> ConnectAllAsync(string[] deviceIds, Dictionary<string, string> secrets)
    {
        var devices = new List<TestDevice>();
        foreach (var id in deviceIds)
        {
            // The gateway rewrote the password file and signalled Mosquitto; the reload is asynchronous.
            await Eventually.UntilAsync(
                async () => await TestDevice.TryConnectAsync(_mosquitto.Port, id, id, secrets[id])
                    == MqttClientConnectResultCode.Success,
                $"Mosquitto accepts {id}", TimeSpan.FromSeconds(15));
            devices.Add(await TestDevice.ConnectAsync(_mosquitto.Port, id, secrets[id]));
        }

        return devices;
    }

    private static async Task<long> AcceptedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<IngestStatsSnapshot>("/api/ingest/stats"))!.Accepted;

    /// <summary>Telemetry rows per (device, seq), read straight from the SQLite file (read-only, WAL).</summary>
    private static async Task<Dictionary<(string Device, uint Seq), int>> ReadRowsAsync(string database)
    {
        var rows = new Dictionary<(string, uint), int>();
        if (!File.Exists(database))
        {
            return rows;
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_id, seq, COUNT(*) FROM telemetry GROUP BY device_id, seq;";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[(reader.GetString(0), (uint)reader.GetInt64(1))] = reader.GetInt32(2);
        }

        return rows;
    }
}
