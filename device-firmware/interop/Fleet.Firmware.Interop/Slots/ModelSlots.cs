// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using System.Text;
using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Slots;

/// <summary>
/// The device's model slots (docs/model-slots.md) on the host port: an image file as NOR flash, two slots and a
/// power-cut-safe journal, SHA-256 and ECDSA P-256 checks, the model's self-test before activation, and the
/// fallback after repeated faults. One instance owns the image: calls are serialized, and the file must not be
/// opened twice.
/// </summary>
public sealed unsafe class ModelSlots : IDisposable
{
    /// <summary>Arena for the model load and self-test in <see cref="Finish"/> unless Open is given another.</summary>
    public const int DefaultArenaBytes = 1 << 20;

    private readonly Lock _gate = new();
    private void* _dev;
    private void* _slots;
    private byte* _arena;

    private ModelSlots(void* dev, byte* arena)
    {
        _dev = dev;
        _arena = arena;
        _slots = SlotsNativeMethods.HostSlotsGet(dev);
    }

    /// <summary>
    /// Opens (creating an erased image if missing) and mounts: repairs what a power cut left, verifies the active
    /// slot, counts this boot against a model on trial (which may fall back: see <see cref="Status"/>).
    /// </summary>
    /// <param name="flashImagePath">The image file.</param>
    /// <param name="flashBytes">Its size: a multiple of 4096, at least 4 sectors (2 journal, 1 per slot).</param>
    /// <param name="trustedPublicKey">The 65-byte uncompressed P-256 point 0x04 || X || Y.</param>
    /// <param name="trialLimit">Boots + faults without <see cref="Confirm"/> before the fallback; 0 = 3.</param>
    /// <param name="arenaBytes">Memory for loading a model in <see cref="Finish"/>: its arena_bytes at least.</param>
    public static ModelSlots Open(string flashImagePath, uint flashBytes, byte[] trustedPublicKey, uint trialLimit = 0,
        int arenaBytes = DefaultArenaBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(flashImagePath);
        ArgumentNullException.ThrowIfNull(trustedPublicKey);
        if (trustedPublicKey.Length != 65 || trustedPublicKey[0] != 0x04)
        {
            throw new ArgumentException("expected a 65-byte uncompressed P-256 point (0x04 || X || Y)", nameof(trustedPublicKey));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(arenaBytes, 1024);
        nuint size = SlotsNativeMethods.HostSlotsSizeof();
        void* dev = NativeMemory.AlignedAlloc(size, 16);
        var arena = (byte*)NativeMemory.AlignedAlloc((nuint)arenaBytes, 16);
        NativeMemory.Clear(dev, size);
        int st;
        fixed (byte* key = trustedPublicKey)
        {
            st = SlotsNativeMethods.HostSlotsOpen(dev, Path.GetFullPath(flashImagePath), flashBytes, key, arena,
                (nuint)arenaBytes, trialLimit);
        }

        if (st != 0)
        {
            NativeMemory.AlignedFree(arena);
            NativeMemory.AlignedFree(dev);
            string why = (NativeStatus)st switch
            {
                NativeStatus.Mismatch => $"the image is not {flashBytes} bytes",
                NativeStatus.Argument => "a flash size the slots cannot use (a multiple of 4096, at least 16384 bytes)",
                _ => "the image cannot be opened or read",
            };
            throw new SlotsException($"'{flashImagePath}': {why} ({(NativeStatus)st})", (NativeStatus)st);
        }

        return new ModelSlots(dev, arena);
    }

    /// <summary>The slots' state now.</summary>
    public SlotStatus Status
    {
        get
        {
            lock (_gate)
            {
                SlotsStatusNative s;
                Check(SlotsNativeMethods.GetStatus(Slots, &s), "status");
                PendingDownload? pending = s.HasPending != 0
                    ? new PendingDownload(s.PendingOfferId, Id(s.PendingModelId), s.PendingVersion, s.PendingSize, s.PendingWritten)
                    : null;
                LastOtaResult? last = s.HasLast != 0
                    ? new LastOtaResult(s.LastOfferId, (OtaResultCode)s.LastCode, s.LastVersion)
                    : null;
                return new SlotStatus(s.HasActive != 0 ? Id(s.ActiveModelId) : "", s.ActiveVersion,
                    s.HasActive != 0 ? (int)s.ActiveSlot : null, pending, s.Confirmed != 0, s.TrialCount, s.TrialLimit,
                    last, s.SlotBytes);
            }
        }
    }

    /// <summary>
    /// Starts or resumes an offer and returns the offset to continue from (0 for a new offer, the bytes already
    /// held for the same offer, <paramref name="sizeBytes"/> for the model already active). Throws
    /// <see cref="SlotsException"/> with <see cref="SlotsException.Code"/> NoSpace, Incompatible or Aborted
    /// (a model on trial) when refused.
    /// </summary>
    public uint Begin(uint offerId, string modelId, uint version, uint sizeBytes, byte[] sha256, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        ArgumentNullException.ThrowIfNull(sha256);
        ArgumentNullException.ThrowIfNull(signature);
        if (sha256.Length != 32)
        {
            throw new ArgumentException("SHA-256 digest must be 32 bytes", nameof(sha256));
        }

        if (signature.Length != 64)
        {
            throw new ArgumentException("signature must be 64 bytes (r || s)", nameof(signature));
        }

        lock (_gate)
        {
            uint resume, refusal;
            int st;
            fixed (byte* h = sha256)
            fixed (byte* sig = signature)
            {
                st = SlotsNativeMethods.HostSlotsBegin(_dev is null ? throw Disposed() : _dev, offerId, modelId, version,
                    sizeBytes, h, sig, &resume, &refusal);
            }

            if ((NativeStatus)st == NativeStatus.Range)
            {
                var code = (OtaResultCode)refusal;
                throw new SlotsException($"offer {offerId} refused: {code}", NativeStatus.Range, code);
            }

            Check(st, "begin");
            return resume;
        }
    }

    /// <summary>
    /// Writes 1..1024 bytes at <paramref name="offset"/>: the expected offset (a duplicate of what is already held
    /// is ignored). Throws <see cref="SlotsException"/> with Status State for a gap or no download, Range past the
    /// offered size.
    /// </summary>
    public void WriteChunk(uint offset, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length is < 1 or > 1024)
        {
            throw new ArgumentException("a chunk is 1..1024 bytes", nameof(data));
        }

        lock (_gate)
        {
            fixed (byte* p = data)
            {
                Check(SlotsNativeMethods.WriteChunk(Slots, offset, p, (nuint)data.Length), $"chunk at {offset}");
            }
        }
    }

    /// <summary>
    /// Verifies (SHA-256, signature, model loader, self-test) and activates the complete download, or drops it
    /// with the reason; the previous model stays active on any failure.
    /// </summary>
    public OtaResultCode Finish()
    {
        lock (_gate)
        {
            int code;
            Check(SlotsNativeMethods.Finish(Slots, &code), "finish");
            return (OtaResultCode)code;
        }
    }

    /// <summary>A copy of the active model's bytes. Throws <see cref="SlotsException"/> (State) when there is none.</summary>
    public byte[] ReadActiveModel()
    {
        lock (_gate)
        {
            byte* blob;
            uint len;
            Check(SlotsNativeMethods.Active(Slots, &blob, &len), "active model");
            return new ReadOnlySpan<byte>(blob, (int)len).ToArray();
        }
    }

    /// <summary>The active model is healthy: its trial ends.</summary>
    public void Confirm()
    {
        lock (_gate)
        {
            Check(SlotsNativeMethods.Confirm(Slots), "confirm");
        }
    }

    /// <summary>
    /// The active model faulted. Returns <see cref="OtaResultCode.RolledBack"/> when this fault reached the trial
    /// limit and the previous model is active again, otherwise null.
    /// </summary>
    public OtaResultCode? ReportFault()
    {
        lock (_gate)
        {
            uint rolled;
            Check(SlotsNativeMethods.ReportFault(Slots, &rolled), "fault");
            return rolled != 0 ? OtaResultCode.RolledBack : null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_dev is null)
            {
                return;
            }

            SlotsNativeMethods.HostSlotsClose(_dev);
            NativeMemory.AlignedFree(_dev);
            NativeMemory.AlignedFree(_arena);
            _dev = null;
            _slots = null;
            _arena = null;
        }
    }

    private void* Slots => _slots is null ? throw Disposed() : _slots;

    private static ObjectDisposedException Disposed() => new(nameof(ModelSlots));

    private static void Check(int st, string what)
    {
        if (st != 0)
        {
            var status = (NativeStatus)st;
            string why = status switch
            {
                NativeStatus.State => "not possible now (no download, an offset past the expected one, or an incomplete download)",
                NativeStatus.Range => "past the offered size",
                NativeStatus.Io => "flash or crypto failure",
                _ => status.ToString(),
            };
            throw new SlotsException($"{what}: {why}", status);
        }
    }

    private static string Id(byte* p)
    {
        int n = 0;
        while (n < 32 && p[n] != 0)
        {
            n++;
        }

        return Encoding.ASCII.GetString(p, n);
    }
}
