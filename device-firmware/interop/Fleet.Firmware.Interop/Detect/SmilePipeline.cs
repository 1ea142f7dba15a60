// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// <c>fl_pipeline_run</c>: Haar faces → ROI [x+10, y+25, 0.7w, 0.7w] → smile CNN, one native call per frame.
/// The smile model (a <c>.network</c>, or a Fleet "FLMD" model whose SHA-256 is verified on load) is loaded here
/// into native memory, because the C pipeline takes the loaded C structs, not the managed wrappers. Not
/// thread-safe (a Fleet model owns its activation buffers); the cascade must outlive the pipeline.
/// </summary>
public sealed unsafe class SmilePipeline : IDisposable
{
    /// <summary>FL_PIPELINE_MAX_FACES.</summary>
    public const int MaxFaces = 16;

    private const int ArenaSlack = 64;

    private readonly HaarCascade _cascade;
    private byte* _blob;
    private byte* _modelArena;
    private void* _network; // fl_network_t*
    private void* _model;   // fl_model_t*

    private SmilePipeline(HaarCascade cascade, ReadOnlySpan<byte> model)
    {
        _cascade = cascade;
        if (model.IsEmpty)
        {
            return;
        }

        // Both loaders keep pointers into the blob; a Fleet blob must be 4-byte aligned.
        _blob = (byte*)NativeMemory.AlignedAlloc((nuint)model.Length, 16);
        model.CopyTo(new Span<byte>(_blob, model.Length));
        try
        {
            if (FleetModel.HasMagic(model))
            {
                LoadFleet(model.Length);
            }
            else
            {
                LoadNetwork(model);
            }
        }
        catch
        {
            Free();
            throw;
        }
    }

    ~SmilePipeline() => Free();

    /// <summary>True when a smile model is loaded (otherwise only faces are reported).</summary>
    public bool HasModel => _network != null || _model != null;

    /// <summary>True when the model is a Fleet-format model.</summary>
    public bool IsFleetModel => _model != null;

    /// <summary>
    /// A pipeline over <paramref name="cascade"/> with the smile model in <paramref name="model"/> (empty = faces
    /// only). Throws <see cref="NetworkLoadException"/> / <see cref="FleetModelLoadException"/> on a bad model.
    /// </summary>
    public static SmilePipeline Create(HaarCascade cascade, ReadOnlySpan<byte> model)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        return new SmilePipeline(cascade, model);
    }

    /// <summary>Arena scratch bytes a frame of this size and format needs (<c>fl_pipeline_scratch_bytes</c>).</summary>
    public long ScratchBytes(SmilePipelineOptions options, int width, int height, NetworkPixelFormat format)
    {
        ArgumentNullException.ThrowIfNull(options);
        PipelineConfigNative cfg = ToNative(options);
        nuint bytes = 0;
        NnStatusNames.ThrowIfFailed(DetectNativeMethods.PipelineScratchBytes(&cfg, width, height, (int)format, &bytes),
            "fl_pipeline_scratch_bytes");
        return (long)bytes;
    }

    /// <summary>Runs the pipeline on one frame.</summary>
    public PipelineResult Run(NetworkImage frame, SmilePipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(frame);
        nuint size = (nuint)ScratchBytes(options, frame.Width, frame.Height, frame.Format) + ArenaSlack;
        PipelineConfigNative cfg = ToNative(options);
        byte* mem = (byte*)NativeMemory.AlignedAlloc(size, 16);
        try
        {
            ArenaNative arena = default;
            PipelineResultNative r = default;
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ArenaInit(&arena, mem, size), "fl_arena_init");
            fixed (byte* g = frame.Gray)
            fixed (ushort* c = frame.Rgb565)
            {
                ImageNative img = new()
                {
                    Pixels = frame.Gray is null ? c : g,
                    W = frame.Width,
                    H = frame.Height,
                    Stride = frame.Width,
                    Fmt = (int)frame.Format,
                };
                NnStatusNames.ThrowIfFailed(DetectNativeMethods.PipelineRun(&cfg, &img, &arena, &r), "fl_pipeline_run");
            }

            var faces = new PipelineFace[r.NFaces];
            for (int i = 0; i < faces.Length; i++)
            {
                PipelineFaceNative f = r.Faces[i];
                faces[i] = new PipelineFace(new HaarBox(f.Face.X, f.Face.Y, f.Face.W, f.Face.H),
                    f.Roi.W > 0 ? new NetworkRect(f.Roi.X, f.Roi.Y, f.Roi.W, f.Roi.H) : null,
                    f.Smile < 0 ? null : f.Score, f.Smile < 0 ? null : f.Smile == 1);
            }

            return new PipelineResult(faces, (int)r.NDetected, HaarStats.From(r.Haar));
        }
        finally
        {
            NativeMemory.AlignedFree(mem);
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private PipelineConfigNative ToNative(SmilePipelineOptions o) => new()
    {
        Cascade = _cascade.Native,
        Haar = o.Haar.ToNative(),
        Network = _network,
        Model = _model,
        NetworkMode = (int)o.NetworkMode,
        SmileOutput = (uint)Math.Max(0, o.SmileOutput),
        SmileThreshold = o.SmileThreshold,
    };

    private void LoadNetwork(ReadOnlySpan<byte> model)
    {
        NetworkInfo info = NetworkModel.Inspect(model);
        nuint size = (nuint)(info.PersistentBytes + ArenaSlack);
        _modelArena = (byte*)NativeMemory.AlignedAlloc(size, 16);
        _network = NativeMemory.AllocZeroed((nuint)sizeof(NetworkNative));
        ArenaNative arena = default;
        NetworkErrorNative err = default;
        NnStatusNames.ThrowIfFailed(NnNativeMethods.ArenaInit(&arena, _modelArena, size), "fl_arena_init");
        int st = NnNativeMethods.NetworkLoad((NetworkNative*)_network, _blob, (nuint)model.Length, &arena, &err);
        if (st != 0)
        {
            string msg = err.Msg == null ? "invalid network" : Marshal.PtrToStringUTF8((nint)err.Msg) ?? "invalid network";
            throw new NetworkLoadException((NativeStatus)st, msg, (long)err.Offset,
                err.Layer == uint.MaxValue ? null : (int)err.Layer);
        }
    }

    private void LoadFleet(int length)
    {
        FleetModelInfoNative info = default;
        FleetModelErrorNative err = default;
        int st = NnNativeMethods.ModelInspect(_blob, (nuint)length, &info, &err);
        if (st == 0)
        {
            nuint size = info.ArenaBytes + (nuint)ArenaSlack;
            _modelArena = (byte*)NativeMemory.AlignedAlloc(size, 16);
            nuint modelSize = NnNativeMethods.ModelSizeof();
            void* model = NativeMemory.AlignedAlloc(modelSize, 16);
            NativeMemory.Clear(model, modelSize);
            _model = model;
            ArenaNative arena = default;
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ArenaInit(&arena, _modelArena, size), "fl_arena_init");
            FleetModelLoadOptionsNative opts = new() { Sha256 = FleetModelSha256.Pointer, Sha256User = null };
            st = NnNativeMethods.ModelLoad(_model, _blob, (nuint)length, &arena, &opts, &err);
        }

        if (st != 0)
        {
            string msg = err.Msg == null ? "invalid Fleet model" : Marshal.PtrToStringUTF8((nint)err.Msg) ?? "invalid Fleet model";
            throw new FleetModelLoadException((NativeStatus)st, msg, (long)err.Offset,
                err.Layer == uint.MaxValue ? null : (int)err.Layer);
        }
    }

    private void Free()
    {
        if (_model != null)
        {
            NativeMemory.AlignedFree(_model);
            _model = null;
        }

        if (_network != null)
        {
            NativeMemory.Free(_network);
            _network = null;
        }

        if (_modelArena != null)
        {
            NativeMemory.AlignedFree(_modelArena);
            _modelArena = null;
        }

        if (_blob != null)
        {
            NativeMemory.AlignedFree(_blob);
            _blob = null;
        }
    }
}
