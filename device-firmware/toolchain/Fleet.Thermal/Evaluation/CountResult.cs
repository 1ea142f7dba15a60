// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>People-count accuracy on a synthetic sequence: share of frames with the exact count, mean absolute error, presence agreement.</summary>
public sealed record CountResult(int Width, int Height, int Frames, double ExactCountAccuracy, double MeanAbsoluteError,
                                 double PresenceAccuracy, int TruePeopleFrames);
