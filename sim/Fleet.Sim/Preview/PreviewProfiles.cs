// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Preview;

/// <summary>
/// The board and radio power profiles a preview runs on: device-firmware/profiles files (paths) or their names
/// (<c>openmv-h7</c>, <c>lora-sf7</c>, …), exactly as a scenario's <c>board_profile</c> / <c>radio_profile</c>.
/// </summary>
/// <param name="Board">Board profile (required): its clock-independent detect current and supply turn instructions into energy.</param>
/// <param name="Radio">Radio profile replacing each configuration's own, or null to keep the configuration's radio.</param>
public sealed record PreviewProfiles(string Board, string? Radio = null);
