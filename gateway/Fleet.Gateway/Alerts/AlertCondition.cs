// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Alerts;

/// <summary>A condition that holds now and should have an open alert.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="Detail">One human-readable line (numbers included) for the operator.</param>
public sealed record AlertCondition(string DeviceId, AlertKind Kind, AlertSeverity Severity, string Detail);
