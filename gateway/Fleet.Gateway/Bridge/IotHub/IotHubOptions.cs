// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// <c>IotHub</c> section: the optional Azure IoT Hub bridge (docs/iot-hub-bridge.md). Keys belong in the
/// environment (<c>IotHub__DeviceKeys__sensor-1</c>, <c>IotHub__ServicePolicyKey</c>), never in a committed file.
/// Checked by <see cref="IotHubOptionsValidator"/> only when <see cref="Enabled"/>.
/// </summary>
public sealed class IotHubOptions
{
    public const string SectionName = "IotHub";

    /// <summary>Off by default: nothing is registered unless this is true.</summary>
    public bool Enabled { get; set; }

    /// <summary>The hub's host name, e.g. <c>myhub.azure-devices.net</c>; part of every SAS resource URI.</summary>
    public string HostName { get; set; } = "";

    /// <summary>Per-device symmetric keys (base64), by device id. Such a device gets a token without <c>skn</c>.</summary>
    public Dictionary<string, string> DeviceKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Hub-level policy with DeviceConnect (e.g. <c>device</c>), used for devices not in <see cref="DeviceKeys"/>.</summary>
    public string? DevicePolicyName { get; set; }

    /// <summary>Base64 key of <see cref="DevicePolicyName"/>.</summary>
    public string? DevicePolicyKey { get; set; }

    /// <summary>Policy with ServiceConnect (e.g. <c>service</c>) for the twin REST API; without a key no REST writes.</summary>
    public string ServicePolicyName { get; set; } = "service";

    /// <summary>Base64 key of <see cref="ServicePolicyName"/>.</summary>
    public string? ServicePolicyKey { get; set; }

    /// <summary>Lifetime written into each SAS token (<c>se</c> = now + this).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A token is replaced (and its MQTT connection re-opened) this long before it expires.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often connections are checked for tokens due for renewal.</summary>
    public TimeSpan RenewCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>MQTT endpoint override (tests, private endpoints); default <see cref="HostName"/>.</summary>
    public string? MqttHost { get; set; }

    [Range(1, 65535)]
    public int MqttPort { get; set; } = 8883;

    /// <summary>IoT Hub refuses plain TCP; false only for a local stand-in.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>REST endpoint override; default <c>https://{HostName}/</c>.</summary>
    public Uri? RestBaseAddress { get; set; }

    /// <summary>Committed messages waiting for the hub; beyond this the oldest are dropped (and counted).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Timeout of one attempt (connect + publish, or one REST call).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; exponential with jitter after that.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the circuit stays open after too many failures.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
