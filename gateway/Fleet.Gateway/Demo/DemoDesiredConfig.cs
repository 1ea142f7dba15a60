// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Demo;

/// <summary>The desired config the demo gives each virtual sensor.</summary>
public static class DemoDesiredConfig
{
    /// <summary>Version 1: the first config the gateway ever sets for a demo device.</summary>
    public const uint ConfigVersion = 1;

    /// <summary>Half of the score range: boxes below 50 % are not reported.</summary>
    public const ushort ScoreThresholdPmy = 5_000;

    public static DesiredConfig For(string deviceId, DetectorKind detector, TimeSpan wakeInterval)
    {
        var wakeS = (uint)Math.Clamp(Math.Round(wakeInterval.TotalSeconds), 1, 86_400);
        var config = new DeviceConfig(
            ConfigVersion,
            wakeS,
            TelemetryEvery: 1,
            ScoreThresholdPmy,
            detector,
            ModelId: "",
            ModelVersion: 0,
            ReportEmpty: true);
        return new DesiredConfig(deviceId, config);
    }
}
