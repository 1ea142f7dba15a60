// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Sim.VirtualSensors;

/// <summary>What one wake of a <see cref="VirtualSensor"/> did.</summary>
/// <param name="WakeNumber">1 for the first wake since the sensor (or its battery) started.</param>
/// <param name="SessionPresent">CONNACK said the broker kept the session (so the sensor did not subscribe again).</param>
/// <param name="PublishedTopics">Topics published, in order.</param>
/// <param name="DetectionBoxes">Boxes in the detection event; 0 when nothing was published or the event was empty.</param>
/// <param name="ReportedConfig">The reported config published in reply to a desired config; null if none arrived.</param>
/// <param name="ChargeUah">Charge drawn by this wake and the sleep after it, µAh.</param>
/// <param name="NextWake">Real time until the next wake.</param>
public sealed record VirtualSensorWakeResult(
    uint WakeNumber,
    bool SessionPresent,
    IReadOnlyList<string> PublishedTopics,
    int DetectionBoxes,
    ReportedConfig? ReportedConfig,
    double ChargeUah,
    TimeSpan NextWake);
