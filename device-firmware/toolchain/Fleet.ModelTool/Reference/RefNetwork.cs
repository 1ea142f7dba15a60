// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.ModelTool.Reference;

/// <summary>
/// A <c>.network</c> file parsed from the byte layout of spec §2 (little-endian, no padding): "CAFE", u32 layer
/// count, then per layer u32 type, n, c, h, w and the type's payload. Checks only what the reference needs to
/// stay in bounds (truncation, trailing bytes, type codes); the C loader is the validating one.
/// </summary>
public sealed class RefNetwork
{
    private RefNetwork(IReadOnlyList<RefLayer> layers) => Layers = layers;

    public IReadOnlyList<RefLayer> Layers { get; }

    public RefLayer Input => Layers[0];

    public int Outputs => Layers[^1].C;

    /// <summary>Σ MACs of CONV (out·k²·c_in) and IP (rows·cols) layers.</summary>
    public long Macs
    {
        get
        {
            long macs = 0;
            for (int i = 1; i < Layers.Count; i++)
            {
                RefLayer l = Layers[i], p = Layers[i - 1];
                macs += l.Type switch
                {
                    RefLayer.Conv => (long)l.Elements * l.Kernel * l.Kernel * p.C,
                    RefLayer.Ip => (long)l.C * p.Elements,
                    _ => 0,
                };
            }

            return macs;
        }
    }

    public static RefNetwork Parse(ReadOnlySpan<byte> blob)
    {
        int pos = 0;
        uint U32(ReadOnlySpan<byte> b)
        {
            if (b.Length - pos < 4)
            {
                throw new FormatException($"truncated at byte {pos}");
            }

            uint v = BinaryPrimitives.ReadUInt32LittleEndian(b[pos..]);
            pos += 4;
            return v;
        }

        sbyte[] Bytes(ReadOnlySpan<byte> b, uint n)
        {
            if ((uint)(b.Length - pos) < n)
            {
                throw new FormatException($"truncated at byte {pos}");
            }

            sbyte[] v = new sbyte[n];
            for (int i = 0; i < n; i++)
            {
                v[i] = (sbyte)b[pos + i];
            }

            pos += (int)n;
            return v;
        }

        if (blob.Length < 8 || blob[0] != 'C' || blob[1] != 'A' || blob[2] != 'F' || blob[3] != 'E')
        {
            throw new FormatException("not a CAFE .network file");
        }

        pos = 4;
        uint count = U32(blob);
        if (count < 2 || count > 1024)
        {
            throw new FormatException($"layer count {count}");
        }

        var layers = new List<RefLayer>();
        for (int i = 0; i < count; i++)
        {
            int type = (int)U32(blob);
            int n = (int)U32(blob), c = (int)U32(blob), h = (int)U32(blob), w = (int)U32(blob);
            int[] mean = [0, 0, 0];
            int scale = 0, kernel = 0, pad = 0, stride = 0, poolType = 0;
            uint l = 0, r = 0;
            sbyte[] weights = [], bias = [];
            switch (type)
            {
                case RefLayer.Data:
                    mean = [(int)U32(blob), (int)U32(blob), (int)U32(blob)];
                    scale = (int)U32(blob);
                    break;
                case RefLayer.Conv:
                    (l, r) = (U32(blob), U32(blob));
                    (kernel, pad, stride) = ((int)U32(blob), (int)U32(blob), (int)U32(blob));
                    weights = Bytes(blob, U32(blob));
                    bias = Bytes(blob, U32(blob));
                    break;
                case RefLayer.Relu:
                    break;
                case RefLayer.Pool:
                    poolType = (int)U32(blob);
                    (kernel, pad, stride) = ((int)U32(blob), (int)U32(blob), (int)U32(blob));
                    break;
                case RefLayer.Ip:
                    (l, r) = (U32(blob), U32(blob));
                    weights = Bytes(blob, U32(blob));
                    bias = Bytes(blob, U32(blob));
                    break;
                default:
                    throw new FormatException($"layer {i}: unknown type {type}");
            }

            layers.Add(new RefLayer(type, n, c, h, w, mean, scale, l, r, kernel, pad, stride, poolType, weights, bias));
        }

        if (pos != blob.Length)
        {
            throw new FormatException($"{blob.Length - pos} trailing bytes");
        }

        return new RefNetwork(layers);
    }
}
