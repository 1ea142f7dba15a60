// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;

namespace Fleet.Portal.Pages.Devices;

/// <summary>
/// The config editor's fields as typed (strings, so a bad number comes back to the user as typed, with a message).
/// Parsing here only turns text into numbers; the ranges are the gateway's to judge, and its messages are shown
/// under the same names (the API's JSON names).
/// </summary>
public sealed class ConfigForm
{
    public string? WakeIntervalSeconds { get; set; }

    public string? TelemetryEvery { get; set; }

    public string? ScoreThresholdPmy { get; set; }

    public string? Detector { get; set; }

    public string? ModelId { get; set; }

    public string? ModelVersion { get; set; }

    public bool ReportEmpty { get; set; }

    public string? QuietStartMin { get; set; }

    public string? QuietEndMin { get; set; }

    /// <summary>The form filled with <paramref name="c"/>.</summary>
    public static ConfigForm From(GatewayDeviceConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ConfigForm
        {
            WakeIntervalSeconds = ((long)c.WakeInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            TelemetryEvery = c.TelemetryEvery.ToString(CultureInfo.InvariantCulture),
            ScoreThresholdPmy = c.ScoreThresholdPmy.ToString(CultureInfo.InvariantCulture),
            Detector = c.Detector,
            ModelId = c.ModelId,
            ModelVersion = c.ModelVersion.ToString(CultureInfo.InvariantCulture),
            ReportEmpty = c.ReportEmpty,
            QuietStartMin = c.QuietStartMin?.ToString(CultureInfo.InvariantCulture),
            QuietEndMin = c.QuietEndMin?.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The request, or field errors (keyed by the API's names) for text that is not a number.</summary>
    public GatewayConfigRequest? ToRequest(Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var wake = Whole(WakeIntervalSeconds, "wakeInterval", errors, required: true);
        var every = Whole(TelemetryEvery, "telemetryEvery", errors, required: true);
        var score = Whole(ScoreThresholdPmy, "scoreThresholdPmy", errors, required: true);
        var version = Whole(ModelVersion, "modelVersion", errors, required: true);
        var quietStart = Whole(QuietStartMin, "quietStartMin", errors, required: false);
        var quietEnd = Whole(QuietEndMin, "quietEndMin", errors, required: false);
        if (errors.Count > 0)
        {
            return null;
        }

        // Out-of-range numbers still go to the gateway, whose rules decide; only what int cannot hold stops here.
        return new GatewayConfigRequest(
            wake is { } w && w <= (long)TimeSpan.MaxValue.TotalSeconds && w >= 0 ? TimeSpan.FromSeconds(w) : TimeSpan.Zero,
            Int(every),
            Int(score),
            string.IsNullOrWhiteSpace(Detector) ? null : Detector.Trim(),
            ModelId?.Trim() ?? "",
            version,
            ReportEmpty,
            Int(quietStart),
            Int(quietEnd));
    }

    private static int? Int(long? v) => v is { } x ? (int)Math.Clamp(x, int.MinValue, int.MaxValue) : null;

    private static long? Whole(string? text, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = ["Required."];
            }

            return null;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors[field] = [$"'{text.Trim()}' is not a whole number."];
            return null;
        }

        return value;
    }
}
