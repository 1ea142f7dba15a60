// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Board temperature that drifts slowly: a random walk pulled back towards a per-sensor mean (an
/// Ornstein–Uhlenbeck step per wake), so readings wander by tenths of a degree between wakes, not jump.
/// Not thread-safe.
/// </summary>
internal sealed class AmbientTemperature
{
    private const double Reversion = 0.02;   // fraction of the distance to the mean recovered per wake
    private const double StepSigmaC = 0.08;  // random step per wake, °C
    private readonly Random _random;
    private readonly double _meanC;

    public AmbientTemperature(Random random)
    {
        _random = random;
        _meanC = 18.0 + (8.0 * random.NextDouble());
        CurrentC = _meanC + ((random.NextDouble() - 0.5) * 2.0);
    }

    public double CurrentC { get; private set; }

    /// <summary>Advances one wake and returns the new temperature in hundredths of a degree (telemetry key 7).</summary>
    public short NextCentiCelsius()
    {
        CurrentC += (Reversion * (_meanC - CurrentC)) + (StepSigmaC * Gaussian());
        return (short)Math.Round(Math.Clamp(CurrentC, -40.0, 85.0) * 100.0);
    }

    // Box–Muller; the 1 - u keeps log() away from 0.
    private double Gaussian() =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble())) * Math.Cos(2.0 * Math.PI * _random.NextDouble());
}
