// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Tests.Import;

public sealed class CaffeImporterTests
{
    [Fact]
    public void PrototxtAndCaffemodel_ComputeWhatTheLayersDefine()
    {
        var m = new TinyModels();
        ImportedModel imported = CaffeImporter.Import(TinyModels.Prototxt, m.Caffemodel(), null);
        FloatGraph g = imported.Graph;
        Assert.Equal([FloatOp.Conv, FloatOp.Relu, FloatOp.MaxPool, FloatOp.FullyConnected, FloatOp.Softmax], g.Layers.Select(l => l.Op));
        var engine = new FloatEngine(g);
        float[] nchw = Enumerable.Range(0, 72).Select(i => (float)Math.Cos(i * 0.21)).ToArray();
        float[] want = m.Reference(nchw, batchNorm: true, softmax: true);
        float[] got = engine.Run(0, m.ToHwc(nchw));
        for (int i = 0; i < want.Length; i++)
        {
            Assert.InRange(got[i], want[i] - 1e-5f, want[i] + 1e-5f);
        }
    }

    [Fact]
    public void UnsupportedLayer_IsNamed()
    {
        string text = TinyModels.Prototxt.Replace("type: \"ReLU\"", "type: \"PReLU\"", StringComparison.Ordinal);
        var ex = Assert.Throws<ModelImportException>(() => CaffeImporter.Import(text, new TinyModels().Caffemodel(), null));
        Assert.Contains("relu1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PReLU", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBlob_IsNamed()
    {
        string text = TinyModels.Prototxt.Replace("name: \"ip1\"", "name: \"ipX\"", StringComparison.Ordinal);
        var ex = Assert.Throws<ModelImportException>(() => CaffeImporter.Import(text, new TinyModels().Caffemodel(), null));
        Assert.Contains("ipX", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Branches_AreRefused()
    {
        string text = TinyModels.Prototxt.Replace("bottom: \"pool1\" top: \"ip1\"", "bottom: \"data\" top: \"ip1\"", StringComparison.Ordinal);
        var ex = Assert.Throws<ModelImportException>(() => CaffeImporter.Import(text, new TinyModels().Caffemodel(), null));
        Assert.Contains("branching", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void SeedSmileAndLenet_ImportWithTheShippedShapes()
    {
        // The prototxts use Data layers (no shape): channels from conv1, size from the first inner product.
        FloatGraph smile = CaffeImporter.Import(TestPaths.OpenMv("caffe", "smile", "smile_train_test.prototxt"),
            TestPaths.OpenMv("caffe", "smile", "smile_iter_200000.caffemodel"), null).Graph;
        Assert.Equal(new TensorShape(32, 32, 1), smile.Input);
        Assert.Equal(3_245_056, smile.Macs); // the v3.0 smile.network's figure (spec §6)
        Assert.Equal(19_842, smile.Parameters);

        ImportedModel lenet = CaffeImporter.Import(TestPaths.OpenMv("caffe", "lenet", "lenet_train_test.prototxt"),
            TestPaths.OpenMv("caffe", "lenet", "lenet_iter_10000.caffemodel"), null);
        Assert.Equal(new TensorShape(28, 28, 1), lenet.Graph.Input);
        Assert.Equal(1_969_000, lenet.Graph.Macs);
        Assert.Equal(106_680, lenet.Graph.Parameters);
        Assert.Equal(0.00390625f, lenet.Scale); // the TEST phase transform_param
    }

    [SharedDataFact]
    public void Hdf5Caffemodel_IsRefusedByName()
    {
        var ex = Assert.Throws<ModelImportException>(() => CaffeImporter.Import(
            TestPaths.OpenMv("caffe", "cifar10", "cifar10_train_test.prototxt"),
            TestPaths.OpenMv("caffe", "cifar10", "cifar10_iter_300000.caffemodel.h5"), null));
        Assert.Contains("HDF5", ex.Message, StringComparison.Ordinal);
    }
}
