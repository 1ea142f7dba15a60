// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using Google.Protobuf;

namespace Fleet.ModelTool.Import;

/// <summary>One field of a binary protobuf message: varint and fixed values in <see cref="Scalar"/>, length-delimited ones in <see cref="Bytes"/>.</summary>
internal readonly record struct ProtoField(int Number, WireFormat.WireType Type, ulong Scalar, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// A binary protobuf message read field by field with Google.Protobuf's <see cref="CodedInputStream"/> and no
/// generated code: the importers name the field numbers they need (taken from caffe.proto and onnx.proto) and
/// decode nested messages on demand. Unknown fields are kept and ignored, as protobuf intends. Any malformed
/// input (bad tag, varint, length past the end, wrong wire type for a field) becomes a
/// <see cref="ModelImportException"/> naming <c>what</c>.
/// </summary>
internal sealed class ProtoMessage
{
    private const int MaxDepth = 64;
    private readonly List<ProtoField> _fields;
    private readonly string _what;
    private readonly int _depth;

    private ProtoMessage(List<ProtoField> fields, string what, int depth)
    {
        _fields = fields;
        _what = what;
        _depth = depth;
    }

    public static ProtoMessage Parse(ReadOnlyMemory<byte> data, string what) => Parse(data, what, 0);

    private static ProtoMessage Parse(ReadOnlyMemory<byte> data, string what, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ModelImportException($"{what}: messages nested deeper than {MaxDepth}");
        }

        var fields = new List<ProtoField>();
        try
        {
            var input = new CodedInputStream(data.ToArray());
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                int number = WireFormat.GetTagFieldNumber(tag);
                WireFormat.WireType type = WireFormat.GetTagWireType(tag);
                switch (type)
                {
                    case WireFormat.WireType.Varint:
                        fields.Add(new ProtoField(number, type, input.ReadUInt64(), default));
                        break;
                    case WireFormat.WireType.Fixed32:
                        fields.Add(new ProtoField(number, type, input.ReadFixed32(), default));
                        break;
                    case WireFormat.WireType.Fixed64:
                        fields.Add(new ProtoField(number, type, input.ReadFixed64(), default));
                        break;
                    case WireFormat.WireType.LengthDelimited:
                        fields.Add(new ProtoField(number, type, 0, input.ReadBytes().Memory));
                        break;
                    default:
                        input.SkipLastField(); // groups: deprecated, nothing the importers read
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelImportException($"{what}: corrupt or truncated protobuf: {ex.Message}", ex);
        }

        return new ProtoMessage(fields, what, depth);
    }

    public bool Has(int number) => _fields.Exists(f => f.Number == number);

    public ProtoMessage? Message(int number, string name)
    {
        ProtoMessage? last = null;
        foreach (ProtoMessage m in Messages(number, name))
        {
            last = m; // protobuf merges repeated occurrences of a singular message; the last one wins for what we read
        }

        return last;
    }

    public IEnumerable<ProtoMessage> Messages(int number, string name)
    {
        foreach (ProtoField f in _fields)
        {
            if (f.Number == number)
            {
                Expect(f, WireFormat.WireType.LengthDelimited, name);
                yield return Parse(f.Bytes, $"{_what}.{name}", _depth + 1);
            }
        }
    }

    public string? String(int number, string name)
    {
        string? last = null;
        foreach (ProtoField f in _fields)
        {
            if (f.Number == number)
            {
                Expect(f, WireFormat.WireType.LengthDelimited, name);
                try
                {
                    last = new System.Text.UTF8Encoding(false, true).GetString(f.Bytes.Span);
                }
                catch (System.Text.DecoderFallbackException ex)
                {
                    throw new ModelImportException($"{_what}.{name}: not UTF-8 text", ex);
                }
            }
        }

        return last;
    }

    public IEnumerable<string> Strings(int number, string name)
    {
        foreach (ProtoField f in _fields)
        {
            if (f.Number == number)
            {
                Expect(f, WireFormat.WireType.LengthDelimited, name);
                yield return System.Text.Encoding.UTF8.GetString(f.Bytes.Span);
            }
        }
    }

    public ReadOnlyMemory<byte>? BytesField(int number, string name)
    {
        ReadOnlyMemory<byte>? last = null;
        foreach (ProtoField f in _fields)
        {
            if (f.Number == number)
            {
                Expect(f, WireFormat.WireType.LengthDelimited, name);
                last = f.Bytes;
            }
        }

        return last;
    }

    public long? Int(int number, string name)
    {
        long? last = null;
        foreach (long v in Ints(number, name))
        {
            last = v;
        }

        return last;
    }

    public float? Float(int number, string name)
    {
        float? last = null;
        foreach (ProtoField f in _fields)
        {
            if (f.Number == number)
            {
                Expect(f, WireFormat.WireType.Fixed32, name);
                last = BitConverter.UInt32BitsToSingle((uint)f.Scalar);
            }
        }

        return last;
    }

    /// <summary>A repeated integer field, packed or not (int32/int64/enum/bool as varints).</summary>
    public List<long> Ints(int number, string name)
    {
        var values = new List<long>();
        foreach (ProtoField f in _fields)
        {
            if (f.Number != number)
            {
                continue;
            }

            if (f.Type == WireFormat.WireType.Varint)
            {
                values.Add((long)f.Scalar);
            }
            else if (f.Type == WireFormat.WireType.LengthDelimited)
            {
                try
                {
                    var input = new CodedInputStream(f.Bytes.ToArray());
                    while (!input.IsAtEnd)
                    {
                        values.Add(input.ReadInt64());
                    }
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new ModelImportException($"{_what}.{name}: corrupt packed integers: {ex.Message}", ex);
                }
            }
            else
            {
                Expect(f, WireFormat.WireType.Varint, name);
            }
        }

        return values;
    }

    /// <summary>A repeated float field, packed or not.</summary>
    public float[] Floats(int number, string name)
    {
        int count = 0;
        foreach (ProtoField f in _fields)
        {
            if (f.Number == number)
            {
                count += f.Type switch
                {
                    WireFormat.WireType.Fixed32 => 1,
                    WireFormat.WireType.LengthDelimited when f.Bytes.Length % 4 == 0 => f.Bytes.Length / 4,
                    WireFormat.WireType.LengthDelimited =>
                        throw new ModelImportException($"{_what}.{name}: packed floats of {f.Bytes.Length} bytes (not a multiple of 4)"),
                    _ => throw Mismatch(f, name, WireFormat.WireType.Fixed32),
                };
            }
        }

        var values = new float[count];
        int at = 0;
        foreach (ProtoField f in _fields)
        {
            if (f.Number != number)
            {
                continue;
            }

            if (f.Type == WireFormat.WireType.Fixed32)
            {
                values[at++] = BitConverter.UInt32BitsToSingle((uint)f.Scalar);
                continue;
            }

            ReadOnlySpan<byte> b = f.Bytes.Span;
            for (int i = 0; i + 4 <= b.Length; i += 4)
            {
                values[at++] = BinaryPrimitives.ReadSingleLittleEndian(b[i..]);
            }
        }

        return values;
    }

    /// <summary>A repeated double field, packed or not.</summary>
    public double[] Doubles(int number, string name)
    {
        var values = new List<double>();
        foreach (ProtoField f in _fields)
        {
            if (f.Number != number)
            {
                continue;
            }

            if (f.Type == WireFormat.WireType.Fixed64)
            {
                values.Add(BitConverter.UInt64BitsToDouble(f.Scalar));
            }
            else if (f.Type == WireFormat.WireType.LengthDelimited && f.Bytes.Length % 8 == 0)
            {
                ReadOnlySpan<byte> b = f.Bytes.Span;
                for (int i = 0; i < b.Length; i += 8)
                {
                    values.Add(BinaryPrimitives.ReadDoubleLittleEndian(b[i..]));
                }
            }
            else
            {
                throw Mismatch(f, name, WireFormat.WireType.Fixed64);
            }
        }

        return values.ToArray();
    }

    private void Expect(ProtoField f, WireFormat.WireType type, string name)
    {
        if (f.Type != type)
        {
            throw Mismatch(f, name, type);
        }
    }

    private ModelImportException Mismatch(ProtoField f, string name, WireFormat.WireType want) =>
        new($"{_what}.{name} (field {f.Number}): wire type {f.Type}, expected {want}");
}
