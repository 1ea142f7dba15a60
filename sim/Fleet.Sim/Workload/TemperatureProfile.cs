// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>
/// Ambient temperature over the year: a daily mean following a cosine with its minimum on the coldest day, and a
/// night-day swing on top. Immutable; thread-safe.
/// </summary>
/// <param name="MeanC">Yearly mean, °C.</param>
/// <param name="AnnualAmplitudeC">Half the winter-summer swing of the daily mean.</param>
/// <param name="DailyAmplitudeC">Half the night-day swing.</param>
/// <param name="ColdestDay">Day of the year with the lowest daily mean.</param>
/// <param name="StartDay">Day of the year the battery is fitted (simulation day 0).</param>
public sealed record TemperatureProfile(double MeanC, double AnnualAmplitudeC, double DailyAmplitudeC, double ColdestDay, double StartDay)
{
    /// <summary>Mean temperature of simulation day <paramref name="day"/>.</summary>
    public double DayMeanC(int day) =>
        MeanC - (AnnualAmplitudeC * Math.Cos(2.0 * Math.PI * (StartDay + day - ColdestDay) / 365.25));

    /// <summary>Coldest temperature of simulation day <paramref name="day"/> (the night); what the cell is checked at.</summary>
    public double DayMinC(int day) => DayMeanC(day) - DailyAmplitudeC;

    /// <summary>Builds the profile from a resolved scenario.</summary>
    public static TemperatureProfile FromScenario(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new TemperatureProfile(s.Number("temperature.mean_c"), s.Number("temperature.annual_amplitude_c"),
            s.Number("temperature.daily_amplitude_c"), s.Number("temperature.coldest_day"), s.Number("temperature.start_day"));
    }
}
