// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using Fleet.Thermal.Native;

namespace Fleet.Thermal;

/// <summary>
/// A native fl_thermal detector over one native memory block (state + arena), the way firmware runs it.
/// Not thread-safe. Dispose to free the native memory.
/// </summary>
public sealed unsafe class ThermalDetector : IDisposable
{
    // fl_arena_t is 7 pointer-sized fields; a fixed over-sized slot keeps C# free of its layout.
    private const int ArenaStructBytes = 128;
    private void* _state;
    private void* _arena;
    private void* _memory;
    private ThermalResultNative _result;

    /// <summary>Create and initialise a detector for width x height frames (4x4 to 160x120).</summary>
    /// <exception cref="ThermalDetectorException">The options or size were rejected (FL_ERR_RANGE).</exception>
    public ThermalDetector(int width, int height, ThermalDetectorOptions? options = null)
    {
        Width = width;
        Height = height;
        Options = options ?? ThermalDetectorOptions.Defaults(width, height);
        ThermalConfigNative cfg = Options.ToNative();
        nuint bytes = ThermalNativeMethods.StateBytes(width, height, &cfg) + ThermalNativeMethods.ScratchBytes(width, height);
        _state = NativeMemory.AllocZeroed(ThermalNativeMethods.SizeOfDetector());
        _arena = NativeMemory.AllocZeroed(ArenaStructBytes);
        _memory = NativeMemory.AllocZeroed(bytes == 0 ? 1 : bytes);
        int st = ThermalNativeMethods.ArenaInit(_arena, _memory, bytes);
        if (st == 0)
        {
            st = ThermalNativeMethods.Init(_state, &cfg, width, height, _arena);
        }
        if (st != 0)
        {
            Dispose();
            throw new ThermalDetectorException("fl_thermal_init", st);
        }
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>The options the detector runs with.</summary>
    public ThermalDetectorOptions Options { get; }

    /// <summary>Process one row-major frame of centi-°C pixels; ambientCc is the sensor's ambient reading if it has one.</summary>
    public ThermalFrameResult Process(ReadOnlySpan<short> frameCc, int? ambientCc = null)
    {
        ProcessCore(frameCc, ambientCc);
        var blobs = new ThermalBlob[_result.NBlobs];
        for (int i = 0; i < blobs.Length; i++)
        {
            ThermalBlobNative b = _result.Blobs[i];
            blobs[i] = new ThermalBlob(b.X, b.Y, b.W, b.H, b.Pixels, b.PeakCc, b.ContrastCc, b.CxQ8 / 256.0,
                                       b.CyQ8 / 256.0, b.TrackId);
        }
        return new ThermalFrameResult(_result.Count, _result.Present != 0, _result.FgPixels, _result.RejectedBlobs,
                                      _result.Entries, _result.Exits, blobs);
    }

    /// <summary>Like <see cref="Process"/> but returns only presence (no allocation): for long evaluations.</summary>
    public bool ProcessPresence(ReadOnlySpan<short> frameCc, int? ambientCc = null)
    {
        ProcessCore(frameCc, ambientCc);
        return _result.Present != 0;
    }

    /// <summary>Cold-start the detector (background, presence, tracks) on the next frame.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_state == null, this);
        ThermalNativeMethods.Reset(_state);
    }

    /// <summary>Background of pixel (x, y) in centi-°C.</summary>
    public int BackgroundCc(int x, int y)
    {
        ObjectDisposedException.ThrowIf(_state == null, this);
        return ThermalNativeMethods.BackgroundCc(_state, x, y);
    }

    private void ProcessCore(ReadOnlySpan<short> frameCc, int? ambientCc)
    {
        ObjectDisposedException.ThrowIf(_state == null, this);
        ArgumentOutOfRangeException.ThrowIfNotEqual(frameCc.Length, Width * Height, nameof(frameCc));
        int st;
        fixed (short* f = frameCc)
        fixed (ThermalResultNative* r = &_result)
        {
            st = ThermalNativeMethods.Process(_state, f, ambientCc ?? ThermalNativeMethods.NoAmbient, _arena, r);
        }
        ThermalNativeMethods.ArenaScratchReset(_arena);
        if (st != 0)
        {
            throw new ThermalDetectorException("fl_thermal_process", st);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        NativeMemory.Free(_state);
        NativeMemory.Free(_arena);
        NativeMemory.Free(_memory);
        _state = null;
        _arena = null;
        _memory = null;
    }
}
