// SPDX-License-Identifier: MIT
using System.Text.Json;

namespace Fleet.ModelTool.Tests.Cli;

/// <summary>
/// <c>fleet-model detect --model converted.flmd</c> (the FLMD path of the pipeline) against
/// <c>--model smile.network --net-mode corrected</c>: the same boxes, ROIs, scores and labels on dennis.pgm.
/// </summary>
public sealed class FlmdDetectCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fl-flmd-detect-").FullName;

    private static string Cascade => TestPaths.OpenMv("cascades", "frontalface.cascade");

    private static string Smile => TestPaths.OpenMv("models", "v3.0", "smile.network");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Detect(params string[] extra)
    {
        CliRun r = CliRun.Invoke(["detect", "--cascade", Cascade, "--image", TestPaths.Data("faces", "images", "dennis.pgm"), "--json", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Json();
    }

    [SharedDataFact]
    public void Detect_ConvertedFlmd_EqualsNetworkCorrected_OnDennis()
    {
        string flmd = Path.Combine(_dir, "smile.flmd");
        CliRun convert = CliRun.Invoke("convert", Smile, flmd, "--model-id", "seed.smile", "--model-version", "3");
        Assert.True(convert.ExitCode == 0, convert.Stderr);

        JsonElement network = Detect("--model", Smile, "--net-mode", "corrected");
        JsonElement fleet = Detect("--model", flmd);
        Assert.Equal("corrected", network.GetProperty("net_mode").GetString());
        Assert.Equal("corrected", fleet.GetProperty("net_mode").GetString());

        // Everything but the model path is the same, down to the printed score digits.
        foreach (string key in new[] { "boxes", "detected", "smile", "labels", "faces", "smile_threshold" })
        {
            Assert.Equal(network.GetProperty(key).GetRawText(), fleet.GetProperty(key).GetRawText());
        }

        JsonElement[] faces = fleet.GetProperty("faces").EnumerateArray().ToArray();
        Assert.Equal(2, faces.Length);
        Assert.All(faces, f => Assert.Equal(4, f.GetProperty("roi").GetArrayLength()));
        Assert.All(fleet.GetProperty("smile").EnumerateArray(), s => Assert.InRange(s.GetSingle(), 0f, 1f));

        // The default --net-mode (camera) must not leak into the FLMD path: a Fleet model is always corrected.
        JsonElement fleetDefault = Detect("--model", flmd, "--net-mode", "camera");
        Assert.Equal(fleet.GetProperty("smile").GetRawText(), fleetDefault.GetProperty("smile").GetRawText());
    }
}
