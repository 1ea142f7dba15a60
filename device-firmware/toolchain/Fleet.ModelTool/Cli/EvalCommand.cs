// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Fleet.ModelTool.Evaluation;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Cli;

/// <summary><c>eval MODEL --images IDX --labels IDX</c>: accuracy, confusion matrix, per-class precision/recall.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Path to a .network or Fleet-format (.flmd) model" };
        var images = new Option<string>("--images") { Description = "IDX ubyte images, 3-D (n, h, w), grayscale; or, for a tensor-input model, IDX float32 tensors (n, h, w, c)", Required = true };
        var labels = new Option<string>("--labels") { Description = "IDX ubyte labels, 1-D (n)", Required = true };
        var mode = CliCommon.ModeOption();
        var classLabels = new Option<string?>("--class-labels")
        {
            Description = "Dataset label of each output index, e.g. 1,0 for the smile net (output 0 = smile = label 1); default 0,1,2,…",
        };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N images" };
        var json = CliCommon.JsonOption();
        var cmd = new Command("eval", "Evaluate a model (.network or Fleet format) on an IDX dataset (C engine)")
        {
            model, images, labels, mode, classLabels, limit, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, error) =>
        {
            int? n = pr.GetValue(limit);
            if (n is < 1)
            {
                throw new ModelToolException("--limit must be at least 1");
            }

            // A bar only makes sense on a terminal; redirected stderr (CI, tests) gets plain lines.
            bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            string imagesPath = pr.GetValue(images)!;
            var progress = new ProgressReporter(error, interactive, CountFor(imagesPath, n));
            EvalResult r = IdxReader.ElementTypeOf(imagesPath, "images") == IdxReader.Float32
                ? Evaluator.EvaluateTensors(pr.GetValue(model)!, imagesPath, pr.GetValue(labels)!,
                    ParseLabels(pr.GetValue(classLabels)), n, progress)
                : Evaluator.Evaluate(pr.GetValue(model)!, imagesPath, pr.GetValue(labels)!,
                    CliCommon.RequestedMode(pr, mode), ParseLabels(pr.GetValue(classLabels)), n, progress);
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(output, r);
            }
            else
            {
                Print(output, r);
            }

            return 0;
        }));
        return cmd;
    }

    // The progress total needs the image count before the run; the IDX header holds it.
    private static int CountFor(string imagesPath, int? limit)
    {
        try
        {
            using FileStream f = File.OpenRead(imagesPath);
            Span<byte> head = stackalloc byte[8];
            int count = f.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8
                ? (int)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head[4..]), int.MaxValue)
                : 1;
            return limit is { } l ? Math.Min(l, count) : count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return limit ?? 1; // the reader reports the real problem right after
        }
    }

    public static IReadOnlyList<int>? ParseLabels(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var result = new List<int>();
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0 || v > 255)
            {
                throw new ModelToolException($"--class-labels '{text}': expected comma-separated labels 0..255");
            }

            result.Add(v);
        }

        return result;
    }

    private static void Print(TextWriter o, EvalResult r)
    {
        o.WriteLine($"{r.Model} ({r.Mode}): {r.Correct}/{r.N} correct, accuracy {r.Accuracy:0.0000} in {r.Seconds:0.0} s");
        o.WriteLine($"class labels (output index -> label): [{string.Join(", ", r.ClassLabels)}]");
        o.WriteLine("confusion (rows = true label, columns = predicted):");
        o.WriteLine("      " + string.Concat(r.Labels.Select(l => $"{l,7}")));
        for (int i = 0; i < r.Labels.Count; i++)
        {
            o.WriteLine($"{r.Labels[i],5} " + string.Concat(r.Confusion[i].Select(c => $"{c,7}")));
        }

        o.WriteLine($"{"label",5} {"support",8} {"precision",10} {"recall",8}");
        foreach (ClassMetrics m in r.PerClass)
        {
            o.WriteLine($"{m.Label,5} {m.Support,8} {Fmt(m.Precision),10} {Fmt(m.Recall),8}");
        }
    }

    private static string Fmt(double? v) => v is { } x ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
