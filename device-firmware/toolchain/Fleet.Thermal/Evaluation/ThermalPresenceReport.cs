// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>Everything the Omron presence evaluation measured.</summary>
public sealed record ThermalPresenceReport(int Recordings, long Frames, long PacketErrorRows, IReadOnlyList<RoomFold> Folds,
                                           PresenceCounts LeaveOneRoomOut, BaselineResult Baseline)
{
    /// <summary>The baseline under the same leave-one-room-out protocol as the detector (empty when not measured).</summary>
    public IReadOnlyList<BaselineFold> BaselineFolds { get; init; } = [];

    /// <summary>The leave-one-room-out baseline pooled over its held-out rooms.</summary>
    public PresenceCounts BaselineLeaveOneRoomOut => BaselineFolds.Aggregate(PresenceCounts.Empty, (acc, f) => acc + f.HeldOut);
}
