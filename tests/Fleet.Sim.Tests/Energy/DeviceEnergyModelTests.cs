// SPDX-License-Identifier: MIT
using Fleet.Sim.Energy;
using Fleet.Sim.Tests.Cli;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Tests.Energy;

public sealed class DeviceEnergyModelTests
{
    private static DeviceEnergyParameters Params() => new()
    {
        SupplyMv = 3700, SleepUa = 50, WakeUs = 2440, WakeUa = 110_000, WarmupUs = 300_000, WarmupUa = 47_100,
        CaptureUs = 33_333, CaptureUa = 150_000, DetectUa = 150_000, HaarPerWake = 1, HaarUs = 74_000, CnnUs = 16_000,
        RadioWaitUa = 7_100, ConnectUs = 1_320_000, ConnectUa = 16_091, TxUsPerByte = 1_174, TxUa = 16_091,
        RxPerSessionUs = 11_000_000, RxUa = 8_529, RxUsPerByte = 1_174, RadioSleepUa = 3.44,
    };

    [Fact]
    public void AddDay_ChargeOfEveryStateIsCurrentTimesTime_AndTheDayAddsUpTo86400s()
    {
        DeviceEnergyParameters p = Params();
        UnitCharges u = DeviceEnergyModel.Units(p);
        var day = new DayActivity(Wakes: 1440, ExtraCnn: 30, Sessions: 24, Messages: 54, MessageBytes: 4_440, DownloadBytes: 0);
        double[] ledger = new double[LedgerStates.Count];

        double awakeS = DeviceEnergyModel.AddDay(u, day, ledger);

        // Hand computation, µA × s = µC.
        double wakeS = 1440 * 2.44e-3, warmS = 1440 * 0.3, capS = 1440 * 0.033333, detS = (1440 * 0.074) + (30 * 0.016);
        double conS = 24 * 1.32, txS = 4_440 * 1.174e-3, rxS = 24 * 11.0;
        Assert.Equal(wakeS + warmS + capS + detS + conS + txS + rxS, awakeS, 6);
        Assert.Equal(110_000 * wakeS, ledger[(int)LedgerState.Wake], 3);
        Assert.Equal(47_100 * warmS, ledger[(int)LedgerState.Warmup], 3);
        Assert.Equal(150_000 * capS, ledger[(int)LedgerState.Capture], 3);
        Assert.Equal(150_000 * detS, ledger[(int)LedgerState.Detect], 3);
        Assert.Equal((16_091 + 7_100) * conS, ledger[(int)LedgerState.Connect], 3);
        Assert.Equal((16_091 + 7_100) * txS, ledger[(int)LedgerState.Tx], 3);
        Assert.Equal((8_529 + 7_100) * rxS, ledger[(int)LedgerState.Rx], 3);
        Assert.Equal(53.44 * (86_400 - awakeS), ledger[(int)LedgerState.Sleep], 3);
    }

    [Fact]
    public void Units_RadioMeasuredOnAnotherRail_ScalesOnlyTheRadioCurrents()
    {
        DeviceEnergyParameters p = Params() with { RadioScale = 5000.0 / 3700.0 };
        UnitCharges u = DeviceEnergyModel.Units(p);

        Assert.Equal(((16_091 * 5000.0 / 3700.0) + 7_100) * 1.32, u.SessionConnectUc, 3);
        Assert.Equal(50 + (3.44 * 5000.0 / 3700.0), u.SleepUa, 9);
        Assert.Equal(110_000 * 2.44e-3, u.WakeUc[(int)LedgerState.Wake], 6);
    }

    [Fact]
    public void FromScenario_InstructionTiming_IsInstructionsTimesCpiOverClock_AndProfileTimingReadsTheBoard()
    {
        Scenario s = ScenarioLoader.FromValues("t", new Dictionary<string, string>
        {
            ["board_profile"] = SimRepo.Profile("openmv-h7.json"),
            ["detect.timing"] = "instructions",
            ["detect.haar_insns_per_qvga"] = "48000000",
            ["cpu.cpi"] = "1.5",
            ["cpu.clock_mhz"] = "480",
            ["detect.frame_scale"] = "0.25",
        }, SimRepo.Root);
        DeviceEnergyParameters p = DeviceEnergyParameters.FromScenario(s);
        Assert.Equal(48e6 * 1.5 / 480 * 0.25, p.HaarUs, 6);

        Scenario prof = ScenarioLoader.FromValues("t", new Dictionary<string, string>
        {
            ["board_profile"] = "openmv-h7",
            ["detect.timing"] = "profile",
        }, SimRepo.Root);
        Assert.Equal(130_000, DeviceEnergyParameters.FromScenario(prof).HaarUs);
        Assert.Equal(20_000, DeviceEnergyParameters.FromScenario(prof).CnnUs);
    }
}
