// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;

namespace Fleet.Sim.Tests.Battery;

public sealed class LiPoBatteryTests
{
    [Fact]
    public void Draw_RepeatedWakes_StateOfChargeAndVoltageFallMonotonically()
    {
        LiPoBattery sut = new(capacityUah: 1_000_000, initialStateOfCharge: 1.0);
        double previousSoc = sut.StateOfCharge;
        int previousMv = sut.VoltageMv;

        // 1,666 × 600 µAh = 999,600 µAh: every one of these draws leaves some charge.
        for (int wake = 0; wake < 1_666; wake++)
        {
            sut.Draw(600.0); // about one demo wake: 12 h of 50 µA sleep plus the awake burst
            Assert.True(sut.StateOfCharge < previousSoc, $"SoC did not fall at wake {wake}");
            Assert.True(sut.VoltageMv <= previousMv, $"voltage rose at wake {wake}");
            previousSoc = sut.StateOfCharge;
            previousMv = sut.VoltageMv;
        }

        sut.Draw(200_000.0);
        Assert.Equal(1_199_600.0, sut.ChargeUsedUah, 6); // 1.2 Ah drawn from a 1 Ah cell: SoC clamps at 0
        Assert.Equal(0.0, sut.StateOfCharge);
        Assert.True(sut.IsEmpty);
    }

    [Fact]
    public void StateOfChargePm_QuarterOfCapacityDrawn_Is750()
    {
        LiPoBattery sut = new(capacityUah: 1_000_000, initialStateOfCharge: 1.0);

        sut.Draw(250_000);

        Assert.Equal(750, sut.StateOfChargePm);
        Assert.Equal(250_000, sut.ChargeUsedUah);
        Assert.Equal(LiPoOcvCurve.Default.MillivoltsAt(0.75), sut.VoltageMv);
    }

    [Fact]
    public void VoltageMv_FullAndHalfCell_MatchesCurve()
    {
        Assert.Equal(4200, new LiPoBattery(initialStateOfCharge: 1.0).VoltageMv);
        Assert.Equal(3840, new LiPoBattery(initialStateOfCharge: 0.5).VoltageMv);
    }

    [Fact]
    public void Replace_AfterDrawing_ResetsChargeUsedAndStateOfCharge()
    {
        LiPoBattery sut = new(initialStateOfCharge: 0.2);
        sut.Draw(150_000);

        sut.Replace();

        Assert.Equal(0.0, sut.ChargeUsedUah);
        Assert.Equal(1.0, sut.StateOfCharge);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Draw_NegativeOrNotFinite_Throws(double charge) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiPoBattery().Draw(charge));
}
