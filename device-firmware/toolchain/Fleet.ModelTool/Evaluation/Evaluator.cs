// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Evaluation;

/// <summary>
/// Classifies every image of an IDX set with the C engine (grayscale, whole image as ROI, the camera's
/// nearest-neighbour stretch to the net's input; a Fleet model uses its input spec's resize) and compares
/// argmax → dataset label with the labels file. Tensor-input Fleet models are scored on float32 IDX tensors instead.
/// </summary>
public static class Evaluator
{
    /// <summary>mode null = the format's default (camera for .network, corrected for a Fleet model).</summary>
    public static EvalResult Evaluate(string modelPath, string imagesPath, string labelsPath, NetworkMode? requestedMode,
        IReadOnlyList<int>? classLabels, int? limit, ProgressReporter? progress)
    {
        using LoadedModel model = CliCommon.LoadModel(modelPath);
        NetworkMode mode = model.ResolveMode(requestedMode);
        if (model.Fleet?.Info.Input.Colour == FleetModelColour.Tensor)
        {
            throw new ModelToolException($"'{modelPath}' takes a tensor, not a picture: give a float32 IDX tensor file");
        }

        IdxArray images = IdxReader.ReadFile(imagesPath, 3, "images");
        IdxArray labels = ReadLabels(labelsPath, images.Count, "images");
        int h = images.Dims[1], w = images.Dims[2];
        var pixels = new byte[h * w];
        return Score(model, modelPath, mode, labels, limit, classLabels, progress, (i, input) =>
        {
            images.Item(i).CopyTo(pixels);
            model.Preprocess(NetworkImage.FromGray(pixels, w, h), null, mode, NetworkResize.Nearest, input);
        });
    }

    /// <summary>
    /// A Fleet model with a tensor input over a float32 IDX file (n, h, w, c): each tensor quantized with the
    /// model's input scale and zero point, as a device would.
    /// </summary>
    public static EvalResult EvaluateTensors(string modelPath, string tensorsPath, string labelsPath,
        IReadOnlyList<int>? classLabels, int? limit, ProgressReporter? progress)
    {
        using LoadedModel model = CliCommon.LoadModel(modelPath);
        FleetModel fleet = model.Fleet is { Info.Input.Colour: FleetModelColour.Tensor } f ? f
            : throw new ModelToolException($"'{modelPath}' takes a picture, not a tensor: give IDX ubyte images");
        FleetModelInput spec = fleet.Info.Input;
        IdxFloatArray tensors = IdxReader.ReadFloatFile(tensorsPath, 4, "tensors");
        if (tensors.ItemSize != fleet.InputLength || tensors.Dims[3] != spec.Channels)
        {
            throw new ModelToolException(
                $"tensors '{tensorsPath}': items are {tensors.Dims[1]}x{tensors.Dims[2]}x{tensors.Dims[3]} but the model takes {spec.Height}x{spec.Width}x{spec.Channels}");
        }

        IdxArray labels = ReadLabels(labelsPath, tensors.Count, "tensors");
        return Score(model, modelPath, NetworkMode.Corrected, labels, limit, classLabels, progress,
            (i, input) => fleet.QuantizeTensor(tensors.Item(i), input));
    }

    private static IdxArray ReadLabels(string labelsPath, int items, string what)
    {
        IdxArray labels = IdxReader.ReadFile(labelsPath, 1, "labels");
        if (items != labels.Count)
        {
            throw new ModelToolException($"{what} has {items} items but labels has {labels.Count}");
        }

        return labels;
    }

    private static EvalResult Score(LoadedModel model, string modelPath, NetworkMode mode, IdxArray labels, int? limit,
        IReadOnlyList<int>? classLabels, ProgressReporter? progress, Action<int, sbyte[]> fillInput)
    {
        int outputs = model.Outputs;
        IReadOnlyList<int> map = classLabels ?? Enumerable.Range(0, outputs).ToArray();
        if (map.Count != outputs)
        {
            throw new ModelToolException($"--class-labels has {map.Count} entries but the model has {outputs} outputs");
        }

        if (map.Distinct().Count() != map.Count)
        {
            throw new ModelToolException("--class-labels lists a label twice");
        }

        int n = limit is { } l ? Math.Min(l, labels.Count) : labels.Count;
        int[] matrixLabels = map.Concat(labels.Data.Take(n).Select(b => (int)b)).Distinct().Order().ToArray();
        var index = matrixLabels.Select((label, i) => (label, i)).ToDictionary(t => t.label, t => t.i);
        var confusion = new int[matrixLabels.Length, matrixLabels.Length];
        var input = new sbyte[model.InputLength];
        var q = new sbyte[outputs];
        int correct = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            fillInput(i, input);
            model.Run(input, mode, softmax: false, q);
            int predicted = map[RunCommand.ArgMax(q)];
            int truth = labels.Data[i];
            confusion[index[truth], index[predicted]]++;
            correct += predicted == truth ? 1 : 0;
            progress?.Report(i + 1, correct);
        }

        return Build(modelPath, mode, n, correct, map, matrixLabels, confusion, clock.Elapsed.TotalSeconds);
    }

    private static EvalResult Build(string model, NetworkMode mode, int n, int correct, IReadOnlyList<int> map,
        int[] labels, int[,] confusion, double seconds)
    {
        int k = labels.Length;
        var rows = new List<IReadOnlyList<int>>();
        var perClass = new List<ClassMetrics>();
        for (int i = 0; i < k; i++)
        {
            int support = 0, predicted = 0;
            var row = new int[k];
            for (int j = 0; j < k; j++)
            {
                row[j] = confusion[i, j];
                support += confusion[i, j];
                predicted += confusion[j, i];
            }

            rows.Add(row);
            int tp = confusion[i, i];
            perClass.Add(new ClassMetrics(labels[i], support, predicted, tp,
                predicted > 0 ? (double)tp / predicted : null, support > 0 ? (double)tp / support : null));
        }

        return new EvalResult(model, CliCommon.ModeName(mode), n, correct, n > 0 ? (double)correct / n : 0, map,
            labels, rows, perClass, Math.Round(seconds, 3));
    }
}
