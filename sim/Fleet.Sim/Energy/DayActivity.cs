// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>What a device did in one day (counts may be fractional: expected values for the nominal device).</summary>
/// <param name="Wakes">Wakes (timer and event), each with its wake-up, warm-up, capture and per-wake detection.</param>
/// <param name="ExtraCnn">CNN runs beyond the per-wake ones (one per face in an event).</param>
/// <param name="Sessions">Radio sessions (connect + session tail).</param>
/// <param name="Messages">Messages sent (each: fixed air time + receive windows).</param>
/// <param name="MessageBytes">Payload bytes of those messages.</param>
/// <param name="DownloadBytes">Bytes received (model updates).</param>
public readonly record struct DayActivity(double Wakes, double ExtraCnn, double Sessions, double Messages, double MessageBytes, double DownloadBytes);
