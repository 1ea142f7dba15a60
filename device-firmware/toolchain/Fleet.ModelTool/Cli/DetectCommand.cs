// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.Cascades;
using Fleet.Firmware.Interop.Detect;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Imaging;
using NativeCascade = Fleet.Firmware.Interop.Detect.HaarCascade;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>detect --cascade FILE --image FILE [--model FILE]</c>: Haar faces on the C core; with a model the whole
/// seed pipeline (<c>fl_pipeline_run</c>: faces → ROI [x+10, y+25, 0.7w, 0.7w] → smile CNN) in one native call.
/// </summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var cascade = new Option<string>("--cascade")
        {
            Description = "Haar cascade: OpenMV .cascade, Fleet FLHC, or OpenCV XML (*.xml, converted in memory to FLHC)",
            Required = true,
        };
        var model = new Option<string?>("--model")
        {
            Description = "Smile CNN (.network or Fleet-format model): adds a smile score and label per face",
        };
        var image = new Option<string>("--image")
        {
            Description = "Binary PGM (P5) or PPM (P6), maxval 255; PPM is converted to RGB565 like the camera",
            Required = true,
        };
        var mode = new Option<string>("--mode")
        {
            Description = "Haar detector: camera = OpenMV find_features() bit for bit; opencv = OpenCV detectMultiScale()",
            DefaultValueFactory = _ => "camera",
        };
        mode.AcceptOnlyFromAmong("camera", "opencv");
        var scale = new Option<float?>("--scale-factor")
        {
            Description = "Pyramid scale factor, > 1 and <= 4 (default: camera 1.25 as in the seed's smile example, opencv 1.1)",
        };
        var threshold = new Option<float?>("--threshold")
        {
            Description = "Camera mode: stage threshold multiplier (default 0.75, the seed's smile example)",
        };
        var neighbors = new Option<int?>("--min-neighbors")
        {
            Description = "OpenCV mode: groupRectangles minNeighbors (default 3; 0 = raw windows)",
        };
        var stages = new Option<int?>("--stages") { Description = "Use only the first N cascade stages (HaarCascade(path, stages=N))" };
        var netMode = new Option<string>("--net-mode")
        {
            Description = ".network only: camera = firmware 3.0 bit for bit (default), corrected = its quirks fixed",
            DefaultValueFactory = _ => "camera",
        };
        netMode.AcceptOnlyFromAmong("camera", "corrected");
        var smileThreshold = new Option<float>("--smile-threshold")
        {
            Description = "Label a face \"smile\" when its score exceeds this (default 0.8, the seed's example)",
            DefaultValueFactory = _ => 0.8f,
        };
        var annotate = new Option<string?>("--annotate") { Description = "Write a PNG with the boxes (and smile scores) drawn" };
        var json = CliCommon.JsonOption();
        var cmd = new Command("detect",
            "Find faces with a Haar cascade on the C core; with --model, run the seed's smile pipeline on each face")
        {
            cascade, model, image, mode, scale, threshold, neighbors, stages, netMode, smileThreshold, annotate, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, _) =>
        {
            var request = new DetectRequest(pr.GetValue(cascade)!, pr.GetValue(model), pr.GetValue(image)!,
                pr.GetValue(mode) == "opencv" ? HaarMode.OpenCv : HaarMode.Camera, pr.GetValue(scale),
                pr.GetValue(threshold), pr.GetValue(neighbors), pr.GetValue(stages),
                CliCommon.ParseMode(pr.GetValue(netMode)), pr.GetValue(smileThreshold), pr.GetValue(annotate));
            DetectResult r = Run(request);
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(output, r);
            }
            else
            {
                output.WriteLine($"{r.Image}: {r.Boxes.Count} face(s) ({r.Mode}, {r.Stages} stages, scale {CliCommon.F(r.ScaleFactor)})");
                for (int i = 0; i < r.Boxes.Count; i++)
                {
                    string box = $"[{string.Join(", ", r.Boxes[i])}]";
                    output.WriteLine(r.Smile is { } s
                        ? $"  {box} smile {(s[i] is { } v ? CliCommon.F(v) : "-")} {r.Labels![i] ?? "(not classified)"}"
                        : $"  {box}");
                }

                if (r.Annotated is { } png)
                {
                    output.WriteLine($"annotated: {png}");
                }
            }

            return 0;
        }));
        return cmd;
    }

    public static DetectResult Run(DetectRequest q)
    {
        ArgumentNullException.ThrowIfNull(q);
        PnmImage img = PnmReader.ReadFile(q.ImagePath);
        using NativeCascade cascade = LoadCascade(q.CascadePath);
        if (q.Stages is { } n)
        {
            if (n < 1)
            {
                throw new ModelToolException($"--stages {n}: must be at least 1");
            }

            cascade.Truncate(n);
        }

        SmilePipelineOptions options = SmilePipelineOptions.Default(q.Mode);
        HaarOptions haar = options.Haar with
        {
            ScaleFactor = q.ScaleFactor ?? options.Haar.ScaleFactor,
            Threshold = q.Threshold ?? options.Haar.Threshold,
            MinNeighbors = q.MinNeighbors ?? options.Haar.MinNeighbors,
        };
        if (!(haar.ScaleFactor > 1f && haar.ScaleFactor <= 4f))
        {
            throw new ModelToolException($"--scale-factor {CliCommon.F(haar.ScaleFactor)}: must be > 1 and <= 4");
        }

        if (haar.MinNeighbors < 0)
        {
            throw new ModelToolException($"--min-neighbors {haar.MinNeighbors}: must be >= 0");
        }

        options = options with { Haar = haar, NetworkMode = q.NetMode, SmileThreshold = q.SmileThreshold };
        NetworkImage frame = img.ToNetworkImage();
        DetectResult result;
        try
        {
            result = q.ModelPath is null ? FacesOnly(q, cascade, haar, frame) : WithModel(q, cascade, options, frame);
        }
        catch (NnKernelException ex)
        {
            throw new ModelToolException($"detection failed: {ex.Message}", ex);
        }

        if (q.AnnotatePath is { } outPath)
        {
            WriteAnnotated(img, result, outPath);
            result = result with { Annotated = outPath };
        }

        return result;
    }

    private static DetectResult FacesOnly(DetectRequest q, NativeCascade cascade, HaarOptions haar, NetworkImage frame)
    {
        HaarDetection d = HaarDetector.Detect(cascade, haar, frame);
        return Base(q, cascade, haar, d.Boxes, d.Stats);
    }

    private static DetectResult WithModel(DetectRequest q, NativeCascade cascade, SmilePipelineOptions options,
        NetworkImage frame)
    {
        byte[] blob = ReadFile(q.ModelPath!, "model");
        using SmilePipeline pipeline = CreatePipeline(cascade, blob, q.ModelPath!);
        PipelineResult r = pipeline.Run(frame, options);
        DetectResult b = Base(q, cascade, options.Haar, r.Faces.Select(f => f.Face).ToArray(), r.Stats);
        return b with
        {
            Detected = r.Detected,
            Model = q.ModelPath,
            NetMode = pipeline.IsFleetModel ? "corrected" : CliCommon.ModeName(options.NetworkMode),
            SmileThreshold = options.SmileThreshold,
            Smile = r.Faces.Select(f => f.Score).ToArray(),
            Labels = r.Faces.Select(f => f.Smile is { } s ? (s ? "smile" : "no_smile") : null).ToArray(),
            Faces = r.Faces.Select(f => new DetectFace([f.Face.X, f.Face.Y, f.Face.W, f.Face.H],
                f.Roi is { } roi ? [roi.X, roi.Y, roi.W, roi.H] : null, f.Score,
                f.Smile is { } s ? (s ? "smile" : "no_smile") : null)).ToArray(),
        };
    }

    private static DetectResult Base(DetectRequest q, NativeCascade cascade, HaarOptions haar,
        IReadOnlyList<HaarBox> boxes, HaarStats stats) =>
        new(q.ImagePath, q.CascadePath, q.Mode == HaarMode.OpenCv ? "opencv" : "camera", cascade.Stages,
            haar.ScaleFactor, haar.Threshold, haar.MinNeighbors,
            boxes.Select(b => (IReadOnlyList<int>)[b.X, b.Y, b.W, b.H]).ToArray(), stats.Objects, stats.Raw);

    private static SmilePipeline CreatePipeline(NativeCascade cascade, byte[] blob, string path)
    {
        try
        {
            return SmilePipeline.Create(cascade, blob);
        }
        catch (Exception ex) when (ex is NetworkLoadException or FleetModelLoadException)
        {
            throw new ModelToolException($"model '{path}' is invalid: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a cascade of any accepted format; OpenCV XML goes through Fleet.Cascades to FLHC first.</summary>
    public static NativeCascade LoadCascade(string path)
    {
        byte[] blob;
        if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                blob = FleetCascadeWriter.Write(OpenCvXmlReader.ReadFile(path));
            }
            catch (CascadeFormatException ex)
            {
                throw new ModelToolException($"cascade '{path}' is invalid: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ModelToolException($"cascade '{path}': {PnmReader.Describe(ex)}", ex);
            }
        }
        else
        {
            blob = ReadFile(path, "cascade");
        }

        try
        {
            return NativeCascade.Load(blob);
        }
        catch (CascadeLoadException ex)
        {
            throw new ModelToolException($"cascade '{path}' is invalid: {ex.Message}", ex);
        }
    }

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"{what} '{path}': {PnmReader.Describe(ex)}", ex);
        }
    }

    private static void WriteAnnotated(PnmImage img, DetectResult r, string path)
    {
        var canvas = new AnnotatedImage(img);
        for (int i = 0; i < r.Boxes.Count; i++)
        {
            IReadOnlyList<int> b = r.Boxes[i];
            float? score = r.Smile?[i];
            // Green = smile, red = no smile, yellow = no model / not classified.
            (byte, byte, byte) colour = score is null ? ((byte)255, (byte)220, (byte)0)
                : r.Labels![i] == "smile" ? ((byte)0, (byte)230, (byte)0) : ((byte)255, (byte)40, (byte)40);
            canvas.DrawRect(b[0], b[1], b[2], b[3], colour);
            if (r.Faces?[i].Roi is { } roi)
            {
                canvas.DrawRect(roi[0], roi[1], roi[2], roi[3], ((byte)0, (byte)160, (byte)255), thickness: 1);
            }

            if (score is { } s)
            {
                canvas.DrawText(b[0] + 3, b[1] + 3, CliCommon.F(s, "0.00"), colour);
            }
        }

        try
        {
            File.WriteAllBytes(path, canvas.ToPng());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"--annotate '{path}': {PnmReader.Describe(ex)}", ex);
        }
    }
}
