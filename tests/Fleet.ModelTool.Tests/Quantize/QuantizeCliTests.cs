// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Tests.Cli;
using Fleet.ModelTool.Tests.Import;

namespace Fleet.ModelTool.Tests.Quantize;

/// <summary><c>fleet-model quantize</c> end to end on an ONNX file and IDX sets written to a temporary folder.</summary>
public sealed class QuantizeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-quantize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Model, string Images, string Labels) Files()
    {
        string model = Path.Combine(_dir, "tiny.onnx");
        File.WriteAllBytes(model, new TinyModels(channels: 1).Onnx());
        var rng = new Random(5);
        byte[][] images = Enumerable.Range(0, 120).Select(_ => Enumerable.Range(0, 36).Select(_ => (byte)rng.Next(256)).ToArray()).ToArray();
        byte[] labels = images.Select(_ => (byte)rng.Next(4)).ToArray();
        string img = Path.Combine(_dir, "images.idx"), lab = Path.Combine(_dir, "labels.idx");
        TinyQuantModels.WriteIdx(img, lab, images, 6, 6, labels);
        return (model, img, lab);
    }

    [Fact]
    public void Int8_WritesAFleetModelWithReportAndAccuracies()
    {
        (string model, string images, string labels) = Files();
        string output = Path.Combine(_dir, "tiny.flmd");
        CliRun run = CliRun.Invoke("quantize", "--model", model, "--calibration", images, "--labels", labels, "--mean", "128",
            "--scale", "0.0078125", "--scheme", "int8", "--out", output, "--class-names", "a,b,c,d", "--model-id", "tiny", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement j = run.Json();
        Assert.Equal("int8", j.GetProperty("scheme").GetString());
        Assert.Equal("onnx", j.GetProperty("source").GetString());
        Assert.Equal(120, j.GetProperty("calibration_images").GetInt32());
        Assert.Equal(6, j.GetProperty("layers").GetArrayLength()); // data + conv, relu, pool, fc, softmax
        Assert.True(j.GetProperty("float_accuracy").ValueKind == JsonValueKind.Number);
        Assert.True(j.GetProperty("quantized_accuracy").ValueKind == JsonValueKind.Number);
        Assert.Contains("quantize:", run.Stderr, StringComparison.Ordinal); // progress on stderr

        using FleetModel m = FleetModel.Load(File.ReadAllBytes(output));
        Assert.Equal(["a", "b", "c", "d"], m.Labels);
        Assert.Equal(j.GetProperty("arena_bytes").GetInt64(), m.Info.ArenaBytes);

        CliRun eval = CliRun.Invoke("eval", output, "--images", images, "--labels", labels, "--json");
        Assert.Equal(0, eval.ExitCode);
        Assert.Equal(j.GetProperty("quantized_accuracy").GetDouble(), eval.Json().GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void SoftmaxEndedModel_ToNetwork_DropsTheSoftmaxWithANote()
    {
        (string model, string images, string labels) = Files();
        string output = Path.Combine(_dir, "tiny.network");
        CliRun run = CliRun.Invoke("quantize", "--model", model, "--calibration", images, "--labels", labels, "--mean", "128",
            "--scale", "0.0078125", "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("note: the final softmax is left out", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("camera mode", run.Stdout, StringComparison.Ordinal);
        using NetworkModel net = NetworkModel.Load(File.ReadAllBytes(output));
        Assert.Equal(4, net.Info.Outputs);
    }

    [Fact]
    public void BadInputs_GiveOneLineErrors()
    {
        (string model, string images, string labels) = Files();
        CliRun.Invoke("quantize", "--model", model, "--calibration", images, "--scheme", "int8", "--out", Path.Combine(_dir, "x.network"))
            .AssertOneLineError("q7 only");
        CliRun.Invoke("quantize", "--model", model, "--calibration", images, "--out", Path.Combine(_dir, "x.bin"))
            .AssertOneLineError(".network (q7) or .flmd");
        CliRun.Invoke("quantize", "--model", Path.Combine(_dir, "net.prototxt"), "--calibration", images, "--out", Path.Combine(_dir, "x.network"))
            .AssertOneLineError("--weights");

        string leaky = Path.Combine(_dir, "leaky.onnx");
        File.WriteAllBytes(leaky, new TinyModels(channels: 1).Onnx(reluOp: "LeakyRelu"));
        CliRun.Invoke("quantize", "--model", leaky, "--calibration", images, "--out", Path.Combine(_dir, "x.flmd"))
            .AssertOneLineError("LeakyRelu");

        string broken = Path.Combine(_dir, "broken.onnx");
        File.WriteAllBytes(broken, File.ReadAllBytes(model)[..100]);
        CliRun.Invoke("quantize", "--model", broken, "--calibration", images, "--out", Path.Combine(_dir, "x.flmd"))
            .AssertOneLineError("broken.onnx");

        CliRun.Invoke("quantize", "--model", model, "--calibration", labels, "--out", Path.Combine(_dir, "x.flmd"))
            .AssertOneLineError("calibration images");
        CliRun.Invoke("quantize", "--model", model, "--calibration", images, "--mean", "300", "--out", Path.Combine(_dir, "x.flmd"))
            .AssertOneLineError("--mean");
        Assert.False(File.Exists(Path.Combine(_dir, "x.flmd")));
    }
}
