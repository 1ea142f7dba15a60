// SPDX-License-Identifier: MIT
using Fleet.Thermal.Omron;

namespace Fleet.Thermal.Evaluation;

/// <summary>
/// The reference the detector must beat: "present if the hottest pixel minus the sensor's ambient (PTAT) reading
/// is above one threshold", with the threshold tuned on all the data (an optimistic baseline: it sees every room).
/// </summary>
public static class HottestPixelBaseline
{
    /// <summary>Sweep thresholds in 0.1 °C steps and keep the one with the best F1.</summary>
    public static BaselineResult TuneOnAll(IEnumerable<LabelledRecording> recordings)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        List<(int Feature, bool Present)> samples = Samples(recordings);
        BaselineResult? best = null;
        for (int t = MinThresholdCc; t <= MaxThresholdCc; t += ThresholdStepCc)
        {
            PresenceCounts counts = Score(samples, t);
            if (best is null || counts.F1 > best.Counts.F1)
            {
                best = new BaselineResult(t, counts);
            }
        }
        return best!;
    }

    /// <summary>
    /// The same rule held to the detector's protocol: for each room, the threshold with the best balanced accuracy on
    /// the other rooms (ties: better F1, then the lower threshold), scored on the room itself. This is the fair
    /// comparison for a leave-one-room-out detector figure; <see cref="TuneOnAll"/> sees the evaluated room.
    /// </summary>
    public static IReadOnlyList<BaselineFold> LeaveOneRoomOut(IReadOnlyList<LabelledRecording> recordings)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        string[] rooms = recordings.Select(r => r.Room).Distinct().Order(StringComparer.Ordinal).ToArray();
        var folds = new List<BaselineFold>();
        foreach (string heldOut in rooms)
        {
            List<(int Feature, bool Present)> training = Samples(recordings.Where(r => r.Room != heldOut));
            int bestT = MinThresholdCc;
            PresenceCounts? bestCounts = null;
            for (int t = MinThresholdCc; t <= MaxThresholdCc; t += ThresholdStepCc)
            {
                PresenceCounts c = Score(training, t);
                if (bestCounts is null || c.BalancedAccuracy > bestCounts.BalancedAccuracy ||
                    (c.BalancedAccuracy == bestCounts.BalancedAccuracy && c.F1 > bestCounts.F1))
                {
                    bestT = t;
                    bestCounts = c;
                }
            }
            folds.Add(new BaselineFold(heldOut, bestT, bestCounts!, Score(Samples(recordings.Where(r => r.Room == heldOut)), bestT)));
        }
        return folds;
    }

    private const int MinThresholdCc = -1500;
    private const int MaxThresholdCc = 1500;
    private const int ThresholdStepCc = 10;

    private static List<(int Feature, bool Present)> Samples(IEnumerable<LabelledRecording> recordings)
    {
        var samples = new List<(int Feature, bool Present)>();
        foreach (LabelledRecording rec in recordings)
        {
            foreach (OmronFrame f in rec.Recording.ValidFrames)
            {
                samples.Add((f.PixelsCc.Max() - f.AmbientCc, rec.PersonPresent));
            }
        }
        return samples;
    }

    private static PresenceCounts Score(List<(int Feature, bool Present)> samples, int thresholdCc)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach ((int feature, bool present) in samples)
        {
            bool predicted = feature > thresholdCc;
            if (predicted && present) tp++;
            else if (predicted) fp++;
            else if (present) fn++;
            else tn++;
        }
        return new PresenceCounts(tp, fp, tn, fn);
    }
}
