// SPDX-License-Identifier: MIT
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Alerts;

/// <summary>
/// A gateway in process whose <see cref="TimeProvider"/> is a <see cref="FakeTimeProvider"/>: receive times, the
/// liveness clock and the alert timer all move only when a test advances it. The periodic sweep is set to a day
/// so evaluations happen when the test asks (<see cref="EvaluateAsync"/>) or after ingest.
/// </summary>
public sealed class FakeClockGateway : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key";

    private readonly WebApplication _app;

    private FakeClockGateway(WebApplication app, FakeTimeProvider time, int mqttPort, Uri baseAddress)
    {
        _app = app;
        Time = time;
        MqttPort = mqttPort;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Fleet-Key", OperatorKey);
    }

    public FakeTimeProvider Time { get; }

    public int MqttPort { get; }

    /// <summary>An HTTP client that sends the operator key.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<FakeClockGateway> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var mqttPort = FreePort.Next();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Broker:Port={mqttPort}",
            $"--Storage:DataDirectory={dataDirectory}",
            "--Telemetry:Exporter=none",
            $"--Api:OperatorKey={OperatorKey}",
            "--Alerts:EvaluationInterval=1.00:00:00",
            "--Alerts:MinChangeInterval=00:00:00",
            .. extraArgs,
        ];
        var app = GatewayHost.Create(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        await app.Services.GetRequiredService<IngestClient>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        return new FakeClockGateway(app, time, mqttPort, new Uri(address));
    }

    public Task<AlertPlan> EvaluateAsync() =>
        Services.GetRequiredService<AlertEvaluator>().EvaluateAsync(CancellationToken.None);

    /// <summary>Publishes one message as the device (a fresh connection) and waits until the gateway stored it.</summary>
    public async Task PublishAndWaitAsync(string deviceId, string secret, string topic, byte[] payload)
    {
        var stats = Services.GetRequiredService<IngestStats>();
        var before = stats.Snapshot().Accepted;
        await using (var device = await TestDevice.ConnectAsync(MqttPort, deviceId, secret))
        {
            await device.PublishAsync(topic, payload);
        }

        await Eventually.UntilAsync(() => stats.Snapshot().Accepted > before, $"{topic} stored");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
