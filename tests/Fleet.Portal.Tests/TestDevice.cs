// SPDX-License-Identifier: MIT
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Portal.Tests;

/// <summary>
/// A device the test drives itself: provisioned through the gateway's API with the operator key, connected to the
/// embedded broker with its own credentials, publishing protocol messages encoded as a device encodes them. For
/// what the demo's virtual sensors never send (a wake ledger, boxes at known places).
/// </summary>
public sealed class TestDevice : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private uint _sequence;

    private TestDevice(string id, IMqttClient client, MqttClientOptions options)
    {
        Id = id;
        _client = client;
        _options = options;
    }

    public string Id { get; }

    /// <summary>Whether its connection is still open (the gateway closes it when the device is retired).</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>A fresh connect with the same credentials; returns the broker's answer and closes it again.</summary>
    public async Task<MqttClientConnectResultCode> TryReconnectAsync()
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult result = await client.ConnectAsync(_options);
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        return result.ResultCode;
    }

    /// <summary>Provisions <paramref name="id"/> and connects it.</summary>
    public static async Task<TestDevice> ConnectAsync(GatewayFixture gateway, string id)
    {
        using HttpClient http = new() { BaseAddress = new Uri(gateway.BaseUrl) };
        using HttpRequestMessage create = new(HttpMethod.Post, "/api/devices") { Content = JsonContent.Create(new { id }) };
        create.Headers.Add("X-Fleet-Key", gateway.OperatorKey);
        using HttpResponseMessage created = await http.SendAsync(create);
        string body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, $"provisioning {id}: {(int)created.StatusCode} {body}");
        Credentials credentials = (await created.Content.ReadFromJsonAsync<Credentials>())!;

        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", gateway.BrokerPort)
            .WithClientId(id)
            .WithCredentials(id, credentials.Secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        await client.ConnectAsync(options);
        return new TestDevice(id, client, options);
    }

    /// <summary>Publishes <paramref name="message"/> on its uplink topic with QoS 1.</summary>
    public Task PublishAsync(FleetMessage message) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.For(Id, message.Type))
            .WithPayload(FleetCodec.Encode(message))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    /// <summary>Telemetry with a wake ledger (µC per state, in <see cref="WakeLedgerState"/> order).</summary>
    public Task SendTelemetryAsync(ushort batteryMv, ushort socPm, IReadOnlyList<uint>? ledgerUc) =>
        PublishAsync(new Telemetry(Id, ++_sequence, NowMs(), batteryMv, socPm, 2150, 1200, _sequence, 60, "test-1.0", "",
            0, -60, ledgerUc));

    /// <summary>A detection with the given boxes.</summary>
    public Task SendDetectionAsync(DetectorKind detector, params DetectionBox[] boxes) =>
        PublishAsync(new DetectionEvent(Id, ++_sequence, NowMs(), detector, boxes, "", 0, 1500, 20_000, 900));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private static ulong NowMs() => (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private sealed record Credentials(string Id, string Secret);
}
