// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// A gateway running in one <see cref="GatewayConfiguration"/> on its own store, which it can be stopped and started
/// again on (a restart keeps the store and, with the embedded broker, the MQTT port). Disposing stops it and drops
/// the store.
/// </summary>
public sealed class MatrixGateway : IAsyncDisposable
{
    public const string OperatorKey = "matrix-operator-key";

    private readonly string[] _args;
    private readonly MosquittoFixture? _mosquitto;
    private TestGateway? _gateway;

    private MatrixGateway(GatewayConfiguration configuration, TestStore store, MosquittoFixture? mosquitto,
        int devicePort, string[] args)
    {
        Configuration = configuration;
        Store = store;
        _mosquitto = mosquitto;
        DevicePort = devicePort;
        _args = args;
    }

    public GatewayConfiguration Configuration { get; }

    public TestStore Store { get; }

    /// <summary>Where devices connect: the embedded broker's port, or Mosquitto's (also while the gateway is down).</summary>
    public int DevicePort { get; }

    /// <summary>The running gateway (throws while stopped).</summary>
    public TestGateway Gateway => _gateway ?? throw new InvalidOperationException("The gateway is stopped.");

    /// <summary>HTTP client of the running gateway; it sends the operator key.</summary>
    public HttpClient Http => Gateway.Http;

    /// <summary>Mosquitto's output so far (empty with the embedded broker), for failure messages.</summary>
    public string BrokerLog => _mosquitto?.Log ?? "";

    internal static async Task<MatrixGateway> StartAsync(GatewayConfiguration configuration, TestStore store,
        MosquittoFixture? mosquitto, string[] extraArgs)
    {
        // A fixed port for the embedded broker, so a restarted gateway is where its devices expect it.
        var port = mosquitto?.Port ?? FreePort.Next();
        string[] args =
        [
            .. store.Args,
            .. mosquitto?.GatewayArgs() ?? [$"--Broker:Port={port.ToString(CultureInfo.InvariantCulture)}"],
            $"--Api:OperatorKey={OperatorKey}",
            .. extraArgs,
        ];
        var gateway = new MatrixGateway(configuration, store, mosquitto, port, args);
        await gateway.StartAsync();
        return gateway;
    }

    /// <summary>Starts the gateway (again) on the same store and waits until ingest has subscribed.</summary>
    public async Task StartAsync()
    {
        if (_gateway is not null)
        {
            throw new InvalidOperationException("The gateway is already running.");
        }

        var gateway = await TestGateway.StartAsync(Store.DataDirectory, _args);
        gateway.Http.DefaultRequestHeaders.Add(ApiOptions.KeyHeader, OperatorKey);
        _gateway = gateway;
    }

    /// <summary>Stops the gateway the normal way (the ingest client disconnects and keeps its session).</summary>
    public async Task StopAsync()
    {
        var gateway = Interlocked.Exchange(ref _gateway, null);
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>A device id no other test uses (Mosquitto keeps sessions and retained messages per id).</summary>
    public static string NewDeviceId(string prefix) =>
        $"{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

    /// <summary>
    /// Adds a device through <c>POST /api/devices</c>, waits until the broker accepts it and returns the secret
    /// the answer shows (once).
    /// </summary>
    public async Task<string> CreateDeviceAsync(string deviceId)
    {
        using var response = await Http.PostAsJsonAsync("/api/devices", new { id = deviceId });
        var secret = await SecretOfAsync(response, HttpStatusCode.Created);
        await UntilAcceptedAsync(deviceId, secret);
        return secret;
    }

    /// <summary>Rotates a device's secret through the API and waits until the broker accepts the new one.</summary>
    public async Task<string> RotateCredentialsAsync(string deviceId)
    {
        using var response = await Http.PostAsync($"/api/devices/{deviceId}/credentials", null);
        var secret = await SecretOfAsync(response, HttpStatusCode.OK);
        await UntilAcceptedAsync(deviceId, secret);
        return secret;
    }

    /// <summary>
    /// Waits until the broker accepts a secret: Mosquitto picks up a new password line only after its asynchronous
    /// reload, so "accepted within a deadline" is the condition, not "accepted at once". The probes connect with a
    /// clean start, so call this before the device's session matters, never between two of its wakes. The embedded
    /// broker checks the registry at each CONNECT, so a secret the API returned is valid at once and is not probed:
    /// a probe under the device's client id just before the device's own CONNECT would be a session takeover, which
    /// is not what these tests are about.
    /// </summary>
    public Task UntilAcceptedAsync(string deviceId, string secret) =>
        !Configuration.UsesMosquitto
            ? Task.CompletedTask
            : Eventually.UntilAsync(
                async () => await TryConnectAsync(deviceId, secret) == MqttClientConnectResultCode.Success,
                $"Mosquitto accepts {deviceId}'s secret; its output:\n{BrokerLog}");

    /// <summary>One wake of a device (persistent session, see <see cref="WakingDevice"/>).</summary>
    public Task<WakingDevice> WakeAsync(string deviceId, string secret) =>
        WakingDevice.WakeAsync(DevicePort, deviceId, secret);

    /// <summary>One CONNECT with a clean start (a probe must not take over the device's session).</summary>
    public async Task<MqttClientConnectResultCode> TryConnectAsync(string deviceId, string secret)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = TestDevice.Options(DevicePort, deviceId, deviceId, secret);
        options.CleanSession = true;
        options.SessionExpiryInterval = 0;
        var result = await client.ConnectAsync(options);
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        return result.ResultCode;
    }

    public Task<IngestStatsSnapshot> GetStatsAsync() => Gateway.GetStatsAsync();

    public Task<long> CountRowsAsync(string table) => Gateway.CountRowsAsync(table);

    /// <summary>Waits until the gateway has judged (stored or rejected) at least <paramref name="count"/> uplinks.</summary>
    public Task UntilJudgedAsync(long count, string what) =>
        Eventually.UntilAsync(async () =>
        {
            var stats = await GetStatsAsync();
            return stats.Accepted + stats.Rejected.Values.Sum() >= count;
        }, $"{what}; broker output:\n{BrokerLog}");

    private static async Task<string> SecretOfAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        using var answer = JsonDocument.Parse(body);
        return answer.RootElement.GetProperty("secret").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Store.DisposeAsync();
    }
}
