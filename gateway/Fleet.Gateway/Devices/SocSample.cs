// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>One telemetry reading of the battery's state of charge.</summary>
/// <param name="At">When the gateway received it (gateway clock: device clocks drift).</param>
/// <param name="SocPm">State of charge, per mille (0–1000).</param>
public readonly record struct SocSample(DateTimeOffset At, int SocPm);
