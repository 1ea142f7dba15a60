// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// Writes the seed's .network format (spec §2): "CAFE", u32 layer count, then per layer u32 type, n, c, h, w and
/// its payload, little-endian, no padding. Conv weights OHWI; IP weights given row-major [out][HWC cols] and
/// stored x4-interleaved for arm_fully_connected_q7_opt with the core's own index (fl_nn_fc_q7_x4_index), so the
/// reader de-interleaves exactly what was meant. n (the Caffe batch size) is written as 1; it only picked a
/// kernel variant with identical results (spec §3.3).
/// </summary>
internal sealed class NetworkWriter
{
    private readonly List<byte> _bytes = [];
    private int _layers;

    public void Data(int c, int h, int w, IReadOnlyList<int> mean, int scale)
    {
        Header(0, c, h, w);
        for (int k = 0; k < 3; k++)
        {
            U32(mean.Count == 1 ? mean[0] : mean[k]);
        }

        U32(scale);
    }

    public void Conv(int c, int h, int w, int lshift, int rshift, int kernel, int pad, int stride, sbyte[] weights, sbyte[] bias)
    {
        Header(1, c, h, w);
        U32(lshift);
        U32(rshift);
        U32(kernel);
        U32(pad);
        U32(stride);
        Tensor(weights);
        Tensor(bias);
    }

    public void Relu(int c, int h, int w) => Header(2, c, h, w);

    public void Pool(int c, int h, int w, bool max, int kernel, int pad, int stride)
    {
        Header(3, c, h, w);
        U32(max ? 0 : 1);
        U32(kernel);
        U32(pad);
        U32(stride);
    }

    public void Ip(int outputs, int lshift, int rshift, sbyte[] rowMajor, int cols, sbyte[] bias)
    {
        Header(4, outputs, 1, 1);
        U32(lshift);
        U32(rshift);
        var x4 = new sbyte[rowMajor.Length];
        for (int r = 0; r < outputs; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                x4[NnKernels.FcQ7X4Index(outputs, cols, r, c)] = rowMajor[(r * cols) + c];
            }
        }

        Tensor(x4);
        Tensor(bias);
    }

    public byte[] ToArray()
    {
        var blob = new byte[8 + _bytes.Count];
        "CAFE"u8.CopyTo(blob);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)_layers);
        _bytes.CopyTo(blob, 8);
        return blob;
    }

    private void Header(int type, int c, int h, int w)
    {
        _layers++;
        U32(type);
        U32(1);
        U32(c);
        U32(h);
        U32(w);
    }

    private void Tensor(sbyte[] v)
    {
        U32(v.Length);
        foreach (sbyte b in v)
        {
            _bytes.Add((byte)b);
        }
    }

    private void U32(int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        _bytes.AddRange(b.ToArray());
    }
}
