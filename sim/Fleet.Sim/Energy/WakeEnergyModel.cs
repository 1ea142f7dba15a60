// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>
/// Charge and energy of one wake: each phase is current × time (Q = I·t), energy is charge × supply voltage.
/// Pure functions; thread-safe.
/// </summary>
public static class WakeEnergyModel
{
    // 1 mA for 1 s = 1 mC = 1/3.6 µAh.
    private const double SecondsPerHour = 3600.0;

    /// <summary>Computes the charge drawn by one wake cycle.</summary>
    /// <param name="profile">Currents and fixed durations.</param>
    /// <param name="inferenceDuration">How long the detector ran this wake (zero if it did not run).</param>
    /// <param name="radioMessages">MQTT messages sent or received this wake.</param>
    /// <param name="sleepDuration">Sleep that follows the wake, in the time the battery experiences.</param>
    /// <exception cref="ArgumentOutOfRangeException">A duration or count is negative.</exception>
    public static WakeEnergy ForWake(WakeEnergyProfile profile, TimeSpan inferenceDuration, int radioMessages, TimeSpan sleepDuration)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(radioMessages);
        ArgumentOutOfRangeException.ThrowIfLessThan(sleepDuration, TimeSpan.Zero);

        TimeSpan radioDuration = profile.RadioConnectDuration + (profile.RadioPerMessageDuration * radioMessages);
        double activeUah = MilliampSecondsToUah(profile.ActiveCurrentMa * profile.ActiveDuration.TotalSeconds);
        double inferenceUah = MilliampSecondsToUah(profile.InferenceCurrentMa * inferenceDuration.TotalSeconds);
        double radioUah = MilliampSecondsToUah(profile.RadioCurrentMa * radioDuration.TotalSeconds);
        double sleepUah = MilliampSecondsToUah(profile.SleepCurrentUa / 1000.0 * sleepDuration.TotalSeconds);
        double awakeUj = EnergyUj(profile, activeUah + inferenceUah + radioUah);
        return new WakeEnergy(activeUah, inferenceUah, radioUah, sleepUah, awakeUj);
    }

    /// <summary>Energy in µJ of <paramref name="chargeUah"/> drawn at the profile's supply voltage.</summary>
    public static double EnergyUj(WakeEnergyProfile profile, double chargeUah)
    {
        ArgumentNullException.ThrowIfNull(profile);
        // µAh → µC is × 3600; µC × V = µJ.
        return chargeUah * SecondsPerHour * profile.SupplyVoltageV;
    }

    /// <summary>
    /// Average current in µA of a device repeating this wake forever; <paramref name="period"/> is the time from one
    /// wake to the next as the battery experiences it.
    /// </summary>
    public static double AverageCurrentUa(WakeEnergy wake, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(wake);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return wake.TotalUah * SecondsPerHour / period.TotalSeconds;
    }

    private static double MilliampSecondsToUah(double milliampSeconds) => milliampSeconds * 1000.0 / SecondsPerHour;
}
