// SPDX-License-Identifier: MIT
using Google.Protobuf;

namespace Fleet.ModelTool.Tests.Import;

/// <summary>A tiny binary protobuf writer over Google.Protobuf's CodedOutputStream, to build ONNX and caffemodel test files by field number.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _ms = new();
    private readonly CodedOutputStream _o;

    public ProtoWriter() => _o = new CodedOutputStream(_ms, leaveOpen: true);

    public ProtoWriter Int(int field, long v)
    {
        _o.WriteTag(field, WireFormat.WireType.Varint);
        _o.WriteInt64(v);
        return this;
    }

    public ProtoWriter Float(int field, float v)
    {
        _o.WriteTag(field, WireFormat.WireType.Fixed32);
        _o.WriteFloat(v);
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] b)
    {
        _o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _o.WriteBytes(ByteString.CopyFrom(b));
        return this;
    }

    public ProtoWriter String(int field, string s)
    {
        _o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _o.WriteString(s);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter m) => Bytes(field, m.ToArray());

    public ProtoWriter PackedFloats(int field, float[] v)
    {
        var b = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++)
        {
            BitConverter.TryWriteBytes(b.AsSpan(4 * i), v[i]);
        }

        return Bytes(field, b);
    }

    public ProtoWriter PackedInts(int field, long[] v)
    {
        var inner = new MemoryStream();
        var o = new CodedOutputStream(inner, leaveOpen: true);
        foreach (long x in v)
        {
            o.WriteInt64(x);
        }

        o.Flush();
        return Bytes(field, inner.ToArray());
    }

    public byte[] ToArray()
    {
        _o.Flush();
        return _ms.ToArray();
    }
}
