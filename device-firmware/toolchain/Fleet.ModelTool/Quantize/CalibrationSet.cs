// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Imaging;
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// The images the quantizer calibrates on: <c>count</c> items of an IDX set picked at even strides
/// (floor(i·n/count)), so a set sorted by class (the smile subset) still gives every class; their float input
/// tensors and, when a labels file is given, their dataset labels.
/// </summary>
public sealed class CalibrationSet
{
    private CalibrationSet(IReadOnlyList<float[]> inputs, IReadOnlyList<int>? labels)
    {
        Inputs = inputs;
        Labels = labels;
    }

    public IReadOnlyList<float[]> Inputs { get; }

    /// <summary>Dataset label of each input, or null without a labels file.</summary>
    public IReadOnlyList<int>? Labels { get; }

    public int Count => Inputs.Count;

    public static CalibrationSet Load(string imagesPath, string? labelsPath, int count, InputPreprocessing pre, TensorShape net)
    {
        ArgumentNullException.ThrowIfNull(pre);
        IdxArray images = IdxReader.ReadFile(imagesPath, 3, "calibration images");
        IdxArray? labels = labelsPath is null ? null : IdxReader.ReadFile(labelsPath, 1, "calibration labels");
        if (labels is not null && labels.Count != images.Count)
        {
            throw new ModelToolException($"calibration images has {images.Count} items but labels has {labels.Count}");
        }

        if (images.Count == 0)
        {
            throw new ModelToolException("the calibration set is empty");
        }

        int n = Math.Min(count, images.Count);
        int h = images.Dims[1], w = images.Dims[2];
        var inputs = new float[n][];
        var picked = new int[n];
        for (int i = 0; i < n; i++)
        {
            int idx = (int)((long)i * images.Count / n);
            picked[i] = labels?.Data[idx] ?? 0;
            inputs[i] = pre.Apply(images.Item(idx), w, h, net);
        }

        return new CalibrationSet(inputs, labels is null ? null : picked);
    }

    /// <summary>A set from tensors already made (tests).</summary>
    public static CalibrationSet FromTensors(IReadOnlyList<float[]> inputs, IReadOnlyList<int>? labels) => new(inputs, labels);
}
