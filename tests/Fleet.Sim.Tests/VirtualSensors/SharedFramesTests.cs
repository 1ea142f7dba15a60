// SPDX-License-Identifier: MIT
using Fleet.Agent.Config;
using Fleet.Agent.Protocol;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;
using Xunit.Abstractions;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>The reference data through the firmware's detectors, as virtual sensors capture it when ../shared is present.</summary>
public sealed class SharedFramesTests(ITestOutputHelper output)
{
    [SharedFramesFact]
    public void SharedData_PhotosCropsAndRecordings_RunThroughTheCoreDetectors()
    {
        FrameLibrary library = FrameLibrary.FromShared(SharedData.Locate()!);
        using var detectors = new NativeDetectors(library);
        Assert.True(detectors.HasSmileModel);

        int photosWithFaces = library.Photos.Count(p => detectors.DetectCamera(p, DetectorKinds.Face, 0).Boxes.Length > 0);

        // Smile cameras: Haar then the smile CNN on the face ROI. Crops 0..999 are smiles, 1000..1999 not.
        DetectionRecord[] smiles = library.SmileCrops.Take(100).Select(c => detectors.DetectCamera(c, DetectorKinds.Smile, 0)).ToArray();
        DetectionRecord[] neutral = library.SmileCrops.Skip(1000).Take(100).Select(c => detectors.DetectCamera(c, DetectorKinds.Smile, 0)).ToArray();
        int Labelled(DetectionRecord[] rs, string label) => rs.Count(r => r.Boxes.Any(b => b.Label == label));

        // Thermal sensors: Omron D6T 4x4 frames, cold-started per frame.
        ThermalFrame[] present = library.ThermalFrames.Where(f => f.PersonPresent == true).Take(500).ToArray();
        ThermalFrame[] absent = library.ThermalFrames.Where(f => f.PersonPresent == false).Take(500).ToArray();
        double Rate(ThermalFrame[] frames) => frames.Average(f => detectors.DetectThermal(f, 0).Boxes.Length > 0 ? 1.0 : 0.0);

        output.WriteLine($"photos with a face {photosWithFaces}/{library.Photos.Count}; smile crops: faces {Labelled(smiles, "face")}, " +
                         $"smiles {Labelled(smiles, "smile")}/100; neutral crops: smiles {Labelled(neutral, "smile")}/100; " +
                         $"thermal person seen {Rate(present):P0} present, {Rate(absent):P0} absent");
        Assert.True(photosWithFaces >= 10, $"faces in {photosWithFaces} photos");
        Assert.True(Labelled(smiles, "smile") > Labelled(neutral, "smile"), "the smile CNN labels smiling crops more often than neutral ones");
        Assert.True(Rate(present) > Rate(absent), "the thermal detector sees people more often when one is present");
    }
}
