// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// A Fleet-format (v1, "FLMD") model loaded by the C core (<c>fl_model_load</c>) with its SHA-256 verified. The
/// loaded model reads its weights in place from the blob, so the blob is copied into 4-byte-aligned native memory
/// that lives exactly as long as this wrapper; the arena is exactly <c>info.arena_bytes</c>, the figure the file
/// states (so a load here also proves that figure suffices). Not thread-safe: a model owns its activation
/// buffers, so run it from one thread at a time (load one model per thread for parallel work). Dispose to free
/// the native memory.
/// </summary>
public sealed unsafe class FleetModel : IDisposable
{
    // The blob needs 4-byte alignment (int32 arrays are read in place); 16 also suits any SIMD load.
    private const nuint BlobAlignment = 16;

    // Above any valid v1 figure (2 · 2^20 activations + 4 · 4096 · 64 · 64 conv scratch + plan + headroom).
    private const long MaxArenaBytes = (2L << 20) + (4L * 4096 * 64 * 64) + (96 * 64) + 16;

    private byte* _blob;
    private byte* _arenaMem;
    private void* _model;
    private ArenaNative _arena;

    private FleetModel(ReadOnlySpan<byte> blob)
    {
        // The arena is sized from the header's figure without inspecting first: fl_model_load checks the hash
        // before any other field, so a flipped bit anywhere after the hash field is reported as a hash mismatch
        // (as the spec promises), not as whatever the inspector would trip on. A figure this host will not
        // allocate gets a 1-byte arena, and the loader's own report (hash, figure or FL_ERR_NO_MEM) stands.
        long arenaBytes = blob.Length >= 92 ? BinaryPrimitives.ReadUInt32LittleEndian(blob[88..]) : 0;
        arenaBytes = arenaBytes is >= 1 and <= MaxArenaBytes ? arenaBytes : 1;
        try
        {
            _blob = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(blob.Length, 1), BlobAlignment);
            blob.CopyTo(new Span<byte>(_blob, blob.Length));
            _arenaMem = (byte*)NativeMemory.AlignedAlloc((nuint)arenaBytes, 8);
            nuint modelSize = NnNativeMethods.ModelSizeof();
            _model = NativeMemory.AlignedAlloc(modelSize, 16);
            NativeMemory.Clear(_model, modelSize);
            fixed (ArenaNative* a = &_arena)
            {
                NnStatusNames.ThrowIfFailed(NnNativeMethods.ArenaInit(a, _arenaMem, (nuint)arenaBytes), "fl_arena_init");
                FleetModelLoadOptionsNative opts = new() { Sha256 = FleetModelSha256.Pointer, Sha256User = null };
                FleetModelErrorNative err = default;
                int st = NnNativeMethods.ModelLoad(_model, _blob, (nuint)blob.Length, a, &opts, &err);
                if (st != 0)
                {
                    throw ToException(st, err);
                }

                ArenaHighWater = (long)NnNativeMethods.ArenaHighWater(a);
            }

            FleetModelInfoNative loaded = default;
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ModelGetInfo(_model, &loaded), "fl_model_get_info");
            Info = ToInfo(loaded);
            var labels = new string[Info.Outputs];
            for (uint i = 0; i < labels.Length; i++)
            {
                labels[i] = Marshal.PtrToStringUTF8((nint)NnNativeMethods.ModelLabel(_model, i)) ?? "";
            }

            Labels = labels;
        }
        catch
        {
            Free();
            throw;
        }
    }

    ~FleetModel() => Free();

    /// <summary>The loaded model's info (the hash in it has been verified).</summary>
    public FleetModelInfo Info { get; }

    /// <summary>Label of each output element, in output order (HWC).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Arena bytes the loader actually took (at most <see cref="FleetModelInfo.ArenaBytes"/>).</summary>
    public long ArenaHighWater { get; }

    /// <summary>Input tensor length: h · w · c.</summary>
    public int InputLength => Info.Input.Elements;

    /// <summary>Parses and validates a blob without loading it or checking its hash. Throws <see cref="FleetModelLoadException"/>.</summary>
    public static FleetModelInfo Inspect(ReadOnlySpan<byte> blob)
    {
        FleetModelInfoNative info = default;
        FleetModelErrorNative err = default;
        fixed (byte* b = blob)
        {
            // A null pointer with length 0 is what an empty span gives; the loader reports it as truncated.
            byte empty = 0;
            int st = NnNativeMethods.ModelInspect(b == null ? &empty : b, (nuint)blob.Length, &info, &err);
            if (st != 0)
            {
                throw ToException(st, err);
            }
        }

        return ToInfo(info);
    }

    /// <summary>
    /// Loads a blob (copied) and verifies its SHA-256. Throws <see cref="FleetModelLoadException"/> when the C
    /// loader rejects it (a hash mismatch is <see cref="NativeStatus.Mismatch"/>).
    /// </summary>
    public static FleetModel Load(ReadOnlySpan<byte> blob) => new(blob);

    /// <summary>True when the blob starts with the Fleet magic "FLMD".</summary>
    public static bool HasMagic(ReadOnlySpan<byte> blob) => blob.StartsWith("FLMD"u8);

    /// <summary>Runs the model on an input tensor; returns the int8 outputs.</summary>
    public sbyte[] Run(ReadOnlySpan<sbyte> input)
    {
        var output = new sbyte[Info.Outputs];
        Run(input, output);
        return output;
    }

    /// <summary>Runs the model into a caller buffer of at least Info.Outputs bytes. Allocates nothing.</summary>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        ObjectDisposedException.ThrowIf(_model == null, this);
        NativeModelSupport.CheckRunBuffers(InputLength, Info.Outputs, input.Length, output.Length);

        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ModelRun(_model, i, o), "fl_model_run");
        }
    }

    /// <summary>Image + ROI (null = whole image) to the int8 input tensor, as the input spec describes.</summary>
    public sbyte[] Preprocess(NetworkImage image, NetworkRect? roi)
    {
        var tensor = new sbyte[InputLength];
        Preprocess(image, roi, tensor);
        return tensor;
    }

    /// <summary>As above into a caller buffer, by the core's <c>fl_model_preprocess</c> (what a device runs).</summary>
    public void Preprocess(NetworkImage image, NetworkRect? roi, Span<sbyte> tensor)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_model == null, this);
        if (tensor.Length < InputLength)
        {
            throw new ArgumentException($"tensor needs {InputLength} bytes", nameof(tensor));
        }

        FleetModelInput spec = Info.Input;
        if (spec.Colour == FleetModelColour.Tensor)
        {
            throw new InvalidOperationException(
                $"model '{Info.ModelId}' takes a {spec.Height}x{spec.Width}x{spec.Channels} tensor, not an image: use QuantizeTensor");
        }

        RectNative r = NativeModelSupport.ToNative(roi);
        fixed (byte* g = image.Gray)
        fixed (ushort* c = image.Rgb565)
        fixed (sbyte* t = tensor)
        {
            ImageNative img = NativeModelSupport.ToNative(image, g, c);
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ModelPreprocess(_model, &img, roi is null ? null : &r, t),
                "fl_model_preprocess");
        }
    }

    /// <summary>The q7 input formula: SSAT8(floor((p − mean) · 2^(8 − shift))), shift 1..16.</summary>
    public static sbyte QuantizeQ7(int p, int mean, int shift)
    {
        int d = p - mean;
        int q = shift <= 8 ? d * (1 << (8 - shift)) : d >> (shift - 8);
        return (sbyte)Math.Clamp(q, sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>
    /// The s8 input formula: clamp(round_half_away((p − mean) · scale / input_scale) + zp, −128, 127), in binary32
    /// because the spec stores the scales as f32 and a device computes in single precision.
    /// </summary>
    public static sbyte QuantizeS8(int p, int mean, float scale, float inputScale, int zeroPoint)
    {
        float real = (p - mean) * scale;
        float q = MathF.Round(real / inputScale, MidpointRounding.AwayFromZero) + zeroPoint;
        return (sbyte)Math.Clamp(q, sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>
    /// A tensor input's real values to int8 with the spec's input scale and zero point, the rounding of
    /// <see cref="QuantizeS8"/> (binary32, half away from zero).
    /// </summary>
    public void QuantizeTensor(ReadOnlySpan<float> real, Span<sbyte> tensor)
    {
        FleetModelInput spec = Info.Input;
        if (spec.Colour != FleetModelColour.Tensor)
        {
            throw new InvalidOperationException($"model '{Info.ModelId}' takes an image; use Preprocess");
        }

        if (real.Length != InputLength || tensor.Length < InputLength)
        {
            throw new ArgumentException($"the tensor has {real.Length} values; the model takes {InputLength}", nameof(real));
        }

        for (int i = 0; i < real.Length; i++)
        {
            float q = MathF.Round(real[i] / spec.S8InputScale, MidpointRounding.AwayFromZero) + spec.S8InputZeroPoint;
            tensor[i] = float.IsNaN(q) ? (sbyte)spec.S8InputZeroPoint : (sbyte)Math.Clamp(q, sbyte.MinValue, sbyte.MaxValue);
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        // The model points into the arena and the blob: drop it first.
        NativeModelSupport.AlignedFree(ref _model);
        NativeModelSupport.AlignedFree(ref _arenaMem);
        NativeModelSupport.AlignedFree(ref _blob);
        _arena = default;
    }

    private static FleetModelInfo ToInfo(in FleetModelInfoNative i)
    {
        FleetModelInputNative n = i.Input;
        var input = new FleetModelInput((int)n.H, (int)n.W, (int)n.C, (FleetModelColour)n.Colour, (NetworkResize)n.Resize,
            [(int)n.Mean[0], (int)n.Mean[1], (int)n.Mean[2]],
            [(int)n.Q7Shift[0], (int)n.Q7Shift[1], (int)n.Q7Shift[2]],
            [n.S8Scale[0], n.S8Scale[1], n.S8Scale[2]],
            n.S8InputScale, n.S8InputZeroPoint);
        string id;
        string sha;
        fixed (byte* p = i.ModelId)
        {
            var span = new ReadOnlySpan<byte>(p, 32);
            int end = span.IndexOf((byte)0);
            id = Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
        }

        fixed (byte* p = i.Sha256)
        {
            sha = Convert.ToHexStringLower(new ReadOnlySpan<byte>(p, 32));
        }

        return new FleetModelInfo(id, i.ModelVersion, sha, (FleetModelScheme)i.Scheme, (int)i.NLayers,
            (int)i.NOutputs, [(int)i.OutH, (int)i.OutW, (int)i.OutC], i.ArenaBytes, i.FlashBytes, i.WeightBytes,
            (long)i.Macs, input);
    }

    private static FleetModelLoadException ToException(int status, in FleetModelErrorNative err)
    {
        return new FleetModelLoadException((NativeStatus)status, NativeModelSupport.ErrorDetail(err.Msg, "invalid Fleet model"),
            (long)err.Offset, NativeModelSupport.ErrorLayer(err.Layer));
    }
}
