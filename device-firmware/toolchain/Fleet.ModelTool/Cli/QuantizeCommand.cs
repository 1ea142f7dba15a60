// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Fleet.ModelTool.Import;
using Fleet.ModelTool.Quantize;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>quantize --model PROTOTXT|ONNX [--weights CAFFEMODEL] --calibration IMAGES_IDX [--labels LABELS_IDX]
/// [--mean M] [--scale S] [--scheme q7|int8] --out FILE [--json]</c>: import a float model, calibrate, quantize
/// (q7 power-of-two with the seed's bounded format search, or int8 per-channel), write a .network or a Fleet
/// model, and print the per-layer report and the accuracy before and after.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Float model: a Caffe .prototxt (with --weights) or an .onnx file", Required = true };
        var weights = new Option<string?>("--weights") { Description = "The Caffe .caffemodel (binary protobuf) for a prototxt" };
        var input = new Option<string?>("--input") { Description = "Input shape HxWxC when the model file states none (default: inferred)" };
        var calibration = new Option<string>("--calibration") { Description = "IDX ubyte images (n, h, w), grayscale, to calibrate on; or IDX float32 tensors (n, h, w, c) for a model whose input is not a picture (int8, tensor input)", Required = true };
        var labels = new Option<string?>("--labels") { Description = "IDX ubyte labels of the calibration images (accuracy-driven q7 search, accuracy report)" };
        var count = new Option<int>("--calibration-count") { Description = "Calibration images, picked at even strides (default 500)", DefaultValueFactory = _ => 500 };
        var mean = new Option<string?>("--mean") { Description = "Pixel mean, one value or one per channel (0..255); default: the model's, else 0" };
        var scale = new Option<float?>("--scale") { Description = "Input scale: x = (p - mean) * scale; default: the model's, else 1" };
        var scheme = new Option<string>("--scheme") { Description = "q7 (the seed's power-of-two format) or int8 (per-channel, CMSIS-NN s8)", DefaultValueFactory = _ => "q7" };
        scheme.AcceptOnlyFromAmong("q7", "int8");
        var output = new Option<string>("--out") { Description = "Output: FILE.network (q7) or FILE.flmd (q7 or int8); replaced if present", Required = true };
        var classLabels = new Option<string?>("--class-labels") { Description = "Dataset label of each output index, e.g. 1,0 for the smile net; default 0,1,2,…" };
        var classNames = new Option<string?>("--class-names") { Description = "FLMD label of each output (1..15 printable characters); default class0,class1,…" };
        var id = new Option<string>("--model-id") { Description = "FLMD model id", DefaultValueFactory = _ => "imported" };
        var version = new Option<uint>("--model-version") { Description = "FLMD model version", DefaultValueFactory = _ => 1 };
        var evalImages = new Option<string?>("--eval-images") { Description = "IDX images for the accuracy figures (default: the calibration file)" };
        var evalLabels = new Option<string?>("--eval-labels") { Description = "IDX labels for --eval-images (default: --labels)" };
        var evalLimit = new Option<int?>("--eval-limit") { Description = "Evaluate only the first N images" };
        var json = CliCommon.JsonOption();
        var cmd = new Command("quantize", "Import a Caffe or ONNX float model, quantize it (q7 or int8) on a calibration set, and write a .network or Fleet model")
        {
            model, weights, input, calibration, labels, count, mean, scale, scheme, output, classLabels, classNames, id, version,
            evalImages, evalLabels, evalLimit, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (stdout, stderr) =>
        {
            bool interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
            var o = new QuantizeOptions(pr.GetValue(model)!, pr.GetValue(weights), ParseShape(pr.GetValue(input)),
                pr.GetValue(calibration)!, pr.GetValue(labels), pr.GetValue(count), ParseMean(pr.GetValue(mean)), pr.GetValue(scale),
                pr.GetValue(scheme)!, pr.GetValue(output)!, EvalCommand.ParseLabels(pr.GetValue(classLabels)),
                ConvertCommand.ParseLabels(pr.GetValue(classNames)), pr.GetValue(id)!, pr.GetValue(version),
                pr.GetValue(evalImages), pr.GetValue(evalLabels), pr.GetValue(evalLimit));
            QuantizeResult r = QuantizePipeline.Run(o, new StageProgress(stderr, interactive), stderr);
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(stdout, r);
            }
            else
            {
                Print(stdout, r);
            }

            return 0;
        }));
        return cmd;
    }

    public static TensorShape? ParseShape(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] p = text.ToLowerInvariant().Split('x');
        if (p.Length == 3 && p.All(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v is >= 1 and <= 4096))
        {
            return new TensorShape(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture),
                int.Parse(p[2], CultureInfo.InvariantCulture));
        }

        throw new ModelToolException($"--input '{text}': expected HxWxC, e.g. 32x32x1");
    }

    public static IReadOnlyList<int>? ParseMean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var values = new List<int>();
        foreach (string s in text.Split(','))
        {
            if (!int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v is < 0 or > 255)
            {
                throw new ModelToolException($"--mean '{text}': expected integers 0..255, one or one per channel");
            }

            values.Add(v);
        }

        return values;
    }

    private static void Print(TextWriter o, QuantizeResult r)
    {
        o.WriteLine($"{r.Model} ({r.Source}): {r.Parameters:N0} parameters, {r.Macs:N0} MACs, input {r.Input}, " +
                    $"mean [{string.Join(",", r.Mean)}] scale {r.Scale.ToString("g6", CultureInfo.InvariantCulture)}");
        o.WriteLine($"{r.Scheme}: calibrated on {r.CalibrationImages} images" +
                    (r.CandidatesTried > 0 ? $", {r.CandidatesTried} format candidates evaluated" : "") + $", {r.QuantizeSeconds:0.0} s");
        o.WriteLine($"{"#",3} {"layer",-14} {"op",-15} {"shape",-11} {"range",-22} {"error %",8}  format");
        foreach (LayerReport l in r.Layers)
        {
            o.WriteLine($"{l.Index,3} {l.Name,-14} {l.Op,-15} {l.Shape,-11} {$"[{l.Min:g4}, {l.Max:g4}]",-22} {l.ErrorPercent,8:0.###}  {l.Format}");
        }

        o.WriteLine($"wrote {r.Output} ({r.Format}, {r.FileBytes:N0} bytes" +
                    (r.ArenaBytes is { } a ? $", arena {a:N0} bytes, flash {r.FlashBytes:N0} bytes, sha256 {r.Sha256}" : "") + ")");
        if (r.FloatAccuracy is { } f)
        {
            o.WriteLine($"accuracy on {r.EvalImages} images: float {f:0.0000}, quantized {r.QuantizedAccuracy:0.0000} (C engine" +
                        (r.QuantizedCameraAccuracy is { } c ? $", corrected mode; camera mode {c:0.0000})" : ")") +
                        $", {r.EvalSeconds:0.0} s");
        }

        foreach (string n in r.Notes)
        {
            o.WriteLine($"note: {n}");
        }
    }
}
