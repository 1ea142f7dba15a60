// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Stands in for the device's detectors: decides from a seeded random source whether a frame contains faces,
/// smiles or a warm body, and returns boxes in the frame's pixel coordinates. Not thread-safe (one sensor owns it).
/// </summary>
/// <remarks>
/// Timings and operation counts are plausible magnitudes for a Cortex-M7 at a few hundred MHz (tens of ms for a
/// Haar cascade on QVGA, a few ms for a 32×24 thermal frame), not measurements.
/// </remarks>
internal sealed class SimulatedDetector(Random random)
{
    /// <summary>Camera frame (QVGA) the face and smile boxes refer to.</summary>
    public const int CameraWidth = 320;
    public const int CameraHeight = 240;

    /// <summary>Thermal array frame (e.g. an MLX90640) the person boxes refer to.</summary>
    public const int ThermalWidth = 32;
    public const int ThermalHeight = 24;

    // Model ids the simulated firmware holds; a desired config naming another one is rejected as "model not present".
    public const string FaceModelId = "haar-face";
    public const string SmileModelId = "haar-smile";
    public const string ThermalModelId = "thermal-person";
    public const uint BuiltInModelVersion = 1;

    /// <summary>Whether this detector can run on the hardware the sensor was built with.</summary>
    public static bool Supports(DetectorKind hardware, DetectorKind requested) => IsThermal(hardware)
        ? requested == DetectorKind.ThermalPerson
        : requested is DetectorKind.Face or DetectorKind.Smile;

    /// <summary>The model the simulated firmware ships for <paramref name="detector"/>.</summary>
    public static string ModelFor(DetectorKind detector) => detector switch
    {
        DetectorKind.Smile => SmileModelId,
        DetectorKind.ThermalPerson => ThermalModelId,
        _ => FaceModelId,
    };

    public static bool IsThermal(DetectorKind detector) => detector == DetectorKind.ThermalPerson;

    /// <summary>Runs the detector once; boxes scoring below <paramref name="scoreThresholdPmy"/> are dropped.</summary>
    public SimulatedDetection Run(DetectorKind detector, ushort scoreThresholdPmy)
    {
        List<DetectionBox> boxes = detector switch
        {
            DetectorKind.Smile => SmileFrame(),
            DetectorKind.ThermalPerson => ThermalFrame(),
            _ => FaceFrame(),
        };
        boxes.RemoveAll(b => b.ScorePmy < scoreThresholdPmy);

        (double baseMs, uint macs) = detector switch
        {
            DetectorKind.Smile => (55.0, 2_600_000u),
            DetectorKind.ThermalPerson => (4.0, 48_000u),
            _ => (38.0, 1_800_000u),
        };
        // Cascades stop early on empty windows, so busier frames take a little longer.
        TimeSpan inference = TimeSpan.FromMilliseconds(baseMs * (0.9 + (0.2 * random.NextDouble())) + (3.0 * boxes.Count));
        return new SimulatedDetection(detector, boxes, ModelFor(detector), BuiltInModelVersion, inference, macs);
    }

    private List<DetectionBox> FaceFrame()
    {
        List<DetectionBox> boxes = [];
        if (random.NextDouble() < 0.4)
        {
            int faces = random.NextDouble() < 0.75 ? 1 : 2;
            for (int i = 0; i < faces; i++)
            {
                boxes.Add(FaceBox("face"));
            }
        }

        return boxes;
    }

    private List<DetectionBox> SmileFrame()
    {
        List<DetectionBox> boxes = [];
        if (random.NextDouble() < 0.45)
        {
            DetectionBox face = FaceBox("face");
            boxes.Add(face);
            if (random.NextDouble() < 0.6)
            {
                // The smile cascade runs on the lower half of a detected face.
                ushort w = (ushort)(face.Width / 2);
                ushort h = (ushort)Math.Max(4, face.Height / 4);
                boxes.Add(new DetectionBox((ushort)(face.X + (face.Width / 4)), (ushort)(face.Y + (face.Height * 3 / 5)),
                    w, h, Score(0.55, 0.95), "smile"));
            }
        }

        return boxes;
    }

    private List<DetectionBox> ThermalFrame()
    {
        List<DetectionBox> boxes = [];
        if (random.NextDouble() < 0.35)
        {
            ushort w = (ushort)random.Next(4, 9);
            ushort h = (ushort)random.Next(9, 17);
            ushort x = (ushort)random.Next(0, ThermalWidth - w);
            ushort y = (ushort)random.Next(0, ThermalHeight - h);
            boxes.Add(new DetectionBox(x, y, w, h, Score(0.6, 0.97), "person"));
        }

        return boxes;
    }

    private DetectionBox FaceBox(string label)
    {
        ushort size = (ushort)random.Next(36, 96);
        ushort x = (ushort)random.Next(0, CameraWidth - size);
        ushort y = (ushort)random.Next(0, CameraHeight - size);
        return new DetectionBox(x, y, size, size, Score(0.55, 0.98), label);
    }

    private ushort Score(double min, double max) => (ushort)Math.Round((min + ((max - min) * random.NextDouble())) * 10_000);
}
