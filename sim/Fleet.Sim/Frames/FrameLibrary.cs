// SPDX-License-Identifier: MIT
using Fleet.Cascades;
using Fleet.Firmware.Interop.Detect;
using Fleet.Thermal.Omron;

namespace Fleet.Sim.Frames;

/// <summary>
/// The frames virtual sensors capture and the detector data they run, for a whole process (read-only once built,
/// so every sensor shares it). Two origins: <see cref="Synthetic"/> (drawn scenes and the hand-written
/// <see cref="SyntheticFaceCascade"/>; no smile model) and <see cref="FromShared"/> (the reference photos,
/// SMILEsmileD crops and Omron recordings, the OpenMV face cascade and smile network, read in place).
/// </summary>
public sealed class FrameLibrary
{
    private readonly IReadOnlyList<CameraFrame> _photos;
    private readonly IReadOnlyList<CameraFrame> _smileCrops;
    private readonly IReadOnlyList<ThermalFrame> _thermal;

    private FrameLibrary(string origin, byte[] faceCascade, HaarOptions faceOptions, byte[]? smileModel,
        IReadOnlyList<CameraFrame> photos, IReadOnlyList<CameraFrame> smileCrops, IReadOnlyList<ThermalFrame> thermal)
    {
        Origin = origin;
        FaceCascade = faceCascade;
        FaceOptions = faceOptions;
        SmileModel = smileModel;
        _photos = photos;
        _smileCrops = smileCrops;
        _thermal = thermal;
    }

    internal IReadOnlyList<CameraFrame> Photos => _photos;

    internal IReadOnlyList<CameraFrame> SmileCrops => _smileCrops;

    internal IReadOnlyList<ThermalFrame> ThermalFrames => _thermal;

    /// <summary>"synthetic", or the shared data directory the frames come from.</summary>
    public string Origin { get; }

    public bool IsSynthetic => _photos.Count == 0;

    /// <summary>The face cascade blob (FLHC or OpenMV .cascade) the camera sensors load.</summary>
    public byte[] FaceCascade { get; }

    /// <summary>How the Haar detector runs on it.</summary>
    public HaarOptions FaceOptions { get; }

    /// <summary>The smile CNN (.network) when the data has one; without it smile sensors report faces only.</summary>
    public byte[]? SmileModel { get; }

    /// <summary>Share of synthetic camera frames that hold a face, and of thermal frames that hold a person.</summary>
    public double SyntheticEventShare { get; init; } = 0.4;

    /// <summary>Drawn scenes and the hand-written cascade: what runs on a machine without ../shared.</summary>
    public static FrameLibrary Synthetic() =>
        new("synthetic", SyntheticFaceCascade.Bytes(),
            HaarOptions.Default(HaarMode.OpenCv) with { MinNeighbors = 2, MinWidth = 24, MinHeight = 24 },
            smileModel: null, [], [], []);

    /// <summary>
    /// The reference data under <paramref name="dataDirectory"/> (…/shared/data). Throws
    /// <see cref="InvalidDataException"/> or <see cref="IOException"/> when a file is missing or malformed.
    /// </summary>
    public static FrameLibrary FromShared(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        string faces = Path.Combine(dataDirectory, "faces");
        CameraFrame[] photos = Directory.GetFiles(Path.Combine(faces, "images"), "*.pgm")
            .Order(StringComparer.Ordinal)
            .Select(SharedFrameReader.ReadPgm)
            .ToArray();
        if (photos.Length == 0)
        {
            throw new InvalidDataException($"{faces}/images holds no .pgm photo");
        }

        // OpenCV's own frontal face cascade, converted by the toolchain and run in OpenCV mode as the accuracy
        // comparison does (docs/detection.md).
        byte[] cascade = FleetCascadeWriter.Write(OpenCvXmlReader.ReadFile(Path.Combine(faces, "haarcascade_frontalface_alt.xml")));
        string smileDir = Path.Combine(dataDirectory, "smile");
        (byte[][] crops, int rows, int cols) = SharedFrameReader.ReadIdxImages(Path.Combine(smileDir, "subset-images-idx3-ubyte"));
        // The crops are tight around the face; a cascade needs some margin around it, so each sits in a mid-gray
        // frame twice its size, as a face a camera sees at that distance.
        CameraFrame[] smileCrops = crops
            .Select((c, i) => Framed(c, cols, rows, $"smile-{i}"))
            .ToArray();
        string smileModel = Path.Combine(dataDirectory, "openmv", "models", "final", "smile.network");
        ThermalFrame[] thermal = OmronDataset.Load(Path.Combine(dataDirectory, OmronDataset.RelativePath))
            .SelectMany(r => r.Recording.ValidFrames.Select(f =>
                new ThermalFrame(f.PixelsCc, 4, 4, f.AmbientCc, r.File, r.PersonPresent)))
            .ToArray();
        return new FrameLibrary(dataDirectory, cascade,
            HaarOptions.Default(HaarMode.OpenCv) with { MinNeighbors = 3 },
            File.Exists(smileModel) ? File.ReadAllBytes(smileModel) : null, photos, smileCrops, thermal);
    }

    private static CameraFrame Framed(byte[] crop, int cols, int rows, string source)
    {
        int w = cols * 2, h = rows * 2, x0 = cols / 2, y0 = rows / 2;
        var gray = new byte[w * h];
        Array.Fill(gray, (byte)128);
        for (int y = 0; y < rows; y++)
        {
            Array.Copy(crop, y * cols, gray, ((y0 + y) * w) + x0, cols);
        }

        return new CameraFrame(gray, w, h, source, true);
    }

    /// <summary>The next camera frame a sensor captures; smile sensors also see SMILEsmileD crops when present.</summary>
    public CameraFrame NextCamera(Random random, bool smileSensor)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (IsSynthetic)
        {
            bool face = random.NextDouble() < SyntheticEventShare;
            return SyntheticScenes.Camera(random, face, smiling: face && random.NextDouble() < 0.5);
        }

        return smileSensor && _smileCrops.Count > 0 && random.NextDouble() < 0.5
            ? _smileCrops[random.Next(_smileCrops.Count)]
            : _photos[random.Next(_photos.Count)];
    }

    /// <summary>The next thermal frame: 32×24 synthetic, or a 4×4 Omron D6T frame from the recordings.</summary>
    public ThermalFrame NextThermal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return _thermal.Count == 0
            ? SyntheticScenes.Thermal(random, random.NextDouble() < SyntheticEventShare)
            : _thermal[random.Next(_thermal.Count)];
    }
}
