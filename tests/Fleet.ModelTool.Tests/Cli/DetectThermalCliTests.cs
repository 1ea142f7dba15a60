// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Fleet.ModelTool.Imaging;

namespace Fleet.ModelTool.Tests.Cli;

/// <summary>The <c>detect</c> and <c>thermal</c> verbs end to end, in-process.</summary>
public sealed class DetectThermalCliTests
{
    private static string Cascade => TestPaths.OpenMv("cascades", "frontalface.cascade");

    private static string Dennis => TestPaths.OpenMv("testdata", "dennis.pgm");

    private static string Smile => TestPaths.OpenMv("models", "v3.0", "smile.network");

    private static int[][] Boxes(JsonElement j) =>
        j.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    [SharedDataFact]
    public void Detect_Dennis_CameraMode_GivesOpenMvBoxes()
    {
        CliRun r = CliRun.Invoke("detect", "--cascade", Cascade, "--image", Dennis, "--mode", "camera",
            "--threshold", "0.75", "--scale-factor", "1.25", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([[189, 53, 88, 88], [12, 11, 107, 107]], Boxes(r.Json()));
        Assert.False(r.Json().TryGetProperty("smile", out _));
    }

    [SharedDataFact]
    public void Detect_WithSmileModel_OneScorePerBoxInUnitRange()
    {
        CliRun r = CliRun.Invoke("detect", "--cascade", Cascade, "--image", Dennis, "--model", Smile, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonElement j = r.Json();
        int[][] boxes = Boxes(j);
        Assert.Equal([[189, 53, 88, 88], [12, 11, 107, 107]], boxes);
        float[] smile = j.GetProperty("smile").EnumerateArray().Select(s => s.GetSingle()).ToArray();
        Assert.Equal(boxes.Length, smile.Length);
        Assert.All(smile, s => Assert.InRange(s, 0f, 1f));
        string[] labels = j.GetProperty("labels").EnumerateArray().Select(s => s.GetString()!).ToArray();
        Assert.Equal(smile.Select(s => s > 0.8f ? "smile" : "no_smile"), labels);
    }

    [SharedDataFact]
    public void Detect_OpenCvXmlCascade_IsConvertedInMemory()
    {
        string xml = Directory.GetFiles(TestPaths.OpenMv("cascades", "opencv-xml"), "*frontalface*.xml").Order().First();
        CliRun r = CliRun.Invoke("detect", "--cascade", xml, "--image", Dennis, "--mode", "opencv", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.NotEmpty(Boxes(r.Json()));
    }

    [SharedDataFact]
    public void Detect_Annotate_WritesDecodablePng()
    {
        string png = Path.Combine(Directory.CreateTempSubdirectory("fl-annotate-").FullName, "out.png");
        try
        {
            CliRun r = CliRun.Invoke("detect", "--cascade", Cascade, "--image", Dennis, "--model", Smile, "--annotate", png);
            Assert.True(r.ExitCode == 0, r.Stderr);
            (int w, int h, byte[] rgb) = DecodePng(File.ReadAllBytes(png));
            Assert.Equal((300, 200), (w, h));
            // The first box's top-left corner is drawn in a saturated colour, not the photo's gray.
            int o = (53 * w + 189) * 3;
            Assert.False(rgb[o] == rgb[o + 1] && rgb[o + 1] == rgb[o + 2]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(png)!, recursive: true);
        }
    }

    [Fact]
    public void PngWriter_RoundTripsThroughOwnDecoder()
    {
        byte[] rgb = Enumerable.Range(0, 7 * 5 * 3).Select(i => (byte)(i * 7)).ToArray();
        (int w, int h, byte[] back) = DecodePng(PngWriter.Encode(7, 5, rgb));
        Assert.Equal((7, 5), (w, h));
        Assert.Equal(rgb, back);
        Assert.Equal(0xCBF43926u, PngWriter.Crc32("123456789"u8)); // the CRC-32 check value
    }

    [SharedDataFact]
    public void Detect_BadCascadeOrImage_OneLineError()
    {
        string dir = Directory.CreateTempSubdirectory("fl-bad-").FullName;
        try
        {
            string bad = Path.Combine(dir, "bad.cascade");
            File.WriteAllBytes(bad, [1, 2, 3, 4, 5]);
            CliRun.Invoke("detect", "--cascade", bad, "--image", Dennis).AssertOneLineError("cascade");
            string badImg = Path.Combine(dir, "bad.pgm");
            File.WriteAllText(badImg, "P5 nonsense");
            CliRun.Invoke("detect", "--cascade", Cascade, "--image", badImg).AssertOneLineError("bad.pgm");
            CliRun.Invoke("detect", "--cascade", Cascade, "--image", Path.Combine(dir, "missing.pgm"))
                .AssertOneLineError("missing.pgm");
            CliRun.Invoke("detect", "--cascade", Cascade, "--image", Dennis, "--model", bad).AssertOneLineError("model");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Thermal_Synthetic_HasKeysAndIsDeterministic()
    {
        const string spec = "32x24:frames=300,people=2,seed=1,distractors=radiator+window";
        CliRun a = CliRun.Invoke("thermal", "--synthetic", spec, "--json");
        CliRun b = CliRun.Invoke("thermal", "--synthetic", spec, "--json");
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Equal(a.Stdout, b.Stdout);
        JsonElement j = a.Json();
        JsonElement s = j.GetProperty("summary");
        Assert.Equal(300, s.GetProperty("frames").GetInt32());
        foreach (string key in new[] { "presence_ratio", "mean_count", "exact_count_accuracy", "count_mae" })
        {
            Assert.True(s.TryGetProperty(key, out _), key);
        }

        JsonElement f0 = j.GetProperty("frames")[0];
        Assert.True(f0.TryGetProperty("count", out _) && f0.TryGetProperty("present", out _) && f0.TryGetProperty("truth", out _));
        Assert.Equal(300, j.GetProperty("frames").GetArrayLength());
        Assert.NotEqual(a.Stdout, CliRun.Invoke("thermal", "--synthetic", spec.Replace("seed=1", "seed=2"), "--json").Stdout);
    }

    [Fact]
    public void Thermal_BadArguments_Fail()
    {
        CliRun.Invoke("thermal", "--synthetic", "32x24:people=two").AssertOneLineError("--synthetic");
        Assert.NotEqual(0, CliRun.Invoke("thermal").ExitCode);
    }

    [SharedDataFact]
    public void Thermal_Csv_RealOmronFile()
    {
        string file = Directory.GetFiles(TestPaths.Data("thermal", "d6t44l_presence_4x4", "Dataset"), "*.csv",
            SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        CliRun r = CliRun.Invoke("thermal", "--csv", file, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonElement j = r.Json();
        Assert.Equal((4, 4), (j.GetProperty("width").GetInt32(), j.GetProperty("height").GetInt32()));
        int frames = j.GetProperty("summary").GetProperty("frames").GetInt32();
        Assert.True(frames > 0);
        Assert.Equal(frames, j.GetProperty("frames").GetArrayLength());
        Assert.InRange(j.GetProperty("summary").GetProperty("presence_ratio").GetDouble(), 0, 1);
        Assert.False(j.GetProperty("summary").TryGetProperty("exact_count_accuracy", out _));
    }

    [Fact]
    public void Help_DescribesTheNewVerbs()
    {
        CliRun d = CliRun.Invoke("detect", "--help");
        foreach (string opt in new[] { "--cascade", "--model", "--image", "--mode", "--scale-factor", "--threshold", "--min-neighbors", "--annotate", "--json" })
        {
            Assert.Contains(opt, d.Stdout, StringComparison.Ordinal);
        }

        CliRun t = CliRun.Invoke("thermal", "--help");
        Assert.Contains("--synthetic", t.Stdout, StringComparison.Ordinal);
        Assert.Contains("--csv", t.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Reads back our own PNG: chunk structure with CRCs, then zlib inflate and filter-0 rows.</summary>
    private static (int W, int H, byte[] Rgb) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, w = 0, h = 0;
        using var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(pos + 8, len);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len)), PngWriter.Crc32(png.AsSpan(pos + 4, len + 4)));
            if (type == "IHDR")
            {
                w = BinaryPrimitives.ReadInt32BigEndian(data);
                h = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(2, data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            pos += 12 + len;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] rows = raw.ToArray();
        Assert.Equal(h * (1 + w * 3), rows.Length);
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            Assert.Equal(0, rows[y * (1 + w * 3)]);
            Array.Copy(rows, y * (1 + w * 3) + 1, rgb, y * w * 3, w * 3);
        }

        return (w, h, rgb);
    }
}
