// SPDX-License-Identifier: MIT
using Google.Protobuf;

namespace Fleet.ModelTool.Tests.Training;

/// <summary>One ONNX node: op type, input and output value names, integer / float attributes.</summary>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> Ints,
    IReadOnlyDictionary<string, float> Floats)
{
    public long[] IntsOr(string name, params long[] fallback) => Ints.TryGetValue(name, out long[]? v) ? v : fallback;

    public long IntOr(string name, long fallback) => Ints.TryGetValue(name, out long[]? v) && v.Length == 1 ? v[0] : fallback;
}

/// <summary>A float32 initializer.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, float[] Data);

/// <summary>
/// The parts of an ONNX ModelProto the training checks need, read straight from the protobuf wire format with
/// field numbers from onnx.proto. Independent of the product's importer on purpose: the committed files are the only
/// contract between the training scripts and fleet-model.
/// </summary>
public sealed record OnnxFile(
    long OpsetVersion,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyDictionary<string, OnnxTensor> Initializers,
    string InputName,
    long[] InputShape,
    string OutputName)
{
    public static OnnxFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long opset = -1;
        ByteString? graph = null;
        foreach ((int field, object value) in Fields(bytes))
        {
            if (field == 8)
            {
                // OperatorSetIdProto: domain (1), version (2); the default domain is "" or "ai.onnx".
                string domain = "";
                long version = -1;
                foreach ((int f, object v) in Fields(((ByteString)value).ToByteArray()))
                {
                    if (f == 1) domain = ((ByteString)v).ToStringUtf8();
                    if (f == 2) version = (long)(ulong)v;
                }

                if (domain is "" or "ai.onnx") opset = version;
            }
            else if (field == 7)
            {
                graph = (ByteString)value;
            }
        }

        if (graph is null)
        {
            throw new InvalidDataException($"{path}: no graph");
        }

        var nodes = new List<OnnxNode>();
        var inits = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<(string Name, long[] Shape)>();
        var outputs = new List<string>();
        foreach ((int field, object value) in Fields(graph.ToByteArray()))
        {
            byte[] sub = field is 1 or 5 or 11 or 12 ? ((ByteString)value).ToByteArray() : [];
            switch (field)
            {
                case 1: nodes.Add(ReadNode(sub)); break;
                case 5: OnnxTensor t = ReadTensor(sub); inits[t.Name] = t; break;
                case 11: inputs.Add(ReadValueInfo(sub)); break;
                case 12: outputs.Add(ReadValueInfo(sub).Name); break;
            }
        }

        // Older exporters list initializers among the inputs too; the model input is the one that is not one.
        (string Name, long[] Shape)[] real = inputs.Where(i => !inits.ContainsKey(i.Name)).ToArray();
        if (real.Length != 1 || outputs.Count != 1)
        {
            throw new InvalidDataException($"{path}: {real.Length} inputs and {outputs.Count} outputs, expected 1 and 1");
        }

        return new OnnxFile(opset, nodes, inits, real[0].Name, real[0].Shape, outputs[0]);
    }

    private static OnnxNode ReadNode(byte[] bytes)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string op = "";
        var ints = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var floats = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach ((int field, object value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: inputs.Add(((ByteString)value).ToStringUtf8()); break;
                case 2: outputs.Add(((ByteString)value).ToStringUtf8()); break;
                case 4: op = ((ByteString)value).ToStringUtf8(); break;
                case 5: ReadAttribute(((ByteString)value).ToByteArray(), ints, floats); break;
            }
        }

        return new OnnxNode(op, inputs, outputs, ints, floats);
    }

    private static void ReadAttribute(byte[] bytes, Dictionary<string, long[]> ints, Dictionary<string, float> floats)
    {
        string name = "";
        var values = new List<long>();
        float? f = null;
        foreach ((int field, object value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: name = ((ByteString)value).ToStringUtf8(); break;
                case 2: f = BitConverter.UInt32BitsToSingle((uint)value); break;
                case 3: values.Add((long)(ulong)value); break;
                case 8:
                    if (value is ByteString packed) values.AddRange(Varints(packed.ToByteArray()));
                    else values.Add((long)(ulong)value);
                    break;
            }
        }

        if (f is not null) floats[name] = f.Value;
        if (values.Count > 0) ints[name] = values.ToArray();
    }

    private static OnnxTensor ReadTensor(byte[] bytes)
    {
        var dims = new List<long>();
        string name = "";
        int dataType = 0;
        byte[]? raw = null;
        var floats = new List<float>();
        foreach ((int field, object value) in Fields(bytes))
        {
            switch (field)
            {
                case 1:
                    if (value is ByteString packed) dims.AddRange(Varints(packed.ToByteArray()));
                    else dims.Add((long)(ulong)value);
                    break;
                case 2: dataType = (int)(ulong)value; break;
                case 4:
                    if (value is ByteString pf)
                    {
                        byte[] b = pf.ToByteArray();
                        for (int i = 0; i + 4 <= b.Length; i += 4) floats.Add(BitConverter.ToSingle(b, i));
                    }
                    else
                    {
                        floats.Add(BitConverter.UInt32BitsToSingle((uint)value));
                    }

                    break;
                case 8: name = ((ByteString)value).ToStringUtf8(); break;
                case 9: raw = ((ByteString)value).ToByteArray(); break;
            }
        }

        if (dataType != 1)
        {
            throw new InvalidDataException($"initializer {name}: data type {dataType}, expected 1 (float32)");
        }

        float[] data = raw is not null
            ? Enumerable.Range(0, raw.Length / 4).Select(i => BitConverter.ToSingle(raw, 4 * i)).ToArray()
            : floats.ToArray();
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (data.Length != count)
        {
            throw new InvalidDataException($"initializer {name}: {data.Length} values for dims [{string.Join(",", dims)}]");
        }

        return new OnnxTensor(name, dims.ToArray(), data);
    }

    private static (string Name, long[] Shape) ReadValueInfo(byte[] bytes)
    {
        string name = "";
        var shape = new List<long>();
        foreach ((int field, object value) in Fields(bytes))
        {
            if (field == 1) name = ((ByteString)value).ToStringUtf8();
            if (field != 2) continue;
            // TypeProto.tensor_type (1) -> shape (2) -> dim (1) -> dim_value (1).
            foreach ((int tf, object tv) in Fields(((ByteString)value).ToByteArray()))
            {
                if (tf != 1) continue;
                foreach ((int sf, object sv) in Fields(((ByteString)tv).ToByteArray()))
                {
                    if (sf != 2) continue;
                    foreach ((int df, object dv) in Fields(((ByteString)sv).ToByteArray()))
                    {
                        if (df != 1) continue;
                        long dim = -1;
                        foreach ((int vf, object vv) in Fields(((ByteString)dv).ToByteArray()))
                        {
                            if (vf == 1) dim = (long)(ulong)vv;
                        }

                        shape.Add(dim);
                    }
                }
            }
        }

        return (name, shape.ToArray());
    }

    /// <summary>Top-level fields of a message: varints as ulong, fixed32 as uint, fixed64 as ulong, bytes as ByteString.</summary>
    private static IEnumerable<(int Field, object Value)> Fields(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var list = new List<(int, object)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint: list.Add((field, input.ReadUInt64())); break;
                case WireFormat.WireType.Fixed32: list.Add((field, input.ReadFixed32())); break;
                case WireFormat.WireType.Fixed64: list.Add((field, input.ReadFixed64())); break;
                case WireFormat.WireType.LengthDelimited: list.Add((field, input.ReadBytes())); break;
                default: throw new InvalidDataException($"field {field}: unsupported wire type in an ONNX file");
            }
        }

        return list;
    }

    private static IEnumerable<long> Varints(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var values = new List<long>();
        while (!input.IsAtEnd)
        {
            values.Add(input.ReadInt64());
        }

        return values;
    }
}
