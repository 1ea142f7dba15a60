// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Omron;

/// <summary>A recording with its labels.csv row: room, day, and whether a person is in view for the whole file.</summary>
public sealed record LabelledRecording(string File, string Room, int Day, bool PersonPresent, OmronRecording Recording);
