// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Alerts;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
