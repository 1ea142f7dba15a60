// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Cli;

/// <summary><c>run MODEL --image FILE</c>: one inference on the C engine, as Net.forward did on the camera.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Path to a .network or Fleet-format (.flmd) model" };
        var image = new Option<string>("--image")
        {
            Description = "Binary PGM (P5) or PPM (P6), maxval 255; PPM is converted to RGB565 like the camera",
            Required = true,
        };
        var roi = new Option<string?>("--roi") { Description = "Region x,y,w,h (default: whole image); clipped, then stretched" };
        var mode = CliCommon.ModeOption();
        var softmax = new Option<bool>("--softmax")
        {
            Description = "Apply the softmax (camera: arm_softmax_q7 on the int8 outputs; corrected and Fleet q7: base-2 softmax of the scores)",
        };
        var json = CliCommon.JsonOption();
        var cmd = new Command("run", "Run a model (.network or Fleet format) on one image and print the int8 outputs and scores")
        {
            model, image, roi, mode, softmax, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, _) =>
        {
            RunResult r = Run(pr.GetValue(model)!, pr.GetValue(image)!, ParseRoi(pr.GetValue(roi)),
                CliCommon.RequestedMode(pr, mode), pr.GetValue(softmax));
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(output, r);
            }
            else
            {
                output.WriteLine($"{r.Model} on {r.Image} ({r.Mode}{(r.Softmax ? ", softmax" : "")})");
                output.WriteLine($"output: [{string.Join(", ", r.Output)}]");
                output.WriteLine($"scores: [{string.Join(", ", r.Scores.Select(s => CliCommon.F(s)))}]");
                output.WriteLine(r.TopLabel is { } label ? $"top: {r.Top} ({label})" : $"top: {r.Top}");
            }

            return 0;
        }));
        return cmd;
    }

    public static RunResult Run(string modelPath, string imagePath, NetworkRect? roi, NetworkMode? requestedMode, bool softmax)
    {
        using LoadedModel model = CliCommon.LoadModel(modelPath);
        NetworkMode mode = model.ResolveMode(requestedMode);
        PnmImage img = PnmReader.ReadFile(imagePath);
        if (roi is { } r && (r.X >= img.Width || r.Y >= img.Height || r.X + r.W <= 0 || r.Y + r.H <= 0))
        {
            throw new ModelToolException($"--roi {r.X},{r.Y},{r.W},{r.H} does not overlap the {img.Width}x{img.Height} image");
        }

        var input = new sbyte[model.InputLength];
        model.Preprocess(img.ToNetworkImage(), roi, mode, NetworkResize.Nearest, input);
        var q = new sbyte[model.Outputs];
        model.Run(input, mode, softmax, q);
        float[] scores = model.Scores(mode, softmax, q);
        int top = ArgMax(q);
        return new RunResult(modelPath, imagePath, CliCommon.ModeName(mode), softmax,
            roi is { } v ? [v.X, v.Y, v.W, v.H] : null, q.Select(x => (int)x).ToArray(), scores, top,
            model.Fleet?.Labels[top]);
    }

    /// <summary>Index of the first maximum (what the firmware's unit test used).</summary>
    public static int ArgMax(ReadOnlySpan<sbyte> q)
    {
        int best = 0;
        for (int i = 1; i < q.Length; i++)
        {
            if (q[i] > q[best])
            {
                best = i;
            }
        }

        return best;
    }

    public static NetworkRect? ParseRoi(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] parts = text.Split(',');
        var v = new int[4];
        if (parts.Length != 4 || !parts.Select((p, i) => int.TryParse(p.Trim(), NumberStyles.Integer,
                CultureInfo.InvariantCulture, out v[i])).All(ok => ok))
        {
            throw new ModelToolException($"--roi '{text}': expected four integers x,y,w,h");
        }

        if (v[2] < 1 || v[3] < 1)
        {
            throw new ModelToolException($"--roi '{text}': width and height must be at least 1");
        }

        return new NetworkRect(v[0], v[1], v[2], v[3]);
    }
}
