// SPDX-License-Identifier: MIT
using Fleet.Thermal.Synthetic;

namespace Fleet.Thermal.Tests;

/// <summary>The generator is deterministic and its ground truth agrees with its pixels.</summary>
public sealed class SyntheticThermalGeneratorTests
{
    private static readonly SyntheticSceneOptions Small = SyntheticSceneOptions.ForSensor(32, 24) with { Frames = 400 };

    [Fact]
    public void Generate_SameSeed_SameFramesAndTruth()
    {
        var a = SyntheticThermalGenerator.Generate(Small, 7);
        var b = SyntheticThermalGenerator.Generate(Small, 7);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].PixelsCc, b[i].PixelsCc);
            Assert.Equal(a[i].AmbientCc, b[i].AmbientCc);
            Assert.Equal(a[i].Boxes, b[i].Boxes);
        }
    }

    [Fact]
    public void Generate_OtherSeed_DiffersInPixels()
    {
        var a = SyntheticThermalGenerator.Generate(Small, 1);
        var b = SyntheticThermalGenerator.Generate(Small, 2);
        Assert.NotEqual(a[0].PixelsCc, b[0].PixelsCc);
    }

    [Theory]
    [InlineData(32, 24)]
    [InlineData(80, 60)]
    public void Generate_TruthIsConsistent(int w, int h)
    {
        var o = SyntheticSceneOptions.ForSensor(w, h) with { Frames = 600 };
        var frames = SyntheticThermalGenerator.Generate(o, 3);
        Assert.Equal(600, frames.Count);
        Assert.Contains(frames, f => f.Count > 0);
        Assert.Contains(frames, f => f.Count == 0);
        foreach (SyntheticFrame f in frames)
        {
            Assert.Equal(w * h, f.PixelsCc.Length);
            Assert.InRange(f.Count, 0, o.Lanes);
            Assert.Equal(f.Count, f.Boxes.Count);
            Assert.InRange(f.AmbientCc, 1800, 2900);
            foreach (SyntheticBox b in f.Boxes)
            {
                Assert.True(b.X >= 0 && b.Y >= 0 && b.X + b.Width <= w && b.Y + b.Height <= h);
                // A person's box holds a pixel at body temperature (29 °C or more, allowing for noise and mixed
                // pixels); the upper end is open because a walker may pass the radiator.
                int hottest = Enumerable.Range(b.Y, b.Height).SelectMany(y => Enumerable.Range(b.X, b.Width).Select(x => f.PixelsCc[y * w + x])).Max();
                Assert.True(hottest >= 2700, $"hottest {hottest}");
            }
        }
        // The radiator is a distractor far above the human band.
        Assert.True(frames[0].PixelsCc.Max() >= 5000);
    }

    [Fact]
    public void Generate_BadSize_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticThermalGenerator.Generate(Small with { Width = 2 }, 1));
}
