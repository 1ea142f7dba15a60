// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Several gateways sharing one external broker and one PostgreSQL database (docs/scale-out.md). Checked at start by
/// <see cref="ScaleOutOptionsValidator"/>: only valid with <c>Broker:Mode=External</c> and
/// <c>Storage:Provider=Postgres</c>.
/// </summary>
/// <remarks>
/// <code>
/// "ScaleOut": { "Enabled": true, "InstanceId": "gw-0", "SharedSubscriptionGroup": "fleet-gateways",
///               "LeaseDuration": "00:00:15", "RenewInterval": "00:00:05" }
/// </code>
/// </remarks>
public sealed class ScaleOutOptions
{
    public const string SectionName = "ScaleOut";

    /// <summary>Off by default: one gateway owns its broker and store.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// This gateway's stable name (letters, digits, <c>-</c>, <c>_</c>; at most 40). It names the gateway's MQTT
    /// sessions, so a restarted instance must keep it (a Kubernetes StatefulSet pod name, a systemd instance name):
    /// the broker holds that session's unacknowledged uplinks for it.
    /// </summary>
    public string InstanceId { get; set; } = "";

    /// <summary>Group of the MQTT 5 shared subscription <c>$share/{group}/fleet/v1/+/up/#</c>; the same on every instance.</summary>
    public string SharedSubscriptionGroup { get; set; } = "fleet-gateways";

    /// <summary>How long a lease (rollout ticks, alert passes, instance liveness) lasts without renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an instance renews its liveness lease and looks for dead instances' sessions.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While adopting a dead instance's session: how long without a message before its queue counts as drained.
    /// </summary>
    public TimeSpan DrainIdle { get; set; } = TimeSpan.FromSeconds(2);
}
