// SPDX-License-Identifier: MIT
using System.Net;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// The embedded MQTTnet broker: per-device credentials checked against the <see cref="DeviceRegistry"/>, the
/// topic ACL of <see cref="TopicAcl"/>, persistent sessions so QoS 1 downlinks wait for sleeping devices, and a
/// <see cref="ClientIdHandover"/> so a device that reconnects at once keeps its new connection. Refusals are
/// counted as <c>unknown_device</c> and <c>acl_denied</c>.
/// As a retirement step it closes a retired device's connection and deletes its session (External mode: nothing
/// to do here, Mosquitto refuses the device once its password line is gone).
/// </summary>
public sealed class EmbeddedBroker : IHostedService, IAsyncDisposable, IDeviceRetirementStep
{
    // Tearing a connection down takes milliseconds; a hand-over still waiting after this is not going to finish.
    private static readonly TimeSpan HandoverWait = TimeSpan.FromSeconds(5);

    private readonly BrokerOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly InternalCredentials _internal;
    private readonly IngestStats _stats;
    private readonly RetainedMessageStore _retained;
    private readonly TimeProvider _time;
    private readonly EmbeddedConnections _connections;
    private readonly ILogger<EmbeddedBroker> _logger;
    private MqttServer? _server;
    private ClientIdHandover? _handover;

    public EmbeddedBroker(
        IOptions<BrokerOptions> options,
        DeviceRegistry registry,
        InternalCredentials internalCredentials,
        IngestStats stats,
        RetainedMessageStore retained,
        TimeProvider time,
        EmbeddedConnections connections,
        ILogger<EmbeddedBroker> logger)
    {
        _options = options.Value;
        _registry = registry;
        _internal = internalCredentials;
        _stats = stats;
        _retained = retained;
        _time = time;
        _connections = connections;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode != BrokerMode.Embedded)
        {
            // External mode: that broker authenticates devices; the gateway is only one of its clients.
            BrokerLog.NotStarted(_logger, _options.Host, _options.Port);
            return;
        }

        var factory = new MqttServerFactory();
        var serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(_options.Host))
            .WithDefaultEndpointPort(_options.Port)
            .WithPersistentSessions()
            .Build();

        var server = factory.CreateMqttServer(serverOptions);
        _handover = new ClientIdHandover(server, HandoverWait, _time,
            (clientId, wait) => BrokerLog.HandoverTimedOut(_logger, clientId, wait));
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        server.LoadingRetainedMessageAsync += async e =>
            e.LoadedRetainedMessages = await _retained.LoadAsync(CancellationToken.None).ConfigureAwait(false);
        server.RetainedMessageChangedAsync += e => _retained.SaveAsync(e.ChangedRetainedMessage, CancellationToken.None);
        server.RetainedMessagesClearedAsync += _ => _retained.ClearAsync(CancellationToken.None);
        await server.StartAsync().ConfigureAwait(false);
        _server = server;
        _connections.Attach(_handover);
        BrokerLog.Started(_logger, _options.Host, _options.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            _connections.Detach();
            await server.StopAsync().ConfigureAwait(false);
            BrokerLog.Stopped(_logger);
        }
    }

    /// <summary>
    /// Closes the retired device's live connection at once (MQTT 5 reason "not authorized"), then deletes its
    /// persistent session, so QoS 1 downlinks queued for it go too. The registry already refuses its CONNECT, so it
    /// cannot open a new session in between.
    /// </summary>
    public async Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (_server is not { } server || _handover is not { } handover)
        {
            return;
        }

        await handover.CloseAsync(deviceId, MqttDisconnectReasonCode.NotAuthorized, cancellationToken)
            .ConfigureAwait(false);
        // MQTTnet 5.2 deletes a session through its status object (GetSessionAsync throws for an id without one).
        var sessions = await server.GetSessionsAsync().ConfigureAwait(false);
        if (sessions.FirstOrDefault(s => string.Equals(s.Id, deviceId, StringComparison.Ordinal)) is { } session)
        {
            await session.DeleteAsync().ConfigureAwait(false);
        }

        BrokerLog.DeviceRetired(_logger, deviceId);
    }

    public ValueTask DisposeAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var clientId = e.ClientId ?? "";
        var userName = e.UserName ?? "";
        try
        {
            if (InternalCredentials.IsInternalClient(clientId))
            {
                if (!_internal.Matches(userName, e.Password))
                {
                    Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "wrong internal credential");
                    return;
                }

                await _handover!.HandOverAsync(clientId, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            // One device = one client id = one user name (§1): otherwise a device could open a session, and thus
            // receive the downlinks, of another.
            if (!string.Equals(clientId, userName, StringComparison.Ordinal))
            {
                _stats.RecordRejected(DecodeError.AclDenied, clientId, $"client id differs from user name '{userName}'");
                Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "client id must equal the user name");
                return;
            }

            var check = await _registry.ValidateCredentialsAsync(userName, e.Password, CancellationToken.None)
                .ConfigureAwait(false);
            switch (check)
            {
                case CredentialCheck.Valid:
                    await _handover!.HandOverAsync(clientId, CancellationToken.None).ConfigureAwait(false);
                    return;
                case CredentialCheck.UnknownDevice:
                    _stats.RecordRejected(DecodeError.UnknownDevice, clientId, "CONNECT from a device that is not provisioned or is retired");
                    // The same code as a wrong password, so probing cannot tell which device ids exist.
                    e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                    return;
                default:
                    Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "wrong secret");
                    return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BrokerLog.ConnectValidationFailed(_logger, clientId, ex);
            e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
        }
    }

    private void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason)
    {
        e.ReasonCode = code;
        BrokerLog.ConnectRefused(_logger, e.ClientId ?? "", e.UserName ?? "", reason);
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        var clientId = e.ClientId;
        // Messages the server itself injects have no client; the gateway's own clients publish downlinks.
        if (string.IsNullOrEmpty(clientId) || InternalCredentials.IsInternalClient(clientId))
        {
            return Task.CompletedTask;
        }

        var topic = e.ApplicationMessage.Topic;
        if (!TopicAcl.MayPublish(clientId, topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = "topic not allowed for this device";
            _stats.RecordRejected(DecodeError.AclDenied, clientId, $"publish to '{topic}'");
        }

        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var clientId = e.ClientId;
        if (InternalCredentials.IsInternalClient(clientId))
        {
            return Task.CompletedTask;
        }

        var filter = e.TopicFilter.Topic;
        if (!TopicAcl.MaySubscribe(clientId, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ReasonString = "topic filter not allowed for this device";
            _stats.RecordRejected(DecodeError.AclDenied, clientId, $"subscribe to '{filter}'");
        }

        return Task.CompletedTask;
    }
}
