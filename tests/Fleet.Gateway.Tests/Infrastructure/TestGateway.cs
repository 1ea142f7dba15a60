// SPDX-License-Identifier: MIT
using System.Net.Http.Json;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway started in process on a free MQTT port, an ephemeral HTTP port and its own data directory.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, int mqttPort, Uri baseAddress, string dataDirectory)
    {
        _app = app;
        MqttPort = mqttPort;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int MqttPort { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public DeviceRegistry Registry => Services.GetRequiredService<DeviceRegistry>();

    public IngestStats Stats => Services.GetRequiredService<IngestStats>();

    /// <summary>Starts a gateway and waits until its ingest client has subscribed.</summary>
    public static async Task<TestGateway> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var mqttPort = FreePort.Next();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Broker:Port={mqttPort}",
            $"--Storage:DataDirectory={dataDirectory}",
            "--Telemetry:Exporter=none",
            .. extraArgs,
        ];
        var app = GatewayHost.Create(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        // extraArgs may point the gateway at an external broker's port (later arguments win).
        mqttPort = app.Services.GetRequiredService<IOptions<BrokerOptions>>().Value.Port;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var gateway = new TestGateway(app, mqttPort, new Uri(address), dataDirectory);
        await app.Services.GetRequiredService<IngestClient>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        return gateway;
    }

    /// <summary>Starts a gateway on <paramref name="store"/> (SQLite or PostgreSQL).</summary>
    public static Task<TestGateway> StartAsync(TestStore store, params string[] extraArgs) =>
        StartAsync(store.DataDirectory, [.. store.Args, .. extraArgs]);

    /// <summary>Provisions devices and returns their secrets.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ProvisionAsync(params string[] deviceIds)
    {
        var secrets = new Dictionary<string, string>();
        foreach (var id in deviceIds)
        {
            secrets[id] = await Registry.ProvisionAsync(id, CancellationToken.None);
        }

        return secrets;
    }

    /// <summary>Connects a device client with its secret (asserting success).</summary>
    public Task<TestDevice> ConnectDeviceAsync(string deviceId, string secret) =>
        TestDevice.ConnectAsync(MqttPort, deviceId, secret);

    /// <summary>The stats endpoint, parsed.</summary>
    public async Task<IngestStatsSnapshot> GetStatsAsync() =>
        (await Http.GetFromJsonAsync<IngestStatsSnapshot>("/api/ingest/stats"))!;

    /// <summary>Rows in one table, read straight from the store.</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        var database = Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
