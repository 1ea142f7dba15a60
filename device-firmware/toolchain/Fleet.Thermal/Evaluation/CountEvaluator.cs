// SPDX-License-Identifier: MIT
using Fleet.Thermal.Synthetic;

namespace Fleet.Thermal.Evaluation;

/// <summary>Counts people with the detector (core defaults for the size) on synthetic sequences and compares with the ground truth.</summary>
public static class CountEvaluator
{
    /// <summary>Run over <paramref name="seeds"/> sequences of <paramref name="options"/> and pool the frames.</summary>
    public static CountResult Run(SyntheticSceneOptions options, IEnumerable<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seeds);
        int frames = 0, exact = 0, presenceOk = 0, peopleFrames = 0;
        long absError = 0;
        foreach (int seed in seeds)
        {
            using var detector = new ThermalDetector(options.Width, options.Height);
            foreach (SyntheticFrame f in SyntheticThermalGenerator.Generate(options, seed))
            {
                ThermalFrameResult r = detector.Process(f.PixelsCc, f.AmbientCc);
                frames++;
                exact += r.Count == f.Count ? 1 : 0;
                absError += Math.Abs(r.Count - f.Count);
                presenceOk += (r.Count > 0) == (f.Count > 0) ? 1 : 0;
                peopleFrames += f.Count > 0 ? 1 : 0;
            }
        }
        return new CountResult(options.Width, options.Height, frames, (double)exact / frames, (double)absError / frames,
                               (double)presenceOk / frames, peopleFrames);
    }
}
