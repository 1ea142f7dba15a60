// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Slots;

/// <summary>
/// What the model slots hold. <see cref="ActiveModelId"/> is empty and <see cref="ActiveSlot"/> null on a device
/// that never activated a model. <see cref="Confirmed"/> is false while a new model is on trial
/// (<see cref="TrialCount"/> boots and faults of <see cref="TrialLimit"/>). <see cref="LastResult"/> is the outcome
/// of the last finished offer or of a fallback (<see cref="OtaResultCode.RolledBack"/>), for the OTA result
/// message.
/// </summary>
public sealed record SlotStatus(
    string ActiveModelId,
    uint ActiveVersion,
    int? ActiveSlot,
    PendingDownload? Pending,
    bool Confirmed,
    uint TrialCount,
    uint TrialLimit,
    LastOtaResult? LastResult,
    uint SlotBytes);

/// <summary>A download in progress: <see cref="BytesWritten"/> is where it resumes.</summary>
public sealed record PendingDownload(uint OfferId, string ModelId, uint Version, uint SizeBytes, uint BytesWritten);

/// <summary>The outcome of an offer and the model version active after it.</summary>
public sealed record LastOtaResult(uint OfferId, OtaResultCode Code, uint ActiveVersion);
