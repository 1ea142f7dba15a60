// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Preview;

/// <summary>
/// One fleet configuration with the current and the candidate model: the nominal device's battery life, exactly the
/// <c>life_days</c> of <c>fleet-sim battery</c> on the same scenario with <c>detect.cnn_insns_per_face</c> set to
/// the model's instructions.
/// </summary>
/// <param name="Name">The configuration's name.</param>
/// <param name="Devices">Devices running it.</param>
/// <param name="InferencesPerDay">CNN runs per device and day: wakes × <c>detect.cnn_per_wake</c> + events × faces per event.</param>
/// <param name="CurrentInstructions">Instructions per inference used for the current model (the configuration's own figure when no current model was given).</param>
/// <param name="CurrentLifeDays">Nominal life with the current model, days.</param>
/// <param name="CurrentEndReason">How it ends: <c>cutoff</c>, <c>cold</c> or <c>horizon</c>.</param>
/// <param name="CandidateLifeDays">Nominal life with the candidate, days.</param>
/// <param name="CandidateEndReason">How it ends with the candidate.</param>
/// <param name="DifferenceDays">Candidate − current, days (negative: the candidate shortens the life).</param>
/// <param name="DifferencePct">The difference relative to the current life, %.</param>
/// <param name="CurrentCnnMjPerDay">CNN energy per device and day with the current model, mJ.</param>
/// <param name="CandidateCnnMjPerDay">CNN energy per device and day with the candidate, mJ.</param>
public sealed record ConfigurationPreview(
    string Name,
    int Devices,
    double InferencesPerDay,
    long CurrentInstructions,
    double CurrentLifeDays,
    string CurrentEndReason,
    double CandidateLifeDays,
    string CandidateEndReason,
    double DifferenceDays,
    double DifferencePct,
    double CurrentCnnMjPerDay,
    double CandidateCnnMjPerDay);
