// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Tests.Battery;

public sealed class LifeSimulatorTests
{
    // 100 µA average load: 50 µA floor + 150 mA × 20 ms a minute; no sag, no self-discharge, full use of the cell.
    private static BatteryLifeInputs Seed() => new(
        new DeviceEnergyParameters { SupplyMv = 3700, SleepUa = 50, DetectUa = 150_000, CnnPerWake = 1, CnnUs = 20_000 },
        new LiPoCellParameters { CutoffV = 3.27, R0Ohm = 0, R1Ohm = 0, SelfDischargePerMonth = 0 },
        new WorkloadParameters { WakeInterval = TimeSpan.FromMinutes(1) },
        new TemperatureProfile(25, 0, 0, 15, 0));

    private static DeviceLife Run(BatteryLifeInputs inputs, int maxDays = 36_525)
    {
        var r = default(SimRandom);
        return LifeSimulator.Run(inputs, maxDays, ref r, useRandom: false, trackPoints: true);
    }

    [Fact]
    public void Run_ChargeIsConserved_EverythingDrawnEqualsTheUsableCharge()
    {
        BatteryLifeInputs seed = Seed() with { Cell = Seed().Cell with { CutoffV = 3.69, SelfDischargePerMonth = 0.02 } };

        DeviceLife life = Run(seed);

        // Usable = capacity × (1 − SoC at the 3.69 V cut-off = 10 %); µAh × 3600 = µC.
        Assert.Equal(1_000_000 * 0.9 * 3600, life.TotalUc, 0);
        Assert.True(life.ChargeUc[LedgerStates.SelfDischarge] > 0);
        Assert.Equal(LifeEndReason.Cutoff, life.Reason);
    }

    [Fact]
    public void Run_SeedDevice_LastsCapacityOverAverageCurrent()
    {
        DeviceLife life = Run(Seed());

        double avgUa = ((50 * (60 - 0.02)) + (150_000 * 0.02)) / 60;
        Assert.Equal(1_000_000 / avgUa / 24, life.LifeDays, 6);
        Assert.Equal(avgUa, life.AverageCurrentUa, 6);
    }

    [Fact]
    public void Run_PulseSag_BrownsOutBeforeTheCellIsEmpty_WhereOcvMinusSagMeetsTheCutoff()
    {
        // A 2 s, 1 A pulse on a 0.1 Ω cell: the device stops while the OCV is still above the cut-off.
        BatteryLifeInputs pulsed = Seed() with
        {
            Energy = Seed().Energy with { WakeUs = 2_000_000, WakeUa = 1_000_000 },
            Cell = Seed().Cell with { R0Ohm = 0.04, R1Ohm = 0.06, CutoffV = 3.5 },
        };
        BatteryLifeInputs noR = pulsed with { Cell = pulsed.Cell with { R0Ohm = 0, R1Ohm = 0 } };

        DeviceLife withSag = Run(pulsed);
        DeviceLife without = Run(noR);

        Assert.True(withSag.LifeDays < without.LifeDays);
        LifePoint last = withSag.Trajectory[^1];
        Assert.True(last.LoadedV < last.OcvV);
        double sag = LiPoCellModel.SagV(pulsed.Cell, 1.0, 2.0);
        Assert.Equal(sag * 1000, withSag.PeakSagMv, 9);
    }

    [Fact]
    public void Run_ColdWinter_ShortensLife_AndSaysWhy()
    {
        BatteryLifeInputs warm = Seed() with { Workload = Seed().Workload with { WakeInterval = TimeSpan.FromSeconds(10) } };
        BatteryLifeInputs cold = warm with { Temperature = new TemperatureProfile(-5, 0, 0, 15, 0) };

        DeviceLife w = Run(warm);
        DeviceLife c = Run(cold);

        Assert.True(c.LifeDays < w.LifeDays * 0.8);
        Assert.Equal(LifeEndReason.Cold, c.Reason);
    }

    [Fact]
    public void Run_AgeingAndSelfDischarge_ShortenLife()
    {
        double baseLife = Run(Seed()).LifeDays;

        Assert.True(Run(Seed() with { Cell = Seed().Cell with { FadePerYear = 0.2 } }).LifeDays < baseLife);
        Assert.True(Run(Seed() with { Cell = Seed().Cell with { SelfDischargePerMonth = 0.02 } }).LifeDays < baseLife);
    }

    [Fact]
    public void Run_PastTheHorizon_ExtrapolatesFromTheAverageDrain()
    {
        DeviceLife full = Run(Seed());
        DeviceLife cut = Run(Seed(), maxDays: 100);

        Assert.Equal(LifeEndReason.Horizon, cut.Reason);
        Assert.Equal(full.LifeDays, cut.LifeDays, 3);
    }

    [Fact]
    public void Run_BuckConverter_DrawsLoadPowerOverEfficiencyFromTheCell()
    {
        BatteryLifeInputs ldo = Seed() with { Cell = Seed().Cell with { Ocv = LiPoOcvCurve.Parse("0:3.7,1:3.7"), CutoffV = 3.7 } };
        BatteryLifeInputs buck = ldo with { Energy = ldo.Energy with { Regulator = RegulatorKind.Buck, VoutMv = 3300, Efficiency = 0.8 } };

        Assert.Equal(Run(ldo).LifeDays * 3.7 * 0.8 / 3.3, Run(buck).LifeDays, 6);
    }

    [Fact]
    public void MonteCarlo_IsReproducible_AndItsPercentilesAreOrdered()
    {
        BatteryLifeInputs seed = Seed() with { Workload = Seed().Workload with { EventsPerDay = 50 } };
        var variation = new DeviceVariation(0.05, 0.2, 0.1, 0.25, 0.15, 0.25, 0.3);

        MonteCarloResult a = MonteCarloRunner.Run(seed, variation, 500, 400, 9, null, CancellationToken.None);
        MonteCarloResult b = MonteCarloRunner.Run(seed, variation, 500, 400, 9, null, CancellationToken.None);

        Assert.Equal(a.LifeDays, b.LifeDays);
        Assert.True(a.Percentile(10) < a.Percentile(50));
        Assert.True(a.Percentile(50) < a.Percentile(90));
        Assert.Equal(a.LifeDays[0], a.Percentile(0));
    }
}
