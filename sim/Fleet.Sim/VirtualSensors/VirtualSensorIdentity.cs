// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Who a virtual sensor is: its device id (also its MQTT client id and user name), the secret it authenticates
/// with, and the detector hardware it simulates (a camera for <see cref="DetectorKind.Face"/>/<see cref="DetectorKind.Smile"/>,
/// a 32×24 thermal array for <see cref="DetectorKind.ThermalPerson"/>).
/// </summary>
/// <param name="DeviceId">1–32 characters from <c>[A-Za-z0-9._-]</c> (docs/protocol.md §1).</param>
/// <param name="Secret">The MQTT password the broker checks for this device.</param>
/// <param name="Detector">The detector the sensor runs first; a desired config may switch among the ones its hardware supports.</param>
public sealed record VirtualSensorIdentity(string DeviceId, string Secret, DetectorKind Detector)
{
    // Keep the secret out of logs: records print every property by default.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("DeviceId = ").Append(DeviceId).Append(", Detector = ").Append(Detector);
        return true;
    }
}
