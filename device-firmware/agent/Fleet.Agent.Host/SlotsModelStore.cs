using Fleet.Agent.Ports;
using Fleet.Contracts.Messages;
using Fleet.Firmware.Interop.Slots;

namespace Fleet.Agent.Host;

/// <summary>
/// <see cref="IModelStore"/> over the C core's model slots (device-firmware/core slots, P/Invoke through
/// <see cref="ModelSlots"/>): the same journal, checks, self-test and fallback the device runs.
/// </summary>
public sealed class SlotsModelStore : IModelStore, IDisposable
{
    private readonly ModelSlots _slots;

    public SlotsModelStore(ModelSlots slots)
    {
        _slots = slots;
    }

    /// <summary>Mounts the slots in a flash image file (one per device; opening it counts as a boot).</summary>
    public static SlotsModelStore Open(string flashImagePath, uint flashBytes, byte[] trustedPublicKey65) =>
        new(ModelSlots.Open(flashImagePath, flashBytes, trustedPublicKey65));

    public ModelStoreStatus Status
    {
        get
        {
            SlotStatus s = _slots.Status;
            var status = new ModelStoreStatus
            {
                ActiveModelId = s.ActiveModelId,
                ActiveVersion = s.ActiveVersion,
                RolledBack = s.LastResult?.Code == OtaResultCode.RolledBack,
            };
            if (s.Pending is { } pending)
            {
                status.HasPending = true;
                status.PendingOfferId = pending.OfferId;
                status.PendingModelId = pending.ModelId;
                status.PendingVersion = pending.Version;
                status.PendingBytesWritten = pending.BytesWritten;
            }
            return status;
        }
    }

    public byte[] ReadActiveModel() => _slots.ReadActiveModel();

    public uint Begin(uint offerId, string modelId, uint version, uint sizeBytes, byte[] sha256, byte[] signature)
    {
        try
        {
            return _slots.Begin(offerId, modelId, version, sizeBytes, sha256, signature);
        }
        catch (SlotsException e)
        {
            throw new ModelStoreException((int)(e.Code ?? OtaResultCode.Aborted), e.Message);
        }
    }

    public void WriteChunk(uint offset, byte[] data)
    {
        try
        {
            _slots.WriteChunk(offset, data);
        }
        catch (SlotsException e)
        {
            throw new ModelStoreException((int)(e.Code ?? OtaResultCode.Aborted), e.Message);
        }
    }

    public int Finish()
    {
        try
        {
            return (int)_slots.Finish();
        }
        catch (SlotsException e)
        {
            return (int)(e.Code ?? OtaResultCode.Aborted);
        }
    }

    public void Confirm() => _slots.Confirm();

    public int ReportFault() => _slots.ReportFault() == OtaResultCode.RolledBack ? (int)OtaResultCode.RolledBack : -1;

    public void Dispose() => _slots.Dispose();
}
