// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Which power profiles drain the virtual batteries (bound from <c>Demo:Energy</c>). The figures themselves come
/// from the firmware's profiles (device-firmware/profiles), copied beside the program into <c>profiles/</c>.
/// </summary>
public sealed class SensorEnergyOptions
{
    /// <summary>
    /// A <c>fleet-sim-scenario/1</c> file (e.g. sim/profiles/openmv-h7-wifi-pir.json), relative to the working
    /// directory or to the program's folder; null = <see cref="BoardProfile"/> with <see cref="RadioProfile"/>.
    /// </summary>
    public string? Scenario { get; set; }

    /// <summary>Board profile name, a file <c>profiles/&lt;name&gt;.json</c> beside the program. <value>Default openmv-h7.</value></summary>
    public string BoardProfile { get; set; } = "openmv-h7";

    /// <summary>Radio profile name, a file <c>profiles/radio-&lt;name&gt;.json</c> beside the program. <value>Default wifi.</value></summary>
    public string RadioProfile { get; set; } = "wifi";

    /// <summary>
    /// Rail the radio currents were measured on, mV (0 = the supply). <value>Default 5,000</value>: the Wi-Fi
    /// figures were measured on a 5 V USB board supply (as sim/profiles/openmv-h7-wifi-pir.json says).
    /// </summary>
    public double RadioMeasuredAtMv { get; set; } = 5000;
}
