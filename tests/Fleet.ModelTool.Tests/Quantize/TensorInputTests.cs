// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Evaluation;
using Fleet.ModelTool.Imaging;
using Fleet.ModelTool.Import;
using Fleet.ModelTool.Quantize;
using Fleet.ModelTool.Tests.Cli;

namespace Fleet.ModelTool.Tests.Quantize;

/// <summary>
/// Models whose input is not a picture (the committed thermal person model: a window of 8 frames of 4x4
/// temperatures): quantize calibrates on float32 IDX tensors and writes an FLMD with a tensor input, which the C
/// loader accepts and the C engine runs on tensors quantized with the model's input scale and zero point.
/// </summary>
public sealed class TensorInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-tensor-").FullName;

    private static string ThermalOnnx => Path.Combine(TestPaths.RepoRoot, "device-firmware", "toolchain", "training", "models", "thermal_person.onnx");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ThermalModel_QuantizedOnTensors_AgreesWithFloatOnHeldOutTensors()
    {
        // Labels are the float model's own decisions, so float accuracy is 1 by construction and the quantized
        // accuracy is the share of decisions int8 keeps.
        FloatGraph graph = QuantizePipeline.Import(ThermalOnnx, null, null).Graph;
        var engine = new FloatEngine(graph);
        (string calT, string calL) = WriteSet("cal", 600, 1, engine);
        (string evalT, string evalL) = WriteSet("eval", 1500, 2, engine);
        string output = Path.Combine(_dir, "thermal.flmd");
        var o = new QuantizeOptions(ThermalOnnx, null, null, calT, calL, 500, null, null, "int8", output,
            null, ["absent", "present"], "thermal_person", 3, evalT, evalL, null);

        QuantizeResult r = QuantizePipeline.Run(o, null, null);

        Assert.Equal(1.0, r.FloatAccuracy);
        Assert.InRange(r.QuantizedAccuracy!.Value, 0.98, 1.0);
        using FleetModel model = FleetModel.Load(File.ReadAllBytes(output));
        Assert.Equal(FleetModelColour.Tensor, model.Info.Input.Colour);
        Assert.Equal((4, 4, 8), (model.Info.Input.Height, model.Info.Input.Width, model.Info.Input.Channels));
        Assert.True(model.Info.Input.S8InputScale > 0);
        Assert.Throws<InvalidOperationException>(() => model.Preprocess(NetworkImage.FromGray(new byte[16], 4, 4), null));
        EvalResult again = Evaluator.EvaluateTensors(output, evalT, evalL, null, null, null);
        Assert.Equal(r.QuantizedAccuracy, again.Accuracy);
    }

    [Fact]
    public void Cli_RefusesWhatATensorSetCannotMake()
    {
        FloatGraph graph = QuantizePipeline.Import(ThermalOnnx, null, null).Graph;
        (string t, string l) = WriteSet("cli", 20, 3, new FloatEngine(graph));
        CliRun.Invoke("quantize", "--model", ThermalOnnx, "--calibration", t, "--labels", l, "--scheme", "q7",
            "--out", Path.Combine(_dir, "x.flmd")).AssertOneLineError("--scheme int8");
        CliRun.Invoke("quantize", "--model", ThermalOnnx, "--calibration", t, "--mean", "128", "--scheme", "int8",
            "--out", Path.Combine(_dir, "x.flmd")).AssertOneLineError("--mean and --scale describe pixels");

        string wrongShape = Path.Combine(_dir, "wrong.idx");
        WriteFloatIdx(wrongShape, [2, 4, 4, 3], new float[2 * 4 * 4 * 3]);
        CliRun.Invoke("quantize", "--model", ThermalOnnx, "--calibration", wrongShape, "--scheme", "int8",
            "--out", Path.Combine(_dir, "x.flmd")).AssertOneLineError("4x4x3");
        Assert.False(File.Exists(Path.Combine(_dir, "x.flmd")));

        string good = Path.Combine(_dir, "good.flmd");
        Assert.Equal(0, CliRun.Invoke("quantize", "--model", ThermalOnnx, "--calibration", t, "--scheme", "int8",
            "--out", good).ExitCode);
        string gray = Path.Combine(_dir, "gray.idx");
        TinyQuantModels.WriteIdx(gray, Path.Combine(_dir, "gray-labels.idx"), [new byte[16]], 4, 4, [0]);
        CliRun.Invoke("eval", good, "--images", gray, "--labels", Path.Combine(_dir, "gray-labels.idx"))
            .AssertOneLineError("takes a tensor");
        CliRun inspect = CliRun.Invoke("inspect", good);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("tensor", inspect.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FloatIdx_RoundTripsAndRefusesBadFiles()
    {
        string path = Path.Combine(_dir, "f.idx");
        WriteFloatIdx(path, [2, 3], [1.5f, -2.25f, 0f, 3e-8f, -1e9f, 7f]);
        IdxFloatArray a = IdxReader.ReadFloatFile(path, 2, "t");
        Assert.Equal([2, 3], a.Dims);
        Assert.Equal([3e-8f, -1e9f, 7f], a.Item(1).ToArray());

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Contains("truncated", Assert.Throws<FormatException>(() => IdxReader.ParseFloat(bytes.AsSpan(0, bytes.Length - 1))).Message,
            StringComparison.Ordinal);
        byte[] nan = (byte[])bytes.Clone();
        BinaryPrimitives.WriteSingleBigEndian(nan.AsSpan(12 + 4), float.NaN);
        Assert.Contains("finite", Assert.Throws<FormatException>(() => IdxReader.ParseFloat(nan)).Message, StringComparison.Ordinal);
        Assert.Contains("0x08", Assert.Throws<FormatException>(() => IdxReader.Parse(bytes)).Message, StringComparison.Ordinal);
        Assert.Equal(IdxReader.Float32, IdxReader.ElementTypeOf(path, "t"));
    }

    /// <summary>Random windows (temperature offsets with a warm spot in half of them) labelled by the float model.</summary>
    private (string Tensors, string Labels) WriteSet(string name, int n, int seed, FloatEngine engine)
    {
        var rng = new Random(seed);
        var values = new float[n * 128];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            Span<float> item = values.AsSpan(i * 128, 128);
            int spot = rng.Next(16);
            bool warm = rng.Next(2) == 1;
            for (int k = 0; k < 128; k++)
            {
                float noise = (float)((rng.NextDouble() - 0.5) * 0.6);
                item[k] = noise + (warm && k / 8 == spot ? 1.5f + (float)(rng.NextDouble() * 4) : 0f);
            }

            float[] y = engine.Run(0, item.ToArray());
            labels[i] = (byte)(y[1] > y[0] ? 1 : 0);
        }

        string t = Path.Combine(_dir, name + "-tensors.idx"), l = Path.Combine(_dir, name + "-labels.idx");
        WriteFloatIdx(t, [n, 4, 4, 8], values);
        File.WriteAllBytes(l, [0, 0, 8, 1, .. BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(n)), .. labels]);
        return (t, l);
    }

    private static void WriteFloatIdx(string path, int[] dims, float[] values)
    {
        var b = new byte[4 + (4 * dims.Length) + (4 * values.Length)];
        b[2] = IdxReader.Float32;
        b[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + (4 * i)), dims[i]);
        }

        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(4 + (4 * dims.Length) + (4 * i)), values[i]);
        }

        File.WriteAllBytes(path, b);
    }
}
