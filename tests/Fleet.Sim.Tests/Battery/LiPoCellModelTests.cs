// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;

namespace Fleet.Sim.Tests.Battery;

public sealed class LiPoCellModelTests
{
    private readonly LiPoCellParameters _cell = new();

    [Fact]
    public void SagV_ShortPulseSeesR0_LongPulseSeesTheWholeDcir()
    {
        // 150 mA: 1 ms ≈ R0 only; 10 τ ≈ R0 + R1 = 0.1 Ω (power-figures.md §4c: ≈ 15 mV).
        Assert.Equal(0.150 * (0.04 + (0.06 * (1 - Math.Exp(-0.001 / 30)))), LiPoCellModel.SagV(_cell, 0.150, 0.001), 12);
        Assert.Equal(0.015, LiPoCellModel.SagV(_cell, 0.150, 300), 5);
    }

    [Fact]
    public void ResistanceFactor_OneAtReference_HigherWhenColdEmptyOrOld()
    {
        Assert.Equal(1.0, LiPoCellModel.ResistanceFactor(_cell, 25, 0.5, 0), 12);
        Assert.True(LiPoCellModel.ResistanceFactor(_cell, -10, 0.5, 0) > 2.5);
        Assert.Equal(1.2, LiPoCellModel.ResistanceFactor(_cell, 25, 0.0, 0), 12);
        Assert.Equal(1.5, LiPoCellModel.ResistanceFactor(_cell with { RGrowthPerYear = 0.25 }, 25, 0.5, 2), 12);
    }

    [Fact]
    public void FloorSoc_BrownOutOnset_IsWhereOcvMinusSagMeetsTheCutoff()
    {
        double noSag = LiPoCellModel.FloorSoc(_cell, 0, 25, 0, out bool cold0);
        double sag = LiPoCellModel.FloorSoc(_cell, 0.05, 25, 0, out _);

        Assert.False(cold0);
        Assert.Equal(_cell.Ocv.SocAt(3.6), noSag, 12);
        Assert.True(sag > noSag);
        double ocv = _cell.Ocv.VoltsAt(sag);
        Assert.Equal(3.6, ocv - (0.05 * LiPoCellModel.ResistanceFactor(_cell, 25, sag, 0)), 3);
    }

    [Fact]
    public void AvailableFraction_FullAt25C_HalfAtMinus20C_AndTheColdSetsTheFloor()
    {
        Assert.Equal(1.0, LiPoCellModel.AvailableFraction(_cell, 30));
        Assert.Equal(0.5, LiPoCellModel.AvailableFraction(_cell, -20), 12);
        Assert.Equal(0.75, LiPoCellModel.AvailableFraction(_cell, 2.5), 12);

        double floor = LiPoCellModel.FloorSoc(_cell, 0.01, -20, 0, out bool cold);
        Assert.True(cold);
        Assert.Equal(0.5, floor, 12);
    }

    [Fact]
    public void SelfDischarge_LinearIsAFixedShareOfTheNameplate_ExponentialOfWhatRemains()
    {
        var linear = _cell with { SelfDischargeLinear = true };
        Assert.Equal(20_000, LiPoCellModel.SelfDischargeUah(linear, 500_000, LiPoCellModel.DaysPerMonth), 6);
        Assert.Equal(10_000, LiPoCellModel.SelfDischargeUah(_cell, 500_000, LiPoCellModel.DaysPerMonth), 6);
        Assert.Equal(500_000 * (1 - Math.Pow(0.98, 12)), LiPoCellModel.SelfDischargeUah(_cell, 500_000, 365.25), 6);
        Assert.Equal(27.38, LiPoCellModel.SelfDischargeUa(_cell), 2);
    }

    [Fact]
    public void OcvCurve_SocAtInvertsVoltsAt_AndParseRoundTrips()
    {
        foreach (double soc in new[] { 0.01, 0.07, 0.33, 0.5, 0.91 })
        {
            Assert.Equal(soc, LiPoOcvCurve.Default.SocAt(LiPoOcvCurve.Default.VoltsAt(soc)), 9);
        }

        Assert.Equal(0, LiPoOcvCurve.Default.SocAt(3.0));
        Assert.Equal(1, LiPoOcvCurve.Default.SocAt(4.3));
        LiPoOcvCurve parsed = LiPoOcvCurve.Parse(LiPoOcvCurve.Default.ToString());
        Assert.Equal(LiPoOcvCurve.Default.VoltsAt(0.42), parsed.VoltsAt(0.42), 12);
        Assert.Throws<FormatException>(() => LiPoOcvCurve.Parse("0:3.2;1:4.2"));
    }
}
