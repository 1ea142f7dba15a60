// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Cli;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Evaluation;

/// <summary>
/// Classifies every image of an IDX set with the C engine (grayscale, whole image as ROI, the camera's
/// nearest-neighbour stretch to the net's input; a Fleet model uses its input spec's resize) and compares
/// argmax → dataset label with the labels file.
/// </summary>
public static class Evaluator
{
    /// <summary>mode null = the format's default (camera for .network, corrected for a Fleet model).</summary>
    public static EvalResult Evaluate(string modelPath, string imagesPath, string labelsPath, NetworkMode? requestedMode,
        IReadOnlyList<int>? classLabels, int? limit, ProgressReporter? progress)
    {
        using (LoadedModel model = CliCommon.LoadModel(modelPath))
        {
            NetworkMode mode = model.ResolveMode(requestedMode);
            IdxArray images = IdxReader.ReadFile(imagesPath, 3, "images");
            IdxArray labels = IdxReader.ReadFile(labelsPath, 1, "labels");
            if (images.Count != labels.Count)
            {
                throw new ModelToolException($"images has {images.Count} items but labels has {labels.Count}");
            }

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

            int n = limit is { } l ? Math.Min(l, images.Count) : images.Count;
            int h = images.Dims[1], w = images.Dims[2];
            int[] matrixLabels = map.Concat(labels.Data.Take(n).Select(b => (int)b)).Distinct().Order().ToArray();
            var index = matrixLabels.Select((label, i) => (label, i)).ToDictionary(t => t.label, t => t.i);
            var confusion = new int[matrixLabels.Length, matrixLabels.Length];
            var pixels = new byte[h * w];
            var input = new sbyte[model.InputLength];
            var q = new sbyte[outputs];
            int correct = 0;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                images.Item(i).CopyTo(pixels);
                model.Preprocess(NetworkImage.FromGray(pixels, w, h), null, mode, NetworkResize.Nearest, input);
                model.Run(input, mode, softmax: false, q);
                int predicted = map[RunCommand.ArgMax(q)];
                int truth = labels.Data[i];
                confusion[index[truth], index[predicted]]++;
                correct += predicted == truth ? 1 : 0;
                progress?.Report(i + 1, correct);
            }

            return Build(modelPath, mode, n, correct, map, matrixLabels, confusion, clock.Elapsed.TotalSeconds);
        }
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
