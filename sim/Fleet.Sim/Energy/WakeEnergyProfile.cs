// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>
/// Currents and durations of one sensor wake. Defaults follow the seed's figures (power-figures.md §6,
/// scenario A): ~150 mA at 3.3 V while inferring, ~50 µA asleep, plus a boot/capture phase and a radio burst.
/// </summary>
/// <remarks>
/// The defaults describe a well-optimised board. Measured boards often sleep at 0.4–10 mA and radios cost far more
/// (power-figures.md §6, scenarios C–O); change the profile to explore those. The model assumes an LDO, so the
/// battery supplies the same current the 3.3 V rail draws.
/// </remarks>
public sealed record WakeEnergyProfile
{
    /// <summary>Regulated rail voltage in volts (default 3.3); used to turn charge into energy.</summary>
    public double SupplyVoltageV { get; init; } = 3.3;

    /// <summary>Current while awake outside inference and radio (boot, sensor settle, capture), mA. Default 25.</summary>
    public double ActiveCurrentMa { get; init; } = 25.0;

    /// <summary>Time awake outside inference and radio per wake. Default 120 ms.</summary>
    public TimeSpan ActiveDuration { get; init; } = TimeSpan.FromMilliseconds(120);

    /// <summary>Current while the detector runs, mA. Default 150.</summary>
    public double InferenceCurrentMa { get; init; } = 150.0;

    /// <summary>Current while the radio is on, mA. Default 120.</summary>
    public double RadioCurrentMa { get; init; } = 120.0;

    /// <summary>Radio time to associate, connect and disconnect, per wake. Default 150 ms.</summary>
    public TimeSpan RadioConnectDuration { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Radio time per MQTT message sent or received. Default 10 ms.</summary>
    public TimeSpan RadioPerMessageDuration { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Board current asleep, µA. Default 50.</summary>
    public double SleepCurrentUa { get; init; } = 50.0;
}
