// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Thermal.Evaluation;

namespace Fleet.Thermal.Tests;

/// <summary>Thresholds the figure tests assert and the report formatting they share.</summary>
public static class ThermalFigures
{
    /// <summary>
    /// Regression floor for the leave-one-room-out balanced accuracy: the measured 0.8474 minus a little. The issue's
    /// goal (0.97) is NOT met, and neither is the baseline's 0.94; see docs/detection.md (## Thermal) for why.
    /// </summary>
    public const double MinOmronBalancedAccuracy = 0.84;

    /// <summary>
    /// The detector's leave-one-room-out balanced accuracy must beat the hottest-pixel baseline held to the same
    /// protocol in the same run (measured 0.8474 against 0.6532) by at least this much. It still does NOT beat the
    /// baseline tuned on all data (0.9434), which sees the evaluated room.
    /// </summary>
    public const double MinMarginOverLeaveOneRoomOutBaseline = 0.15;

    /// <summary>Regression floor for the leave-one-room-out F1 (measured 0.9626).</summary>
    public const double MinOmronF1 = 0.96;

    /// <summary>Floor for the share of synthetic frames with the exact person count.</summary>
    public const double MinExactCountAccuracy = 0.90;

    /// <summary>Seeds of the synthetic count figures (fixed, so the figures are reproducible).</summary>
    public static IReadOnlyList<int> SyntheticSeeds { get; } = [1, 2, 3];

    public static string Format(CountResult r) => string.Create(CultureInfo.InvariantCulture,
        $"Synthetic {r.Width}x{r.Height}: {r.Frames} frames ({r.TruePeopleFrames} with people), exact count {r.ExactCountAccuracy:F4}, MAE {r.MeanAbsoluteError:F4}, presence {r.PresenceAccuracy:F4}");
}
