// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Imaging;
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// The images the quantizer calibrates on: <c>count</c> items of an IDX set picked at even strides
/// (floor(i·n/count)), so a set sorted by class (the smile subset) still gives every class; their float input
/// tensors and, when a labels file is given, their dataset labels. A float32 IDX file (n, h, w, c) is a set of
/// ready-made input tensors for a model that does not take a picture (<see cref="IsTensor"/>): used as they are.
/// </summary>
public sealed class CalibrationSet
{
    private CalibrationSet(IReadOnlyList<float[]> inputs, IReadOnlyList<int>? labels, bool isTensor = false)
    {
        Inputs = inputs;
        Labels = labels;
        IsTensor = isTensor;
    }

    /// <summary>Whether the inputs came from a float32 tensor file rather than pictures.</summary>
    public bool IsTensor { get; }

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

    /// <summary>True when the file is a float32 IDX (tensors), false for unsigned-byte pictures.</summary>
    public static bool IsTensorFile(string path) => IdxReader.ElementTypeOf(path, "calibration set") == IdxReader.Float32;

    /// <summary><c>count</c> tensors of a float32 IDX file shaped (n, h, w, c) = the net's input, at even strides.</summary>
    public static CalibrationSet LoadTensors(string tensorsPath, string? labelsPath, int count, TensorShape net)
    {
        IdxFloatArray tensors = ReadTensors(tensorsPath, "calibration tensors", net);
        IdxArray? labels = labelsPath is null ? null : IdxReader.ReadFile(labelsPath, 1, "calibration labels");
        if (labels is not null && labels.Count != tensors.Count)
        {
            throw new ModelToolException($"calibration tensors has {tensors.Count} items but labels has {labels.Count}");
        }

        int n = Math.Min(count, tensors.Count);
        var inputs = new float[n][];
        var picked = new int[n];
        for (int i = 0; i < n; i++)
        {
            int idx = (int)((long)i * tensors.Count / n);
            picked[i] = labels?.Data[idx] ?? 0;
            inputs[i] = tensors.Item(idx).ToArray();
        }

        return new CalibrationSet(inputs, labels is null ? null : picked, isTensor: true);
    }

    /// <summary>A float32 IDX file whose items have the net's input shape [h][w][c]; empty files are refused.</summary>
    public static IdxFloatArray ReadTensors(string path, string role, TensorShape net)
    {
        IdxFloatArray tensors = IdxReader.ReadFloatFile(path, 4, role);
        if (tensors.Dims[1] != net.H || tensors.Dims[2] != net.W || tensors.Dims[3] != net.C)
        {
            throw new ModelToolException(
                $"{role} '{path}': items are {tensors.Dims[1]}x{tensors.Dims[2]}x{tensors.Dims[3]} (h x w x c) but the model takes {net.H}x{net.W}x{net.C}");
        }

        if (tensors.Count == 0)
        {
            throw new ModelToolException($"{role} '{path}' is empty");
        }

        return tensors;
    }

    /// <summary>A set from tensors already made (tests).</summary>
    public static CalibrationSet FromTensors(IReadOnlyList<float[]> inputs, IReadOnlyList<int>? labels) => new(inputs, labels);
}
