// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Portal;

/// <summary>How the pages write times and numbers: UTC, invariant culture, units spelled out.</summary>
public static class PortalFormat
{
    /// <summary><c>2025-01-31 12:00:05 UTC</c>, or an en dash for none.</summary>
    public static string Time(DateTime? utc) => utc is { } t
        ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"
        : "–";

    /// <summary><c>2025-01-31</c>, or an en dash for none.</summary>
    public static string Date(DateTime? utc) =>
        utc is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "–";

    /// <summary>ISO-8601 for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A number with the given format and an optional unit; an en dash for none.</summary>
    public static string Number(double? value, string format = "0.#", string unit = "") => value is { } v
        ? v.ToString(format, CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "")
        : "–";

    /// <summary>A duration as operators say it: 45 s, 12 min, 3.5 h, 2 d.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 120 => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s",
        < 7200 => span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min",
        < 172_800 => span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h",
        _ => span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d",
    };

    /// <summary>Readable names of the gateway's alert kinds.</summary>
    public static string AlertKind(string kind) => kind switch
    {
        "lowBattery" => "Low battery",
        "batteryEmptySoon" => "Battery empty soon",
        "offline" => "Offline",
        "updateFailed" => "Update failed",
        "dataDropped" => "Data dropped",
        _ => kind,
    };
}
