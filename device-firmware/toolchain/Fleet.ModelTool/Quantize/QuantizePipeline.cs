// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Evaluation;
using Fleet.ModelTool.Formats;
using Fleet.ModelTool.Imaging;
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// import → calibrate → quantize → write (.network or FLMD, checked by the C loaders; FLMD with its self-test) →
/// evaluate float and quantized on the labelled set. The quantized figure comes from the written file run by the
/// C engine through <see cref="Evaluator"/>, the same path as <c>eval</c>.
/// </summary>
public static class QuantizePipeline
{
    public static ImportedModel Import(string modelPath, string? weightsPath, TensorShape? input)
    {
        try
        {
            if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                return OnnxImporter.Import(modelPath, input);
            }

            if (weightsPath is null)
            {
                throw new ModelToolException($"'{modelPath}' is taken as a Caffe prototxt; give its --weights CAFFEMODEL (or name an .onnx file)");
            }

            return CaffeImporter.Import(modelPath, weightsPath, input);
        }
        catch (ModelImportException ex)
        {
            throw new ModelToolException($"'{modelPath}': {ex.Message}", ex);
        }
    }

    public static QuantizeResult Run(QuantizeOptions o, StageProgress? progress, TextWriter? evalProgress)
    {
        ArgumentNullException.ThrowIfNull(o);
        bool toNetwork = o.OutPath.EndsWith(".network", StringComparison.OrdinalIgnoreCase);
        if (!toNetwork && !o.OutPath.EndsWith(".flmd", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelToolException($"--out '{o.OutPath}': name a .network (q7) or .flmd (Fleet model) file");
        }

        if (toNetwork && o.Scheme != "q7")
        {
            throw new ModelToolException("a .network holds q7 only; use --scheme q7 or write a .flmd");
        }

        if (!FleetModelWriter.IsValidModelId(o.ModelId))
        {
            throw new ModelToolException($"--model-id '{o.ModelId}': expected 1..31 characters of [A-Za-z0-9._-]");
        }

        if (o.CalibrationCount < 1)
        {
            throw new ModelToolException("--calibration-count must be at least 1");
        }

        var clock = Stopwatch.StartNew();
        bool tensors = CalibrationSet.IsTensorFile(o.CalibrationImages);
        if (tensors && (o.Scheme != "int8" || toNetwork))
        {
            throw new ModelToolException("a float32 tensor calibration set makes a tensor-input model: use --scheme int8 and a .flmd output");
        }

        if (tensors && (o.Mean is not null || o.Scale is not null))
        {
            throw new ModelToolException("--mean and --scale describe pixels; a tensor calibration set is used as it is");
        }

        ImportedModel imported = Import(o.ModelPath, o.WeightsPath, o.Input);
        FloatGraph graph = imported.Graph;
        if (tensors)
        {
            return RunOnTensors(o, graph, progress, evalProgress, clock);
        }

        IReadOnlyList<int> mean = o.Mean ?? imported.Mean?.Select(m => (int)Math.Round(m)).ToArray() ?? [0];
        if (mean.Count != 1 && mean.Count != graph.Input.C)
        {
            throw new ModelToolException($"--mean has {mean.Count} values for a {graph.Input.C}-channel input (give 1 or {graph.Input.C})");
        }

        float scale = o.Scale ?? imported.Scale ?? 1f;
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            throw new ModelToolException($"--scale {scale}: expected a positive number");
        }

        var pre = new InputPreprocessing(mean, scale);
        IReadOnlyList<string> names = ClassNames(o, graph.Output.Elements, out IReadOnlyList<int> classMap);

        CalibrationSet cal = CalibrationSet.Load(o.CalibrationImages, o.CalibrationLabels, o.CalibrationCount, pre, graph.Input);
        Action<string, int, int>? report = progress is null ? null : progress.Report;
        QuantizedModel q = o.Scheme == "q7"
            ? Q7Quantizer.Quantize(graph, pre, cal, classMap, report)
            : S8Quantizer.Quantize(graph, pre, cal, o.ModelId, o.ModelVersion, names, report);

        byte[] blob;
        if (toNetwork)
        {
            blob = q.Network!;
            try
            {
                using NetworkModel check = NetworkModel.Load(blob);
            }
            catch (NetworkLoadException ex)
            {
                throw new ModelToolException($"internal: the C loader rejects the quantized .network: {ex.Message}", ex);
            }
        }
        else
        {
            FleetModelSpec spec = q.Fleet ?? NetworkConverter.Convert(q.Network!, o.ModelId, o.ModelVersion, names);
            blob = FleetModelFinisher.Finish(spec, o.ModelPath);
        }

        double quantizeSeconds = clock.Elapsed.TotalSeconds;
        ConvertCommand.WriteAtomically(o.OutPath, blob);

        long? arena = null, flash = null;
        string? sha = null;
        if (!toNetwork)
        {
            FleetModelInfo info = FleetModel.Inspect(blob);
            (arena, flash, sha) = (info.ArenaBytes, info.FlashBytes, info.Sha256);
        }

        // Accuracy on the labelled set: float in C#, quantized on the C engine from the written file.
        var evalClock = Stopwatch.StartNew();
        string? evalImages = o.EvalImages ?? (o.CalibrationLabels is null ? null : o.CalibrationImages);
        string? evalLabels = o.EvalLabels ?? o.CalibrationLabels;
        double? floatAcc = null, quantAcc = null, cameraAcc = null;
        int evalN = 0;
        if (evalImages is not null && evalLabels is not null)
        {
            (floatAcc, evalN) = FloatAccuracy(graph, pre, evalImages, evalLabels, classMap, o.EvalLimit);
            EvalResult r = Evaluator.Evaluate(o.OutPath, evalImages, evalLabels, NetworkMode.Corrected, classMap, o.EvalLimit,
                evalProgress is null ? null : new ProgressReporter(evalProgress, false, evalN));
            quantAcc = r.Accuracy;
            if (toNetwork)
            {
                cameraAcc = Evaluator.Evaluate(o.OutPath, evalImages, evalLabels, NetworkMode.Camera, classMap, o.EvalLimit, null).Accuracy;
            }
        }

        return new QuantizeResult(o.ModelPath, graph.Source, q.Scheme, o.OutPath, toNetwork ? ".network" : "FLMD v1",
            graph.Parameters, graph.Macs, graph.Input.ToString(), mean, scale, cal.Count, q.CandidatesTried,
            Math.Round(quantizeSeconds, 3), q.Layers, blob.Length, arena, flash, sha, evalN, floatAcc, quantAcc, cameraAcc,
            Math.Round(evalClock.Elapsed.TotalSeconds, 3), q.Notes);
    }

    // A model whose input is not a picture: calibrated, written and scored on float32 tensors (int8 only).
    private static QuantizeResult RunOnTensors(QuantizeOptions o, FloatGraph graph, StageProgress? progress,
        TextWriter? evalProgress, Stopwatch clock)
    {
        IReadOnlyList<string> names = ClassNames(o, graph.Output.Elements, out IReadOnlyList<int> classMap);
        CalibrationSet cal = CalibrationSet.LoadTensors(o.CalibrationImages, o.CalibrationLabels, o.CalibrationCount, graph.Input);
        var unused = new InputPreprocessing([0], 1f);
        QuantizedModel q = S8Quantizer.Quantize(graph, unused, cal, o.ModelId, o.ModelVersion, names,
            progress is null ? null : progress.Report);
        byte[] blob = FleetModelFinisher.Finish(q.Fleet!, o.ModelPath);
        double quantizeSeconds = clock.Elapsed.TotalSeconds;
        ConvertCommand.WriteAtomically(o.OutPath, blob);
        FleetModelInfo info = FleetModel.Inspect(blob);

        var evalClock = Stopwatch.StartNew();
        string? evalTensors = o.EvalImages ?? (o.CalibrationLabels is null ? null : o.CalibrationImages);
        string? evalLabels = o.EvalLabels ?? o.CalibrationLabels;
        double? floatAcc = null, quantAcc = null;
        int evalN = 0;
        if (evalTensors is not null && evalLabels is not null)
        {
            (floatAcc, evalN) = FloatTensorAccuracy(graph, evalTensors, evalLabels, classMap, o.EvalLimit);
            quantAcc = Evaluator.EvaluateTensors(o.OutPath, evalTensors, evalLabels, classMap, o.EvalLimit,
                evalProgress is null ? null : new ProgressReporter(evalProgress, false, evalN)).Accuracy;
        }

        return new QuantizeResult(o.ModelPath, graph.Source, q.Scheme, o.OutPath, "FLMD v1 (tensor input)",
            graph.Parameters, graph.Macs, graph.Input.ToString(), [], 1f, cal.Count, q.CandidatesTried,
            Math.Round(quantizeSeconds, 3), q.Layers, blob.Length, info.ArenaBytes, info.FlashBytes, info.Sha256, evalN,
            floatAcc, quantAcc, null, Math.Round(evalClock.Elapsed.TotalSeconds, 3), q.Notes);
    }

    private static IReadOnlyList<string> ClassNames(QuantizeOptions o, int outputs, out IReadOnlyList<int> classMap)
    {
        classMap = o.ClassLabels ?? Enumerable.Range(0, outputs).ToArray();
        if (classMap.Count != outputs)
        {
            throw new ModelToolException($"--class-labels has {classMap.Count} entries but the model has {outputs} outputs");
        }

        IReadOnlyList<string> names = o.ClassNames ?? Enumerable.Range(0, outputs).Select(i => $"class{i}").ToArray();
        if (names.Count != outputs)
        {
            throw new ModelToolException($"--class-names has {names.Count} entries but the model has {outputs} outputs");
        }

        return names;
    }

    /// <summary>Float accuracy over a float32 IDX tensor set (no preprocessing).</summary>
    public static (double Accuracy, int N) FloatTensorAccuracy(FloatGraph graph, string tensorsPath, string labelsPath,
        IReadOnlyList<int> classMap, int? limit)
    {
        ArgumentNullException.ThrowIfNull(graph);
        IdxFloatArray tensors = CalibrationSet.ReadTensors(tensorsPath, "tensors", graph.Input);
        IdxArray labels = IdxReader.ReadFile(labelsPath, 1, "labels");
        if (tensors.Count != labels.Count)
        {
            throw new ModelToolException($"tensors has {tensors.Count} items but labels has {labels.Count}");
        }

        int n = limit is { } l ? Math.Min(l, tensors.Count) : tensors.Count;
        var engine = new FloatEngine(graph);
        int correct = 0;
        Parallel.For(0, n, () => 0, (i, _, c) =>
        {
            float[] y = engine.Run(0, tensors.Item(i).ToArray());
            return c + (classMap[QuantMath.ArgMax(y)] == labels.Data[i] ? 1 : 0);
        }, c => Interlocked.Add(ref correct, c));
        return (n > 0 ? (double)correct / n : 0, n);
    }

    /// <summary>Float accuracy over an IDX set with the device's preprocessing.</summary>
    public static (double Accuracy, int N) FloatAccuracy(FloatGraph graph, InputPreprocessing pre, string imagesPath, string labelsPath,
        IReadOnlyList<int> classMap, int? limit)
    {
        IdxArray images = IdxReader.ReadFile(imagesPath, 3, "images");
        IdxArray labels = IdxReader.ReadFile(labelsPath, 1, "labels");
        if (images.Count != labels.Count)
        {
            throw new ModelToolException($"images has {images.Count} items but labels has {labels.Count}");
        }

        int n = limit is { } l ? Math.Min(l, images.Count) : images.Count;
        var engine = new FloatEngine(graph);
        int h = images.Dims[1], w = images.Dims[2];
        int correct = 0;
        Parallel.For(0, n, () => 0, (i, _, c) =>
        {
            float[] y = engine.Run(0, pre.Apply(images.Item(i), w, h, graph.Input));
            return c + (classMap[QuantMath.ArgMax(y)] == labels.Data[i] ? 1 : 0);
        }, c => Interlocked.Add(ref correct, c));
        return (n > 0 ? (double)correct / n : 0, n);
    }
}
