// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>
/// Caffe prototxt (text format) + caffemodel (binary NetParameter) → float IR, TEST phase. Structure and layer
/// parameters come from the prototxt; the blobs come from the caffemodel, matched by layer name. Field numbers
/// read from the caffemodel, from BVLC caffe's src/caffe/proto/caffe.proto:
/// NetParameter { layer = 100 (LayerParameter), layers = 2 (V1LayerParameter) };
/// LayerParameter { name = 1, blobs = 7 }; V1LayerParameter { name = 4, blobs = 6 };
/// BlobProto { num = 1, channels = 2, height = 3, width = 4, data = 5 (packed float), shape = 7, double_data = 8 };
/// BlobShape { dim = 1 (packed int64) }.
/// Layers: Convolution (group 1 or depthwise), ReLU, Pooling (MAX, AVE), InnerProduct, Softmax, BatchNorm and
/// Scale (folded into the layer before), Flatten; Data/Input/Dropout/Accuracy/loss layers are skipped. Anything
/// else is an error naming the layer. The input shape comes from an Input layer, the net's input_shape /
/// input_dim, or the caller; a Data layer states none, so then the channels come from the first convolution's
/// weights and a square size is inferred from the first InnerProduct's weight count.
/// </summary>
public static class CaffeImporter
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Data", "ImageData", "HDF5Data", "MemoryData", "Input", "DummyData", "Dropout", "Accuracy", "SoftmaxWithLoss",
        "EuclideanLoss", "HingeLoss", "SigmoidCrossEntropyLoss", "Silence", "Flatten",
        // V1 enum names
        "DATA", "IMAGE_DATA", "HDF5_DATA", "MEMORY_DATA", "DROPOUT", "ACCURACY", "SOFTMAX_LOSS", "FLATTEN",
    };

    public static ImportedModel Import(string prototxtPath, string caffemodelPath, TensorShape? input)
    {
        string text;
        byte[] weights;
        try
        {
            text = File.ReadAllText(prototxtPath);
            weights = File.ReadAllBytes(caffemodelPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelImportException($"cannot read the Caffe model: {ex.Message}", ex);
        }

        if (weights.Length >= 8 && weights.AsSpan(0, 8).SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            throw new ModelImportException($"'{caffemodelPath}' is an HDF5 caffemodel (.caffemodel.h5); only the protobuf .caffemodel is supported");
        }

        return Import(text, weights, input, Path.GetFileName(prototxtPath), Path.GetFileName(caffemodelPath));
    }

    public static ImportedModel Import(string prototxt, ReadOnlyMemory<byte> caffemodel, TensorShape? input,
        string prototxtName = "prototxt", string caffemodelName = "caffemodel")
    {
        ProtoTextMessage net = ProtoTextParser.Parse(prototxt, prototxtName);
        Dictionary<string, List<(long[] Shape, float[] Data)>> blobs = ReadBlobs(caffemodel, caffemodelName);
        List<ProtoTextMessage> layers = TestLayers(net);
        (float? scale, IReadOnlyList<float>? mean) = Transform(layers);

        TensorShape? stated = input ?? StatedInput(net, layers);
        if (stated is { } s)
        {
            return new ImportedModel(Build(layers, blobs, s), scale, mean);
        }

        // No shape in the file (a Data layer): channels from the first conv, a square size that makes the
        // first fully connected layer's weight count fit.
        int channels = FirstConvChannels(layers, blobs)
            ?? throw new ModelImportException("the prototxt states no input shape and has no convolution to infer it from; give --input HxWxC");
        // Several sizes can fit (Caffe's ceil-mode pools map 25..32 to the same 4x4); prefer the one whose
        // windows all tile exactly, as nets are designed, and refuse to guess between two such sizes.
        ModelImportException? last = null;
        var fits = new List<FloatGraph>();
        for (int size = 1; size <= 512; size++)
        {
            try
            {
                fits.Add(Build(layers, blobs, new TensorShape(size, size, channels)));
            }
            catch (ModelImportException ex)
            {
                last = ex;
            }
        }

        var exact = fits.Where(TilesExactly).ToList();
        if (exact.Count == 1 || (exact.Count == 0 && fits.Count == 1))
        {
            return new ImportedModel(exact.Count == 1 ? exact[0] : fits[0], scale, mean);
        }

        if (fits.Count == 0)
        {
            throw new ModelImportException($"the prototxt states no input shape and no square size 1..512 fits the weights; give --input HxWxC ({last?.Message})");
        }

        throw new ModelImportException(
            $"the prototxt states no input shape and the weights fit {string.Join(", ", (exact.Count > 0 ? exact : fits).Select(f => f.Input.ToString()))}; give --input HxWxC");
    }

    private static bool TilesExactly(FloatGraph g) => g.Layers.All(l =>
        !l.HasWindow || ((l.Input.H + (2 * l.PadH) - l.KernelH) % l.StrideH == 0 && (l.Input.W + (2 * l.PadW) - l.KernelW) % l.StrideW == 0));

    private static FloatGraph Build(List<ProtoTextMessage> layers, Dictionary<string, List<(long[] Shape, float[] Data)>> blobs,
        TensorShape input)
    {
        var g = new GraphBuilder("caffe", input);
        string? current = null; // the blob name the chain is at
        foreach (ProtoTextMessage l in layers)
        {
            string name = l.Scalar("name") ?? "(unnamed)";
            string type = l.Scalar("type") ?? throw new ModelImportException($"layer '{name}' has no type");
            List<string> bottoms = l.Scalars("bottom").ToList();
            List<string> tops = l.Scalars("top").ToList();
            string where = $"layer '{name}' ({type})";
            if (IsData(type))
            {
                current ??= tops.FirstOrDefault();
                continue;
            }

            if (Skipped.Contains(type) || type.EndsWith("Loss", StringComparison.Ordinal))
            {
                if (type is "Flatten" or "FLATTEN" && bottoms.Count == 1 && tops.Count == 1 && bottoms[0] == current)
                {
                    current = tops[0]; // a no-op: fully connected layers read the flattened tensor anyway
                }

                continue;
            }

            if (bottoms.Count != 1 || tops.Count != 1)
            {
                throw new ModelImportException($"{where}: {bottoms.Count} inputs / {tops.Count} outputs; only chains are supported");
            }

            if (current is not null && bottoms[0] != current)
            {
                throw new ModelImportException($"{where}: reads '{bottoms[0]}' but the chain is at '{current}'; branching nets are not supported");
            }

            current = tops[0];
            List<(long[] Shape, float[] Data)> b = blobs.GetValueOrDefault(name) ?? [];
            switch (type)
            {
                case "Convolution" or "CONVOLUTION":
                    Conv(g, l, name, where, b);
                    break;
                case "InnerProduct" or "INNER_PRODUCT":
                    InnerProduct(g, l, name, where, b);
                    break;
                case "ReLU" or "RELU":
                    float slope = l.Message("relu_param")?.Float("negative_slope", where) ?? 0f;
                    if (slope != 0f)
                    {
                        throw new ModelImportException($"{where}: leaky ReLU (negative_slope {slope}) is not supported");
                    }

                    g.Relu(name);
                    break;
                case "Pooling" or "POOLING":
                    Pooling(g, l, name, where);
                    break;
                case "Softmax" or "SOFTMAX":
                    g.Softmax(name);
                    break;
                case "BatchNorm" or "BN":
                    BatchNorm(g, l, name, where, b);
                    break;
                case "Scale":
                    Scale(g, l, name, where, b);
                    break;
                default:
                    throw new ModelImportException($"{where}: layer type '{type}' is not supported (conv, depthwise conv, relu, max/avg pool, inner product, softmax, batch norm + scale)");
            }
        }

        return g.Build();
    }

    private static void Conv(GraphBuilder g, ProtoTextMessage l, string name, string where, List<(long[] Shape, float[] Data)> b)
    {
        ProtoTextMessage p = l.Message("convolution_param") ?? throw new ModelImportException($"{where}: no convolution_param");
        int outC = p.Int("num_output", where) ?? throw new ModelImportException($"{where}: no num_output");
        (int kh, int kw) = Pair(p, "kernel_size", "kernel_h", "kernel_w", null, where);
        (int sh, int sw) = Pair(p, "stride", "stride_h", "stride_w", 1, where);
        (int ph, int pw) = Pair(p, "pad", "pad_h", "pad_w", 0, where);
        List<int> dil = p.Ints("dilation", where);
        int group = p.Int("group", where) ?? 1;
        bool biasTerm = p.Bool("bias_term", where) ?? true;
        float[] w = Blob(b, 0, where, "weights");
        float[]? bias = biasTerm ? Blob(b, 1, where, "bias") : null;
        g.Conv(name, w, bias, outC, group, kh, kw, sh, sw, ph, pw, ph, pw, dil.Count == 0 ? 1 : dil.Max());
    }

    private static void InnerProduct(GraphBuilder g, ProtoTextMessage l, string name, string where, List<(long[] Shape, float[] Data)> b)
    {
        ProtoTextMessage p = l.Message("inner_product_param") ?? throw new ModelImportException($"{where}: no inner_product_param");
        int outC = p.Int("num_output", where) ?? throw new ModelImportException($"{where}: no num_output");
        if (p.Bool("transpose", where) == true || (p.Int("axis", where) ?? 1) != 1)
        {
            throw new ModelImportException($"{where}: transposed weights or axis other than 1 are not supported");
        }

        bool biasTerm = p.Bool("bias_term", where) ?? true;
        g.FullyConnected(name, Blob(b, 0, where, "weights"), biasTerm ? Blob(b, 1, where, "bias") : null, outC);
    }

    private static void Pooling(GraphBuilder g, ProtoTextMessage l, string name, string where)
    {
        ProtoTextMessage p = l.Message("pooling_param") ?? new ProtoTextMessage();
        string pool = p.Scalar("pool") ?? "MAX";
        bool max = pool switch
        {
            "MAX" or "0" => true,
            "AVE" or "1" => false,
            _ => throw new ModelImportException($"{where}: pool {pool} is not supported (MAX, AVE)"),
        };
        TensorShape i = g.Current;
        if (p.Bool("global_pooling", where) == true)
        {
            g.Pool(name, max, i.H, i.W, 1, 1, 0, 0, 0, 0, ceil: true);
            return;
        }

        (int kh, int kw) = Pair(p, "kernel_size", "kernel_h", "kernel_w", null, where);
        (int sh, int sw) = Pair(p, "stride", "stride_h", "stride_w", 1, where);
        (int ph, int pw) = Pair(p, "pad", "pad_h", "pad_w", 0, where);
        if (!max && (ph > 0 || pw > 0))
        {
            throw new ModelImportException($"{where}: Caffe's average pool counts padding taps, the kernels do not; padded AVE pooling is not supported");
        }

        g.Pool(name, max, kh, kw, sh, sw, ph, pw, ph, pw, ceil: true);
    }

    private static void BatchNorm(GraphBuilder g, ProtoTextMessage l, string name, string where, List<(long[] Shape, float[] Data)> b)
    {
        float eps = l.Message("batch_norm_param")?.Float("eps", where) ?? 1e-5f;
        float[] mean = Blob(b, 0, where, "mean"), variance = Blob(b, 1, where, "variance");
        float factor = b.Count > 2 && b[2].Data.Length > 0 ? b[2].Data[0] : 1f;
        float norm = factor == 0 ? 0 : 1 / factor;
        if (mean.Length != variance.Length)
        {
            throw new ModelImportException($"{where}: {mean.Length} means but {variance.Length} variances");
        }

        var scale = new float[mean.Length];
        var shift = new float[mean.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            float inv = 1 / MathF.Sqrt((variance[c] * norm) + eps);
            scale[c] = inv;
            shift[c] = -mean[c] * norm * inv;
        }

        g.FoldAffine(name, scale, shift);
    }

    private static void Scale(GraphBuilder g, ProtoTextMessage l, string name, string where, List<(long[] Shape, float[] Data)> b)
    {
        bool biasTerm = l.Message("scale_param")?.Bool("bias_term", where) ?? false;
        float[] gamma = Blob(b, 0, where, "scale");
        float[] beta = biasTerm ? Blob(b, 1, where, "bias") : new float[gamma.Length];
        g.FoldAffine(name, gamma, beta);
    }

    private static (int H, int W) Pair(ProtoTextMessage p, string both, string h, string w, int? fallback, string where)
    {
        List<int> list = p.Ints(both, where);
        int? hv = p.Int(h, where), wv = p.Int(w, where);
        if (hv is { } a && wv is { } c)
        {
            return (a, c);
        }

        return list.Count switch
        {
            0 when fallback is { } f => (f, f),
            0 => throw new ModelImportException($"{where}: no {both}"),
            1 => (list[0], list[0]),
            2 => (list[0], list[1]),
            _ => throw new ModelImportException($"{where}: {list.Count} values of {both} (only 2-D is supported)"),
        };
    }

    private static float[] Blob(List<(long[] Shape, float[] Data)> blobs, int index, string where, string what) =>
        index < blobs.Count ? blobs[index].Data : throw new ModelImportException($"{where}: the caffemodel has no {what} blob for this layer");

    private static bool IsData(string type) =>
        type is "Data" or "ImageData" or "HDF5Data" or "MemoryData" or "Input" or "DummyData" or "DATA" or "IMAGE_DATA"
            or "HDF5_DATA" or "MEMORY_DATA";

    // Layers of the TEST net: include { phase: TEST } or no phase rule; exclude { phase: TEST } drops a layer.
    private static List<ProtoTextMessage> TestLayers(ProtoTextMessage net)
    {
        var all = net.Messages("layer").Concat(net.Messages("layers")).ToList();
        return all.Where(l =>
        {
            var inc = l.Messages("include").Select(r => r.Scalar("phase")).Where(p => p is not null).ToList();
            var exc = l.Messages("exclude").Select(r => r.Scalar("phase")).Where(p => p is not null).ToList();
            return (inc.Count == 0 || inc.Contains("TEST")) && !exc.Contains("TEST");
        }).ToList();
    }

    private static (float? Scale, IReadOnlyList<float>? Mean) Transform(List<ProtoTextMessage> layers)
    {
        foreach (ProtoTextMessage l in layers)
        {
            if (l.Message("transform_param") is { } t)
            {
                float? scale = t.Float("scale", "transform_param");
                var mean = t.Scalars("mean_value").Select(s => float.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out float v)
                    ? v : throw new ModelImportException($"transform_param: mean_value '{s}' is not a number")).ToList();
                return (scale, mean.Count > 0 ? mean : null);
            }
        }

        return (null, null);
    }

    private static TensorShape? StatedInput(ProtoTextMessage net, List<ProtoTextMessage> layers)
    {
        List<int> dims = [];
        if (layers.FirstOrDefault(l => l.Scalar("type") == "Input") is { } inputLayer)
        {
            dims = inputLayer.Message("input_param")?.Message("shape")?.Ints("dim", "input_param.shape") ?? [];
        }

        if (dims.Count == 0)
        {
            dims = net.Message("input_shape")?.Ints("dim", "input_shape") ?? [];
        }

        if (dims.Count == 0)
        {
            dims = net.Ints("input_dim", "input_dim");
        }

        return dims.Count switch
        {
            0 => null,
            4 => new TensorShape(dims[2], dims[3], dims[1]),
            _ => throw new ModelImportException($"input shape with {dims.Count} dimensions (expected N, C, H, W)"),
        };
    }

    private static int? FirstConvChannels(List<ProtoTextMessage> layers, Dictionary<string, List<(long[] Shape, float[] Data)>> blobs)
    {
        foreach (ProtoTextMessage l in layers)
        {
            if (l.Scalar("type") is "Convolution" or "CONVOLUTION" && blobs.TryGetValue(l.Scalar("name") ?? "", out var b) && b.Count > 0)
            {
                long[] s = b[0].Shape;
                int group = l.Message("convolution_param")?.Int("group", "convolution_param") ?? 1;
                return s.Length == 4 && s[1] is > 0 and <= 4096 ? (int)s[1] * group : null;
            }

            if (l.Scalar("type") is "InnerProduct" or "INNER_PRODUCT")
            {
                return null;
            }
        }

        return null;
    }

    private static Dictionary<string, List<(long[] Shape, float[] Data)>> ReadBlobs(ReadOnlyMemory<byte> data, string what)
    {
        ProtoMessage net = ProtoMessage.Parse(data, what);
        var result = new Dictionary<string, List<(long[], float[])>>(StringComparer.Ordinal);
        foreach (ProtoMessage layer in net.Messages(100, "layer"))
        {
            Add(layer.String(1, "name"), layer.Messages(7, "blobs"));
        }

        foreach (ProtoMessage layer in net.Messages(2, "layers"))
        {
            Add(layer.String(4, "name"), layer.Messages(6, "blobs"));
        }

        if (result.Count == 0)
        {
            throw new ModelImportException($"{what}: no layer with weights (not a caffemodel?)");
        }

        return result;

        void Add(string? name, IEnumerable<ProtoMessage> blobs)
        {
            var list = new List<(long[], float[])>();
            foreach (ProtoMessage b in blobs)
            {
                long[] shape = b.Message(7, "shape")?.Ints(1, "dim").ToArray()
                    ?? new[] { b.Int(1, "num"), b.Int(2, "channels"), b.Int(3, "height"), b.Int(4, "width") }
                        .Where(v => v is not null).Select(v => v!.Value).ToArray();
                float[] values = b.Floats(5, "data");
                if (values.Length == 0 && b.Has(8))
                {
                    values = b.Doubles(8, "double_data").Select(v => (float)v).ToArray();
                }

                long count = shape.Length == 0 ? values.Length : shape.Aggregate(1L, (a, d) => d < 0 ? -1 : a * d);
                if (count != values.Length)
                {
                    throw new ModelImportException($"{what}: layer '{name}': blob shape [{string.Join(",", shape)}] holds {count} values but the blob has {values.Length}");
                }

                list.Add((shape, values));
            }

            if (name is not null && list.Count > 0)
            {
                result[name] = list;
            }
        }
    }
}
