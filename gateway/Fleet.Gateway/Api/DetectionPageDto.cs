// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>A page of detections, newest first.</summary>
/// <param name="Items">The detections.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next (older) page; null on the last page.</param>
public sealed record DetectionPageDto(IReadOnlyList<DetectionDto> Items, string? NextCursor);
