// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using Fleet.Thermal.Omron;

namespace Fleet.Thermal.Evaluation;

/// <summary>The whole Omron presence evaluation (detector leave-one-room-out + baseline) and its printable report.</summary>
public static class ThermalPresenceEvaluation
{
    /// <summary>Load the dataset in <paramref name="datasetDir"/> and measure.</summary>
    public static ThermalPresenceReport Run(string datasetDir)
    {
        IReadOnlyList<LabelledRecording> recordings = OmronDataset.Load(datasetDir);
        IReadOnlyList<RoomFold> folds = PresenceEvaluator.LeaveOneRoomOut(recordings, PresenceGridPoint.Grid);
        PresenceCounts pooled = folds.Aggregate(PresenceCounts.Empty, (acc, f) => acc + f.HeldOut);
        return new ThermalPresenceReport(
            recordings.Count,
            recordings.Sum(r => (long)r.Recording.Frames.Count),
            recordings.Sum(r => (long)r.Recording.PacketErrorCount),
            folds,
            pooled,
            HottestPixelBaseline.TuneOnAll(recordings))
        {
            BaselineFolds = HottestPixelBaseline.LeaveOneRoomOut(recordings),
        };
    }

    /// <summary>A plain-text report (the figures in docs/detection.md come from this).</summary>
    public static string Format(ThermalPresenceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.AppendLine(ic, $"Omron D6T-44L presence: {report.Recordings} recordings, {report.Frames} rows, {report.PacketErrorRows} packet-error rows excluded");
        foreach (RoomFold f in report.Folds)
        {
            sb.AppendLine(ic, $"  held out {f.HeldOutRoom}: chosen {f.Chosen} (training BA {f.Training.BalancedAccuracy:F4}; {f.TiedPoints} grid points tie on training, held-out BA {f.TiedHeldOutMinBalancedAccuracy:F4}..{f.TiedHeldOutMaxBalancedAccuracy:F4})");
            sb.AppendLine(ic, $"    {f.HeldOut}");
        }
        sb.AppendLine(ic, $"Detector, leave-one-room-out pooled: {report.LeaveOneRoomOut}");
        sb.AppendLine(ic, $"Baseline (hottest - ambient > {report.Baseline.ThresholdCc} cc, tuned on all data): {report.Baseline.Counts}");
        foreach (BaselineFold f in report.BaselineFolds)
        {
            sb.AppendLine(ic, $"  baseline held out {f.HeldOutRoom}: threshold {f.ThresholdCc} cc chosen on the other rooms (training BA {f.Training.BalancedAccuracy:F4})");
            sb.AppendLine(ic, $"    {f.HeldOut}");
        }
        sb.AppendLine(ic, $"Baseline, leave-one-room-out pooled: {report.BaselineLeaveOneRoomOut}");
        return sb.ToString();
    }
}
