// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>One box of a detection, in pixels of the captured frame.</summary>
/// <param name="X">Left.</param>
/// <param name="Y">Top.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="Score">Score, 0–1.</param>
/// <param name="Label">Label (0–15 characters).</param>
public sealed record DetectionBoxDto(int X, int Y, int Width, int Height, double Score, string Label);
