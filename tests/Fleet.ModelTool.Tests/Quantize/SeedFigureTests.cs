// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Evaluation;
using Fleet.ModelTool.Quantize;
using Xunit.Abstractions;

namespace Fleet.ModelTool.Tests.Quantize;

/// <summary>
/// The figures on the seed's own float Caffe models: quantized by this toolchain (q7 .network, 500
/// calibration images), they match or beat the seed's shipped v3.0 .network on the same data in both run modes,
/// and int8 stays within 1 point of float. Smile on the whole 2,000-face subset; LeNet on the first 2,000 MNIST
/// test digits here (the full 10,000 are in docs/model-toolchain.md).
/// </summary>
public sealed class SeedFigureTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-seedfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedDataFact]
    public void Smile_QuantizedMatchesOrBeatsTheSeed()
    {
        Check("smile", "smile_train_test.prototxt", "smile_iter_200000.caffemodel", "smile.network",
            TestPaths.Data("smile", "subset-images-idx3-ubyte"), TestPaths.Data("smile", "subset-labels-idx1-ubyte"), [128], [1, 0], null);
    }

    [SharedDataFact]
    public void Lenet_QuantizedMatchesOrBeatsTheSeed()
    {
        Check("lenet", "lenet_train_test.prototxt", "lenet_iter_10000.caffemodel", "lenet.network",
            TestPaths.Data("mnist", "t10k-images-idx3-ubyte"), TestPaths.Data("mnist", "t10k-labels-idx1-ubyte"), null, null, 2000);
    }

    private void Check(string name, string prototxt, string caffemodel, string seed, string images, string labels,
        IReadOnlyList<int>? mean, IReadOnlyList<int>? classLabels, int? limit)
    {
        string seedPath = TestPaths.OpenMv("models", "v3.0", seed);
        QuantizeOptions Options(string scheme, string outName) => new(TestPaths.OpenMv("caffe", name, prototxt),
            TestPaths.OpenMv("caffe", name, caffemodel), null, images, labels, 500, mean, null, scheme, Path.Combine(_dir, outName),
            classLabels, null, name, 1, null, null, limit);

        QuantizeResult q7 = QuantizePipeline.Run(Options("q7", $"{name}.network"), null, null);
        double seedCorrected = Evaluator.Evaluate(seedPath, images, labels, NetworkMode.Corrected, classLabels, limit, null).Accuracy;
        double seedCamera = Evaluator.Evaluate(seedPath, images, labels, NetworkMode.Camera, classLabels, limit, null).Accuracy;
        QuantizeResult s8 = QuantizePipeline.Run(Options("int8", $"{name}.flmd"), null, null);
        output.WriteLine($"{name}: float {q7.FloatAccuracy:0.0000}; q7 corrected {q7.QuantizedAccuracy:0.0000} (seed {seedCorrected:0.0000}), " +
                         $"camera {q7.QuantizedCameraAccuracy:0.0000} (seed {seedCamera:0.0000}); int8 {s8.QuantizedAccuracy:0.0000}; " +
                         $"quantize {q7.QuantizeSeconds:0.0} s (q7), {s8.QuantizeSeconds:0.0} s (int8)");

        Assert.True(q7.QuantizedAccuracy >= seedCorrected, $"q7 corrected {q7.QuantizedAccuracy} < seed {seedCorrected}");
        Assert.True(q7.QuantizedCameraAccuracy >= seedCamera, $"q7 camera {q7.QuantizedCameraAccuracy} < seed {seedCamera}");
        Assert.InRange(s8.QuantizedAccuracy!.Value, s8.FloatAccuracy!.Value - 0.01, 1.0);
    }
}
