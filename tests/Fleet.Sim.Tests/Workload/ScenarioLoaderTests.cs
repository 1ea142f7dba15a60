// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;
using Fleet.Sim.Tests.Cli;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Tests.Workload;

public sealed class ScenarioLoaderTests
{
    [Theory]
    [InlineData("standby", 50, 2440)]
    [InlineData("stop", 2300, 89)]
    [InlineData("cpu", 7100, 1)]
    public void Load_SleepMode_TakesThatModesFiguresFromTheBoardProfile(string mode, double sleepUa, double wakeUs)
    {
        Scenario s = ScenarioLoader.FromValues("t", new Dictionary<string, string>
        {
            ["board_profile"] = "openmv-h7", ["sleep.mode"] = mode,
        }, SimRepo.Root);

        Assert.Equal(sleepUa, s.Number("sleep.current_ua"));
        Assert.Equal(wakeUs, s.Number("wake.duration_us"));
    }

    [Fact]
    public void Load_SetOverridesTheFile_WhichOverridesTheProfile()
    {
        Scenario file = ScenarioLoader.Load(SimRepo.Scenario("seed-claim.json"), []);
        Scenario set = ScenarioLoader.Load(SimRepo.Scenario("seed-claim.json"), ["wake.duration_us=1000", "sleep.current_ua = 75.5"]);

        Assert.Equal(0, file.Number("wake.duration_us"));   // the file's value over the profile's 2440
        Assert.Equal(1000, set.Number("wake.duration_us")); // --set over the file
        Assert.Equal(75.5, set.Number("sleep.current_ua"));
    }

    [Fact]
    public void Load_RadioByName_ResolvesInTheFirmwareProfiles()
    {
        Scenario s = ScenarioLoader.Load(SimRepo.Scenario("seed-claim.json"), ["radio_profile=lora-sf12"]);

        Assert.Equal("lora-sf12", s.Radio!.Name);
        Assert.Equal(120_000, s.Number("radio.tx_ua"));
        Assert.Equal(0.2, s.Number("radio.sleep_ua"));
    }

    [Fact]
    public void Load_RadioSetToNone_ZeroesTheRadio()
    {
        Scenario s = ScenarioLoader.Load(SimRepo.Scenario("openmv-h7-lora-sf7.json"), ["radio_profile=none"]);

        Assert.Null(s.Radio);
        Assert.Equal(0, s.Number("radio.tx_ua"));
    }

    [Fact]
    public void WithNumber_ClampsToTheRange()
    {
        Scenario s = ScenarioLoader.Load(SimRepo.Scenario("seed-claim.json"), []);

        Assert.Equal(1.0, s.WithNumber("battery.initial_soc", 1.2).Number("battery.initial_soc"));
        Assert.Throws<ArgumentException>(() => s.WithNumber("nope", 1));
    }

    [Fact]
    public void DailyProfile_ParsesNamesAndWeights_RefusesBadOnes()
    {
        Assert.Equal(1.0 / 24, DailyEventProfile.Parse("flat").Share(3), 12);
        Assert.Equal(0, DailyEventProfile.Parse("daytime").Share(3));
        Assert.Equal(1.0 / 12, DailyEventProfile.Parse("daytime").Share(12), 12);
        Assert.Equal(0.5, DailyEventProfile.Parse(string.Join(",", Enumerable.Range(0, 24).Select(h => h < 2 ? "1" : "0"))).Share(1), 12);
        Assert.Throws<FormatException>(() => DailyEventProfile.Parse(string.Join(",", Enumerable.Repeat("0", 24))));
        Assert.Throws<FormatException>(() => DailyEventProfile.Parse("1,2"));
        Assert.Throws<FormatException>(() => DailyEventProfile.Parse(string.Join(",", Enumerable.Repeat("-1", 24))));
    }

    [Fact]
    public void Heartbeats_NoOtherTraffic_OneEveryInterval_TelemetryMoreOften_None_EventsMakeThemRarer()
    {
        var quiet = new WorkloadParameters { Heartbeat = TimeSpan.FromHours(1) };
        Assert.Equal(24, LifeSimulator.HeartbeatsPerDay(quiet), 9);

        var telemetry = quiet with { TelemetryEvery = 10, WakeInterval = TimeSpan.FromMinutes(1) };
        Assert.Equal(0, LifeSimulator.HeartbeatsPerDay(telemetry));

        var busy = quiet with { EventsPerDay = 24 };
        Assert.Equal(24 * Math.Exp(-1), LifeSimulator.HeartbeatsPerDay(busy), 9);

        var daytime = busy with { DailyProfile = DailyEventProfile.Parse("daytime") };
        Assert.True(LifeSimulator.HeartbeatsPerDay(daytime) > LifeSimulator.HeartbeatsPerDay(busy));
    }

    [Fact]
    public void Temperature_ColdestOnTheColdestDay_WarmestHalfAYearLater()
    {
        var t = new TemperatureProfile(10, 8, 3, ColdestDay: 15, StartDay: 0);

        Assert.Equal(2, t.DayMeanC(15), 9);
        Assert.Equal(-1, t.DayMinC(15), 9);
        Assert.True(t.DayMeanC(198) > 17.9);
    }

    [Fact]
    public void Random_SameSeedAndStream_SameSequence_PoissonMeanIsRight()
    {
        var a = new SimRandom(42, 3);
        var b = new SimRandom(42, 3);
        var c = new SimRandom(42, 4);
        Assert.Equal(a.NextULong(), b.NextULong());
        Assert.NotEqual(a.NextULong(), c.NextULong());

        double sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sum += a.NextPoisson(3.5);
        }

        Assert.InRange(sum / 20_000, 3.4, 3.6);
    }
}
