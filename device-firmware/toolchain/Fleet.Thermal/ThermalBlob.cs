// SPDX-License-Identifier: MIT
namespace Fleet.Thermal;

/// <summary>One detected person: box in pixels (top-left inclusive), centroid in pixels, temperatures in centi-°C.</summary>
public sealed record ThermalBlob(int X, int Y, int Width, int Height, int Pixels, int PeakCc, int ContrastCc,
                                 double CentroidX, double CentroidY, int TrackId);
