// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Agent.Config;
using Fleet.Agent.Protocol;
using Fleet.Firmware.Interop.Detect;
using Fleet.Firmware.Interop.Nn;
using Fleet.Sim.Frames;
using Fleet.Thermal;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// The firmware core's detectors (libfleetcore through P/Invoke) for every virtual sensor of a process: the Haar
/// face detector, the face → smile CNN pipeline, and the thermal people detector. The cascade is loaded once and
/// shared (read-only); the smile pipeline and thermal detectors hold per-run state, so each worker thread gets
/// its own. A thermal detector is cold-started for every frame, as a sleepy sensor that powers its array up per
/// wake does (its first-frame reference makes a person present at power-up visible at once).
/// </summary>
public sealed class NativeDetectors : IDisposable
{
    /// <summary>Haar and the thermal detector accept or reject a box; they have no graded score.</summary>
    public const uint AcceptedScorePmy = 10_000;

    private readonly FrameLibrary _frames;
    private readonly HaarCascade _cascade;
    private readonly SmilePipelineOptions? _smileOptions;
    private readonly ThreadLocal<SmilePipeline?> _smile;
    private readonly ThreadLocal<Dictionary<(int W, int H), ThermalDetector>> _thermal;

    public NativeDetectors(FrameLibrary frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _frames = frames;
        _cascade = HaarCascade.Load(frames.FaceCascade);
        if (frames.SmileModel is { } model)
        {
            _smileOptions = SmilePipelineOptions.Default(frames.FaceOptions.Mode) with { Haar = frames.FaceOptions };
            _smile = new ThreadLocal<SmilePipeline?>(() => SmilePipeline.Create(_cascade, model), trackAllValues: true);
        }
        else
        {
            _smile = new ThreadLocal<SmilePipeline?>(() => null, trackAllValues: true);
        }

        _thermal = new ThreadLocal<Dictionary<(int W, int H), ThermalDetector>>(() => [], trackAllValues: true);
    }

    public FrameLibrary Frames => _frames;

    /// <summary>True when smile sensors run the smile CNN (otherwise they report faces only).</summary>
    public bool HasSmileModel => _frames.SmileModel is not null;

    /// <summary>Faces (and, for <see cref="DetectorKinds.Smile"/> with a model, smiles) in one camera frame.</summary>
    public DetectionRecord DetectCamera(CameraFrame frame, uint detector, uint scoreThresholdPmy)
    {
        ArgumentNullException.ThrowIfNull(frame);
        NetworkImage image = NetworkImage.FromGray(frame.Gray, frame.Width, frame.Height);
        var boxes = new List<DetectionBox>();
        long start = Stopwatch.GetTimestamp();
        SmilePipeline? pipeline = detector == DetectorKinds.Smile ? _smile.Value : null;
        if (pipeline is not null)
        {
            PipelineResult result = pipeline.Run(image, _smileOptions!);
            foreach (PipelineFace face in result.Faces)
            {
                boxes.Add(Box(face.Face.X, face.Face.Y, face.Face.W, face.Face.H, AcceptedScorePmy, "face"));
                if (face is { Smile: true, Roi: { } roi, Score: { } score })
                {
                    boxes.Add(Box(roi.X, roi.Y, roi.W, roi.H, (uint)Math.Clamp(Math.Round(score * 10_000), 0, 10_000), "smile"));
                }
            }
        }
        else
        {
            foreach (HaarBox b in HaarDetector.Detect(_cascade, _frames.FaceOptions, image).Boxes)
            {
                boxes.Add(Box(b.X, b.Y, b.W, b.H, AcceptedScorePmy, "face"));
            }
        }

        return Record(detector, boxes, scoreThresholdPmy, start);
    }

    /// <summary>People in one thermal frame.</summary>
    public DetectionRecord DetectThermal(ThermalFrame frame, uint scoreThresholdPmy)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Dictionary<(int W, int H), ThermalDetector> detectors = _thermal.Value!;
        if (!detectors.TryGetValue((frame.Width, frame.Height), out ThermalDetector? thermal))
        {
            thermal = new ThermalDetector(frame.Width, frame.Height);
            detectors[(frame.Width, frame.Height)] = thermal;
        }

        long start = Stopwatch.GetTimestamp();
        thermal.Reset();
        ThermalFrameResult result = thermal.Process(frame.PixelsCc, frame.AmbientCc);
        var boxes = result.Blobs.Select(b => Box(b.X, b.Y, b.Width, b.Height, AcceptedScorePmy, "person")).ToList();
        return Record(DetectorKinds.ThermalPerson, boxes, scoreThresholdPmy, start);
    }

    public void Dispose()
    {
        foreach (SmilePipeline? p in _smile.Values)
        {
            p?.Dispose();
        }

        foreach (Dictionary<(int W, int H), ThermalDetector> set in _thermal.Values)
        {
            foreach (ThermalDetector d in set.Values)
            {
                d.Dispose();
            }
        }

        _smile.Dispose();
        _thermal.Dispose();
        _cascade.Dispose();
    }

    private static DetectionRecord Record(uint detector, List<DetectionBox> boxes, uint thresholdPmy, long start)
    {
        boxes.RemoveAll(b => b.ScorePmy < thresholdPmy);
        // The protocol carries at most 16 boxes (docs/protocol.md type 3), as the firmware's loop keeps.
        if (boxes.Count > 16)
        {
            boxes.RemoveRange(16, boxes.Count - 16);
        }

        return new DetectionRecord
        {
            Detector = detector,
            Boxes = [.. boxes],
            // Host time of the native call: what ran here, not a Cortex-M7 figure (the energy model has those).
            InferenceUs = (uint)Math.Min(uint.MaxValue, Stopwatch.GetElapsedTime(start).TotalMicroseconds),
        };
    }

    private static DetectionBox Box(int x, int y, int w, int h, uint scorePmy, string label) => new()
    {
        X = (uint)Math.Max(0, x),
        Y = (uint)Math.Max(0, y),
        W = (uint)Math.Max(0, w),
        H = (uint)Math.Max(0, h),
        ScorePmy = scorePmy,
        Label = label,
    };
}
