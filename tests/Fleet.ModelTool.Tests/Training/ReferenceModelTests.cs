// SPDX-License-Identifier: MIT
using System.Text.Json;

namespace Fleet.ModelTool.Tests.Training;

/// <summary>
/// The reference models committed by device-firmware/toolchain/training (docs/reference-models.md): every summary
/// agrees with its ONNX file (MACs and parameters recomputed from the graph, shapes, opset, engine-only ops), the
/// figures inside a summary agree with each other, weights trained on data that may not be redistributed are absent,
/// and LeNet's held-out accuracy is re-measured from the ONNX bytes on the MNIST images it never trained on.
/// </summary>
public sealed class ReferenceModelTests
{
    private static string ModelsDir => Path.Combine(TestPaths.RepoRoot, "device-firmware", "toolchain", "training", "models");

    public static TheoryData<string> Summaries()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(ModelsDir, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }

        return data;
    }

    private static JsonElement Summary(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelsDir, name + ".json"))).RootElement;

    [Fact]
    public void TheThreeReferenceModels_HaveSummariesAndLogs()
    {
        foreach (string name in new[] { "lenet", "smile", "thermal_person" })
        {
            Assert.True(File.Exists(Path.Combine(ModelsDir, name + ".json")), $"{name}.json missing");
            string log = File.ReadAllText(Path.Combine(ModelsDir, name + ".train.log"));
            Assert.Contains("held out", log, StringComparison.Ordinal);
            Assert.Contains("versions:", log, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Summary_AgreesWithItsOnnxGraph(string name)
    {
        JsonElement s = Summary(name);
        Assert.Equal(name, s.GetProperty("name").GetString());
        string onnxPath = Path.Combine(ModelsDir, name + ".onnx");
        if (!s.GetProperty("weights_committed").GetBoolean())
        {
            Assert.Equal(JsonValueKind.Null, s.GetProperty("onnx").ValueKind);
            Assert.False(File.Exists(onnxPath), $"{name}.onnx is committed although its data's licence forbids it");
            return;
        }

        Assert.Equal(name + ".onnx", s.GetProperty("onnx").GetString());
        Assert.True(new FileInfo(onnxPath).Length < 256 * 1024, "reference models stay in kilobytes");
        OnnxFile onnx = OnnxFile.Read(onnxPath);
        Assert.Equal(13, onnx.OpsetVersion);
        var runner = new OnnxFloatRunner(onnx);

        long[] inputShape = s.GetProperty("input").GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(inputShape, onnx.InputShape);
        int outputs = s.GetProperty("output").GetProperty("shape")[1].GetInt32();
        Assert.Equal(outputs, runner.Run(new float[runner.InputShape.Aggregate(1, (a, d) => a * d)]).Length);

        IReadOnlyList<OnnxLayerCost> costs = runner.Costs();
        JsonElement[] layers = s.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(layers.Length, costs.Count);
        for (int i = 0; i < costs.Count; i++)
        {
            Assert.Equal(layers[i].GetProperty("macs").GetInt64(), costs[i].Macs);
            Assert.Equal(layers[i].GetProperty("params").GetInt64(), costs[i].Params);
        }

        Assert.Equal(s.GetProperty("macs").GetInt64(), costs.Sum(c => c.Macs));
        Assert.Equal(s.GetProperty("params").GetInt64(), costs.Sum(c => c.Params));
    }

    [Theory]
    [MemberData(nameof(Summaries))]
    public void HeldOutFigures_AreInternallyConsistent(string name)
    {
        JsonElement h = Summary(name).GetProperty("held_out");
        double accuracy = h.GetProperty("accuracy").GetDouble();
        if (h.TryGetProperty("correct", out JsonElement correct))
        {
            int count = h.GetProperty("count").GetInt32();
            Assert.Equal(Math.Round((double)correct.GetInt32() / count, 4), accuracy);
            int[][] confusion = h.GetProperty("confusion").EnumerateArray()
                .Select(r => r.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
            Assert.Equal(count, confusion.Sum(r => r.Sum()));
            Assert.Equal(correct.GetInt32(), Enumerable.Range(0, confusion.Length).Sum(i => confusion[i][i]));
            return;
        }

        int tp = h.GetProperty("tp").GetInt32(), fp = h.GetProperty("fp").GetInt32();
        int tn = h.GetProperty("tn").GetInt32(), fn = h.GetProperty("fn").GetInt32();
        Assert.Equal(Math.Round((double)(tp + tn) / (tp + fp + tn + fn), 4), accuracy);
        double ba = ((double)tp / (tp + fn) + (double)tn / (tn + fp)) / 2;
        Assert.Equal(Math.Round(ba, 4), h.GetProperty("balanced_accuracy").GetDouble(), 4);

        // A pooled figure must be the sum of its parts (folds, or held-out rooms), not a separate run.
        IEnumerable<JsonElement> parts = h.TryGetProperty("folds", out JsonElement folds) ? folds.EnumerateArray()
            : h.TryGetProperty("per_room", out JsonElement rooms) ? rooms.EnumerateObject().Select(p => p.Value)
            : [];
        JsonElement[] list = parts.ToArray();
        if (list.Length > 0)
        {
            foreach (string key in new[] { "tp", "fp", "tn", "fn" })
            {
                Assert.Equal(h.GetProperty(key).GetInt32(), list.Sum(p => p.GetProperty(key).GetInt32()));
            }
        }
    }

    [SharedDataFact]
    public void Lenet_HeldOutAccuracy_IsReproducedFromTheOnnxFile()
    {
        JsonElement s = Summary("lenet");
        var runner = new OnnxFloatRunner(OnnxFile.Read(Path.Combine(ModelsDir, "lenet.onnx")));
        byte[] images = File.ReadAllBytes(TestPaths.Data("mnist", "t10k-images-idx3-ubyte"));
        byte[] labels = File.ReadAllBytes(TestPaths.Data("mnist", "t10k-labels-idx1-ubyte"));
        double mean = s.GetProperty("input").GetProperty("mean").GetDouble();
        double scale = s.GetProperty("input").GetProperty("scale").GetDouble();

        int count = 0, correct = 0;
        for (int i = 4; i < 10_000; i += 5)
        {
            float[] x = new float[28 * 28];
            for (int p = 0; p < x.Length; p++)
            {
                x[p] = (float)((images[16 + i * 784 + p] - mean) * scale);
            }

            float[] y = runner.Run(x);
            int best = Array.IndexOf(y, y.Max());
            correct += best == labels[8 + i] ? 1 : 0;
            count++;
        }

        Assert.Equal(s.GetProperty("held_out").GetProperty("count").GetInt32(), count);
        // Summation order differs from PyTorch's: allow a borderline image or two to flip, no more.
        Assert.InRange(correct, s.GetProperty("held_out").GetProperty("correct").GetInt32() - 2,
            s.GetProperty("held_out").GetProperty("correct").GetInt32() + 2);
    }
}
