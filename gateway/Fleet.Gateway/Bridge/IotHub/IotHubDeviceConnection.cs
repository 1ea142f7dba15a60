// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// One device's MQTT 3.1.1 connection to IoT Hub (the hub cannot multiplex identities over MQTT, so one per
/// device): client id = device id, username <c>{hub}/{deviceId}/?api-version=2021-04-12</c>, password = SAS
/// token. On every connect it subscribes to twin responses and desired patches and GETs the full twin, because
/// the hub only sends patches while connected. Calls are serialised internally; safe from several tasks.
/// </summary>
public sealed class IotHubDeviceConnection : IAsyncDisposable
{
    public const string ApiVersion = "2021-04-12";
    public const string TwinResponseFilter = "$iothub/twin/res/#";
    public const string DesiredPatchFilter = "$iothub/twin/PATCH/properties/desired/#";
    private const string DesiredPatchPrefix = "$iothub/twin/PATCH/properties/desired/";
    private const string TwinResponsePrefix = "$iothub/twin/res/";

    private readonly IotHubOptions _options;
    private readonly IotHubTokenSource _tokens;
    private readonly IotHubTelemetry _telemetry;
    private readonly ChannelWriter<IotHubDesiredUpdate> _desired;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _nextRid;
    private string? _twinGetRid;

    public IotHubDeviceConnection(string deviceId, IotHubOptions options, IotHubTokenSource tokens,
        IotHubTelemetry telemetry, ChannelWriter<IotHubDesiredUpdate> desired, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        DeviceId = deviceId;
        _options = options;
        _tokens = tokens;
        _telemetry = telemetry;
        _desired = desired;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public string DeviceId { get; }

    /// <summary>The token the current (or last) connection used.</summary>
    public SasToken? Token { get; private set; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>The MQTT username IoT Hub expects for <paramref name="deviceId"/>.</summary>
    public static string UserName(string hostName, string deviceId) => $"{hostName}/{deviceId}/?api-version={ApiVersion}";

    /// <summary>The D2C topic with the message properties URL-encoded after the last slash.</summary>
    public static string EventTopic(string deviceId, string kind) =>
        $"devices/{deviceId}/messages/events/$.ct=application%2Fjson&$.ce=utf-8&kind={Uri.EscapeDataString(kind)}";

    /// <summary>Connects if needed, or reconnects with a fresh token once the current one is due for renewal.</summary>
    /// <exception cref="IotHubBridgeException">The hub refused the connection.</exception>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureConnectedLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes one event at QoS 1 and waits for the PUBACK.</summary>
    public async Task PublishEventAsync(string kind, byte[] json, CancellationToken cancellationToken)
    {
        await PublishAsync(EventTopic(DeviceId, kind), json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Patches reported properties through the device's own twin topic (null values delete keys).</summary>
    public async Task PublishReportedAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var rid = Interlocked.Increment(ref _nextRid).ToString(CultureInfo.InvariantCulture);
        await PublishAsync($"$iothub/twin/PATCH/properties/reported/?$rid={rid}",
            Encoding.UTF8.GetBytes(patch.ToJsonString()), cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureConnectedLockedAsync(cancellationToken).ConfigureAwait(false);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                // The hub closes the connection on QoS 2; QoS 1 is its at-least-once.
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new IotHubBridgeException($"IoT Hub refused a publish from {DeviceId}: {result.ReasonCode}");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnsureConnectedLockedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            if (Token is null || !_tokens.IsDueForRenewal(Token))
            {
                return;
            }

            // The hub drops a connection whose token expired; reconnecting early avoids losing messages then.
            IotHubLog.Renewing(_logger, DeviceId);
            await _client.DisconnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _telemetry.RecordTokenRenewal();
        }

        var token = _tokens.CreateDeviceToken(DeviceId);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.MqttHost ?? _options.HostName, _options.MqttPort)
            .WithClientId(DeviceId)
            .WithCredentials(UserName(_options.HostName, DeviceId), token.Value)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            // Clean: subscriptions are renewed and the twin fetched on every connect anyway, and no C2D is used.
            .WithCleanSession(true)
            // Below the hub's 1177 s ceiling; traffic resets it.
            .WithKeepAlivePeriod(TimeSpan.FromMinutes(4))
            .WithTimeout(_options.OperationTimeout);
        if (_options.UseTls)
        {
            builder.WithTlsOptions(tls => tls.UseTls());
        }

        var result = await _client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        // MQTTnet 5 does not throw on a refused CONNECT; the result code says it.
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new IotHubBridgeException($"IoT Hub refused the connection of {DeviceId}: {result.ResultCode}");
        }

        Token = token;
        IotHubLog.Connected(_logger, DeviceId, token.ExpiresAt);
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(TwinResponseFilter, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(DesiredPatchFilter, MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);

        var rid = Interlocked.Increment(ref _nextRid).ToString(CultureInfo.InvariantCulture);
        _twinGetRid = rid;
        await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"$iothub/twin/GET/?$rid={rid}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .Build(), cancellationToken).ConfigureAwait(false);
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (topic.StartsWith(DesiredPatchPrefix, StringComparison.Ordinal))
        {
            // Handled on the bridge's own loop: publishing from inside this callback could wait on itself.
            _desired.TryWrite(new IotHubDesiredUpdate(DeviceId, e.ApplicationMessage.ConvertPayloadToString()));
        }
        else if (topic.StartsWith(TwinResponsePrefix, StringComparison.Ordinal))
        {
            HandleTwinResponse(topic, e.ApplicationMessage.ConvertPayloadToString());
        }

        return Task.CompletedTask;
    }

    private void HandleTwinResponse(string topic, string payload)
    {
        // $iothub/twin/res/{status}/?$rid={rid}[&$version={v}]
        var rest = topic[TwinResponsePrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var status = slash < 0 ? rest : rest[..slash];
        var ridAt = rest.IndexOf("$rid=", StringComparison.Ordinal);
        var rid = ridAt < 0 ? "" : rest[(ridAt + 5)..].Split('&')[0];
        if (rid != _twinGetRid)
        {
            if (!status.StartsWith('2'))
            {
                IotHubLog.TwinResponse(_logger, DeviceId, status);
            }

            return;
        }

        if (status != "200")
        {
            IotHubLog.TwinResponse(_logger, DeviceId, status);
            return;
        }

        try
        {
            using var twin = JsonDocument.Parse(payload);
            if (twin.RootElement.ValueKind == JsonValueKind.Object
                && twin.RootElement.TryGetProperty("desired", out var desired))
            {
                _desired.TryWrite(new IotHubDesiredUpdate(DeviceId, desired.GetRawText()));
            }
        }
        catch (JsonException)
        {
            IotHubLog.TwinResponse(_logger, DeviceId, "200 with a body that is not JSON");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // Shutting down: the hub notices the lost connection by itself.
        }

        _client.Dispose();
        _gate.Dispose();
    }
}
