// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Thermal.Evaluation;

namespace Fleet.Thermal.Tests;

/// <summary>Thresholds the figure tests assert and the report formatting they share.</summary>
public static class ThermalFigures
{
    /// <summary>
    /// Floor for the leave-one-room-out balanced accuracy: the goal, 0.97 (measured 0.9770 pooled). The
    /// held-out-Bedroom fold rests on the grid-order tie-break (48 points tie on Bathroom; their Bedroom figures span
    /// 0.8987..0.9786); see docs/detection.md (## Thermal).
    /// </summary>
    public const double MinOmronBalancedAccuracy = 0.97;

    /// <summary>
    /// The detector's leave-one-room-out balanced accuracy must beat the hottest-pixel baseline held to the same
    /// protocol in the same run (measured 0.9770 against 0.6532) by at least this much.
    /// </summary>
    public const double MinMarginOverLeaveOneRoomOutBaseline = 0.30;

    /// <summary>
    /// The detector held out must also beat the baseline tuned on all data (0.9434), which sees the evaluated room.
    /// </summary>
    public const double MinMarginOverTunedBaseline = 0.02;

    /// <summary>Regression floor for the leave-one-room-out F1 (measured 0.9924).</summary>
    public const double MinOmronF1 = 0.99;

    /// <summary>Floor for the share of synthetic frames with the exact person count.</summary>
    public const double MinExactCountAccuracy = 0.90;

    /// <summary>Seeds of the synthetic count figures (fixed, so the figures are reproducible).</summary>
    public static IReadOnlyList<int> SyntheticSeeds { get; } = [1, 2, 3];

    public static string Format(CountResult r) => string.Create(CultureInfo.InvariantCulture,
        $"Synthetic {r.Width}x{r.Height}: {r.Frames} frames ({r.TruePeopleFrames} with people), exact count {r.ExactCountAccuracy:F4}, MAE {r.MeanAbsoluteError:F4}, presence {r.PresenceAccuracy:F4}");
}
