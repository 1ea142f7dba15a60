// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>What one virtual sensor's wake did, as the energy model counts it.</summary>
/// <param name="Detector">The detector that ran (<c>DetectorKinds</c>).</param>
/// <param name="Faces">Faces the Haar stage found (each costs one smile CNN run when the detector is smile).</param>
/// <param name="Sessions">Radio connect attempts (a refused one costs its connect too).</param>
/// <param name="Messages">MQTT publishes sent.</param>
/// <param name="Bytes">Payload bytes of those publishes.</param>
/// <param name="Sleep">The sleep that follows, in the time the battery experiences.</param>
public readonly record struct WakeActivity(uint Detector, int Faces, int Sessions, int Messages, long Bytes, TimeSpan Sleep);
