// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Alerts;

/// <summary>
/// The stable names of kinds and severities (camelCase, as the API, the database and the metric tags use them),
/// so renaming an enum member never changes stored rows or dashboards.
/// </summary>
public static class AlertNames
{
    public static string Of(AlertKind kind) => kind switch
    {
        AlertKind.LowBattery => "lowBattery",
        AlertKind.BatteryEmptySoon => "batteryEmptySoon",
        AlertKind.Offline => "offline",
        AlertKind.UpdateFailed => "updateFailed",
        AlertKind.DataDropped => "dataDropped",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static bool TryParseKind(string? name, out AlertKind kind)
    {
        foreach (var k in Enum.GetValues<AlertKind>())
        {
            if (string.Equals(Of(k), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static AlertSeverity ParseSeverity(string name)
    {
        foreach (var s in Enum.GetValues<AlertSeverity>())
        {
            if (string.Equals(Of(s), name, StringComparison.Ordinal))
            {
                return s;
            }
        }

        throw new FormatException($"'{name}' is not an alert severity.");
    }
}
