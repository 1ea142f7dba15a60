// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// What the device does to a camera frame before the net, in float: the camera's nearest-neighbour stretch of
/// the whole image to the net's h×w (ratio = ((w &lt;&lt; 16) / net_w) + 1, as fl_network_preprocess and the Fleet
/// runner do), a gray pixel into every channel, then x = (p − mean[c]) · scale. Calibration and float accuracy
/// use exactly this, so the quantized model sees the float model's inputs.
/// </summary>
public sealed record InputPreprocessing(IReadOnlyList<int> Mean, float Scale)
{
    public int MeanOf(int channel) => Mean.Count == 1 ? Mean[0] : Mean[channel];

    public float[] Apply(ReadOnlySpan<byte> gray, int width, int height, TensorShape net)
    {
        var t = new float[net.Elements];
        int xRatio = (width << 16) / net.W + 1, yRatio = (height << 16) / net.H + 1;
        for (int y = 0; y < net.H; y++)
        {
            int sy = Math.Min((int)(((long)y * yRatio) >> 16), height - 1);
            for (int x = 0; x < net.W; x++)
            {
                int sx = Math.Min((int)(((long)x * xRatio) >> 16), width - 1);
                int p = gray[(sy * width) + sx];
                for (int c = 0; c < net.C; c++)
                {
                    t[(((y * net.W) + x) * net.C) + c] = (p - MeanOf(c)) * Scale;
                }
            }
        }

        return t;
    }
}
