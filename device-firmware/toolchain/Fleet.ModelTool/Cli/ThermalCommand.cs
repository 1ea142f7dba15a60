// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.Thermal;
using Fleet.Thermal.Omron;
using Fleet.Thermal.Synthetic;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>thermal --csv FILE | --synthetic SPEC</c>: the core's thermal people detector (Fleet.Thermal →
/// fl_thermal_*) with its default settings for the sensor size, frame by frame from a cold start.
/// </summary>
internal static class ThermalCommand
{
    public static Command Create()
    {
        var csv = new Option<string?>("--csv") { Description = "Omron D6T-44L recording (4x4 CSV, as in the presence data set); packet-error rows are skipped" };
        var synthetic = new Option<string?>("--synthetic")
        {
            Description = "Synthetic scene WxH[:frames=N,people=N,seed=N,distractors=radiator+window|none], e.g. 32x24:frames=600,people=2,seed=1",
        };
        var json = CliCommon.JsonOption();
        var cmd = new Command("thermal",
            "Run the thermal people detector on an Omron CSV or a synthetic scene: per-frame count and presence, and a summary")
        {
            csv, synthetic, json,
        };
        cmd.Validators.Add(r =>
        {
            if ((r.GetResult(csv) is null) == (r.GetResult(synthetic) is null))
            {
                r.AddError("give exactly one of --csv and --synthetic");
            }
        });
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, _) =>
        {
            ThermalResult r = pr.GetValue(csv) is { } path ? RunCsv(path) : RunSynthetic(pr.GetValue(synthetic)!);
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(output, r);
            }
            else
            {
                ThermalSummary s = r.Summary;
                output.WriteLine($"{r.Source} {r.Input} ({r.Width}x{r.Height}): {s.Frames} frames, presence " +
                                 $"{CliCommon.F(s.PresenceRatio)}, mean count {CliCommon.F(s.MeanCount)}" +
                                 (s.ExactCountAccuracy is { } a ? $", exact count {CliCommon.F(a)}, MAE {CliCommon.F(s.CountMae!.Value)}" : ""));
            }

            return 0;
        }));
        return cmd;
    }

    public static ThermalResult RunCsv(string path)
    {
        OmronRecording rec;
        try
        {
            rec = OmronCsvReader.ReadFile(path);
        }
        catch (OmronFormatException ex)
        {
            throw new ModelToolException($"--csv '{path}': {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"--csv '{path}': {Imaging.PnmReader.Describe(ex)}", ex);
        }

        using var detector = new ThermalDetector(4, 4);
        var frames = new List<ThermalFrame>();
        foreach (OmronFrame f in rec.ValidFrames)
        {
            ThermalFrameResult r = detector.Process(f.PixelsCc, f.AmbientCc);
            frames.Add(new ThermalFrame(frames.Count, r.Count, r.Present));
        }

        return new ThermalResult("csv", path, 4, 4, Summarise(frames), frames, rec.PacketErrorCount);
    }

    public static ThermalResult RunSynthetic(string spec)
    {
        SyntheticSpec s = SyntheticSpec.Parse(spec);
        IReadOnlyList<SyntheticFrame> scene = SyntheticThermalGenerator.Generate(s.Options, s.Seed);
        using var detector = new ThermalDetector(s.Options.Width, s.Options.Height);
        var frames = new List<ThermalFrame>(scene.Count);
        foreach (SyntheticFrame f in scene)
        {
            ThermalFrameResult r = detector.Process(f.PixelsCc, f.AmbientCc);
            frames.Add(new ThermalFrame(frames.Count, r.Count, r.Present, f.Count));
        }

        return new ThermalResult("synthetic", spec, s.Options.Width, s.Options.Height, Summarise(frames), frames);
    }

    private static ThermalSummary Summarise(IReadOnlyList<ThermalFrame> frames)
    {
        if (frames.Count == 0)
        {
            return new ThermalSummary(0, 0, 0);
        }

        bool truth = frames[0].Truth is not null;
        return new ThermalSummary(frames.Count, Math.Round(frames.Average(f => f.Present ? 1.0 : 0.0), 6),
            Math.Round(frames.Average(f => f.Count), 6),
            truth ? Math.Round(frames.Average(f => f.Count == f.Truth ? 1.0 : 0.0), 6) : null,
            truth ? Math.Round(frames.Average(f => (double)Math.Abs(f.Count - f.Truth!.Value)), 6) : null);
    }
}
