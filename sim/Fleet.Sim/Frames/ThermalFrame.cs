// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Frames;

/// <summary>
/// One thermal frame in centi-degrees Celsius, row-major, with the sensor's ambient reading when it has one and
/// the ground truth (a person in view) when the source knows it.
/// </summary>
public sealed record ThermalFrame(short[] PixelsCc, int Width, int Height, int? AmbientCc, string Source, bool? PersonPresent);
