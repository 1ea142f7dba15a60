// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.ModelTool.Import;

/// <summary>
/// ONNX (binary ModelProto) → float IR, for what torch.onnx.export (opset 13-17) emits for small CNNs: Conv
/// (group 1 or depthwise), Relu, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, Flatten, Reshape
/// (to [N, features], including the Shape→Gather→Unsqueeze→Concat chain of <c>x.view(x.size(0), -1)</c>), Gemm,
/// MatMul (+ Add as its bias), Softmax over channels, BatchNormalization (folded into the layer before),
/// Dropout/Identity, Constant and initializers. The graph must be a chain. Field numbers, from onnx/onnx.proto
/// (onnx.proto3): ModelProto { opset_import = 8, graph = 7 }; OperatorSetIdProto { domain = 1, version = 2 };
/// GraphProto { node = 1, initializer = 5, input = 11 }; NodeProto { input = 1, output = 2, name = 3,
/// op_type = 4, attribute = 5, domain = 7 }; AttributeProto { name = 1, f = 2, i = 3, t = 5, floats = 7,
/// ints = 8 }; TensorProto { dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7, name = 8,
/// raw_data = 9, double_data = 10, data_location = 14 }; ValueInfoProto { name = 1, type = 2 }; TypeProto
/// { tensor_type = 1 }; TypeProto.Tensor { shape = 2 }; TensorShapeProto { dim = 1 }; Dimension { dim_value = 1 }.
/// </summary>
public static class OnnxImporter
{
    private const int Float = 1, Int32 = 6, Int64 = 7, Double = 11;

    public static ImportedModel Import(string path, TensorShape? input)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelImportException($"cannot read the ONNX model: {ex.Message}", ex);
        }

        return Import(data, input, Path.GetFileName(path));
    }

    public static ImportedModel Import(ReadOnlyMemory<byte> data, TensorShape? input, string what = "onnx")
    {
        ProtoMessage model = ProtoMessage.Parse(data, what);
        foreach (ProtoMessage op in model.Messages(8, "opset_import"))
        {
            string domain = op.String(1, "domain") ?? "";
            long version = op.Int(2, "version") ?? 0;
            if ((domain is "" or "ai.onnx") && version is < 7 or > 21)
            {
                throw new ModelImportException($"{what}: opset {version} is outside the supported 7..21");
            }
        }

        ProtoMessage graph = model.Message(7, "graph") ?? throw new ModelImportException($"{what}: no graph (not an ONNX model?)");
        var floats = new Dictionary<string, (long[] Dims, float[] Data)>(StringComparer.Ordinal);
        var ints = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (ProtoMessage t in graph.Messages(5, "initializer"))
        {
            AddConstant(t, t.String(8, "name") ?? "", floats, ints, what);
        }

        string? current = null;
        TensorShape? shape = input;
        foreach (ProtoMessage vi in graph.Messages(11, "input"))
        {
            string name = vi.String(1, "name") ?? "";
            if (floats.ContainsKey(name) || ints.ContainsKey(name))
            {
                continue;
            }

            current = name;
            shape ??= ShapeOf(vi, what);
            break;
        }

        if (current is null || shape is null)
        {
            throw new ModelImportException($"{what}: the graph has no input with a known shape; give --input HxWxC");
        }

        var g = new GraphBuilder("onnx", shape.Value);
        bool flat = false;
        int index = 0;
        foreach (ProtoMessage node in graph.Messages(1, "node"))
        {
            string op = node.String(4, "op_type") ?? "";
            string name = node.String(3, "name") is { Length: > 0 } n ? n : $"{op}_{index}";
            index++;
            List<string> ins = node.Strings(1, "input").ToList();
            List<string> outs = node.Strings(2, "output").ToList();
            string where = $"{what}: node '{name}' ({op})";
            Dictionary<string, ProtoMessage> attrs = Attributes(node);
            if (outs.Count == 0)
            {
                throw new ModelImportException($"{where}: no output");
            }

            // Constant folding for the small integer / float side-graphs exporters emit.
            if (op == "Constant")
            {
                ProtoMessage t = attrs.GetValueOrDefault("value")?.Message(5, "t")
                    ?? throw new ModelImportException($"{where}: only the tensor 'value' form is supported");
                AddConstant(t, outs[0], floats, ints, what);
                continue;
            }

            if (op == "Shape" && ins.Count == 1 && ins[0] == current)
            {
                TensorShape c = g.Current;
                ints[outs[0]] = flat ? [1, c.Elements] : [1, c.C, c.H, c.W];
                continue;
            }

            if (ins.Count > 0 && ints.ContainsKey(ins[0]) && op is "Gather" or "Unsqueeze" or "Squeeze" or "Concat" or "Cast" or "Slice")
            {
                ints[outs[0]] = FoldInts(op, ins, attrs, ints, where);
                continue;
            }

            if (ins.Count == 0 || ins[0] != current)
            {
                throw new ModelImportException($"{where}: reads '{(ins.Count > 0 ? ins[0] : "")}' but the chain is at '{current}'; branching graphs are not supported");
            }

            switch (op)
            {
                case "Conv":
                {
                    Expect(!flat, where, "a convolution after flattening");
                    (long[] wd, float[] w) = Const(floats, ins, 1, where, "weights");
                    float[]? b = ins.Count > 2 && ins[2].Length > 0 ? Const(floats, ins, 2, where, "bias").Data : null;
                    if (wd.Length != 4)
                    {
                        throw new ModelImportException($"{where}: {wd.Length}-D weights; only 2-D convolution is supported");
                    }

                    (int kh, int kw) = (checked((int)wd[2]), checked((int)wd[3]));
                    (int sh, int sw) = Two(attrs, "strides", 1, where);
                    (int pt, int pl, int pb, int pr) = Pads(attrs, g.Current, kh, kw, sh, sw, where);
                    (int dh, int dw) = Two(attrs, "dilations", 1, where);
                    g.Conv(name, w, b, checked((int)wd[0]), (int)(Attr(attrs, "group")?.Int(3, "i") ?? 1), kh, kw, sh, sw,
                        pt, pl, pb, pr, Math.Max(dh, dw));
                    break;
                }

                case "Relu":
                    g.Relu(name);
                    break;
                case "MaxPool" or "AveragePool":
                {
                    Expect(!flat, where, "pooling after flattening");
                    Expect(outs.Count == 1, where, "the MaxPool indices output");
                    (int kh, int kw) = Two(attrs, "kernel_shape", null, where);
                    (int sh, int sw) = Two(attrs, "strides", 1, where);
                    (int pt, int pl, int pb, int pr) = Pads(attrs, g.Current, kh, kw, sh, sw, where);
                    (int dh, int dw) = Two(attrs, "dilations", 1, where);
                    Expect(dh == 1 && dw == 1, where, "dilated pooling");
                    bool ceil = (Attr(attrs, "ceil_mode")?.Int(3, "i") ?? 0) != 0;
                    if (op == "AveragePool" && (Attr(attrs, "count_include_pad")?.Int(3, "i") ?? 0) != 0 && pt + pl + pb + pr > 0)
                    {
                        throw new ModelImportException($"{where}: count_include_pad=1 with padding is not supported (the kernels average in-bound taps)");
                    }

                    g.Pool(name, op == "MaxPool", kh, kw, sh, sw, pt, pl, pb, pr, ceil);
                    break;
                }

                case "GlobalAveragePool" or "GlobalMaxPool":
                    Expect(!flat, where, "pooling after flattening");
                    g.Pool(name, op == "GlobalMaxPool", g.Current.H, g.Current.W, 1, 1, 0, 0, 0, 0, ceil: false);
                    break;
                case "Flatten":
                    Expect((Attr(attrs, "axis")?.Int(3, "i") ?? 1) == 1, where, "Flatten with axis other than 1");
                    flat = true;
                    break;
                case "Reshape":
                {
                    long[] target = ins.Count > 1 && ints.TryGetValue(ins[1], out long[]? t)
                        ? t
                        : throw new ModelImportException($"{where}: the target shape is not a constant");
                    int elements = g.Current.Elements;
                    bool toFlat = target.Length == 2 && target[0] is 1 or -1 or 0 && (target[1] == elements || target[1] == -1);
                    Expect(toFlat, where, $"reshape to [{string.Join(", ", target)}] (only [N, {elements}] flattening)");
                    flat = true;
                    break;
                }

                case "Gemm":
                {
                    Expect((Attr(attrs, "transA")?.Int(3, "i") ?? 0) == 0, where, "transA");
                    (long[] wd, float[] w) = Const(floats, ins, 1, where, "weights");
                    bool transB = (Attr(attrs, "transB")?.Int(3, "i") ?? 0) != 0;
                    float alpha = Attr(attrs, "alpha")?.Float(2, "f") ?? 1f, beta = Attr(attrs, "beta")?.Float(2, "f") ?? 1f;
                    Expect(wd.Length == 2, where, $"{wd.Length}-D weights");
                    float[] rows = transB ? w : Transpose(w, checked((int)wd[0]), checked((int)wd[1]));
                    int outC = checked((int)(transB ? wd[0] : wd[1]));
                    for (int i = 0; i < rows.Length; i++)
                    {
                        rows[i] *= alpha;
                    }

                    float[]? b = null;
                    if (ins.Count > 2 && ins[2].Length > 0)
                    {
                        float[] c = Const(floats, ins, 2, where, "bias").Data;
                        b = c.Length == 1 ? Enumerable.Repeat(c[0] * beta, outC).ToArray() : c.Select(v => v * beta).ToArray();
                    }

                    g.FullyConnected(name, rows, b, outC);
                    flat = true;
                    break;
                }

                case "MatMul":
                {
                    (long[] wd, float[] w) = Const(floats, ins, 1, where, "weights");
                    Expect(wd.Length == 2 && flat, where, "MatMul other than [N, features] x [features, out]");
                    g.FullyConnected(name, Transpose(w, checked((int)wd[0]), checked((int)wd[1])), null, checked((int)wd[1]));
                    break;
                }

                case "Add":
                {
                    float[] c = Const(floats, ins, 1, where, "addend").Data;
                    Expect(c.Length == g.Current.C || c.Length == 1, where, $"an addend of {c.Length} values for {g.Current.C} channels");
                    var scale = Enumerable.Repeat(1f, g.Current.C).ToArray();
                    float[] shift = c.Length == 1 ? Enumerable.Repeat(c[0], g.Current.C).ToArray() : c;
                    g.FoldAffine(name, scale, shift);
                    break;
                }

                case "BatchNormalization":
                {
                    float eps = Attr(attrs, "epsilon")?.Float(2, "f") ?? 1e-5f;
                    float[] gamma = Const(floats, ins, 1, where, "scale").Data, beta = Const(floats, ins, 2, where, "bias").Data;
                    float[] mean = Const(floats, ins, 3, where, "mean").Data, variance = Const(floats, ins, 4, where, "variance").Data;
                    int c = gamma.Length;
                    Expect(beta.Length == c && mean.Length == c && variance.Length == c, where, "parameter vectors of different lengths");
                    var scale = new float[c];
                    var shift = new float[c];
                    for (int i = 0; i < c; i++)
                    {
                        scale[i] = gamma[i] / MathF.Sqrt(variance[i] + eps);
                        shift[i] = beta[i] - (mean[i] * scale[i]);
                    }

                    g.FoldAffine(name, scale, shift);
                    break;
                }

                case "Softmax":
                {
                    long axis = Attr(attrs, "axis")?.Int(3, "i") ?? -1;
                    TensorShape c = g.Current;
                    bool channels = flat || (c.H == 1 && c.W == 1) ? axis is 1 or -1 : axis == 1;
                    Expect(channels, where, $"softmax over axis {axis} (only over channels)");
                    g.Softmax(name);
                    break;
                }

                case "Dropout" or "Identity":
                    break;
                default:
                    throw new ModelImportException($"{where}: op '{op}' is not supported (Conv, Relu, MaxPool, AveragePool, Flatten, Reshape, Gemm, MatMul, Softmax, BatchNormalization)");
            }

            current = outs[0];
        }

        return new ImportedModel(g.Build(), null, null);
    }

    private static float[] Transpose(float[] w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[((long)c * rows) + r] = w[((long)r * cols) + c];
            }
        }

        return t;
    }

    private static void Expect(bool ok, string where, string what)
    {
        if (!ok)
        {
            throw new ModelImportException($"{where}: {what} is not supported");
        }
    }

    private static Dictionary<string, ProtoMessage> Attributes(ProtoMessage node)
    {
        var d = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        foreach (ProtoMessage a in node.Messages(5, "attribute"))
        {
            d[a.String(1, "name") ?? ""] = a;
        }

        return d;
    }

    private static ProtoMessage? Attr(Dictionary<string, ProtoMessage> attrs, string name) => attrs.GetValueOrDefault(name);

    private static (int, int) Two(Dictionary<string, ProtoMessage> attrs, string name, int? fallback, string where)
    {
        List<long> v = Attr(attrs, name)?.Ints(8, "ints") ?? [];
        if (v.Count == 0)
        {
            return fallback is { } f ? (f, f) : throw new ModelImportException($"{where}: no {name}");
        }

        if (v.Count != 2 || v.Any(x => x is < 0 or > 4096))
        {
            throw new ModelImportException($"{where}: {name} [{string.Join(", ", v)}] (expected two values for 2-D)");
        }

        return ((int)v[0], (int)v[1]);
    }

    private static (int T, int L, int B, int R) Pads(Dictionary<string, ProtoMessage> attrs, TensorShape input, int kh, int kw,
        int sh, int sw, string where)
    {
        string autoPad = Attr(attrs, "auto_pad")?.String(4, "s") ?? "NOTSET";
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            (int h0, int h1) = Same(input.H, kh, sh, autoPad == "SAME_UPPER");
            (int w0, int w1) = Same(input.W, kw, sw, autoPad == "SAME_UPPER");
            return (h0, w0, h1, w1);
        }

        if (autoPad is not ("NOTSET" or "VALID" or ""))
        {
            throw new ModelImportException($"{where}: auto_pad '{autoPad}' is not supported");
        }

        List<long> p = Attr(attrs, "pads")?.Ints(8, "ints") ?? [];
        if (p.Count == 0 || autoPad == "VALID")
        {
            return (0, 0, 0, 0);
        }

        if (p.Count != 4 || p.Any(x => x is < 0 or > 4096))
        {
            throw new ModelImportException($"{where}: pads [{string.Join(", ", p)}] (expected 4 values for 2-D)");
        }

        return ((int)p[0], (int)p[1], (int)p[2], (int)p[3]);

        static (int, int) Same(int n, int k, int s, bool upper)
        {
            int o = (n + s - 1) / s;
            int total = Math.Max(0, ((o - 1) * s) + k - n);
            return upper ? (total / 2, total - (total / 2)) : (total - (total / 2), total / 2);
        }
    }

    private static (long[] Dims, float[] Data) Const(Dictionary<string, (long[] Dims, float[] Data)> floats, List<string> ins, int i,
        string where, string what) =>
        i < ins.Count && floats.TryGetValue(ins[i], out var t)
            ? t
            : throw new ModelImportException($"{where}: the {what} ('{(i < ins.Count ? ins[i] : "")}') is not a constant or initializer");

    private static TensorShape? ShapeOf(ProtoMessage valueInfo, string what)
    {
        ProtoMessage? shape = valueInfo.Message(2, "type")?.Message(1, "tensor_type")?.Message(2, "shape");
        if (shape is null)
        {
            return null;
        }

        var dims = shape.Messages(1, "dim").Select(d => d.Int(1, "dim_value") ?? 1).ToList();
        if (dims.Any(d => d is < 1 or > 4096))
        {
            throw new ModelImportException($"{what}: input dimensions [{string.Join(", ", dims)}] out of range");
        }

        return dims.Count switch
        {
            4 => new TensorShape((int)dims[2], (int)dims[3], (int)dims[1]),
            3 => new TensorShape((int)dims[1], (int)dims[2], (int)dims[0]),
            2 => new TensorShape(1, 1, (int)dims[1]),
            _ => throw new ModelImportException($"{what}: a {dims.Count}-D input is not supported"),
        };
    }

    private static long[] FoldInts(string op, List<string> ins, Dictionary<string, ProtoMessage> attrs, Dictionary<string, long[]> ints,
        string where)
    {
        long[] a = ints[ins[0]];
        long[] Operand(int i) => i < ins.Count && ints.TryGetValue(ins[i], out long[]? v) ? v : throw new ModelImportException($"{where}: operand {i} is not a constant");
        switch (op)
        {
            case "Gather":
                return Operand(1).Select(i => i < 0 ? i + a.Length : i).Select(i => i >= 0 && i < a.Length
                    ? a[i] : throw new ModelImportException($"{where}: index {i} outside {a.Length}")).ToArray();
            case "Unsqueeze" or "Squeeze" or "Cast":
                return a;
            case "Concat":
                return ins.SelectMany((_, i) => Operand(i)).ToArray();
            default: // Slice: starts, ends (axis 0)
            {
                long n = a.Length;
                long s = Math.Clamp(Operand(1)[0] < 0 ? Operand(1)[0] + n : Operand(1)[0], 0, n);
                long e = Math.Clamp(Operand(2)[0] < 0 ? Operand(2)[0] + n : Operand(2)[0], 0, n);
                return e > s ? a[(int)s..(int)e] : [];
            }
        }
    }

    private static void AddConstant(ProtoMessage t, string name, Dictionary<string, (long[] Dims, float[] Data)> floats,
        Dictionary<string, long[]> ints, string what)
    {
        string where = $"{what}: tensor '{name}'";
        if ((t.Int(14, "data_location") ?? 0) != 0)
        {
            throw new ModelImportException($"{where}: external data is not supported (save the model with its weights inside)");
        }

        long[] dims = t.Ints(1, "dims").ToArray();
        long count = 1;
        foreach (long d in dims)
        {
            if (d is < 0 or > (1 << 26))
            {
                throw new ModelImportException($"{where}: dimension {d}");
            }

            count *= d;
            if (count > 1 << 26)
            {
                throw new ModelImportException($"{where}: more than 2^26 elements");
            }
        }

        long type = t.Int(2, "data_type") ?? 0;
        ReadOnlyMemory<byte>? raw = t.BytesField(9, "raw_data");
        switch (type)
        {
            case Float or Double:
            {
                float[] v;
                if (raw is { } r)
                {
                    int size = type == Float ? 4 : 8;
                    if (r.Length != count * size)
                    {
                        throw new ModelImportException($"{where}: raw_data of {r.Length} bytes for {count} elements");
                    }

                    v = new float[count];
                    ReadOnlySpan<byte> s = r.Span;
                    for (int i = 0; i < v.Length; i++)
                    {
                        v[i] = type == Float ? BinaryPrimitives.ReadSingleLittleEndian(s[(4 * i)..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(s[(8 * i)..]);
                    }
                }
                else
                {
                    v = type == Float ? t.Floats(4, "float_data") : t.Doubles(10, "double_data").Select(d => (float)d).ToArray();
                }

                if (v.Length != count)
                {
                    throw new ModelImportException($"{where}: {v.Length} values for dims [{string.Join(", ", dims)}]");
                }

                floats[name] = (dims, v);
                break;
            }

            case Int64 or Int32:
            {
                long[] v;
                if (raw is { } r)
                {
                    int size = type == Int64 ? 8 : 4;
                    if (r.Length != count * size)
                    {
                        throw new ModelImportException($"{where}: raw_data of {r.Length} bytes for {count} elements");
                    }

                    v = new long[count];
                    for (int i = 0; i < v.Length; i++)
                    {
                        v[i] = size == 8 ? BinaryPrimitives.ReadInt64LittleEndian(r.Span[(8 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(r.Span[(4 * i)..]);
                    }
                }
                else
                {
                    v = t.Ints(type == Int64 ? 7 : 5, "int_data").ToArray();
                }

                if (v.Length != count)
                {
                    throw new ModelImportException($"{where}: {v.Length} values for dims [{string.Join(", ", dims)}]");
                }

                ints[name] = v;
                floats[name] = (dims, v.Select(x => (float)x).ToArray());
                break;
            }

            default:
                throw new ModelImportException($"{where}: data type {type} is not supported (float, double, int32, int64)");
        }
    }
}
