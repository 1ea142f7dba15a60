// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Imaging;
using Fleet.ModelTool.Reference;

namespace Fleet.ModelTool.Tests.Reference;

/// <summary>
/// Every staged seed model (v3.0, final, history/*) gives the same input tensor, the same int8 outputs (softmax
/// off and on) and the same scores on the C engine and on the C# reference, in camera and corrected modes, for
/// a real image (CIFAR PPM as RGB565, a face ROI of dennis.pgm, an MNIST digit), random grayscale and random
/// RGB565 frames with a random ROI.
/// </summary>
public sealed class NetworkCrossCheckTests
{
    private static IEnumerable<(string Name, byte[]? Gray, ushort[]? Rgb, int W, int H, NetworkRect? Roi)> Inputs(
        string model, int seed)
    {
        var rng = new Random(seed);
        var gray = new byte[97 * 61];
        rng.NextBytes(gray);
        yield return ("random gray", gray, null, 97, 61, new NetworkRect(rng.Next(0, 20), rng.Next(0, 20), rng.Next(20, 90), rng.Next(20, 60)));
        ushort[] rgb = Enumerable.Range(0, 53 * 71).Select(_ => (ushort)rng.Next(0, 65536)).ToArray();
        yield return ("random rgb565", null, rgb, 53, 71, null);

        string name = Path.GetFileName(model);
        if (name.StartsWith("cifar", StringComparison.Ordinal))
        {
            NetworkImage img = PnmReader.ReadFile(TestPaths.OpenMv("testdata", "cifar10", "frog-2.ppm")).ToNetworkImage();
            yield return ("frog-2.ppm", null, img.Rgb565, img.Width, img.Height, null);
        }
        else if (name.StartsWith("lenet", StringComparison.Ordinal))
        {
            IdxArray digits = IdxReader.ReadFile(TestPaths.Data("mnist", "t10k-images-idx3-ubyte"), 3, "images");
            yield return ("mnist #3", digits.Item(3).ToArray(), null, 28, 28, null);
        }
        else
        {
            PnmImage face = PnmReader.ReadFile(TestPaths.OpenMv("testdata", "dennis.pgm"));
            yield return ("dennis face", face.Pixels, null, face.Width, face.Height, new NetworkRect(199, 78, 62, 62));
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(TestPaths.ModelData), MemberType = typeof(TestPaths))]
    public void SeedModel_BothModes_MatchesReferenceBitForBit(string relativeModel)
    {
        string path = Path.Combine(TestPaths.OpenMv("models"), relativeModel);
        byte[] blob = File.ReadAllBytes(path);
        using NetworkModel model = NetworkModel.Load(blob);
        RefNetwork reference = RefNetwork.Parse(blob);
        Assert.Equal(model.Info.Macs, reference.Macs);
        Assert.Equal(model.Info.Outputs, reference.Outputs);

        foreach (var (name, gray, rgb, w, h, roi) in Inputs(path, relativeModel.Length))
        {
            NetworkImage image = gray is not null ? NetworkImage.FromGray(gray, w, h) : NetworkImage.FromRgb565(rgb!, w, h);
            foreach (NetworkMode mode in new[] { NetworkMode.Camera, NetworkMode.Corrected })
            {
                RefMode refMode = mode == NetworkMode.Camera ? RefMode.Camera : RefMode.Corrected;
                string what = $"{relativeModel} / {name} / {mode}";

                sbyte[] inC = model.Preprocess(image, roi, mode);
                sbyte[] inR = RefPreprocess.Transform(reference, refMode, gray, rgb, w, h,
                    roi is { } r ? (r.X, r.Y, r.W, r.H) : null);
                Assert.True(inC.AsSpan().SequenceEqual(inR), $"{what}: input tensors differ");

                sbyte[] outC = model.Run(inC, mode, softmax: false);
                sbyte[] outR = RefNetworkRunner.Run(reference, refMode, softmax: false, inR);
                Assert.True(outC.AsSpan().SequenceEqual(outR),
                    $"{what}: C [{string.Join(",", outC)}] vs reference [{string.Join(",", outR)}]");

                sbyte[] smC = model.Run(inC, mode, softmax: true);
                sbyte[] smR = mode == NetworkMode.Camera ? RefNetworkRunner.Run(reference, refMode, true, inR) : outR;
                Assert.True(smC.AsSpan().SequenceEqual(smR), $"{what}: softmax outputs differ");

                foreach (bool softmax in new[] { false, true })
                {
                    float[] sC = NetworkModel.Scores(mode, softmax, softmax ? smC : outC);
                    double[] sR = RefNetworkRunner.Scores(refMode, softmax, softmax ? smR : outR);
                    for (int i = 0; i < sC.Length; i++)
                    {
                        Assert.True(Math.Abs(sC[i] - sR[i]) < 1e-6, $"{what}: score {i} (softmax {softmax}) {sC[i]} vs {sR[i]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void ColourExpansion_AllValues_MatchesSpecFormulas()
    {
        for (int i = 0; i < 32; i++)
        {
            Assert.Equal(RefPreprocess.R5To8(i), NetworkModel.R5To8((uint)i));
            Assert.Equal((int)Math.Floor((255 * i + 15.5) / 31), RefPreprocess.R5To8(i));
        }

        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(RefPreprocess.G6To8(i), NetworkModel.G6To8((uint)i));
            Assert.Equal((int)Math.Floor((255 * i + 31.5) / 63), RefPreprocess.G6To8(i));
        }
    }
}
