// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>One leave-one-room-out fold: the parameters chosen on the other rooms and the held-out room's counts.</summary>
public sealed record RoomFold(string HeldOutRoom, PresenceGridPoint Chosen, PresenceCounts Training, PresenceCounts HeldOut);
