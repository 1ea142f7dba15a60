// SPDX-License-Identifier: MIT
using System.Text.Json;

namespace Fleet.ModelTool.Tests.Cli;

public sealed class ModelToolCliTests
{
    private static readonly string[] CifarClasses =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private static void AssertOneLineError(CliRun run, string mustContain) => run.AssertOneLineError(mustContain);

    /// <summary>The firmware's 21-nn_cifar10.py unit test, reproduced through the tool: 19 of 21 in camera mode.</summary>
    [SharedDataFact]
    public void Run_V30CifarFastOnUnitTestImages_Camera_Classifies19Of21()
    {
        string model = TestPaths.OpenMv("models", "v3.0", "cifar10_fast.network");
        string[] images = Directory.GetFiles(TestPaths.OpenMv("testdata", "cifar10"), "*.ppm");
        Assert.Equal(21, images.Length);
        int correct = 0;
        foreach (string image in images)
        {
            CliRun run = CliRun.Invoke("run", model, "--image", image, "--mode", "camera", "--json");
            Assert.Equal(0, run.ExitCode);
            JsonElement json = run.Json();
            Assert.Equal(10, json.GetProperty("output").GetArrayLength());
            Assert.Equal(10, json.GetProperty("scores").GetArrayLength());
            string expected = Path.GetFileNameWithoutExtension(image).Split('-')[0];
            correct += CifarClasses[json.GetProperty("top").GetInt32()] == expected ? 1 : 0;
        }

        Assert.Equal(19, correct);
    }

    [SharedDataTheory]
    [MemberData(nameof(TestPaths.ModelData), MemberType = typeof(TestPaths))]
    public void Inspect_EverySeedModel_SucceedsWithConsistentJson(string relativeModel)
    {
        CliRun run = CliRun.Invoke("inspect", Path.Combine(TestPaths.OpenMv("models"), relativeModel), "--json");
        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        JsonElement layers = json.GetProperty("layers");
        Assert.True(layers.GetArrayLength() >= 3);
        Assert.Equal(json.GetProperty("macs").GetInt64(), layers.EnumerateArray().Sum(l => l.GetProperty("macs").GetInt64()));
        Assert.Equal(json.GetProperty("weight_bytes").GetInt64(),
            layers.EnumerateArray().Sum(l => l.GetProperty("weight_bytes").GetInt64()));
        Assert.True(json.GetProperty("arena_bytes").GetInt64() >= json.GetProperty("scratch_bytes").GetInt64());
        Assert.Equal(new FileInfo(Path.Combine(TestPaths.OpenMv("models"), relativeModel)).Length,
            json.GetProperty("file_bytes").GetInt64());
    }

    [SharedDataFact]
    public void Inspect_V30Smile_ReportsSpecFigures()
    {
        CliRun run = CliRun.Invoke("inspect", TestPaths.OpenMv("models", "v3.0", "smile.network"), "--json");
        JsonElement json = run.Json();
        Assert.Equal(3_245_056, json.GetProperty("macs").GetInt64());   // spec §6
        Assert.Equal(19_842, json.GetProperty("weight_bytes").GetInt64());
        Assert.Equal(11, json.GetProperty("layers").GetArrayLength());
        Assert.Equal([32, 32, 1], json.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()));
    }

    [SharedDataFact]
    public void Inspect_TruncatedOrCorruptModel_FailsWithOneLineError()
    {
        byte[] blob = File.ReadAllBytes(TestPaths.OpenMv("models", "v3.0", "smile.network"));
        string dir = Directory.CreateTempSubdirectory("fleet-model-").FullName;
        try
        {
            string truncated = Path.Combine(dir, "truncated.network");
            File.WriteAllBytes(truncated, blob[..(blob.Length / 2)]);
            AssertOneLineError(CliRun.Invoke("inspect", truncated), "truncated.network' is invalid");

            string badMagic = Path.Combine(dir, "magic.network");
            byte[] copy = (byte[])blob.Clone();
            copy[0] = (byte)'X';
            File.WriteAllBytes(badMagic, copy);
            AssertOneLineError(CliRun.Invoke("inspect", badMagic), "is invalid");

            string badType = Path.Combine(dir, "type.network");
            copy = (byte[])blob.Clone();
            copy[0x2c] = 9; // second record's layer type
            File.WriteAllBytes(badType, copy);
            AssertOneLineError(CliRun.Invoke("run", badType, "--image", TestPaths.OpenMv("testdata", "dennis.pgm")), "is invalid");

            string trailing = Path.Combine(dir, "trailing.network");
            File.WriteAllBytes(trailing, [.. blob, 0]);
            AssertOneLineError(CliRun.Invoke("bench", trailing, "--seconds", "0.01"), "is invalid");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Inspect_MissingOrEmptyModel_FailsWithOneLineError()
    {
        AssertOneLineError(CliRun.Invoke("inspect", "/nonexistent/model.network"), "file not found");
        string empty = Path.GetTempFileName();
        try
        {
            AssertOneLineError(CliRun.Invoke("inspect", empty, "--json"), "is invalid");
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [SharedDataFact]
    public void Run_BadImages_FailWithOneLineError()
    {
        string model = TestPaths.OpenMv("models", "v3.0", "smile.network");
        string dir = Directory.CreateTempSubdirectory("fleet-model-").FullName;
        try
        {
            string ascii = Path.Combine(dir, "ascii.pgm");
            File.WriteAllText(ascii, "P2\n2 2\n255\n0 1 2 3\n");
            AssertOneLineError(CliRun.Invoke("run", model, "--image", ascii), "P2 is not supported");

            string shortData = Path.Combine(dir, "short.ppm");
            File.WriteAllBytes(shortData, [.. "P6\n4 4\n255\n"u8.ToArray(), 1, 2, 3]);
            AssertOneLineError(CliRun.Invoke("run", model, "--image", shortData), "truncated pixel data");

            AssertOneLineError(CliRun.Invoke("run", model, "--image", Path.Combine(dir, "none.pgm")), "file not found");
            AssertOneLineError(CliRun.Invoke("run", model, "--image", TestPaths.OpenMv("testdata", "dennis.pgm"), "--roi", "1,2,3"),
                "four integers");
            AssertOneLineError(CliRun.Invoke("run", model, "--image", TestPaths.OpenMv("testdata", "dennis.pgm"), "--roi", "5000,0,10,10"),
                "does not overlap");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SharedDataFact]
    public void Run_SmileOnFaceRoiWithSoftmax_CameraGivesFirmwareRange()
    {
        CliRun run = CliRun.Invoke("run", TestPaths.OpenMv("models", "v3.0", "smile.network"), "--image",
            TestPaths.OpenMv("testdata", "dennis.pgm"), "--roi", "199,78,62,62", "--softmax", "--json");
        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal([199, 78, 62, 62], json.GetProperty("roi").EnumerateArray().Select(e => e.GetInt32()));

        // (q + 128) / 255 of arm_softmax_q7 outputs: every score lies in [0.502, 1.0] (spec §3.8).
        Assert.All(json.GetProperty("scores").EnumerateArray(), s => Assert.InRange(s.GetDouble(), 0.5, 1.0));
    }

    /// <summary>LeNet on the first 500 MNIST test digits: sane accuracy and the documented JSON keys.</summary>
    [SharedDataFact]
    public void Eval_LeNetOnMnistSlice_AccuracyAbove90Percent()
    {
        CliRun run = CliRun.Invoke("eval", TestPaths.OpenMv("models", "v3.0", "lenet.network"),
            "--images", TestPaths.Data("mnist", "t10k-images-idx3-ubyte"),
            "--labels", TestPaths.Data("mnist", "t10k-labels-idx1-ubyte"), "--limit", "500", "--json");
        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal(500, json.GetProperty("n").GetInt32());
        Assert.True(json.GetProperty("accuracy").GetDouble() > 0.9, $"accuracy {json.GetProperty("accuracy")}");
        JsonElement confusion = json.GetProperty("confusion");
        Assert.Equal(10, confusion.GetArrayLength());
        Assert.Equal(500, confusion.EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt32())));
        JsonElement perClass = json.GetProperty("per_class");
        Assert.Equal(10, perClass.GetArrayLength());
        Assert.All(perClass.EnumerateArray(), c =>
        {
            _ = c.GetProperty("precision");
            _ = c.GetProperty("recall");
        });

        // Not a terminal: plain progress lines on stderr, never a bar.
        Assert.Contains("eval: 500/500", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", run.Stderr, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Eval_SmileWithClassLabels_MapsOutputZeroToLabelOne()
    {
        CliRun run = CliRun.Invoke("eval", TestPaths.OpenMv("models", "v3.0", "smile.network"),
            "--images", TestPaths.Data("smile", "subset-images-idx3-ubyte"),
            "--labels", TestPaths.Data("smile", "subset-labels-idx1-ubyte"), "--class-labels", "1,0", "--limit", "50",
            "--json");
        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal([1, 0], json.GetProperty("class_labels").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 1], json.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(50, json.GetProperty("n").GetInt32());
    }

    [SharedDataFact]
    public void Eval_BadArguments_FailWithOneLineError()
    {
        string model = TestPaths.OpenMv("models", "v3.0", "smile.network");
        string images = TestPaths.Data("smile", "subset-images-idx3-ubyte");
        string labels = TestPaths.Data("smile", "subset-labels-idx1-ubyte");
        AssertOneLineError(CliRun.Invoke("eval", model, "--images", images, "--labels", labels, "--class-labels", "0,1,2"),
            "has 2 outputs");
        AssertOneLineError(CliRun.Invoke("eval", model, "--images", labels, "--labels", labels), "expected 3");
        AssertOneLineError(CliRun.Invoke("eval", model, "--images", images, "--labels", TestPaths.Data("mnist", "t10k-labels-idx1-ubyte")),
            "items but labels has");
    }

    [SharedDataFact]
    public void Bench_TwoModels_ReportsBothEnginesAndTheRatio()
    {
        CliRun run = CliRun.Invoke("bench", TestPaths.OpenMv("models", "v3.0", "smile.network"),
            TestPaths.OpenMv("models", "v3.0", "cifar10_fast.network"), "--seconds", "0.05", "--json");
        Assert.Equal(0, run.ExitCode);
        JsonElement models = run.Json().GetProperty("models");
        Assert.Equal(2, models.GetArrayLength());
        Assert.All(models.EnumerateArray(), m =>
        {
            Assert.True(m.GetProperty("c_per_second").GetDouble() > 0);
            Assert.True(m.GetProperty("reference_per_second").GetDouble() > 0);
            Assert.True(m.GetProperty("outputs_match").GetBoolean());
            Assert.True(m.GetProperty("arena_bytes").GetInt64() > 0);
            Assert.True(m.GetProperty("flash_bytes").GetInt64() > 0);
        });
    }

    [Theory]
    [InlineData("inspect", "--json")]
    [InlineData("run", "--roi")]
    [InlineData("eval", "--class-labels")]
    [InlineData("bench", "--seconds")]
    public void Help_EveryVerb_DescribesItsOptions(string verb, string option)
    {
        CliRun run = CliRun.Invoke(verb, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--mode", verb == "inspect" ? "--mode" : run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingArgumentOrBadMode_ExitsNonZero()
    {
        Assert.NotEqual(0, CliRun.Invoke("inspect").ExitCode);
        Assert.NotEqual(0, CliRun.Invoke("run", "x.network", "--image", "y.pgm", "--mode", "fast").ExitCode);
    }
}
