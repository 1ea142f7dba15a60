// SPDX-License-Identifier: MIT
using Fleet.Agent.Config;
using Fleet.Agent.Protocol;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;
using Xunit.Abstractions;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>The firmware's detectors on the scenes a machine without ../shared runs on.</summary>
public sealed class NativeDetectorsTests(ITestOutputHelper output)
{
    [Fact]
    public void SyntheticScenes_FacesFoundByTheCoreHaar_EmptyRoomsMostlyEmpty()
    {
        using var detectors = new NativeDetectors(FrameLibrary.Synthetic());
        int found = 0, falseFrames = 0;
        const int n = 60;
        for (int seed = 0; seed < n; seed++)
        {
            DetectionRecord face = detectors.DetectCamera(SyntheticScenes.Camera(new Random(seed), face: true), DetectorKinds.Face, 0);
            DetectionRecord empty = detectors.DetectCamera(SyntheticScenes.Camera(new Random(seed), face: false), DetectorKinds.Face, 0);
            found += face.Boxes.Length > 0 ? 1 : 0;
            falseFrames += empty.Boxes.Length > 0 ? 1 : 0;
        }

        output.WriteLine($"faces found in {found}/{n}, boxes in {falseFrames}/{n} empty rooms");
        Assert.True(found >= n * 9 / 10, $"faces found in {found}/{n}");
        Assert.True(falseFrames <= n / 10, $"boxes in {falseFrames}/{n} empty rooms");
    }
}
