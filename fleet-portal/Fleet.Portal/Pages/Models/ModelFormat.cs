// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Portal.Pages.Models;

/// <summary>How the model and rollout pages write figures (invariant culture, "not measured" for nulls).</summary>
public static class ModelFormat
{
    public const string NotMeasured = "not measured";

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    public static string Instructions(long? n) => n is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : NotMeasured;

    public static string Accuracy(double? accuracy, string? dataset, int? samples) => accuracy is { } a
        ? $"{(a * 100).ToString("0.00", CultureInfo.InvariantCulture)} % ({dataset}, {samples?.ToString("N0", CultureInfo.InvariantCulture)} samples)"
        : NotMeasured;

    public static string Number(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A signed difference, e.g. <c>+3.2</c> or <c>-0.5</c>.</summary>
    public static string Signed(double v, string format) =>
        (v > 0 ? "+" : "") + v.ToString(format, CultureInfo.InvariantCulture);
}
