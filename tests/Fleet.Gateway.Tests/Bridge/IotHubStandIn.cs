// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Fleet.Gateway.Bridge.IotHub;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Gateway.Tests.Bridge;

/// <summary>
/// A local MQTTnet server standing in for an IoT Hub MQTT endpoint: it accepts only MQTT 3.1.1 connects whose
/// client id, username and SAS password match the hub's rules (signature recomputed with the key), records
/// every publish, answers twin GETs with an empty desired section, and can push desired patches. Like the hub,
/// it closes a device's previous connection before accepting its next one (the gateway's
/// <see cref="ClientIdHandover"/>), so a token renewal's reconnect is not raced by the
/// old connection's clean-up.
/// </summary>
public sealed partial class IotHubStandIn : IAsyncDisposable
{
    public const string HostName = "testhub.azure-devices.net";
    public const string PolicyName = "device";
    public const string PolicyKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly MqttServer _server;
    private readonly ClientIdHandover _handover;

    private IotHubStandIn(MqttServer server, int port)
    {
        _server = server;
        _handover = new ClientIdHandover(server, TimeSpan.FromSeconds(5), TimeProvider.System);
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<(string ClientId, string Topic, string Payload)> Published { get; } = new();

    public ConcurrentQueue<(string ClientId, string Password)> Connects { get; } = new();

    public ConcurrentQueue<string> Refusals { get; } = new();

    public ConcurrentDictionary<string, bool> Subscribed { get; } = new();

    public static async Task<IotHubStandIn> StartAsync()
    {
        var port = FreePort.Next();
        var factory = new MqttServerFactory();
        var server = factory.CreateMqttServer(factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port)
            .Build());
        var hub = new IotHubStandIn(server, port);
        server.ValidatingConnectionAsync += hub.ValidateAsync;
        server.InterceptingPublishAsync += hub.OnPublishAsync;
        server.ClientSubscribedTopicAsync += e =>
        {
            if (e.TopicFilter.Topic == IotHubDeviceConnection.DesiredPatchFilter)
            {
                hub.Subscribed[e.ClientId] = true;
            }

            return Task.CompletedTask;
        };
        await server.StartAsync();
        return hub;
    }

    /// <summary>The gateway arguments that point the bridge at this stand-in.</summary>
    public string[] GatewayArgs(Uri? rest = null, string? serviceKey = null) =>
    [
        "--IotHub:Enabled=true",
        $"--IotHub:HostName={HostName}",
        "--IotHub:MqttHost=127.0.0.1",
        $"--IotHub:MqttPort={Port}",
        "--IotHub:UseTls=false",
        $"--IotHub:DevicePolicyName={PolicyName}",
        $"--IotHub:DevicePolicyKey={PolicyKey}",
        "--IotHub:RetryBaseDelay=00:00:00.05",
        "--IotHub:OperationTimeout=00:00:05",
        .. rest is null ? Array.Empty<string>() : [$"--IotHub:RestBaseAddress={rest}", $"--IotHub:ServicePolicyKey={serviceKey}"],
    ];

    /// <summary>Publishes a desired-properties patch to the device, as the hub does on a twin update.</summary>
    public Task PushDesiredAsync(string deviceId, int version, string json) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder()
            .WithTopic($"$iothub/twin/PATCH/properties/desired/?$version={version}")
            .WithPayload(json)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .Build()) { SenderClientId = "$hub" });

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        var why = Check(e);
        if (why is not null)
        {
            Refusals.Enqueue(why);
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }

        Connects.Enqueue((e.ClientId, e.Password));
        await _handover.HandOverAsync(e.ClientId, CancellationToken.None);
    }

    private static string? Check(ValidatingConnectionEventArgs e)
    {
        if (e.ProtocolVersion != MQTTnet.Formatter.MqttProtocolVersion.V311)
        {
            return "not MQTT 3.1.1";
        }

        if (e.UserName != $"{HostName}/{e.ClientId}/?api-version=2021-04-12")
        {
            return $"bad username {e.UserName}";
        }

        var match = TokenPattern().Match(e.Password ?? "");
        if (!match.Success || match.Groups["skn"].Value != PolicyName)
        {
            return "bad token format";
        }

        var resource = WebUtility.UrlEncode($"{HostName}/devices/{e.ClientId}");
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups["se"].Value, System.Globalization.CultureInfo.InvariantCulture));
        var expected = SasToken.Create($"{HostName}/devices/{e.ClientId}", PolicyKey, expiry, PolicyName).Value;
        return match.Groups["sr"].Value == resource && expected == e.Password ? null : "bad signature";
    }

    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        Published.Enqueue((e.ClientId, topic, e.ApplicationMessage.ConvertPayloadToString()));
        if (topic.StartsWith("$iothub/twin/GET/?$rid=", StringComparison.Ordinal))
        {
            var rid = topic["$iothub/twin/GET/?$rid=".Length..];
            _ = _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder()
                .WithTopic($"$iothub/twin/res/200/?$rid={rid}")
                .WithPayload("""{"desired":{"$version":1},"reported":{"$version":1}}""")
                .Build()) { SenderClientId = "$hub" });
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex(@"^SharedAccessSignature sr=(?<sr>[^&]+)&sig=(?<sig>[^&]+)&se=(?<se>\d+)&skn=(?<skn>[^&]+)$")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
