// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Preview;

namespace Fleet.ModelTool.Tests.Preview;

/// <summary>The QEMU instruction counter on real model files (one QEMU at a time: xunit runs a class's tests in order).</summary>
[Collection("qemu-m7")]
public sealed class M7InstructionCounterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-m7count-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [M7Fact]
    public void LeNet_CostsMoreThanTheTinyModel_InTheDirectionOfTheirMacs_BothSchemes()
    {
        var counter = new M7InstructionCounter();
        foreach (string scheme in new[] { "int8", "q7" })
        {
            string tiny = PreviewModels.Tiny(_dir, scheme).Model;
            M7Count small = counter.Count(tiny);
            M7Count lenet = counter.Count(PreviewModels.Lenet(_dir, scheme == "int8" ? "int8" : "q7"));

            Assert.True(lenet.Macs > small.Macs, scheme);
            Assert.True(lenet.RunInstructions > small.RunInstructions, scheme);
            Assert.True(lenet.InstructionsPerInference > small.InstructionsPerInference, scheme);
            // The per-inference figure adds the input tensor from a camera ROI and the scores to the forward pass.
            Assert.True(small.InstructionsPerInference > small.RunInstructions, scheme);
            Assert.Equal((uint)new FileInfo(tiny).Length, small.FlashBytes);
            Assert.Equal(2, small.MarkerOverhead);
        }
    }

    [M7Fact]
    public void SameFile_SameCount()
    {
        string tiny = PreviewModels.Tiny(_dir).Model;
        var counter = new M7InstructionCounter();
        Assert.Equal(counter.Count(tiny), counter.Count(tiny));
    }

    [M7Fact(needsSharedData: true)]
    public void SeedSmile_RunCount_EqualsWhatTheStageBenchmarkReportsForIt_AndCifar10CostsMore()
    {
        var counter = new M7InstructionCounter();
        M7Count smile = counter.Count(PreviewPaths.SeedModel("smile.network"));
        M7Count cifar = counter.Count(PreviewPaths.SeedModel("cifar10.network"));

        IReadOnlyList<M7Region> stages = counter.RunBenchImage(M7InstructionCounter.StagesImage, [PreviewPaths.Shared]);

        M7Region network = Assert.Single(stages, r => r.Label.StartsWith("network smile ", StringComparison.Ordinal));
        Assert.Equal(network.Instructions, smile.RunInstructions);
        Assert.Equal("network", smile.Format);
        Assert.Equal(3_245_056UL, smile.Macs);
        // The per-face figure is the stage benchmark's "cnn_face" work (preprocess + run + scores): within the few
        // dozen instructions the ROI size moves the resize by.
        long face = stages.Where(r => r.Label.StartsWith("cnn_face ", StringComparison.Ordinal)).Max(r => r.Instructions);
        Assert.InRange(smile.InstructionsPerInference, face - 200, face + 200);
        Assert.True(cifar.Macs > smile.Macs);
        Assert.True(cifar.InstructionsPerInference > smile.InstructionsPerInference);
    }

    [M7Fact]
    public void CorruptOrMissingModel_IsAModelToolExceptionNamingTheFile()
    {
        string bad = Path.Combine(_dir, "bad.flmd");
        byte[] bytes = File.ReadAllBytes(PreviewModels.Tiny(_dir).Model);
        bytes[200] ^= 0x5A; // inside the layer table
        File.WriteAllBytes(bad, bytes[..^4]);
        var counter = new M7InstructionCounter();

        var corrupt = Assert.Throws<ModelToolException>(() => counter.Count(bad));
        Assert.Contains("bad.flmd", corrupt.Message, StringComparison.Ordinal);
        Assert.Contains("rejected", corrupt.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ModelToolException>(() => counter.Count(Path.Combine(_dir, "none.flmd")));
        Assert.Contains("no such model file", missing.Message, StringComparison.Ordinal);
    }
}
