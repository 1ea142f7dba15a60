// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Tests.Cli;
using Fleet.ModelTool.Tests.Import;
using Fleet.ModelTool.Tests.Quantize;

namespace Fleet.ModelTool.Tests.Preview;

/// <summary>Small models and datasets the preview tests write into their own temporary folder, with no ../shared:
/// the 6x6 test graph and the repository's reference LeNet, quantized by <c>fleet-model quantize</c>.</summary>
internal static class PreviewModels
{
    public static string ReferenceModels { get; } = Path.Combine(PreviewPaths.Root, "device-firmware", "toolchain", "training", "models");

    /// <summary>The 6x6 graph as a Fleet model (int8 or q7) with a 4-class 6x6 dataset; returns (model, images, labels).</summary>
    public static (string Model, string Images, string Labels) Tiny(string dir, string scheme = "int8", int seed = 7)
    {
        string onnx = Path.Combine(dir, $"tiny-{seed}.onnx");
        File.WriteAllBytes(onnx, new TinyModels(seed, channels: 1).Onnx());
        var rng = new Random(5);
        byte[][] images = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 36).Select(_ => (byte)rng.Next(256)).ToArray()).ToArray();
        byte[] labels = images.Select(_ => (byte)rng.Next(4)).ToArray();
        string img = Path.Combine(dir, "tiny-images.idx"), lab = Path.Combine(dir, "tiny-labels.idx");
        TinyQuantModels.WriteIdx(img, lab, images, 6, 6, labels);
        string model = Path.Combine(dir, $"tiny-{seed}-{scheme}.flmd");
        CliRun run = CliRun.Invoke("quantize", "--model", onnx, "--calibration", img, "--labels", lab, "--mean", "128",
            "--scale", "0.0078125", "--scheme", scheme, "--out", model, "--class-names", "a,b,c,d", "--model-id", $"tiny{seed}");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return (model, img, lab);
    }

    /// <summary>The committed LeNet ONNX quantized on 40 seeded 28x28 "digits" (the figures need no real MNIST).</summary>
    public static string Lenet(string dir, string scheme = "int8")
    {
        var rng = new Random(9);
        byte[][] images = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 28 * 28).Select(_ => (byte)rng.Next(256)).ToArray()).ToArray();
        string img = Path.Combine(dir, "lenet-images.idx"), lab = Path.Combine(dir, "lenet-labels.idx");
        TinyQuantModels.WriteIdx(img, lab, images, 28, 28, images.Select(_ => (byte)rng.Next(10)).ToArray());
        string model = Path.Combine(dir, $"lenet-{scheme}" + (scheme == "int8" ? ".flmd" : ".network"));
        CliRun run = CliRun.Invoke("quantize", "--model", Path.Combine(ReferenceModels, "lenet.onnx"), "--calibration", img, "--labels", lab,
            "--mean", "128", "--scale", "0.0078125", "--scheme", scheme, "--out", model);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return model;
    }
}
