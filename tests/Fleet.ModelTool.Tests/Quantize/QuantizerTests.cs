// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;
using Fleet.ModelTool.Import;
using Fleet.ModelTool.Quantize;

namespace Fleet.ModelTool.Tests.Quantize;

/// <summary>Both quantizers on in-memory graphs; every quantized model runs on the C engine.</summary>
public sealed class QuantizerTests
{
    private static readonly byte[][] Images = TinyQuantModels.Images(200);

    [Fact]
    public void Q7_NetworkRunsOnTheCEngineAndAgreesWithFloat()
    {
        FloatGraph g = TinyQuantModels.Chain();
        CalibrationSet cal = TinyQuantModels.Calibration(g, Images);
        QuantizedModel q = Q7Quantizer.Quantize(g, TinyQuantModels.Pre, cal, [0, 1, 2]);

        // Bounded search: at most 4 candidates for each weight set and each activation point (data + 3 weighted).
        Assert.InRange(q.CandidatesTried, 1, Q7Quantizer.Candidates * ((2 * 3) + 1));
        using NetworkModel net = NetworkModel.Load(q.Network!);
        Assert.Equal(3, net.Info.Outputs);
        int agree = Agreement(g, im =>
        {
            sbyte[] input = net.Preprocess(NetworkImage.FromGray(im, 8, 8), null, NetworkMode.Corrected, NetworkResize.Nearest);
            return net.Run(input, NetworkMode.Corrected, softmax: false).Select(v => (float)v).ToArray();
        });
        Assert.True(agree >= Images.Length * 9 / 10, $"argmax agrees with float on {agree}/{Images.Length}");

        // The same quantized model converted to FLMD computes the same outputs (corrected semantics).
        FleetModelSpec spec = NetworkConverter.Convert(q.Network!, "q7-test", 1, ["a", "b", "c"]);
        using FleetModel fleet = FleetModel.Load(FleetModelWriter.Write(spec));
        foreach (byte[] im in Images.Take(20))
        {
            sbyte[] a = net.Preprocess(NetworkImage.FromGray(im, 8, 8), null, NetworkMode.Corrected, NetworkResize.Nearest);
            Assert.Equal(net.Run(a, NetworkMode.Corrected, softmax: false), fleet.Run(fleet.Preprocess(NetworkImage.FromGray(im, 8, 8), null)));
        }
    }

    [Fact]
    public void Q7_IsDeterministicAndReportsEveryLayer()
    {
        FloatGraph g = TinyQuantModels.Chain();
        CalibrationSet cal = TinyQuantModels.Calibration(g, Images);
        QuantizedModel a = Q7Quantizer.Quantize(g, TinyQuantModels.Pre, cal, [0, 1, 2]);
        QuantizedModel b = Q7Quantizer.Quantize(g, TinyQuantModels.Pre, cal, [0, 1, 2]);
        Assert.Equal(a.Network, b.Network);
        Assert.Equal(g.Layers.Count + 1, a.Layers.Count);
        Assert.All(a.Layers, l => Assert.InRange(l.ErrorPercent, 0, 100));
        Assert.Contains("rshift", a.Layers[1].Format, StringComparison.Ordinal);
    }

    [Fact]
    public void Q7_RefusesWhatTheNetworkCannotHold()
    {
        FloatGraph g = TinyQuantModels.Chain(depthwise: true);
        var ex = Assert.Throws<ModelToolException>(() =>
            Q7Quantizer.Quantize(g, TinyQuantModels.Pre, TinyQuantModels.Calibration(g, Images), [0, 1, 2]));
        Assert.Contains("DepthwiseConv", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Int8_FleetModelRunsOnTheCEngineCloseToFloat(bool depthwise, bool softmax)
    {
        FloatGraph g = TinyQuantModels.Chain(depthwise: depthwise, softmax: softmax);
        CalibrationSet cal = TinyQuantModels.Calibration(g, Images);
        QuantizedModel q = S8Quantizer.Quantize(g, TinyQuantModels.Pre, cal, "s8-test", 2, ["a", "b", "c"]);
        FleetModelSpec spec = q.Fleet!;

        // ReLUs after conv are fused into the clamps: none is emitted.
        Assert.DoesNotContain(spec.Layers, l => l.Op == FleetLayerOp.Relu);
        using FleetModel model = FleetModel.Load(FleetModelWriter.Write(spec));
        var engine = new FloatEngine(g);
        double worst = 0;
        int agree = 0;
        foreach (byte[] im in Images)
        {
            float[] want = engine.Run(0, TinyQuantModels.Pre.Apply(im, 8, 8, g.Input));
            sbyte[] got = model.Run(model.Preprocess(NetworkImage.FromGray(im, 8, 8), null));
            float[] deq = got.Select(v => (float)((v - q.OutputZeroPoint) * q.OutputScale)).ToArray();
            worst = Math.Max(worst, want.Zip(deq, (a, b) => Math.Abs(a - b)).Max() / Math.Max(want.Max(Math.Abs), 1e-3f));
            agree += QuantMathArgMax(deq) == QuantMathArgMax(want) ? 1 : 0;
        }

        Assert.True(worst < 0.15, $"worst relative output error {worst:0.###}");
        Assert.True(agree >= Images.Length * 95 / 100, $"argmax agrees with float on {agree}/{Images.Length}");
    }

    [Fact]
    public void Int8_SelfTestSectionReproducesOnTheCEngine()
    {
        FloatGraph g = TinyQuantModels.Chain();
        QuantizedModel q = S8Quantizer.Quantize(g, TinyQuantModels.Pre, TinyQuantModels.Calibration(g, Images), "s8-test", 2, ["a", "b", "c"]);
        byte[] blob = FleetModelFinisher.Finish(q.Fleet!, "test");
        using FleetModel model = FleetModel.Load(blob);
        int at = (int)(BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(120)) + BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(124)));
        int inLen = (int)BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(at));
        int outLen = (int)BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(at + 4));
        sbyte[] input = (sbyte[])(Array)blob.AsSpan(at + 8, inLen).ToArray();
        sbyte[] expected = (sbyte[])(Array)blob.AsSpan(at + 8 + ((inLen + 3) & ~3), outLen).ToArray();
        Assert.Equal(expected, model.Run(input));
    }

    private static int Agreement(FloatGraph g, Func<byte[], float[]> quantized)
    {
        var engine = new FloatEngine(g);
        return Images.Count(im => QuantMathArgMax(engine.Run(0, TinyQuantModels.Pre.Apply(im, 8, 8, g.Input))) == QuantMathArgMax(quantized(im)));
    }

    private static int QuantMathArgMax(float[] v) => Array.IndexOf(v, v.Max());
}
