// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Omron;

/// <summary>
/// One D6T-44L reading. Temperatures are converted from the sensor's 0.1 °C to centi-°C; pixels are row-major
/// T1..T16 (the upstream mapping is undocumented, row-major is an assumption). <see cref="PacketOk"/> is the
/// CheckPEC column: false marks a packet-error row whose values must not be used.
/// </summary>
public sealed record OmronFrame(int LineNumber, short AmbientCc, short[] PixelsCc, bool PacketOk, int DeltaMs);
