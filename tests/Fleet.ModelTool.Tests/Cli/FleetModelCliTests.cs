// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Tests.Cli;

/// <summary>
/// fleet-model with Fleet-format models: convert, then inspect / run / eval / bench on the .flmd agree with the
/// .network in corrected mode; corrupt, truncated and tampered files fail with one line.
/// </summary>
public sealed class FleetModelCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-model-flmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Seed(string version, string name) => TestPaths.OpenMv("models", version, name);

    private string ConvertSmile()
    {
        string output = Path.Combine(_dir, "smile.flmd");
        CliRun run = CliRun.Invoke("convert", Seed("v3.0", "smile.network"), output, "--model-id", "seed.smile",
            "--model-version", "3", "--labels", "smile,neutral");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return output;
    }

    [SharedDataFact]
    public void Convert_Json_ReportsTheWrittenFile()
    {
        string output = Path.Combine(_dir, "lenet.flmd");
        CliRun run = CliRun.Invoke("convert", Seed("v3.0", "lenet.network"), output, "--model-id", "seed.lenet",
            "--model-version", "4000000000", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement json = run.Json();
        byte[] blob = File.ReadAllBytes(output);
        Assert.Equal(blob.Length, json.GetProperty("flash_bytes").GetInt64());
        Assert.Equal(25_720, json.GetProperty("arena_bytes").GetInt64());
        Assert.Equal(4_000_000_000u, json.GetProperty("model_version").GetUInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(blob.AsSpan(40))), json.GetProperty("sha256").GetString());
        Assert.Equal(4, json.GetProperty("identical_inputs").GetInt32());
        Assert.Equal(10, json.GetProperty("labels").GetArrayLength());
        Assert.Equal("class9", json.GetProperty("labels")[9].GetString());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [SharedDataFact]
    public void Inspect_Fleet_ShowsIdentityHashLabelsSchemeLayersAndFigures()
    {
        string model = ConvertSmile();
        CliRun run = CliRun.Invoke("inspect", model, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement json = run.Json();
        Assert.Equal("fleet", json.GetProperty("format").GetString());
        Assert.Equal("seed.smile", json.GetProperty("model_id").GetString());
        Assert.Equal(3u, json.GetProperty("model_version").GetUInt32());
        Assert.True(json.GetProperty("hash_verified").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model).AsSpan(40))),
            json.GetProperty("sha256").GetString());
        Assert.Equal("q7", json.GetProperty("scheme").GetString());
        Assert.Equal(["smile", "neutral"], json.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3_245_056, json.GetProperty("macs").GetInt64()); // the .network's figure
        Assert.Equal(new FileInfo(model).Length, json.GetProperty("flash_bytes").GetInt64());
        JsonElement layers = json.GetProperty("layers");
        Assert.Equal(10, layers.GetArrayLength()); // the .network's 11 minus its DATA layer
        Assert.Equal(json.GetProperty("macs").GetInt64(), layers.EnumerateArray().Sum(l => l.GetProperty("macs").GetInt64()));
        Assert.Equal("conv", layers[0].GetProperty("op").GetString());
        Assert.Equal("fc", layers[9].GetProperty("op").GetString());
        Assert.True(json.GetProperty("arena_high_water").GetInt64() <= json.GetProperty("arena_bytes").GetInt64());

        CliRun text = CliRun.Invoke("inspect", model);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("id seed.smile version 3, scheme q7", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("(verified)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("smile, neutral", text.Stdout, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Inspect_Network_SaysItsFormat()
    {
        Assert.Equal("network", CliRun.Invoke("inspect", Seed("v3.0", "smile.network"), "--json").Json().GetProperty("format").GetString());
    }

    [SharedDataFact]
    public void Run_Fleet_EqualsNetworkInCorrectedMode_AndNamesTheLabel()
    {
        string model = ConvertSmile();
        string[] common = ["--image", TestPaths.OpenMv("testdata", "dennis.pgm"), "--roi", "199,78,62,62", "--softmax", "--json"];
        JsonElement fleet = CliRun.Invoke(["run", model, .. common]).Json();
        JsonElement network = CliRun.Invoke(["run", Seed("v3.0", "smile.network"), "--mode", "corrected", .. common]).Json();
        Assert.Equal("corrected", fleet.GetProperty("mode").GetString());
        Assert.Equal(network.GetProperty("output").ToString(), fleet.GetProperty("output").ToString());
        Assert.Equal(network.GetProperty("scores").ToString(), fleet.GetProperty("scores").ToString());
        Assert.Equal(network.GetProperty("top").GetInt32(), fleet.GetProperty("top").GetInt32());
        Assert.Equal(new[] { "smile", "neutral" }[fleet.GetProperty("top").GetInt32()], fleet.GetProperty("top_label").GetString());
        Assert.False(network.TryGetProperty("top_label", out _));

        CliRun.Invoke(["run", model, "--mode", "camera", .. common]).AssertOneLineError("no camera mode");
        Assert.Equal(0, CliRun.Invoke(["run", model, "--mode", "corrected", .. common]).ExitCode);
    }

    [SharedDataFact]
    public void Run_FleetRgb_EqualsNetworkInCorrectedMode()
    {
        string model = Path.Combine(_dir, "cifar.flmd");
        Assert.Equal(0, CliRun.Invoke("convert", Seed("v3.0", "cifar10_fast.network"), model, "--model-id", "c",
            "--model-version", "1", "--labels", "airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck").ExitCode);
        foreach (string image in Directory.GetFiles(TestPaths.OpenMv("testdata", "cifar10"), "*.ppm").Order(StringComparer.Ordinal).Take(5))
        {
            JsonElement fleet = CliRun.Invoke("run", model, "--image", image, "--json").Json();
            JsonElement network = CliRun.Invoke("run", Seed("v3.0", "cifar10_fast.network"), "--image", image, "--mode", "corrected", "--json").Json();
            Assert.Equal(network.GetProperty("output").ToString(), fleet.GetProperty("output").ToString());
        }
    }

    [SharedDataFact]
    public void Eval_Fleet_EqualsNetworkInCorrectedMode()
    {
        string model = Path.Combine(_dir, "lenet.flmd");
        Assert.Equal(0, CliRun.Invoke("convert", Seed("v3.0", "lenet.network"), model, "--model-id", "seed.lenet", "--model-version", "1").ExitCode);
        string[] data = ["--images", TestPaths.Data("mnist", "t10k-images-idx3-ubyte"), "--labels",
            TestPaths.Data("mnist", "t10k-labels-idx1-ubyte"), "--limit", "300", "--json"];
        JsonElement fleet = CliRun.Invoke(["eval", model, .. data]).Json();
        JsonElement network = CliRun.Invoke(["eval", Seed("v3.0", "lenet.network"), "--mode", "corrected", .. data]).Json();
        Assert.Equal(network.GetProperty("correct").GetInt32(), fleet.GetProperty("correct").GetInt32());
        Assert.Equal(network.GetProperty("confusion").ToString(), fleet.GetProperty("confusion").ToString());
        Assert.Equal("corrected", fleet.GetProperty("mode").GetString());
    }

    [SharedDataFact]
    public void Bench_Fleet_TimesTheCEngine_WithoutAReference()
    {
        string model = ConvertSmile();
        CliRun run = CliRun.Invoke("bench", model, Seed("v3.0", "smile.network"), "--seconds", "0.05", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement[] rows = run.Json().GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal("fleet", rows[0].GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("outputs_match").ValueKind);
        Assert.Equal(new FileInfo(model).Length, rows[0].GetProperty("flash_bytes").GetInt64());
        Assert.True(rows[0].GetProperty("c_per_second").GetDouble() > 0);
        Assert.Equal("network", rows[1].GetProperty("format").GetString());
        Assert.True(rows[1].GetProperty("outputs_match").GetBoolean());
    }

    [SharedDataFact]
    public void CorruptTruncatedOrTamperedFleetModels_FailWithOneLineError()
    {
        byte[] blob = File.ReadAllBytes(ConvertSmile());
        string image = TestPaths.OpenMv("testdata", "dennis.pgm");
        string Write(string name, byte[] bytes)
        {
            string p = Path.Combine(_dir, name);
            File.WriteAllBytes(p, bytes);
            return p;
        }

        CliRun.Invoke("inspect", Write("truncated.flmd", blob[..(blob.Length / 2)])).AssertOneLineError("truncated");
        CliRun.Invoke("inspect", Write("header.flmd", blob[..60])).AssertOneLineError("truncated");
        CliRun.Invoke("inspect", Write("magic-only.flmd", "FLMD"u8.ToArray())).AssertOneLineError("is invalid");

        byte[] tampered = (byte[])blob.Clone();
        tampered[^20] ^= 0x04; // a weight of the last layer
        CliRun.Invoke("run", Write("tampered.flmd", tampered), "--image", image).AssertOneLineError("content hash does not match");
        CliRun.Invoke("inspect", Path.Combine(_dir, "tampered.flmd")).AssertOneLineError("Fleet model");

        byte[] version = (byte[])blob.Clone();
        version[4] = 2;
        CliRun.Invoke("eval", Write("v2.flmd", version), "--images", TestPaths.Data("mnist", "t10k-images-idx3-ubyte"),
            "--labels", TestPaths.Data("mnist", "t10k-labels-idx1-ubyte")).AssertOneLineError("format version");

        CliRun.Invoke("bench", Write("trailing.flmd", [.. blob, 0]), "--seconds", "0.01").AssertOneLineError("trailing");
    }

    [SharedDataFact]
    public void Convert_BadArguments_FailWithOneLineError()
    {
        string output = Path.Combine(_dir, "out.flmd");
        string smile = Seed("v3.0", "smile.network");
        CliRun.Invoke("convert", smile, output, "--model-id", "bad id", "--model-version", "1").AssertOneLineError("--model-id");
        CliRun.Invoke("convert", smile, output, "--model-id", "ok", "--model-version", "1", "--labels", "a,b,c")
            .AssertOneLineError("3 labels given but the model has 2 outputs");
        CliRun.Invoke("convert", smile, output, "--model-id", "ok", "--model-version", "1", "--labels", "a,")
            .AssertOneLineError("--labels");
        CliRun.Invoke("convert", smile, output, "--model-id", "ok", "--model-version", "1", "--labels", "a,this-is-too-long")
            .AssertOneLineError("--labels");
        CliRun.Invoke("convert", ConvertSmile(), output, "--model-id", "ok", "--model-version", "1").AssertOneLineError("already a Fleet model");
        CliRun.Invoke("convert", "/nonexistent/x.network", output, "--model-id", "ok", "--model-version", "1").AssertOneLineError("file not found");
        CliRun.Invoke("convert", smile, Path.Combine(_dir, "no", "such", "dir.flmd"), "--model-id", "ok", "--model-version", "1")
            .AssertOneLineError("cannot write");
        Assert.False(File.Exists(output));
        Assert.NotEqual(0, CliRun.Invoke("convert", smile, output, "--model-version", "1").ExitCode); // --model-id required
    }

    [Fact]
    public void Help_MentionsBothFormatsAndConvert()
    {
        CliRun root = CliRun.Invoke("--help");
        Assert.Contains("FLMD", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("convert", root.Stdout, StringComparison.Ordinal);
        foreach (string verb in new[] { "inspect", "run", "eval", "bench" })
        {
            Assert.Contains("Fleet", CliRun.Invoke(verb, "--help").Stdout, StringComparison.Ordinal);
        }

        CliRun convert = CliRun.Invoke("convert", "--help");
        foreach (string option in new[] { "--model-id", "--model-version", "--labels", "--json" })
        {
            Assert.Contains(option, convert.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inspect_FleetWrittenWithoutSharedData_Works()
    {
        string model = Path.Combine(_dir, "s8.flmd");
        File.WriteAllBytes(model, FleetModelWriter.Write(Formats.FleetTestModels.S8()));
        CliRun run = CliRun.Invoke("inspect", model, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement json = run.Json();
        Assert.Equal("s8", json.GetProperty("scheme").GetString());
        Assert.Equal(-1, json.GetProperty("input_spec").GetProperty("s8_input_zero_point").GetInt32());
        Assert.Equal("dwconv", json.GetProperty("layers")[1].GetProperty("op").GetString());
        Assert.Equal(2, json.GetProperty("layers")[1].GetProperty("ch_mult").GetInt32());
        Assert.Contains("s8 scale", CliRun.Invoke("inspect", model).Stdout, StringComparison.Ordinal);
    }
}
