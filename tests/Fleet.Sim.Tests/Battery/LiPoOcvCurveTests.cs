// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;

namespace Fleet.Sim.Tests.Battery;

public sealed class LiPoOcvCurveTests
{
    private readonly LiPoOcvCurve sut = LiPoOcvCurve.Default;

    [Fact]
    public void VoltsAt_SweepFromEmptyToFull_NeverFallsAndStaysWithin3To4V2()
    {
        double previous = double.NegativeInfinity;
        for (int permille = 0; permille <= 1000; permille++)
        {
            double volts = sut.VoltsAt(permille / 1000.0);
            Assert.InRange(volts, 3.0, 4.2);
            Assert.True(volts >= previous, $"OCV fell from {previous} V to {volts} V at {permille} ‰");
            previous = volts;
        }
    }

    [Theory]
    [InlineData(0.0, 3.27)]
    [InlineData(0.5, 3.84)]
    [InlineData(1.0, 4.20)]
    [InlineData(0.15, 3.71)] // halfway between the 10 % (3.69 V) and 20 % (3.73 V) points
    public void VoltsAt_ChartPoints_MatchPowerFigures(double soc, double expectedVolts) =>
        Assert.Equal(expectedVolts, sut.VoltsAt(soc), 6);

    [Theory]
    [InlineData(-0.5, 3.27)]
    [InlineData(1.7, 4.20)]
    [InlineData(double.NaN, 3.27)]
    public void VoltsAt_OutsideZeroToOne_Clamps(double soc, double expectedVolts) =>
        Assert.Equal(expectedVolts, sut.VoltsAt(soc), 6);

    [Fact]
    public void Constructor_VoltageFallsWithCharge_Throws() =>
        Assert.Throws<ArgumentException>(() => new LiPoOcvCurve([(0.0, 4.0), (0.5, 3.9), (1.0, 4.2)]));

    [Fact]
    public void Constructor_DoesNotSpanZeroToOne_Throws() =>
        Assert.Throws<ArgumentException>(() => new LiPoOcvCurve([(0.1, 3.5), (1.0, 4.2)]));
}
