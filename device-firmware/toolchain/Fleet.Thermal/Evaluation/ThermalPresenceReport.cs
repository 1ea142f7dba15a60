// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>Everything the Omron presence evaluation measured.</summary>
public sealed record ThermalPresenceReport(int Recordings, long Frames, long PacketErrorRows, IReadOnlyList<RoomFold> Folds,
                                           PresenceCounts LeaveOneRoomOut, BaselineResult Baseline);
