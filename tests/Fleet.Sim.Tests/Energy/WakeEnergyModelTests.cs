// SPDX-License-Identifier: MIT
using Fleet.Sim.Energy;

namespace Fleet.Sim.Tests.Energy;

public sealed class WakeEnergyModelTests
{
    [Fact]
    public void ForWake_DefaultProfile_MatchesHandComputation()
    {
        WakeEnergyProfile profile = new();

        WakeEnergy sut = WakeEnergyModel.ForWake(profile, TimeSpan.FromMilliseconds(40), radioMessages: 3,
            sleepDuration: TimeSpan.FromHours(1));

        // By hand, Q = I·t and 1 mC = 1/3.6 µAh:
        //   active    25 mA × 0.120 s                  =   3.0 mC =  0.8333 µAh
        //   inference 150 mA × 0.040 s                 =   6.0 mC =  1.6667 µAh
        //   radio     120 mA × (0.150 + 3 × 0.010) s   =  21.6 mC =  6.0000 µAh
        //   sleep     0.050 mA × 3600 s                = 180.0 mC = 50.0000 µAh
        //   awake energy (3 + 6 + 21.6) mC × 3.3 V     = 100.98 mJ = 100,980 µJ
        Assert.Equal(3.0 / 3.6, sut.ActiveUah, 9);
        Assert.Equal(6.0 / 3.6, sut.InferenceUah, 9);
        Assert.Equal(6.0, sut.RadioUah, 9);
        Assert.Equal(50.0, sut.SleepUah, 9);
        Assert.Equal(58.5, sut.TotalUah, 9);
        Assert.Equal(100_980.0, sut.AwakeEnergyUj, 6);
    }

    [Fact]
    public void AverageCurrentUa_BlogScenarioA_Is100MicroAmps()
    {
        // power-figures.md §6 scenario A: 150 mA × 20 ms inference once a minute, 50 µA floor → 0.100 mA average.
        WakeEnergyProfile profile = new()
        {
            ActiveCurrentMa = 0, RadioCurrentMa = 0, RadioConnectDuration = TimeSpan.Zero, RadioPerMessageDuration = TimeSpan.Zero,
        };
        WakeEnergy wake = WakeEnergyModel.ForWake(profile, TimeSpan.FromMilliseconds(20), 0, TimeSpan.FromSeconds(60));

        double averageUa = WakeEnergyModel.AverageCurrentUa(wake, TimeSpan.FromSeconds(60));

        Assert.Equal(100.0, averageUa, 9);
        // 1,000 mAh / 0.100 mA = 10,000 h ≈ 417 days, the seed's "over a year".
        Assert.Equal(416.7, 1_000_000.0 / averageUa / 24.0, 1);
    }

    [Fact]
    public void ForWake_LongerSleep_CostsMoreCharge()
    {
        WakeEnergyProfile profile = new();
        WakeEnergy shortSleep = WakeEnergyModel.ForWake(profile, TimeSpan.FromMilliseconds(40), 4, TimeSpan.FromMinutes(1));
        WakeEnergy longSleep = WakeEnergyModel.ForWake(profile, TimeSpan.FromMilliseconds(40), 4, TimeSpan.FromHours(12));

        Assert.Equal(shortSleep.AwakeUah, longSleep.AwakeUah, 12);
        Assert.True(longSleep.TotalUah > shortSleep.TotalUah);
    }

    [Fact]
    public void ForWake_NegativeDuration_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            WakeEnergyModel.ForWake(new WakeEnergyProfile(), TimeSpan.FromMilliseconds(-1), 0, TimeSpan.Zero));
}
