// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Fleet.Sim.VirtualSensors;

/// <summary>Source-generated log messages of the virtual sensor fleet (event ids 4100–4199).</summary>
internal static partial class VirtualSensorLog
{
    [LoggerMessage(4100, LogLevel.Information, "Virtual sensor fleet disabled (Demo:Enabled = false); no sensor started")]
    public static partial void FleetDisabled(ILogger logger);

    [LoggerMessage(4101, LogLevel.Information,
        "Starting {Count} virtual sensors against {Host}:{Port}, wake every {WakeInterval}, battery time scale ×{TimeScale}, seed {Seed}")]
    public static partial void FleetStarting(ILogger logger, int count, string host, int port, TimeSpan wakeInterval, double timeScale, int seed);

    [LoggerMessage(4106, LogLevel.Information,
        "Batteries drain by the power profiles of {Scenario}: a camera wake {CameraUc:F0} µC and a thermal wake {ThermalUc:F0} µC before the radio, asleep {SleepUa:F1} µA")]
    public static partial void EnergyModel(ILogger logger, string scenario, double cameraUc, double thermalUc, double sleepUa);

    [LoggerMessage(4102, LogLevel.Error, "Provisioning the virtual sensors failed; the demo fleet does not run")]
    public static partial void ProvisioningFailed(ILogger logger, Exception exception);

    [LoggerMessage(4103, LogLevel.Warning, "Provisioning attempt {Attempt} failed; retrying in {Delay}")]
    public static partial void ProvisioningRetry(ILogger logger, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(4104, LogLevel.Warning, "Wake of {DeviceId} failed; the sensor tries again at its next wake")]
    public static partial void WakeFailed(ILogger logger, string deviceId, Exception exception);

    [LoggerMessage(4105, LogLevel.Information, "Virtual sensor fleet stopped")]
    public static partial void FleetStopped(ILogger logger);

    [LoggerMessage(4110, LogLevel.Debug, "Connect attempt {Attempt} of {DeviceId} failed; retrying in {Delay}")]
    public static partial void ConnectRetry(ILogger logger, string deviceId, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(4111, LogLevel.Debug,
        "{DeviceId} wake {Wake}: session present {SessionPresent}, {Messages} messages, {Boxes} boxes, {ChargeUah:F1} µAh, SoC {SocPm} ‰, {BatteryMv} mV")]
    public static partial void WakeCompleted(ILogger logger, string deviceId, uint wake, bool sessionPresent, int messages, int boxes,
        double chargeUah, ushort socPm, ushort batteryMv);

    [LoggerMessage(4117, LogLevel.Debug,
        "{DeviceId} wake {Wake}: {Sessions} sessions, {Messages} messages, {Bytes} bytes, {Faces} faces; drew {ChargeUah:F3} µAh")]
    public static partial void WakeDrained(ILogger logger, string deviceId, int wake, int sessions, int messages, long bytes, int faces,
        double chargeUah);

    [LoggerMessage(4112, LogLevel.Information,
        "{DeviceId} applied config version {ConfigVersion} ({Result}); next wakes every {WakeInterval}")]
    public static partial void ConfigApplied(ILogger logger, string deviceId, uint configVersion, ConfigApplyResult result, TimeSpan wakeInterval);

    [LoggerMessage(4113, LogLevel.Warning, "{DeviceId} ignored an undecodable downlink on {Topic}")]
    public static partial void DownlinkUndecodable(ILogger logger, string deviceId, string topic);

    [LoggerMessage(4114, LogLevel.Information, "{DeviceId} ignored {Type} on {Topic}: the simulator does not implement it")]
    public static partial void DownlinkUnsupported(ILogger logger, string deviceId, MessageType type, string topic);

    [LoggerMessage(4115, LogLevel.Warning, "{DeviceId}: broker refused the publish on {Topic}: {ReasonCode} {Reason}")]
    public static partial void PublishRefused(ILogger logger, string deviceId, string topic, MqttClientPublishReasonCode reasonCode, string? reason);

    [LoggerMessage(4116, LogLevel.Information,
        "{DeviceId}: battery empty after {ChargeUah:F0} µAh; the simulator fits a fresh cell (a real sensor would brown out)")]
    public static partial void BatteryReplaced(ILogger logger, string deviceId, double chargeUah);
}
