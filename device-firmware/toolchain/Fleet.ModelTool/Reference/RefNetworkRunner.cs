// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>
/// Runs a <see cref="RefNetwork"/> as firmware 3.0's nn_run_network did (spec §3.3-§3.8) in camera mode, or
/// with the quirks fixed in corrected mode. Both modes use the truncating q7 conv/IP arithmetic the nets were
/// quantized for. Camera: ReLU touches only (c·h·w) &amp; 0xFFFF elements (uint16 count), pools are the legacy
/// separable kernels, softmax is arm_softmax_q7 on the int8 outputs. Corrected: full ReLU, true 2-D pools
/// (max, floor average), and softmax is left to <see cref="Scores"/>. Allocates per call; thread-safe.
/// </summary>
public static class RefNetworkRunner
{
    public static sbyte[] Run(RefNetwork net, RefMode mode, bool softmax, ReadOnlySpan<sbyte> input)
    {
        ArgumentNullException.ThrowIfNull(net);
        bool camera = mode == RefMode.Camera;
        sbyte[] cur = input[..net.Input.Elements].ToArray();
        for (int i = 1; i < net.Layers.Count; i++)
        {
            RefLayer l = net.Layers[i], p = net.Layers[i - 1];
            var inD = new RefDims(p.H, p.W, p.C);
            var outD = new RefDims(l.H, l.W, l.C);
            switch (l.Type)
            {
                case RefLayer.Conv:
                {
                    var next = new sbyte[l.Elements];
                    RefQ7.Conv(cur, inD, l.Weights, l.Kernel, l.Kernel, l.Bias, l.Stride, l.Stride, l.Pad, l.Pad,
                        l.LShift, l.RShift, round: false, next, outD);
                    cur = next;
                    break;
                }

                case RefLayer.Relu:
                    // arm_relu_q7 took a uint16_t size: the camera silently clipped the count.
                    int count = camera ? l.Elements & 0xFFFF : l.Elements;
                    RefQ7.Relu(cur.AsSpan(0, count));
                    break;
                case RefLayer.Pool:
                {
                    var next = new sbyte[l.Elements];
                    bool max = l.PoolType == 0;
                    if (camera)
                    {
                        RefQ7.PoolLegacy(max, cur, inD, l.Kernel, l.Kernel, l.Stride, l.Stride, l.Pad, l.Pad, next, outD);
                    }
                    else
                    {
                        RefQ7.Pool(max, cur, inD, l.Kernel, l.Kernel, l.Stride, l.Stride, l.Pad, l.Pad, next, outD);
                    }

                    cur = next;
                    break;
                }

                case RefLayer.Ip:
                {
                    var next = new sbyte[l.C];
                    RefQ7.FcX4(cur, p.Elements, l.Weights, l.Bias, l.C, l.LShift, l.RShift, round: false, next);
                    cur = next;
                    break;
                }

                default:
                    throw new FormatException($"layer {i}: type {l.Type} cannot follow the input");
            }
        }

        sbyte[] output = cur[..net.Outputs];
        if (softmax && camera)
        {
            RefQ7.Softmax(output, output);
        }

        return output;
    }

    /// <summary>
    /// Scores: camera (q + 128) / 255 as py_nn.c returned them; corrected q / 128, or with softmax the exact
    /// base-2 softmax 2^q / Σ 2^q (the base arm_softmax_q7 approximates; the file stores no output scale).
    /// </summary>
    public static double[] Scores(RefMode mode, bool softmax, ReadOnlySpan<sbyte> q)
    {
        var s = new double[q.Length];
        if (mode == RefMode.Camera)
        {
            for (int i = 0; i < q.Length; i++)
            {
                s[i] = (q[i] + 128) / 255.0;
            }

            return s;
        }

        if (!softmax)
        {
            for (int i = 0; i < q.Length; i++)
            {
                s[i] = q[i] / 128.0;
            }

            return s;
        }

        int max = int.MinValue;
        foreach (sbyte v in q)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        for (int i = 0; i < q.Length; i++)
        {
            s[i] = Math.Pow(2, q[i] - max);
            sum += s[i];
        }

        for (int i = 0; i < q.Length; i++)
        {
            s[i] /= sum;
        }

        return s;
    }
}
