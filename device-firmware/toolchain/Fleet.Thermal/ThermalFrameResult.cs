// SPDX-License-Identifier: MIT
namespace Fleet.Thermal;

/// <summary>Detector output for one frame. <see cref="Entries"/> and <see cref="Exits"/> are cumulative.</summary>
public sealed record ThermalFrameResult(int Count, bool Present, int ForegroundPixels, int RejectedBlobs, int Entries,
                                        int Exits, IReadOnlyList<ThermalBlob> Blobs);
