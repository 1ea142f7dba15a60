// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// A Haar cascade (OpenMV <c>.cascade</c> or Fleet "FLHC", told apart by magic) loaded by <c>fl_cascade_load</c>
/// into a private native arena. The blob is not referenced after loading. Read-only once loaded, so detections
/// on several threads may share it; <see cref="Truncate"/> is the one mutation and must not race them.
/// </summary>
public sealed unsafe class HaarCascade : IDisposable
{
    // Bytes added so the arena's own alignment padding always fits.
    private const int ArenaSlack = 64;

    private byte* _arenaMem;
    private CascadeNative* _cascade;

    private HaarCascade(ReadOnlySpan<byte> blob)
    {
        CascadeInfoNative info = Inspect(blob, out _);
        nuint size = info.PersistentBytes + ArenaSlack;
        _arenaMem = (byte*)NativeMemory.AlignedAlloc(size, 16);
        // The struct lives in native memory: pipelines keep a pointer to it across calls.
        _cascade = (CascadeNative*)NativeMemory.AllocZeroed((nuint)sizeof(CascadeNative));
        ArenaNative arena = default;
        CascadeErrorNative err = default;
        int st = NnNativeMethods.ArenaInit(&arena, _arenaMem, size);
        fixed (byte* b = blob)
        {
            st = st != 0 ? st : DetectNativeMethods.CascadeLoad(_cascade, b, (nuint)blob.Length, &arena, &err);
        }

        if (st != 0)
        {
            Free();
            throw ToException(st, err);
        }

        Format = (CascadeFormat)_cascade->Format;
        WindowWidth = _cascade->WindowW;
        WindowHeight = _cascade->WindowH;
        Features = (int)_cascade->NFeatures;
        Rects = (int)_cascade->NRects;
        FloatExact = (_cascade->Flags & 1u) != 0;
    }

    ~HaarCascade() => Free();

    public CascadeFormat Format { get; }

    public int WindowWidth { get; }

    public int WindowHeight { get; }

    /// <summary>Stages in use (after <see cref="Truncate"/>).</summary>
    public int Stages => _cascade == null ? 0 : (int)_cascade->NStages;

    public int Features { get; }

    public int Rects { get; }

    /// <summary>The float values come from the source (a Fleet cascade), not from dequantising an OpenMV one.</summary>
    public bool FloatExact { get; }

    internal CascadeNative* Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_cascade == null, this);
            return _cascade;
        }
    }

    /// <summary>Loads a blob. Throws <see cref="CascadeLoadException"/> when the C loader rejects it.</summary>
    public static HaarCascade Load(ReadOnlySpan<byte> blob) => new(blob);

    /// <summary>Keeps the first <paramref name="stages"/> stages (OpenMV's <c>HaarCascade(path, stages=N)</c>).</summary>
    public void Truncate(int stages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stages, 1);
        DetectNativeMethods.CascadeTruncate(Native, (uint)stages);
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private static CascadeInfoNative Inspect(ReadOnlySpan<byte> blob, out CascadeErrorNative err)
    {
        CascadeInfoNative info = default;
        err = default;
        fixed (byte* b = blob)
        fixed (CascadeErrorNative* e = &err)
        {
            int st = DetectNativeMethods.CascadeInspect(b, (nuint)blob.Length, &info, e);
            if (st != 0)
            {
                throw ToException(st, err);
            }
        }

        return info;
    }

    private void Free()
    {
        if (_cascade != null)
        {
            NativeMemory.Free(_cascade);
            _cascade = null;
        }

        if (_arenaMem != null)
        {
            NativeMemory.AlignedFree(_arenaMem);
            _arenaMem = null;
        }
    }

    private static CascadeLoadException ToException(int status, in CascadeErrorNative err)
    {
        string msg = err.Msg == null ? "invalid cascade" : Marshal.PtrToStringUTF8((nint)err.Msg) ?? "invalid cascade";
        return new CascadeLoadException((NativeStatus)status, msg, (long)err.Offset);
    }
}
