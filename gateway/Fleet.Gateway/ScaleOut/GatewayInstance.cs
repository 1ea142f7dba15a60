// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Who this gateway is among its peers: the MQTT client ids of its sessions and the filter its ingest subscribes
/// to. Without scale-out these are the single gateway's fixed ids and the plain uplink filter.
/// </summary>
public sealed class GatewayInstance(IOptions<ScaleOutOptions> options)
{
    public bool IsScaleOut => options.Value.Enabled;

    /// <summary>The configured instance id, or <c>single</c> without scale-out.</summary>
    public string Id => IsScaleOut ? options.Value.InstanceId : "single";

    /// <summary>The ingest session's client id; each instance needs its own, or they would take over each other's.</summary>
    public string IngestClientId => IngestClientIdOf(Id);

    public string DownlinkClientId =>
        IsScaleOut ? $"{InternalCredentials.DownlinkClientId}:{options.Value.InstanceId}" : InternalCredentials.DownlinkClientId;

    /// <summary><c>$share/{group}/fleet/v1/+/up/#</c> in scale-out: the broker hands each uplink to one instance.</summary>
    public string UplinkFilter =>
        IsScaleOut ? $"$share/{options.Value.SharedSubscriptionGroup}/{Topics.UplinkFilter}" : Topics.UplinkFilter;

    /// <summary>The ingest client id instance <paramref name="instanceId"/> uses (to adopt its session when it died).</summary>
    public string IngestClientIdOf(string instanceId) =>
        IsScaleOut ? $"{InternalCredentials.IngestClientId}:{instanceId}" : InternalCredentials.IngestClientId;
}
