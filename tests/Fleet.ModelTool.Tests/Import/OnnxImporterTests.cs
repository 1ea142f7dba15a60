// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Tests.Import;

public sealed class OnnxImporterTests
{
    private static float[] Input(int seed) =>
        Enumerable.Range(0, 2 * TinyModels.H * TinyModels.W).Select(i => (float)Math.Sin((i * 0.37) + seed)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TorchStyleGraph_ComputesWhatTheOpsDefine(bool viewReshape)
    {
        var m = new TinyModels();
        FloatGraph g = OnnxImporter.Import(m.Onnx(viewReshape), null).Graph;

        // Batch norm folds into the conv; flatten / reshape fold into the fully connected layer.
        Assert.Equal([FloatOp.Conv, FloatOp.Relu, FloatOp.MaxPool, FloatOp.FullyConnected, FloatOp.Softmax], g.Layers.Select(l => l.Op));
        Assert.Equal(new TensorShape(6, 6, 2), g.Input);
        var engine = new FloatEngine(g);
        for (int seed = 0; seed < 3; seed++)
        {
            float[] nchw = Input(seed);
            float[] want = m.Reference(nchw, batchNorm: true, softmax: true);
            float[] got = engine.Run(0, m.ToHwc(nchw));
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < want.Length; i++)
            {
                Assert.InRange(got[i], want[i] - 1e-5f, want[i] + 1e-5f);
            }
        }
    }

    [Fact]
    public void InputOverride_IsUsed()
    {
        FloatGraph g = OnnxImporter.Import(new TinyModels().Onnx(), new TensorShape(6, 6, 2)).Graph;
        Assert.Equal(new TensorShape(6, 6, 2), g.Input);
        Assert.Throws<ModelImportException>(() => OnnxImporter.Import(new TinyModels().Onnx(), new TensorShape(8, 8, 2)));
    }

    [Fact]
    public void UnsupportedOp_IsNamed()
    {
        var ex = Assert.Throws<ModelImportException>(() => OnnxImporter.Import(new TinyModels().Onnx(reluOp: "LeakyRelu"), null));
        Assert.Contains("LeakyRelu", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedFile_IsAnImportError()
    {
        byte[] onnx = new TinyModels().Onnx();
        for (int cut = 0; cut < onnx.Length; cut += 17)
        {
            Assert.Throws<ModelImportException>(() => OnnxImporter.Import(onnx.AsMemory(0, cut), null));
        }
    }

    [Fact]
    public void NotAFile_ReportsTheReason()
    {
        var ex = Assert.Throws<ModelImportException>(() => OnnxImporter.Import(Path.Combine(Path.GetTempPath(), "no-such-model.onnx"), null));
        Assert.Contains("cannot read", ex.Message, StringComparison.Ordinal);
    }
}
