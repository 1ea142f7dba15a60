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
        var samples = new List<(int Feature, bool Present)>();
        foreach (LabelledRecording rec in recordings)
        {
            foreach (OmronFrame f in rec.Recording.ValidFrames)
            {
                samples.Add((f.PixelsCc.Max() - f.AmbientCc, rec.PersonPresent));
            }
        }
        BaselineResult? best = null;
        for (int t = -1500; t <= 1500; t += 10)
        {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            foreach ((int feature, bool present) in samples)
            {
                bool predicted = feature > t;
                if (predicted && present) tp++;
                else if (predicted) fp++;
                else if (present) fn++;
                else tn++;
            }
            var counts = new PresenceCounts(tp, fp, tn, fn);
            if (best is null || counts.F1 > best.Counts.F1)
            {
                best = new BaselineResult(t, counts);
            }
        }
        return best!;
    }
}
