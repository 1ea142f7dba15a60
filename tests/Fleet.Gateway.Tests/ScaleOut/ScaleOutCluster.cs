// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net.Http.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Tests.Durability;
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Postgres;
using Npgsql;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>
/// The scale-out layout on loopback: one real Mosquitto (persistent, the deployment's queue limits), one real
/// PostgreSQL, and gateway processes (<see cref="GatewayProcess"/>) in External + Postgres + ScaleOut mode, each
/// with its own instance id. Leases are short (8 s, renewed every 2 s) so a dead instance is noticed quickly.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string OperatorKey = "scale-out-operator-key-0123456789";

    private readonly List<GatewayProcess> _gateways = [];

    private ScaleOutCluster(MosquittoFixture mosquitto, PostgresServer postgres, string connectionString)
    {
        Mosquitto = mosquitto;
        Postgres = postgres;
        ConnectionString = connectionString;
    }

    public MosquittoFixture Mosquitto { get; }

    public PostgresServer Postgres { get; }

    public string ConnectionString { get; }

    public static async Task<ScaleOutCluster> StartAsync()
    {
        var mosquitto = new MosquittoFixture
        {
            ExtraConfig = ["max_queued_messages 100000", "max_inflight_messages 100"],
        };
        var postgres = new PostgresServer();
        try
        {
            await mosquitto.InitializeAsync();
            await postgres.InitializeAsync();
            return new ScaleOutCluster(mosquitto, postgres, await postgres.CreateDatabaseAsync());
        }
        catch
        {
            await mosquitto.DisposeAsync();
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Arguments of instance <paramref name="instanceId"/>; <paramref name="extra"/> come last and win.</summary>
    public string[] GatewayArgs(string instanceId, params string[] extra) =>
    [
        .. Mosquitto.GatewayArgs(),
        "--Storage:Provider=Postgres",
        $"--Storage:ConnectionString={ConnectionString}",
        "--ScaleOut:Enabled=true",
        $"--ScaleOut:InstanceId={instanceId}",
        "--ScaleOut:LeaseDuration=00:00:08",
        "--ScaleOut:RenewInterval=00:00:02",
        "--ScaleOut:DrainIdle=00:00:01",
        "--Telemetry:Exporter=none",
        $"--Api:OperatorKey={OperatorKey}",
        // Stale or unanswerable OTA requests are logged at Debug: a failure message then shows them.
        "--Logging:LogLevel:Fleet.Gateway.Rollouts=Debug",
        .. extra,
    ];

    public async Task<GatewayProcess> StartGatewayAsync(string instanceId, params string[] extra)
    {
        var gateway = await GatewayProcess.StartAsync(GatewayArgs(instanceId, extra), TimeSpan.FromSeconds(90));
        _gateways.Add(gateway);
        return gateway;
    }

    public static HttpClient Http(GatewayProcess gateway)
    {
        var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add(ApiOptions.KeyHeader, OperatorKey);
        return http;
    }

    public static async Task<string> ProvisionAsync(HttpClient http, string deviceId)
    {
        using var response = await http.PostAsJsonAsync("/api/devices", new CreateDeviceRequest(deviceId));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeviceCredentialsDto>())!.Secret;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>The holder of lease <paramref name="name"/>, or null.</summary>
    public async Task<string?> LeaseHolderAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT holder FROM scaleout_leases WHERE name = @n", connection);
        command.Parameters.AddWithValue("n", name);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Telemetry rows per (device, seq) for devices whose id starts with <paramref name="prefix"/>.</summary>
    public async Task<Dictionary<(string Device, uint Seq), int>> TelemetryRowsAsync(string prefix)
    {
        var rows = new Dictionary<(string, uint), int>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT device_id, seq, COUNT(*) FROM telemetry WHERE starts_with(device_id, @p) GROUP BY device_id, seq
            """, connection);
        command.Parameters.AddWithValue("p", prefix);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[(reader.GetString(0), (uint)reader.GetInt64(1))] = (int)reader.GetInt64(2);
        }

        return rows;
    }

    public string Output() => string.Join("\n\n", _gateways.Select(g => $"--- gateway pid {g.Id}:\n{g.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await Mosquitto.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
