// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Slots;

/// <summary>Mirror of fl_slots_status_t (fl_slots.h): 21 uint32 fields, then three 32-byte NUL-padded ids.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SlotsStatusNative
{
    public uint HasActive, ActiveSlot, ActiveVersion, ActiveSize, ActiveOfferId;
    public uint Confirmed, TrialCount, TrialLimit;
    public uint HasPrevious, PreviousVersion;
    public uint HasPending, PendingOfferId, PendingVersion, PendingSize, PendingWritten;
    public uint HasLast, LastCode, LastOfferId, LastVersion;
    public uint SlotBytes, JournalSeq;
    public fixed byte ActiveModelId[32];
    public fixed byte PreviousModelId[32];
    public fixed byte PendingModelId[32];
}
