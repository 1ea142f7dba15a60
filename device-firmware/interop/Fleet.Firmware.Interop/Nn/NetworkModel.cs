// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// A seed <c>.network</c> model loaded by the C core (<c>fl_network_load</c>) into a private arena, with the
/// scratch of one run taken from the same arena, as the device does. The blob is copied to native memory
/// because the C net points into it. Not thread-safe: one scratch buffer per model, so run a model from one
/// thread at a time (load one model per thread for parallel work). Dispose to free the native memory.
/// </summary>
public sealed unsafe class NetworkModel : IDisposable
{
    // Bytes added to persistent + scratch so the arena's own alignment padding always fits.
    private const int ArenaSlack = 64;

    private byte* _blob;
    private byte* _arenaMem;
    private ArenaNative _arena;
    private NetworkNative _net;
    private void* _scratch;
    private readonly nuint _scratchSize;

    private NetworkModel(ReadOnlySpan<byte> blob)
    {
        NetworkInfo info = Inspect(blob);
        _blob = (byte*)NativeMemory.Alloc((nuint)Math.Max(blob.Length, 1));
        blob.CopyTo(new Span<byte>(_blob, blob.Length));
        nuint arenaSize = (nuint)(info.PersistentBytes + info.ScratchBytes + ArenaSlack);
        _arenaMem = (byte*)NativeMemory.AlignedAlloc(arenaSize, 16);
        fixed (ArenaNative* a = &_arena)
        fixed (NetworkNative* n = &_net)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ArenaInit(a, _arenaMem, arenaSize), "fl_arena_init");
            NetworkErrorNative err = default;
            int st = NnNativeMethods.NetworkLoad(n, _blob, (nuint)blob.Length, a, &err);
            if (st != 0)
            {
                Free();
                throw ToException(st, err);
            }

            void* scratch = null;
            _scratchSize = _net.Info.ScratchBytes;
            st = NnNativeMethods.ArenaScratch(a, _scratchSize, 16, &scratch);
            if (st != 0)
            {
                Free();
                NnStatusNames.ThrowIfFailed(st, "fl_arena_scratch");
            }

            _scratch = scratch;
            ArenaBytes = (long)NnNativeMethods.ArenaHighWater(a);
        }

        Info = ToInfo(_net.Info);
        BlobBytes = blob.Length;
        Layers = ReadLayers();
    }

    ~NetworkModel() => Free();

    public NetworkInfo Info { get; }

    public IReadOnlyList<NetworkLayerInfo> Layers { get; }

    /// <summary>Arena high-water mark after load + scratch: the RAM the device must reserve for this model.</summary>
    public long ArenaBytes { get; }

    /// <summary>Size of the <c>.network</c> file (what sits in flash, weights included).</summary>
    public long BlobBytes { get; }

    /// <summary>Input tensor length: in_h · in_w · in_c.</summary>
    public int InputLength => Info.InputHeight * Info.InputWidth * Info.InputChannels;

    /// <summary>Parses and validates a blob without loading it. Throws <see cref="NetworkLoadException"/>.</summary>
    public static NetworkInfo Inspect(ReadOnlySpan<byte> blob)
    {
        NetworkInfoNative info = default;
        NetworkErrorNative err = default;
        fixed (byte* b = blob)
        {
            int st = NnNativeMethods.NetworkInspect(b, (nuint)blob.Length, &info, &err);
            if (st != 0)
            {
                throw ToException(st, err);
            }
        }

        return ToInfo(info);
    }

    /// <summary>Loads a blob (copied). Throws <see cref="NetworkLoadException"/> when the C loader rejects it.</summary>
    public static NetworkModel Load(ReadOnlySpan<byte> blob) => new(blob);

    /// <summary>Image + ROI (null = whole image) to the int8 input tensor [in_h][in_w][in_c].</summary>
    public sbyte[] Preprocess(NetworkImage image, NetworkRect? roi, NetworkMode mode,
        NetworkResize resize = NetworkResize.Nearest)
    {
        var tensor = new sbyte[InputLength];
        Preprocess(image, roi, mode, resize, tensor);
        return tensor;
    }

    /// <summary>As above into a caller buffer of at least <see cref="InputLength"/> bytes.</summary>
    public void Preprocess(NetworkImage image, NetworkRect? roi, NetworkMode mode, NetworkResize resize,
        Span<sbyte> tensor)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_arenaMem == null, this);
        if (tensor.Length < InputLength)
        {
            throw new ArgumentException($"tensor needs {InputLength} bytes", nameof(tensor));
        }

        RectNative r = NativeModelSupport.ToNative(roi);
        fixed (byte* g = image.Gray)
        fixed (ushort* c = image.Rgb565)
        fixed (sbyte* t = tensor)
        fixed (NetworkNative* n = &_net)
        {
            ImageNative img = NativeModelSupport.ToNative(image, g, c);
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.NetworkPreprocess(n, (int)mode, (int)resize, &img, roi is null ? null : &r, t),
                "fl_network_preprocess");
        }
    }

    /// <summary>Runs the net on an input tensor; returns the int8 outputs.</summary>
    public sbyte[] Run(ReadOnlySpan<sbyte> input, NetworkMode mode, bool softmax)
    {
        var output = new sbyte[Info.Outputs];
        Run(input, mode, softmax, output);
        return output;
    }

    /// <summary>Runs the net into a caller buffer of at least Info.Outputs bytes. Allocates nothing.</summary>
    public void Run(ReadOnlySpan<sbyte> input, NetworkMode mode, bool softmax, Span<sbyte> output)
    {
        ObjectDisposedException.ThrowIf(_arenaMem == null, this);
        NativeModelSupport.CheckRunBuffers(InputLength, Info.Outputs, input.Length, output.Length);

        fixed (sbyte* i = input, o = output)
        fixed (NetworkNative* n = &_net)
        {
            NnContextNative ctx = new() { Buf = _scratch, Size = _scratchSize };
            NnStatusNames.ThrowIfFailed(NnNativeMethods.NetworkRun(n, (int)mode, softmax ? (byte)1 : (byte)0, i, &ctx, o),
                "fl_network_run");
        }
    }

    /// <summary><c>fl_network_scores</c>: camera (q+128)/255; corrected q/128 or a base-2 softmax.</summary>
    public static float[] Scores(NetworkMode mode, bool softmax, ReadOnlySpan<sbyte> q)
    {
        var scores = new float[q.Length];
        fixed (sbyte* p = q)
        fixed (float* s = scores)
        {
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.NetworkScores((int)mode, softmax ? (byte)1 : (byte)0, p, (uint)q.Length, s),
                "fl_network_scores");
        }

        return scores;
    }

    /// <summary>The firmware's rb528 / g628 expansions (5/6-bit colour to 8-bit).</summary>
    public static byte R5To8(uint v5) => NnNativeMethods.R5To8(v5);

    /// <inheritdoc cref="R5To8"/>
    public static byte G6To8(uint v6) => NnNativeMethods.G6To8(v6);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        NativeModelSupport.AlignedFree(ref _arenaMem);
        NativeModelSupport.Free(ref _blob);

        _scratch = null;
        _net = default;
    }

    private NetworkLayerInfo[] ReadLayers()
    {
        var layers = new NetworkLayerInfo[_net.Info.NLayers];
        for (int i = 0; i < layers.Length; i++)
        {
            NetworkLayerNative* l = &_net.Layers[i];
            layers[i] = new NetworkLayerInfo((NetworkLayerType)l->Type, (int)l->N, (int)l->C, (int)l->H, (int)l->W,
                [l->Mean[0], l->Mean[1], l->Mean[2]], l->Scale, (int)l->LShift, (int)l->RShift, (int)l->KrnDim,
                (int)l->KrnPad, (int)l->KrnStr, (NetworkPoolType)l->PoolType, (int)l->WSize, (int)l->BSize);
        }

        return layers;
    }

    private static NetworkInfo ToInfo(in NetworkInfoNative i) =>
        new((int)i.NLayers, (int)i.InH, (int)i.InW, (int)i.InC, (int)i.NOutputs, (long)i.PersistentBytes,
            (long)i.ScratchBytes, (long)i.Macs, (long)i.WeightBytes);

    private static NetworkLoadException ToException(int status, in NetworkErrorNative err)
    {
        return new NetworkLoadException((NativeStatus)status, NativeModelSupport.ErrorDetail(err.Msg, "invalid network"),
            (long)err.Offset, NativeModelSupport.ErrorLayer(err.Layer));
    }
}
