// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Sim.Energy;
using Fleet.Sim.Frames;
using Fleet.Sim.VirtualSensors;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>
/// The virtual sensors' batteries drain by the profile-based energy model (<see cref="DeviceEnergyModel"/>, the
/// same figures as <c>fleet-sim battery</c>), for wakes run by the device agent against a real broker.
/// </summary>
public sealed class AgentSensorEnergyTests : IAsyncLifetime
{
    private readonly SensorEnergy _energy = SensorEnergy.Load(new SensorEnergyOptions());
    private SensorBench _bench = null!;

    public async Task InitializeAsync() => _bench = await SensorBench.StartAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Theory]
    [InlineData(DetectorKind.Face)]
    [InlineData(DetectorKind.Smile)]
    public void Wake_WithAFace_DrainsTheCellByTheDeviceEnergyModelsChargeForThatWake(DetectorKind detector)
    {
        AgentSensor sensor = Sensor("cam-" + detector, detector);
        sensor.UseFrameNext(SyntheticScenes.Camera(new Random(3), face: true));
        double before = sensor.CellChargeUsedUah;

        Assert.NotNull(sensor.RunWake());

        WakeActivity a = sensor.LastWakeActivity;
        Assert.True(a.Faces > 0);
        Assert.Equal(1, a.Sessions);
        Assert.True(a.Messages > 0 && a.Bytes > 0);
        double expected = ExpectedUah(_energy.CameraParameters, a, cnnRuns: detector == DetectorKind.Smile ? a.Faces : 0);
        Assert.Equal(expected, sensor.CellChargeUsedUah - before, expected * 1e-12);
        Assert.Equal(expected, sensor.LastWakeChargeUah, expected * 1e-12);
    }

    [Fact]
    public void Wake_ThermalSensor_DrainsByTheThermalDetectorAndTheThermalSensorsFigures()
    {
        AgentSensor sensor = Sensor("thermal-1", DetectorKind.ThermalPerson);
        sensor.UseFrameNext(SyntheticScenes.Thermal(new Random(5), person: true));
        double before = sensor.CellChargeUsedUah;

        Assert.NotNull(sensor.RunWake());

        double expected = ExpectedUah(_energy.ThermalParameters, sensor.LastWakeActivity, cnnRuns: 0);
        Assert.Equal(expected, sensor.CellChargeUsedUah - before, expected * 1e-12);
    }

    [Fact]
    public void SmileWake_SameFrameAsAFaceWake_CostsMoreByTheCnnRuns()
    {
        CameraFrame frame = SyntheticScenes.Camera(new Random(11), face: true);
        AgentSensor face = Sensor("cam-face", DetectorKind.Face);
        AgentSensor smile = Sensor("cam-smile", DetectorKind.Smile);
        face.UseFrameNext(frame);
        smile.UseFrameNext(frame);

        Assert.NotNull(face.RunWake());
        Assert.NotNull(smile.RunWake());

        Assert.True(smile.LastWakeActivity.Faces > 0);
        Assert.True(smile.LastWakeChargeUah > face.LastWakeChargeUah,
            $"smile {smile.LastWakeChargeUah} µAh, face {face.LastWakeChargeUah} µAh");
    }

    [Fact]
    public void Load_MissingBoardProfile_FailsNamingTheProfile()
    {
        ScenarioException ex = Assert.Throws<ScenarioException>(() => SensorEnergy.Load(new SensorEnergyOptions { BoardProfile = "no-such-board" }));
        Assert.Contains("no-such-board", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScenarioFile_TakesItsBoardAndRadio()
    {
        SensorEnergy lora = SensorEnergy.Load(new SensorEnergyOptions { Scenario = Path.Combine("profiles", "openmv-h7-lora-sf7.json") });

        Assert.Equal("openmv-h7-lora-sf7", lora.Name);
        Assert.NotEqual(_energy.CameraParameters.ConnectUs, lora.CameraParameters.ConnectUs);
    }

    // The battery verb's day loop over one wake's counts gives the awake charge by ledger state; the sleep after
    // the wake is the sleep current over the (time-scaled) sleep.
    private static double ExpectedUah(DeviceEnergyParameters p, WakeActivity a, int cnnRuns)
    {
        UnitCharges u = DeviceEnergyModel.Units(p);
        double[] ledger = new double[LedgerStates.Count];
        DeviceEnergyModel.AddDay(u, new DayActivity(1, cnnRuns, a.Sessions, a.Messages, a.Bytes, 0), ledger);
        double awakeUc = ledger.Skip(1).Sum();
        return (awakeUc + (u.SleepUa * a.Sleep.TotalSeconds)) / 3600.0;
    }

    private AgentSensor Sensor(string id, DetectorKind detector) =>
        _bench.Sensor(id, detector, o =>
        {
            o.BatteryTimeScale = 100;
            o.Energy = _energy;
        }, seed: 7);
}
